#!/usr/bin/env bash
# JMH: the audit write path's CPU per audited KV read (encode both lines, one HMAC, chain both
# lines). Builds coffer-core into the local repository first. Not part of CI.
# Usage: bench/audit-jmh/run.sh [JMH options, e.g. -f 1 -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl coffer-core -am install -DskipTests
cd bench/audit-jmh
mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main "$@" AuditPathBench

#!/usr/bin/env bash
# Wall time of `coffer run -secret X=coffer://secret/bench#v -- true` (one secret read from a dev
# server on the loopback, the masker built, `true` started, its exit code returned) against plain
# `true` and `./coffer --version` (the JVM's start and picocli, nothing else), N runs each after
# a warm-up run, through the ./coffer launcher as a pipeline would call it. With the launcher's
# class-data-sharing archive (the default) and without it (COFFER_CDS=off).
# Not part of CI. Usage: bench/run/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"
port=18210
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./coffer --version >/dev/null   # builds the jar (and the CDS archive) if needed
COFFER_DEV_ROOT_TOKEN_ID=bench-root ./coffer server -dev -dev-listen-address "127.0.0.1:$port" >"$work/server.log" 2>&1 &
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/v1/sys/health" >/dev/null && break; sleep 0.2; done
curl -sf -H "X-Vault-Token: bench-root" -X POST "http://127.0.0.1:$port/v1/secret/data/bench" \
  -d '{"data":{"v":"made-up-benchmark-secret-value"}}' >/dev/null

export COFFER_ADDR="http://127.0.0.1:$port" COFFER_TOKEN=bench-root

# The variants run in turns (one run of each, N rounds), so that other work on the machine slows
# them alike; then min, median and mean of each, in milliseconds.
labels=("true"
  "./coffer --version (CDS on)"
  "./coffer --version (CDS off)"
  "./coffer run -secret X=coffer://secret/bench#v -- true (CDS on)"
  "./coffer run -secret X=coffer://secret/bench#v -- true (CDS off)")
variant() {
  case "$1" in
    0) true ;;
    1) COFFER_CDS=on ./coffer --version ;;
    2) COFFER_CDS=off ./coffer --version ;;
    3) COFFER_CDS=on ./coffer run -secret X=coffer://secret/bench#v -- true ;;
    4) COFFER_CDS=off ./coffer run -secret X=coffer://secret/bench#v -- true ;;
  esac
}
for v in 0 1 2 3 4; do
  variant "$v" >/dev/null 2>&1   # warm-up (and a check that it works)
done
for _ in $(seq 1 "$runs"); do
  for v in 0 1 2 3 4; do
    start=$(date +%s%N)
    variant "$v" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 )) >>"$work/times.$v"
  done
done

echo "runs: $runs   $(nproc) cores   $(java -version 2>&1 | head -1)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-66s %8s %8s %8s\n' "ms" "min" "median" "mean"
for v in 0 1 2 3 4; do
  printf '%-66s %s\n' "${labels[$v]}" "$(sort -n "$work/times.$v" | awk '{ t[NR] = $1; s += $1 }
    END { printf "%8.1f %8.1f %8.1f", t[1] / 1000, t[int((NR + 1) / 2)] / 1000, s / NR / 1000 }')"
done

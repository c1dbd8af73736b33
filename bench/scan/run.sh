#!/usr/bin/env bash
# `coffer scan` against secretlint (npm, recommended preset) on the same generated tree in the same
# run, whole process timed (JVM and Node start included), alternately, RUNS times each; medians
# are compared. The tree (GenTree.java, fixed seed, realistic source text with a few planted
# made-up credentials) and secretlint (npm install into the temporary folder) are removed at the end.
# Coffer runs from the shaded jar with `java -jar` and default JVM options; set COFFER_JAR to use
# another jar (it is copied first, so a rebuild during the run does not disturb it).
# Not part of CI. Usage: bench/scan/run.sh [RUNS] [BYTES]      (defaults: 3, 60000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
size="${2:-60000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

src_jar="${COFFER_JAR:-coffer-cli/target/coffer.jar}"
if [ ! -f "$src_jar" ]; then
  ./coffer --version >/dev/null   # builds the jar
fi
cp "$src_jar" "$work/coffer.jar"
java bench/scan/GenTree.java 42 "$work/tree" "$size"
echo '{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}' >"$work/tree/.secretlintrc.json"
(cd "$work" && npm install --silent --no-audit --no-fund --loglevel=error \
  secretlint @secretlint/secretlint-rule-preset-recommend >/dev/null)
secretlint="$work/node_modules/.bin/secretlint"
bytes=$(find "$work/tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
cat $(find "$work/tree" -type f) >/dev/null  # in the page cache for everyone

seconds() {
  /usr/bin/time -f %e -o "$work/t" "$@"
  cat "$work/t"
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

coffer="" sl=""
for _ in $(seq 1 "$runs"); do
  coffer="$coffer $(seconds bash -c 'java -jar "$1" scan --format json --output "$2" "$3" 2>/dev/null; [ $? -le 1 ]' \
    _ "$work/coffer.jar" "$work/coffer.json" "$work/tree")"
  sl="$sl $(seconds bash -c 'cd "$1" && "$2" --format json "**/*" >"$3"; [ $? -le 1 ]' \
    _ "$work/tree" "$secretlint" "$work/secretlint.json")"
done

mb=$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')
c=$(echo "$coffer" | median)
s=$(echo "$sl" | median)
found_c=$(grep -c '"rule_id"' "$work/coffer.json" || true)
found_s=$(grep -o '"ruleId"' "$work/secretlint.json" | wc -l || true)
echo "== $(find "$work/tree" -type f | wc -l) files, $mb MB; $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   secretlint $("$secretlint" --version 2>/dev/null || echo '?'), java $(java -version 2>&1 | head -1 | cut -d'"' -f2), node $(node --version)"
printf '%-28s %s   median %6s s  %7.1f MB/s  findings %s\n' "coffer scan" "$coffer" "$c" \
  "$(awk -v s="$c" -v b="$mb" 'BEGIN {print b / s}')" "$found_c"
printf '%-28s %s   median %6s s  %7.1f MB/s  findings %s\n' "secretlint (recommend)" "$sl" "$s" \
  "$(awk -v s="$s" -v b="$mb" 'BEGIN {print b / s}')" "$found_s"
printf 'coffer / secretlint throughput: %.1fx\n' "$(awk -v c="$c" -v s="$s" 'BEGIN {print s / c}')"

#!/usr/bin/env bash
# `coffer mask` with 1,000 values and all their encodings over a 270 MB CI log, against `cat | cat`
# on the same file in the same run, JVM start included: both are timed as a user runs them, from
# the shell, alternately, RUNS times each; the medians are compared. Also shown, to see where the
# time goes: DirectMask (the same work without the CLI: JVM start, masker, no picocli),
# `coffer --version` (JVM and CLI start), `coffer mask` on empty input (start plus building the
# automaton), and one `grep -F -f` with the literal values only.
# The data is made by GenData.java with a fixed seed, in a temporary folder removed at the end.
# Not part of CI. Usage: bench/mask/run.sh [RUNS] [BYTES]      (defaults: 5, 270000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
size="${2:-270000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

java bench/mask/GenData.java 42 "$work" "$size"
./coffer --version >/dev/null   # builds the jar (and the launcher's class-data archive) if needed
./coffer mask --values-file "$work/values.txt" <"$work/data.log" >"$work/masked.log"
jar=coffer-cli/target/coffer.jar
javac -cp "$jar" -d "$work" bench/mask/DirectMask.java
cat "$work/data.log" >/dev/null  # in the page cache for everyone

# seconds CMD... : wall time of one run, via /usr/bin/time
seconds() {
  /usr/bin/time -f %e -o "$work/t" "$@"
  cat "$work/t"
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

pipe="" mask="" direct="" version="" empty=""
for _ in $(seq 1 "$runs"); do
  pipe="$pipe $(seconds bash -c 'cat "$1" | cat >/dev/null' _ "$work/data.log")"
  mask="$mask $(seconds bash -c './coffer mask --values-file "$1" <"$2" >/dev/null' _ "$work/values.txt" "$work/data.log")"
  # The launcher's JVM options for short commands, without its class-data archive.
  direct="$direct $(seconds bash -c 'java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$1:$2" DirectMask "$3" <"$4" >/dev/null' \
    _ "$jar" "$work" "$work/values.txt" "$work/data.log")"
  version="$version $(seconds bash -c './coffer --version >/dev/null')"
  empty="$empty $(seconds bash -c './coffer mask --values-file "$1" </dev/null >/dev/null' _ "$work/values.txt")"
done
# Into a file: with its output going to /dev/null, GNU grep stops at the first match.
grep_s="$(seconds bash -c 'grep -c -F -f "$1" "$2" >"$3" || true' _ "$work/values.txt" "$work/data.log" "$work/grep.out")"

mb=$(awk -v b="$size" 'BEGIN {print b / 1e6}')
p=$(echo "$pipe" | median)
m=$(echo "$mask" | median)
echo "== $mb MB, $(wc -l <"$work/values.txt") values; $(nproc) CPUs; $(date -u +%Y-%m-%dT%H:%MZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %s   median %s s  %6.0f MB/s\n' "cat | cat" "$pipe" "$p" "$(awk -v s="$p" -v b="$mb" 'BEGIN {print b / s}')"
printf '%-44s %s   median %s s  %6.0f MB/s\n' "coffer mask --values-file F" "$mask" "$m" "$(awk -v s="$m" -v b="$mb" 'BEGIN {print b / s}')"
d=$(echo "$direct" | median)
printf '%-44s %s   median %s s  %6.0f MB/s\n' "DirectMask F (the masker, no CLI)" "$direct" "$d" "$(awk -v s="$d" -v b="$mb" 'BEGIN {print b / s}')"
printf '%-44s %s   median %s s\n' "coffer --version" "$version" "$(echo "$version" | median)"
printf '%-44s %s   median %s s\n' "coffer mask --values-file F < /dev/null" "$empty" "$(echo "$empty" | median)"
printf '%-44s %s s  %6.0f MB/s\n' "grep -F -f F (literal values only, once)" "$grep_s" "$(awk -v s="$grep_s" -v b="$mb" 'BEGIN {print b / s}')"
echo "coffer mask throughput: $(awk -v p="$p" -v m="$m" 'BEGIN {printf "%.0f", 100 * p / m}')% of cat | cat (target: 25%); DirectMask: $(awk -v p="$p" -v m="$d" 'BEGIN {printf "%.0f", 100 * p / m}')%"
e=$(echo "$empty" | median)
echo "coffer mask after its start (median minus median on empty input): $(awk -v m="$m" -v e="$e" -v b="$mb" 'BEGIN {printf "%.2f s, %.0f MB/s", m - e, b / (m - e)}')"

# The masked output must hold none of the values; the lines that carried one are counted.
left=$(grep -c -F -f "$work/values.txt" "$work/masked.log" || true)
echo "check: lines of the masked output holding a value: $left (must be 0); lines with ***: $(grep -c -F '***' "$work/masked.log" || true)"
[ "$left" = 0 ] || { echo "FAILED: a value was left in the output" >&2; exit 1; }

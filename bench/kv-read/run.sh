#!/usr/bin/env bash
# KV v2 reads through Coffer's full request path (token look-up, ACL with a non-root policy,
# barrier decryption, envelope) against bare Jetty answering the same bytes, then the same reads
# with a file audit device (two chained lines per request, fsynced every 20 ms), then with
# fsync_interval=0 (each answer waits for its batch's fsync), then without audit again, with
# wrk, 64 connections, on this machine. Not part of CI. Usage: bench/kv-read/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-20}"
coffer_port=18200
bare_port=18201
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./coffer --version >/dev/null   # builds the jar if needed
COFFER_DEV_ROOT_TOKEN_ID=bench-root ./coffer server -dev -dev-listen-address "127.0.0.1:$coffer_port" >"$work/coffer.log" 2>&1 &
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$coffer_port/v1/sys/health" >/dev/null && break; sleep 0.2; done

api="http://127.0.0.1:$coffer_port/v1"
root=(-H "X-Vault-Token: bench-root")
curl -sf "${root[@]}" -X POST "$api/secret/data/app/db" \
  -d '{"data":{"username":"app","password":"made-up-benchmark-password","host":"db.internal","port":"5432"}}' >/dev/null
curl -sf "${root[@]}" -X PUT "$api/sys/policies/acl/app-read" \
  -d '{"policy":"path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n"}' >/dev/null
token=$(curl -sf "${root[@]}" -X POST "$api/auth/token/create" -d '{"policies":["app-read"],"ttl":"2h"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["auth"]["client_token"])')
curl -sf -H "X-Vault-Token: $token" "$api/secret/data/app/db" >"$work/body.json"

java -cp coffer-cli/target/coffer.jar bench/kv-read/BareJetty.java "$bare_port" "$work/body.json" >"$work/bare.log" 2>&1 &
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$bare_port/" >/dev/null && break; sleep 0.2; done

audit_on() {   # audit_on <path> [fsync_interval]
  curl -sf "${root[@]}" -X PUT "$api/sys/audit/file" \
    -d "{\"type\":\"file\",\"options\":{\"file_path\":\"$1\",\"fsync_interval\":\"${2:-20ms}\"}}" >/dev/null
}
audit_off() {
  curl -sf "${root[@]}" -X DELETE "$api/sys/audit/file" >/dev/null
}
read_kv() {   # read_kv <seconds> [wrk options]
  local d="$1"; shift
  wrk -t2 -c64 -d"${d}s" "$@" -H "X-Vault-Token: $token" "$api/secret/data/app/db"
}

echo "== warm-up (the audited path too, so the JIT has compiled both before anything is measured)"
audit_on "$work/warm.log"
read_kv 10 >/dev/null
audit_off
read_kv 5 >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$bare_port/v1/secret/data/app/db" >/dev/null
rps() { awk '/Requests\/sec/{print $2}'; }

echo "== coffer: KV v2 read, non-root token, full path"
read_kv "$secs" --latency
echo "== bare jetty: same bytes"
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$bare_port/v1/secret/data/app/db"

# The machine is shared and drifts by several per cent within a minute, so the audit's cost is
# measured as alternating pairs (no device, then a file device) and the median ratio is quoted.
pairs="${PAIRS:-5}"
pair_secs="${PAIR_SECS:-8}"
echo "== coffer with and without a file audit device (written before the answer, fsync every 20 ms): $pairs alternating pairs of ${pair_secs}s"
ratios=()
for i in $(seq 1 "$pairs"); do
  off=$(read_kv "$pair_secs" | rps)
  audit_on "$work/audit$i.log"
  read_kv 2 >/dev/null
  on=$(read_kv "$pair_secs" | rps)
  audit_off
  r=$(python3 -c "print(round(100*$on/$off,1))")
  ratios+=("$r")
  echo "pair $i: no audit $off req/s, file audit $on req/s -> $r %   (audit lines: $(wc -l <"$work/audit$i.log"))"
  rm -f "$work/audit$i.log"
done
echo "median audited/unaudited: $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (pairs + 1) / 2 ))p") %"

echo "== coffer: a file audit device with fsync_interval=0 (every answer waits for its batch's fsync)"
audit_on "$work/strict.log" 0
read_kv 3 >/dev/null
read_kv "$secs" --latency
audit_off
echo "== coffer: no audit device again (drift check)"
read_kv "$secs"

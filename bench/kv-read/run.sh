#!/usr/bin/env bash
# KV v2 reads through Coffer's full request path (token look-up, ACL with a non-root policy,
# barrier decryption, envelope) against bare Jetty answering the same bytes, and the audit's cost:
# two Coffer servers, one without audit and one with a file audit device (two chained lines per
# request, fsynced every 20 ms), both warmed up, read alternately in pairs; then fsync_interval=0
# (each answer waits for its batch's fsync). wrk, 64 connections, on this machine. Not part of CI.
# Usage: [PAIRS=9] [PAIR_SECS=8] bench/kv-read/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-20}"
plain_port=18200
audited_port=18202
bare_port=18201
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./coffer --version >/dev/null   # builds the jar if needed

# start_server <port> <name>: a dev server (a job of this shell, so the trap stops it) with a
# 4-field secret and a read-only token, written to $work/<name>.token
start_server() {
  local port="$1" name="$2" api="http://127.0.0.1:$1/v1"
  if curl -s -o /dev/null "$api/sys/health"; then
    echo "port $port is taken (a server left from an earlier run?)" >&2
    exit 1
  fi
  COFFER_DEV_ROOT_TOKEN_ID=bench-root ./coffer server -dev -dev-listen-address "127.0.0.1:$port" >"$work/$name.log" 2>&1 &
  for _ in $(seq 1 100); do curl -sf "$api/sys/health" >/dev/null && break; sleep 0.2; done
  curl -sf -H "X-Vault-Token: bench-root" -X POST "$api/secret/data/app/db" \
    -d '{"data":{"username":"app","password":"made-up-benchmark-password","host":"db.internal","port":"5432"}}' >/dev/null
  curl -sf -H "X-Vault-Token: bench-root" -X PUT "$api/sys/policies/acl/app-read" \
    -d '{"policy":"path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n"}' >/dev/null
  curl -sf -H "X-Vault-Token: bench-root" -X POST "$api/auth/token/create" -d '{"policies":["app-read"],"ttl":"2h"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["auth"]["client_token"])' >"$work/$name.token"
}
start_server "$plain_port" plain
start_server "$audited_port" audited
plain_token=$(cat "$work/plain.token")
audited_token=$(cat "$work/audited.token")

audit_on() {   # audit_on <path> [fsync_interval]  (on the audited server)
  curl -sf -H "X-Vault-Token: bench-root" -X PUT "http://127.0.0.1:$audited_port/v1/sys/audit/file" \
    -d "{\"type\":\"file\",\"options\":{\"file_path\":\"$1\",\"fsync_interval\":\"${2:-20ms}\"}}" >/dev/null
}
audit_off() {
  curl -sf -H "X-Vault-Token: bench-root" -X DELETE "http://127.0.0.1:$audited_port/v1/sys/audit/file" >/dev/null
}
read_plain() {   # read_plain <seconds> [wrk options]
  local d="$1"; shift
  wrk -t2 -c64 -d"${d}s" "$@" -H "X-Vault-Token: $plain_token" "http://127.0.0.1:$plain_port/v1/secret/data/app/db"
}
read_audited() {
  local d="$1"; shift
  wrk -t2 -c64 -d"${d}s" "$@" -H "X-Vault-Token: $audited_token" "http://127.0.0.1:$audited_port/v1/secret/data/app/db"
}
rps() { awk '/Requests\/sec/{print $2}'; }

curl -sf -H "X-Vault-Token: $plain_token" "http://127.0.0.1:$plain_port/v1/secret/data/app/db" >"$work/body.json"
java -cp coffer-cli/target/coffer.jar bench/kv-read/BareJetty.java "$bare_port" "$work/body.json" >"$work/bare.log" 2>&1 &
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$bare_port/" >/dev/null && break; sleep 0.2; done

# Each server keeps one configuration for the whole run: switching a device on and off in one JVM
# makes the JIT throw compiled code away and compile it again, and that compiling (several µs of
# CPU per request for seconds) landed in whichever side was measured next.
audit_on "$work/audit.log"
echo "== warm-up: 15 s each, so the JIT has compiled both paths before anything is measured"
read_plain 15 >/dev/null
read_audited 15 >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$bare_port/v1/secret/data/app/db" >/dev/null

echo "== coffer: KV v2 read, non-root token, full path"
read_plain "$secs" --latency
echo "== bare jetty: same bytes"
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$bare_port/v1/secret/data/app/db"

# The machine is shared and drifts by several per cent within a minute, so the audit's cost is
# measured as alternating pairs (the server without audit, then the one with a file device) and
# the median ratio is quoted.
pairs="${PAIRS:-9}"
pair_secs="${PAIR_SECS:-8}"
echo "== without and with a file audit device (written before the answer, fsync every 20 ms): $pairs alternating pairs of ${pair_secs}s"
ratios=()
for i in $(seq 1 "$pairs"); do
  off=$(read_plain "$pair_secs" | rps)
  on=$(read_audited "$pair_secs" | rps)
  r=$(python3 -c "print(round(100*$on/$off,1))")
  ratios+=("$r")
  echo "pair $i: no audit $off req/s, file audit $on req/s -> $r %   (audit log: $(( $(stat -c %s "$work/audit.log") >> 20 )) MiB)"
  : >"$work/audit.log"   # keep the disk from filling; the device appends at the new end
done
echo "median audited/unaudited: $(printf '%s\n' "${ratios[@]}" | sort -n | sed -n "$(( (pairs + 1) / 2 ))p") %"

echo "== coffer with audit: the file device with fsync_interval=0 (every answer waits for its batch's fsync)"
audit_off
audit_on "$work/strict.log" 0
read_audited 8 >/dev/null
read_audited "$secs" --latency
echo "== coffer without audit again (drift check)"
read_plain "$secs"

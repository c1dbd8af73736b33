#!/usr/bin/env bash
# KV v2 reads through Coffer's full request path (token look-up, ACL with a non-root policy,
# barrier decryption, envelope) against bare Jetty answering the same bytes, then the same reads
# with a file audit device (two fsynced lines per request, group commit), with wrk, 64
# connections, on this machine. Not part of CI. Usage: bench/kv-read/run.sh [seconds]
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

echo "== warm-up"
wrk -t2 -c64 -d5s -H "X-Vault-Token: $token" "$api/secret/data/app/db" >/dev/null
wrk -t2 -c64 -d5s "http://127.0.0.1:$bare_port/v1/secret/data/app/db" >/dev/null
echo "== coffer: KV v2 read, non-root token, full path"
wrk -t2 -c64 -d"${secs}s" --latency -H "X-Vault-Token: $token" "$api/secret/data/app/db"
echo "== bare jetty: same bytes"
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$bare_port/v1/secret/data/app/db"
echo "== coffer: the same reads with a file audit device"
curl -sf "${root[@]}" -X PUT "$api/sys/audit/file" \
  -d "{\"type\":\"file\",\"options\":{\"file_path\":\"$work/audit.log\"}}" >/dev/null
wrk -t2 -c64 -d5s -H "X-Vault-Token: $token" "$api/secret/data/app/db" >/dev/null
wrk -t2 -c64 -d"${secs}s" --latency -H "X-Vault-Token: $token" "$api/secret/data/app/db"
echo "audit lines written: $(wc -l <"$work/audit.log")"

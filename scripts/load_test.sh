#!/usr/bin/env bash
# Load test of the HTTP API on loopback with wrk (Debian package): a release server on SQLite (or on
# PostgreSQL with DATABASE=postgres://…), the generated LA AFB month ingested and settled once, then DURATION
# seconds (default 60) of mixed traffic — 1 in 5 requests an idempotent ingest of awards.csv, the rest
# statement reads — from CONNECTIONS connections (default 32) on THREADS threads (default 2).
# Prints throughput, latency percentiles, errors, and the server's peak memory (VmHWM).
#
#   bash scripts/load_test.sh
#   DURATION=10 DATABASE=postgres://gridsettle:gridsettle@127.0.0.1:5432/gs_load bash scripts/load_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

swift build -c release --product gridsettle >&2
bin="$(swift build -c release --show-bin-path)/gridsettle"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
db=${DATABASE:-$work/load.sqlite}
"$bin" generate --out "$work/dataset" >/dev/null
token=$("$bin" token create --tenant load --role admin --name load-test --database "$db")
# rate limits far above what wrk can send: this measures the server, not the limiter
"$bin" serve --database "$db" --port "$PORT" --rate-burst 100000000 --rate-per-second 100000000 2>"$work/server.log" &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null && break; sleep 0.2; done
for f in "$work"/dataset/*; do
    curl -sf -X PUT --data-binary "@$f" -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/v1/datasets/load/files/$(basename "$f")" >/dev/null
done
run=$(curl -sf -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/v1/datasets/load/runs" | sed -E 's/.*"id":([0-9]+).*/\1/')
backend=sqlite
[ -n "${DATABASE:-}" ] && backend=postgres
echo "server pid $server, run $run, $CONNECTIONS connections, $THREADS threads, ${DURATION}s, database $backend"
grep VmRSS "/proc/$server/status"
GS_TOKEN=$token GS_RUN=$run GS_AWARDS="$work/dataset/awards.csv" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s scripts/load/mixed.lua "http://127.0.0.1:$PORT"
grep -E "VmHWM|VmRSS" "/proc/$server/status"
# the ingest stayed idempotent under load: one version of awards.csv
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/v1/datasets/load/files/awards.csv"; echo
kill -TERM "$server"
wait "$server" && echo "server stopped cleanly (SIGTERM)"

#!/usr/bin/env bash
# Screenshots of the /ui pages from the real server, with headless Chromium (docs/pages.md).
#
# Starts `gridsettle serve` on a fresh SQLite database and a free loopback port, creates an admin token,
# ingests the generated LA AFB example through the API, settles it, corrects site.json and settles again (so
# the difference page has something to show), then takes PNGs (1280x2000) of /ui, the run page (and the whole run page, 1280x7000), its
# violations and its difference, and checks each is a real PNG of a rendered page (> 20 KB) and that the run
# page's HTML has inline SVG. The server is stopped on exit, whatever happens.
#
#   scripts/screenshot_pages.sh [OUT_DIR]        (default: $TMPDIR/gridsettle-screenshots)
#
# Environment: GRIDSETTLE_BIN (default .build/debug/gridsettle; built with `swift build` when missing),
# CHROMIUM (default: chromium or chromium-browser on PATH; Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-${TMPDIR:-/tmp}/gridsettle-screenshots}
bin=${GRIDSETTLE_BIN:-.build/debug/gridsettle}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "chromium not found: apt-get install -y chromium (or set CHROMIUM)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }
[ -x "$bin" ] || swift build --product gridsettle
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/pages.sqlite"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
token=$("$bin" token create --tenant demo --role admin --name screenshots --database "$db")
"$bin" generate --out "$work/dataset" > /dev/null

"$bin" serve --database "$db" --port "$port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "$base/health" > /dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$base/health" > /dev/null || { echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

auth=(-H "Authorization: Bearer $token")
for f in "$work"/dataset/*; do
    curl -fsS "${auth[@]}" -X PUT --data-binary "@$f" "$base/v1/datasets/la-afb/files/$(basename "$f")" > /dev/null
done
run_id() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }
first=$(curl -fsS "${auth[@]}" -X POST "$base/v1/datasets/la-afb/runs" | run_id)
sed 's/"addBackOnly"/"symmetric"/' "$work/dataset/site.json" > "$work/site.json"
curl -fsS "${auth[@]}" -X PUT --data-binary "@$work/site.json" "$base/v1/datasets/la-afb/files/site.json" > /dev/null
second=$(curl -fsS "${auth[@]}" -X POST "$base/v1/datasets/la-afb/runs" | run_id)
echo "runs: $first, then $second (replaces $first)"

# the run page as a signed-in browser gets it: the cookie from the sign-in form
curl -fsS -c "$work/cookies" -o /dev/null --data-urlencode "token=$token" "$base/ui/login"
curl -fsS -b "$work/cookies" "$base/ui/runs/$second" > "$work/run.html"
grep -q "<svg" "$work/run.html" || { echo "run page has no inline SVG" >&2; exit 1; }

# Chromium cannot set a cookie from its command line: /ui/login?token=…&next=… signs it in and redirects
shoot() {
    local name=$1 path=$2 height=${3:-2000} file="$out/$1.png"
    rm -f "$file"
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
        --user-data-dir="$work/chromium-$name" --window-size="1280,$height" --screenshot="$file" \
        "$base/ui/login?token=$token&next=$path" > "$work/chromium-$name.log" 2>&1 || true
    [ -s "$file" ] || { echo "no screenshot for $path:" >&2; cat "$work/chromium-$name.log" >&2; exit 1; }
    [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || { echo "$file is not a PNG" >&2; exit 1; }
    local size
    size=$(stat -c %s "$file")
    [ "$size" -gt 20000 ] || { echo "$file is only $size bytes: not a rendered page" >&2; exit 1; }
    echo "$file $size bytes"
}
shoot runs /ui
shoot run "/ui/runs/$second"
shoot run-full "/ui/runs/$second" 7000   # the whole run page, charts included
shoot violations "/ui/runs/$second/violations"
shoot difference "/ui/runs/$second/difference"
echo "5 screenshots in $out"

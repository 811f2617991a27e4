#!/usr/bin/env bash
# CI: GridSettle's OpenADR 2.0b VEN against a real peer, the openleadr VTN (PyPI openleadr 0.5.34).
#
# 1. makes a throw-away venv in a temp dir and installs openleadr (OPENLEADR_SPEC) with the two pins it needs
#    on a current Python: signxml 3.2.1 (pinned by openleadr) uses ec.SECT163K1, which cryptography ≥ 44
#    removed, and OpenSSL.crypto.verify, which pyOpenSSL ≥ 24.3 removed;
# 2. builds the tests (swift build --build-tests), then starts scripts/openleadr_vtn.py on 127.0.0.1 (plain
#    HTTP, no signatures) with a LOAD_DISPATCH set-point event and a SIMPLE event for one VEN;
# 3. runs the Swift test "OpenADR openleadr peer" (GRIDSETTLE_REQUIRE_OPENLEADR=1, so it fails rather than
#    skips if anything is missing): OpenADR2bVEN registers, polls, receives the oadrDistributeEvent, answers
#    oadrCreatedEvent, and the awards and events OpenADR2bReader made must equal what the VTN wrote it sent;
# 4. checks the VTN received optIn for both events.
# Exits non-zero if any step fails.
#
#   bash scripts/openleadr_peer_check.sh                 # from anywhere
#   SWIFT_FLAGS="--scratch-path .build-x" bash scripts/openleadr_peer_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
OPENLEADR_SPEC=${OPENLEADR_SPEC:-openleadr==0.5.34}
read -r -a swift_flags <<< "${SWIFT_FLAGS:-}"

work=$(mktemp -d "${TMPDIR:-/tmp}/openleadr-peer.XXXXXX")
vtn_pid=""
cleanup() {
    if [ -n "$vtn_pid" ] && kill -0 "$vtn_pid" 2>/dev/null; then kill "$vtn_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$OPENLEADR_SPEC" "cryptography==43.0.3" "pyOpenSSL==24.2.1"
"$work/venv/bin/python" -c 'import importlib.metadata as m, openleadr; print("openleadr", m.version("openleadr"))'

swift build --build-tests "${swift_flags[@]}"

"$work/venv/bin/python" scripts/openleadr_vtn.py --ready "$work/ready.json" --result "$work/result.json" \
    --timeout 600 > "$work/vtn.log" 2>&1 &
vtn_pid=$!
for _ in $(seq 1 300); do
    [ -f "$work/ready.json" ] && break
    if ! kill -0 "$vtn_pid" 2>/dev/null; then break; fi
    sleep 0.1
done
if [ ! -f "$work/ready.json" ]; then
    echo "openleadr VTN did not start:" >&2
    cat "$work/vtn.log" >&2
    exit 1
fi

vtn_url=$("$work/venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vtn_url"])' "$work/ready.json")
echo "openleadr VTN at $vtn_url"
status=0
GRIDSETTLE_OPENLEADR_VTN_URL="$vtn_url" GRIDSETTLE_OPENLEADR_EXPECTED="$work/ready.json" GRIDSETTLE_REQUIRE_OPENLEADR=1 \
    swift test --skip-build "${swift_flags[@]}" --filter "OpenADRPeerTests" || status=$?

# The VTN exits by itself once the VEN has answered both events (or after its timeout).
for _ in $(seq 1 100); do
    kill -0 "$vtn_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$vtn_pid" 2>/dev/null; then
    echo "openleadr VTN did not receive oadrCreatedEvent for both events; its log:" >&2
    cat "$work/vtn.log" >&2
    exit 1
fi
vtn_status=0
wait "$vtn_pid" || vtn_status=$?
vtn_pid=""
if [ "$status" -ne 0 ] || [ "$vtn_status" -ne 0 ]; then
    echo "openleadr peer check failed (swift test: $status, VTN: $vtn_status); VTN log:" >&2
    cat "$work/vtn.log" >&2
    exit 1
fi
cat "$work/result.json"
echo
echo "openleadr peer check: GridSettle's VEN received the events and opted in"

# 5. the same through the command line: `gridsettle openadr-poll` against a fresh VTN writes the dataset files
rm -f "$work/ready.json"
"$work/venv/bin/python" scripts/openleadr_vtn.py --ready "$work/ready.json" --result "$work/result2.json" \
    --timeout 600 > "$work/vtn2.log" 2>&1 &
vtn_pid=$!
for _ in $(seq 1 300); do
    [ -f "$work/ready.json" ] && break
    kill -0 "$vtn_pid" 2>/dev/null || break
    sleep 0.1
done
vtn_url=$("$work/venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["vtn_url"])' "$work/ready.json")
ven_name=$("$work/venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["ven_name"])' "$work/ready.json")
swift run --skip-build "${swift_flags[@]}" gridsettle openadr-poll --vtn "$vtn_url" --ven "$ven_name" \
    --into "$work/dataset" --market-run FMM
for _ in $(seq 1 100); do kill -0 "$vtn_pid" 2>/dev/null || break; sleep 0.1; done
wait "$vtn_pid" || { echo "second VTN failed; its log:" >&2; cat "$work/vtn2.log" >&2; exit 1; }
vtn_pid=""
"$work/venv/bin/python" - "$work/ready.json" "$work/dataset" <<'PY'
import csv, datetime, json, sys
expected = json.load(open(sys.argv[1]))
def utc(e):
    return datetime.datetime.fromtimestamp(e, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
awards = list(csv.DictReader(open(sys.argv[2] + "/awards.csv")))
events = list(csv.DictReader(open(sys.argv[2] + "/events.csv")))
from decimal import Decimal
want_awards = sorted((a["resource"], "FMM", "EN", utc(a["start"]), "15", a["micro_mw"]) for a in expected["awards"])
got_awards = sorted((a["resource_id"], a["market"], a["product"], a["interval_start"], a["interval_minutes"],
                     int(Decimal(a["mw"]) * 1000000)) for a in awards)
assert got_awards == want_awards, (got_awards, want_awards)
assert len(events) == len(expected["events"]), (events, expected["events"])
print(f"openadr-poll: {len(awards)} award row(s) and {len(events)} event row(s) written, as the VTN sent")
PY

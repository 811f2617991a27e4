#!/usr/bin/env bash
# The dual-use portfolio benchmark: GridSettle against the pandas peer on the same data, whole process,
# in alternating pairs on this machine, and a check that both give the same figures for every resource.
#
#   Benchmarks/dualuse/run-dualuse.sh DATA_DIR [PAIRS]
#
# DATA_DIR: the peer's data (gen_dualuse.py --resources N --out DATA_DIR), with pandas_dualuse.py's
# results.csv written once beforehand. PYTHON names an interpreter with pandas (default python3); PEER the
# folder of pandas_dualuse.py (default ../shared/benchmarks/dualuse next to the repository).
# Prints, per pair: the peer's wall time and peak RSS, GridSettle's pilot and symmetric runs (CSV in →
# statements written and runs stored in a fresh SQLite file), and the ratio; then the agreement check.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:?usage: run-dualuse.sh DATA_DIR [PAIRS]}"
pairs="${2:-3}"
python="${PYTHON:-python3}"
peer="${PEER:-$repo/../shared/benchmarks/dualuse}"
work="${WORK:-$(mktemp -d)}"

(cd "$repo" && swift build -c release --product gridsettle >/dev/null)
gs="$repo/.build/release/gridsettle"
for v in pilot symmetric; do
    if [ ! -f "$work/$v/portfolio.json" ]; then
        flag=""; [ "$v" = symmetric ] && flag="--symmetric"
        python3 "$repo/scripts/dualuse_to_portfolio.py" "$data" "$work/$v" $flag >/dev/null
    fi
done

# wall seconds and peak RSS (MiB) of one command
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    awk '{ printf "%.2f %.0f", $1, $2 / 1024 }' "$work/time"
}
gridsettle() {
    rm -rf "$work/out-$1" "$work/runs-$1.sqlite"*
    measure "$gs" settle "$work/$1" --db "$work/runs-$1.sqlite" --out "$work/out-$1"
}

printf '%-5s %-22s %-22s %-22s %s\n' pair "pandas (s, MiB)" "GridSettle pilot" "GridSettle symmetric" "pandas/pilot, pandas/symmetric"
for k in $(seq 1 "$pairs"); do
    if [ $((k % 2)) = 1 ]; then
        p=$(measure "$python" "$peer/pandas_dualuse.py" "$data"); a=$(gridsettle pilot); b=$(gridsettle symmetric)
    else
        a=$(gridsettle pilot); b=$(gridsettle symmetric); p=$(measure "$python" "$peer/pandas_dualuse.py" "$data")
    fi
    ratio() { awk -v x="${1% *}" -v y="${2% *}" 'BEGIN { printf "%.2f×", x / y }'; }
    printf '%-5s %-22s %-22s %-22s %s, %s\n' "$k" "$p" "$a" "$b" "$(ratio "$p" "$a")" "$(ratio "$p" "$b")"
done
python3 "$here/compare_dualuse.py" "$data" "$work/out-pilot" | tail -1
python3 "$here/compare_dualuse.py" "$data" "$work/out-symmetric" --symmetric | tail -1
echo "work files: $work"

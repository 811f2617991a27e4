#!/usr/bin/env bash
# Flat memory: peak RSS of `gridsettle settle` on a small and a large dual-use portfolio, whole process, in
# alternating order, and the large run's peak over the small run's.
#
#   Benchmarks/dualuse/run-memory.sh SMALL_DATA LARGE_DATA [RUNS]
#
# SMALL_DATA, LARGE_DATA: the peer's data (gen_dualuse.py --resources 1000 / 10000 --out …), converted here to
# portfolios with scripts/dualuse_to_portfolio.py (pilot add-back) unless WORK already holds them.
# Prints each run's wall seconds and peak RSS (MiB), then the ratio of the highest peaks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
small="${1:?usage: run-memory.sh SMALL_DATA LARGE_DATA [RUNS]}"
large="${2:?usage: run-memory.sh SMALL_DATA LARGE_DATA [RUNS]}"
runs="${3:-2}"
work="${WORK:-$(mktemp -d)}"

(cd "$repo" && swift build -c release --product gridsettle >/dev/null)
gs="$repo/.build/release/gridsettle"
for pair in "small:$small" "large:$large"; do
    name="${pair%%:*}"; data="${pair#*:}"
    [ -f "$work/$name/portfolio.json" ] || python3 "$repo/scripts/dualuse_to_portfolio.py" "$data" "$work/$name" >/dev/null
done

settle() {
    rm -rf "$work/out-$1" "$work/runs-$1.sqlite"*
    /usr/bin/time -f '%e %M' -o "$work/time" "$gs" settle "$work/$1" --db "$work/runs-$1.sqlite" --out "$work/out-$1" >/dev/null 2>"$work/err" \
        || { cat "$work/err" >&2; exit 1; }
    awk '{ printf "%.2f %.1f", $1, $2 / 1024 }' "$work/time"
}

peak_small=0; peak_large=0
printf '%-4s %-20s %-20s\n' run "small (s, MiB)" "large (s, MiB)"
for k in $(seq 1 "$runs"); do
    if [ $((k % 2)) = 1 ]; then a=$(settle small); b=$(settle large); else b=$(settle large); a=$(settle small); fi
    printf '%-4s %-20s %-20s\n' "$k" "$a" "$b"
    peak_small=$(awk -v x="$peak_small" -v y="${a#* }" 'BEGIN { print (y > x ? y : x) }')
    peak_large=$(awk -v x="$peak_large" -v y="${b#* }" 'BEGIN { print (y > x ? y : x) }')
done
awk -v s="$peak_small" -v l="$peak_large" 'BEGIN { printf "highest peak: small %.1f MiB, large %.1f MiB, large/small %.3f\n", s, l, l / s }'
echo "work files: $work"

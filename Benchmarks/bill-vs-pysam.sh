#!/usr/bin/env bash
# Issue #3 speed check: GridSettle's bill engine against NREL PySAM (Utilityrate5) on the same bill, measured
# on this machine in one run.
#
# The bill: SCE TOU-8 Option D for 2018 on 15-minute data, the oracle's load and load − battery profiles.
# One PySAM execute() bills the year without and with the system, so it is set against the package-benchmark
# "savings bill-years" benchmark, which bills both years and checks both totals against PySAM's golden file.
# PySAM is timed before and after the Swift run (median of 7 execute() calls each, after a warm-up) so a
# machine that speeds up or slows down during the run shows in the spread.
#
#   bash bill-vs-pysam.sh                      # makes a throw-away venv with nrel-pysam==7.1.1.post1
#   PYSAM_PYTHON=/path/to/venv/bin/python bash bill-vs-pysam.sh   # reuse an interpreter that has PySAM
set -euo pipefail
cd "$(dirname "$0")"

PYSAM_SPEC=${PYSAM_SPEC:-nrel-pysam==7.1.1.post1}
py=${PYSAM_PYTHON:-}
if [ -z "$py" ]; then
    venv=$(mktemp -d "${TMPDIR:-/tmp}/pysam-bench.XXXXXX")
    trap 'rm -rf "$venv"' EXIT
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$PYSAM_SPEC"
    py="$venv/bin/python"
fi

pysam_ms() { "$py" ../scripts/pysam_oracle.py --time | tail -1; }

echo "== PySAM (before)"
before=$(pysam_ms)
echo "$before"

echo "== GridSettle (package-benchmark, release build)"
out=$(swift package benchmark --filter "savings bill-years.*" --no-progress 2>&1)
echo "$out" | sed -n '/savings bill-years/,$p'
row=$(echo "$out" | grep "Time (wall clock)" | head -1)
[ -n "$row" ] || { echo "no wall-clock row in the benchmark output" >&2; exit 1; }

echo "== PySAM (after)"
after=$(pysam_ms)
echo "$after"

python3 - "$before" "$after" "$row" <<'PY'
import json, re, sys
before, after, row = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
cells = [c.strip() for c in row.split("│") if c.strip()]
unit = re.search(r"\((.s)\)", cells[0]).group(1)
scale = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0}[unit]
p0, p50 = float(cells[1]) * scale, float(cells[3]) * scale
pysam = sorted([before["pysam_ms_per_execute"], after["pysam_ms_per_execute"]])
print()
print(f"GridSettle: {p50:.3f} ms p50 ({p0:.3f} ms best) per savings bill-year pair (24 monthly bills), "
      f"{24000 / p50:.0f} monthly bills/s")
print(f"PySAM {before['pysam_version']}: {pysam[0]:.2f}-{pysam[1]:.2f} ms per execute() (the same 24 bills), "
      f"{24000 / pysam[1]:.0f}-{24000 / pysam[0]:.0f} monthly bills/s")
print(f"GridSettle is {pysam[0] / p50:.1f}-{pysam[1] / p50:.1f} times faster at p50; identical to the cent "
      f"(the benchmark stops if either year total differs from PySAM's)")
PY

#!/usr/bin/env bash
# CI: check the PySAM golden bills. Creates a throw-away venv in a temp dir, installs NREL PySAM (the version
# the golden file was made with; override with PYSAM_SPEC, e.g. PYSAM_SPEC=nrel-pysam), and re-runs one case
# of Tests/GridSettleFormatsTests/Fixtures/pysam/golden-bills.json against it. Exits non-zero if the venv or
# the install fails, or if any amount differs.
#
#   bash scripts/ci_pysam_oracle.sh              # from the repo root (works from anywhere)
#   bash scripts/ci_pysam_oracle.sh CASE_ID...   # check other cases; --check with no id checks all of them
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
PYSAM_SPEC=${PYSAM_SPEC:-nrel-pysam==7.1.1.post1}
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=("sce-tou-8/load+battery/15min")

venv=$(mktemp -d "${TMPDIR:-/tmp}/pysam-oracle.XXXXXX")
trap 'rm -rf "$venv"' EXIT

"$PYTHON" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$PYSAM_SPEC"
"$venv/bin/python" -c 'import PySAM; print("PySAM", PySAM.__version__)'
"$venv/bin/python" scripts/pysam_oracle.py --check "${cases[@]}"

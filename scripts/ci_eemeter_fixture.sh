#!/usr/bin/env bash
# CI: check the EE-1 baseline fixture against its source. Creates a throw-away venv, installs the eemeter
# package the fixture was made from, and runs scripts/eemeter_fixture.py --check: the committed readings,
# temperatures and reference baselines must equal what the package's sample data give, and every figure of
# the research note's WE-1 / EE-1 vectors must be reproduced. Exits non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
EEMETER_SPEC=${EEMETER_SPEC:-eemeter==4.1.1}
# SOURCES.md records the pandas the fixture was made with: pinned, so that a new pandas release (3.1.2 appeared
# after the fixture was made) does not fail the check with nothing in the repository changed
PANDAS_SPEC=${PANDAS_SPEC:-pandas==3.1.1}

venv=$(mktemp -d "${TMPDIR:-/tmp}/eemeter-fixture.XXXXXX")
trap 'rm -rf "$venv"' EXIT

"$PYTHON" -m venv "$venv"
# pandas 3 no longer installs pytz, which eemeter imports
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$EEMETER_SPEC" "$PANDAS_SPEC" pytz
"$venv/bin/python" scripts/eemeter_fixture.py --check

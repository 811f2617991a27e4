#!/usr/bin/env bash
# Load + settle 1,000 generated resource-months (5-minute meters, SCE TOU-8) in a release build, one
# resource-month at a time, and print the total wall time, resource-months per second and peak RSS.
#
#   bash run-1000.sh            # 1,000 resource-months
#   bash run-1000.sh 200        # any other N; extra arguments go to Settle1000 (e.g. --batch 25)
set -euo pipefail
cd "$(dirname "$0")"
n="${1:-1000}"
shift || true
swift build -c release --product Settle1000
exec "$(swift build -c release --show-bin-path)/Settle1000" "$n" "$@"

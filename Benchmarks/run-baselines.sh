#!/usr/bin/env bash
# Baselines for N resource-years (default 10,000) of 15-minute data with 50 event days each, in a release
# build: wall time, resource-years per second and peak RSS (issue #4).
#
#   bash run-baselines.sh          # 10,000 resources
#   bash run-baselines.sh 1000     # any other N
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product Baselines10k
exec "$(swift build -c release --show-bin-path)/Baselines10k" "${1:-10000}"

#!/usr/bin/env bash
# Builds the ci preset if needed, runs lifecircle_bench, then the networkx/igraph comparison.
#   benchmarks/run.sh [--quick] [extra lifecircle_bench flags...]
#   --quick: the 200x200 lattice only and no networkx (seconds instead of minutes).
# LIFECIRCLE_GEODATA points at the geodata folder (default: ../shared/geodata beside the repo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
if [[ "${1:-}" == "--quick" ]]; then quick=1; shift; fi

bench="build/ci/benchmarks/lifecircle_bench"
jobs="${LIFECIRCLE_BUILD_JOBS:-2}"
if [[ ! -f build/ci/build.ninja ]]; then cmake --preset ci; fi
cmake --build --preset ci --target lifecircle_bench -j "$jobs"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%F)"
if [[ $quick -eq 1 ]]; then
  "$bench" --benchmark_filter='/200$' "$@"
  /usr/bin/python3 benchmarks/peers.py --side 200 --skip-networkx --bench "$bench"
else
  "$bench" "$@"
  /usr/bin/python3 benchmarks/peers.py --side 1000 --bench "$bench"
fi

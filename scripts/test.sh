#!/usr/bin/env bash
# Builds and runs every test: the CI preset (release, warnings as errors, benchmarks compiled)
# and the dev preset (ASan + UBSan). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)
for preset in ci dev; do
  echo "== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: tests"
  ctest --preset "$preset" -j "$jobs"
done

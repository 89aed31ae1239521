#!/usr/bin/env bash
# Builds and runs every test: the CI preset (release, warnings as errors, benchmarks compiled)
# and the dev preset (ASan + UBSan); then the hardening checks (issue 8): every libFuzzer target
# for FUZZ_SECONDS (10 s) each on its seed corpus, and the parallel tests under ThreadSanitizer.
# Installs what it needs first.
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
echo "== fuzz: ${FUZZ_SECONDS:-10} s per target"
./scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
echo "== tsan: configure and build (the parallel tests only)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs"
echo "== tsan: tests"
# The tests that run searches, isochrones or the CLI on several threads (tests/CMakeLists.txt).
TSAN_OPTIONS=halt_on_error=1 ./build/tsan/tests/lifecircle_tests \
  --gtest_filter='Determinism.*:RandomVsBruteForce.*:River.*:ServiceAreas.*:ReachCli.SameOutputForAnyThreadCount:Threads.*'

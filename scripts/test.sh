#!/usr/bin/env bash
# Builds and runs every test: the CI preset (release, warnings as errors, benchmarks compiled),
# the dev preset (ASan + UBSan), and the tsan preset (ThreadSanitizer over the tests that use
# several threads, with the engine's loops on std::thread: engine/core/parallel.hpp); then the
# hardening checks (issue 8): every libFuzzer target for FUZZ_SECONDS (10 s) each on its seed corpus.
# Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)
for preset in ci dev tsan; do
  echo "== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: tests"
  ctest --preset "$preset" -j "$jobs"
done
echo "== fuzz: ${FUZZ_SECONDS:-10} s per target"
./scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

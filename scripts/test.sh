#!/usr/bin/env bash
# Builds and runs every test: the CI preset (release, warnings as errors, benchmarks compiled)
# and the dev preset (ASan + UBSan); then the hardening checks (issue 8): every libFuzzer target
# for FUZZ_SECONDS (10 s) each on its seed corpus.
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
# The tsan preset is not run here: Debian's oneTBB is not built with ThreadSanitizer, so TSan
# cannot see the scheduler's synchronisation and reports races inside TBB's own headers on every
# parallel_for (tests/tsan.supp holds the first suppressions; they were not enough). It stays for
# runs against a TSan-built oneTBB (docs in issue 8's note).

#!/usr/bin/env bash
# Builds and runs every test: the CI preset (release, warnings as errors, benchmarks compiled),
# the dev preset (ASan + UBSan), and the tsan preset (ThreadSanitizer over the tests that use
# several threads, with the engine's loops on std::thread: engine/core/parallel.hpp); then the
# hardening checks (issue 8): every libFuzzer target for FUZZ_SECONDS (10 s) each on its seed corpus.
# Installs what it needs first. The presets build as unity builds (CMakePresets.json): compiling is
# most of this script's time, and a unity build compiles about half as much.
# Prints how long each phase took at the end, where a CI log's tail shows it.
set -euo pipefail
cd "$(dirname "$0")/.."
phases=()
phase() {  # phase NAME COMMAND...: runs it and records its wall time
  local name=$1 start=$SECONDS
  shift
  "$@"
  phases+=("$(printf '%-14s %5d s' "$name" $((SECONDS - start)))")
}
report() {
  echo "== phases (wall):"
  printf '  %s\n' "${phases[@]}"
  echo "  total          $SECONDS s"
}
trap report EXIT
phase setup ./scripts/setup.sh
jobs=$(nproc)
for preset in ci dev tsan; do
  echo "== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  phase "$preset build" cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: tests"
  phase "$preset tests" ctest --preset "$preset" -j "$jobs"
done
echo "== fuzz: ${FUZZ_SECONDS:-10} s per target"
phase fuzz ./scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

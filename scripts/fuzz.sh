#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset: clang, ASan + UBSan) and runs each for a bounded time
# on its seed corpus: fuzz/corpus/NAME/ plus the matching tests/bad_input/ files and data files.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default 20 s (CI); e.g. 600 on demand
# The targets run side by side, one per core. New inputs go to build/fuzz/work/NAME/ (kept between runs, never committed); a crash, hang,
# leak or sanitizer report stops that target, its input is saved as build/fuzz/artifacts/NAME-*,
# and the script exits 1 after running the others. Keep a fixed crash as a regression seed:
# copy the artifact to fuzz/corpus/NAME/ (every run replays the committed seeds first).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(catalog checklist poi_table chinese_coords wkt options job_file)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

extra_seeds() {
  case "$1" in
    catalog) ls tests/bad_input/bad_catalog_*.toml data/geo/categories.toml ;;
    checklist) ls tests/bad_input/bad_checklist_*.toml data/checklist/*.toml ;;
    poi_table) ls tests/bad_input/amap_*.csv tests/bad_input/homes_*.csv ;;
    job_file) ls tests/bad_input/bad_job_*.toml data/geo/wuhai/job.toml ;;
  esac
}

# One target: its status line goes to build/fuzz/NAME.status ("ok ..." or "FAILED ...").
run_target() {
  local t=$1 work=build/fuzz/work/$1 log=build/fuzz/$1.log
  mkdir -p "$work"
  cp fuzz/corpus/"$t"/* "$work"/
  for f in $(extra_seeds "$t"); do cp "$f" "$work"/; done
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a runaway allocation is a finding.
  if build/fuzz/fuzz/fuzz_"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=build/fuzz/artifacts/"$t"- -print_final_stats=1 "$work" >"$log" 2>&1; then
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "ok, $runs inputs in ${seconds}s, corpus $(ls "$work" | wc -l)" > build/fuzz/"$t".status
  else
    echo "FAILED (log $log)" > build/fuzz/"$t".status
  fi
}

# The targets run side by side, one per core.
mkdir -p build/fuzz/artifacts
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  run_target "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
  echo "fuzz $t: $(cat build/fuzz/"$t".status)"
  if grep -q FAILED build/fuzz/"$t".status; then
    grep -E 'ERROR|SUMMARY|runtime error|terminate|Test unit written' build/fuzz/"$t".log | head -8
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}"
  exit 1
fi

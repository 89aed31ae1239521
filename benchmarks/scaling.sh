#!/usr/bin/env bash
# Scaling of `lifecircle run` from one process to MPI ranks, on the synthetic Wuhai default job
# (data/geo/wuhai/job.toml) and on the same job with its coverage tasks split across ranks.
# Prints wall seconds per configuration; docs/scaling.md keeps the figures. Usage:
#   benchmarks/scaling.sh [BUILD_DIR]      (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
LC=${1:-build/release}/tools/lifecircle
[ -x "$LC" ] || { echo "build lifecircle first (cmake --preset release && cmake --build --preset release)"; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The default job, writing into WORK, optionally with split = true on its coverage tasks.
make_job() {
  sed -e "0,/^out = /s|^out = .*|out = \"$WORK/out\"|" data/geo/wuhai/job.toml > "$WORK/job.toml"
  if [ "$1" = split ]; then
    sed -i 's|^command = "coverage"|command = "coverage"\nsplit = true|' "$WORK/job.toml"
  fi
}
MPI=(mpirun --oversubscribe --allow-run-as-root)
run() {  # label, then the command
  local label=$1; shift
  rm -rf "$WORK/out"
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  t1=$(date +%s.%N)
  printf '%-44s %8.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}
echo "lifecircle run, synthetic Wuhai default job ($(nproc) cores, $(date -u +%Y-%m-%d))"
make_job plain
run "1 process, 1 thread"                 "$LC" -q run "$WORK/job.toml" --threads 1
run "1 process, 2 threads"                "$LC" -q run "$WORK/job.toml" --threads 2
if command -v mpirun > /dev/null; then
  run "2 ranks x 1 thread (tasks dealt out)" "${MPI[@]}" -np 2 "$LC" -q run "$WORK/job.toml" --threads 1
  make_job split
  run "2 ranks x 1 thread (coverage split)"  "${MPI[@]}" -np 2 "$LC" -q run "$WORK/job.toml" --threads 1
  run "1 process, 1 thread (same job)"       "$LC" -q run "$WORK/job.toml" --threads 1
fi

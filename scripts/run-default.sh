#!/usr/bin/env bash
# The main job on the embedded default: a SYNTHETIC Wuhai (data/geo/wuhai/README.md), generated
# deterministically, then walking coverage of every catalog category for its compounds and on a
# 100 m grid, gaps and gap areas, every gap linked to the Wuhai 2023 checklist measures, and
# siting for the checklist's own numbers.
# Installs (scripts/setup.sh build: no test-only packages) and builds what it needs first. Outputs go to out/wuhai/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh build
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lifecircle
LC=./build/release/tools/lifecircle
OUT=out/wuhai
# The job (data/geo/wuhai/job.toml) generates the city, then runs coverage, gaps, the checklist
# report and siting; a rerun keeps what is finished unless the inputs changed (--force redoes all).
$LC run data/geo/wuhai/job.toml "$@"
echo
echo "City-wide coverage (people within each category's walking threshold):"
awk -F, 'NR > 1 && $1 == "ALL" { printf "  %-20s %6.1f%%  of %9.0f people\n", $2, 100 * $5, $3 }' "$OUT/summary.csv"
for f in convenience fitness; do
  awk -F, -v f="$f" 'NR > 1 { n = $1; cov = $8 } END { printf "  %d new %s sites would bring coverage to %.1f%%\n", n, f, 100 * cov }' "$OUT/sites_$f.csv"
done
printf '\nSYNTHETIC Wuhai (data/geo/wuhai/README.md). Outputs in %s/:\n' "$OUT"
printf '  %-18s %s\n' city/wuhai.gpkg "the generated city (streets, compounds, gates, facilities, districts, river)" \
  result.gpkg "origin_access, community/unit coverage, gaps, gap_areas, gap_measures, progress" \
  summary.csv "unit,category,population,covered_population,coverage,mean_s,p85_s" \
  gap_report.md "gaps with the checklist measures, responsible units and deadlines" \
  report.html "the planner's report: coverage tables, maps, gaps with measures, proposed sites" \
  grid.gpkg "the same on a 100 m grid" \
  sites_*.csv "proposed sites for the checklist's 14 convenience points and 20 fitness sets" \
  job_timings.csv "seconds and peak memory of every task of the job"

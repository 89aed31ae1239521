#!/usr/bin/env bash
# The main job on the embedded default: a SYNTHETIC Wuhai (data/geo/wuhai/README.md), generated
# deterministically, then walking coverage of every catalog category for its compounds and on a
# 100 m grid, gaps and gap areas, every gap linked to the Wuhai 2023 checklist measures, and
# siting for the checklist's own numbers.
# Installs and builds what it needs first. Outputs go to out/wuhai/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lifecircle
LC=./build/release/tools/lifecircle
OUT=out/wuhai
mkdir -p "$OUT"
start=$(date +%s%N)
$LC -q synth wuhai --out "$OUT" --seed 2023 --overwrite
W="$OUT/wuhai.gpkg"
COMMON=(--network "$W:streets" --facilities "$W:facilities" --category-field category --id-field id
        --capacity-field capacity --origins "$W:compounds" --origin-id-field id --population-field population
        --elderly-share-field elderly_share --units "$W:districts" --unit-name-field name --overwrite)
echo "== coverage by compound (gates as entrances), district and city"
$LC -q coverage "${COMMON[@]}" --entrances "$W:gates" --out "$OUT/result.gpkg" --summary "$OUT/summary.csv" \
  --gap-report "$OUT/gap_report.md" --as-of 2023-12-31
echo "== coverage on a 100 m grid (population shared out from the compounds by area)"
$LC -q coverage "${COMMON[@]}" --grid-cell 100 --grid-boundary "$W:districts" --out "$OUT/grid.gpkg" \
  --summary "$OUT/grid_summary.csv" > /dev/null
echo "== siting the checklist's own numbers: 14 convenience points (task 6), 20 fitness sets 9/6/5 (task 16)"
SITE=(--network "$W:streets" --facilities "$W:facilities" --category-field category --id-field id
      --origins "$W:compounds" --origin-id-field id --population-field population --elderly-share-field elderly_share
      --entrances "$W:gates" --units "$W:districts" --unit-name-field name --candidate-spacing 100 --overwrite)
$LC -q site "${SITE[@]}" --category convenience_store --count 14 --out "$OUT/sites_convenience.csv"
$LC -q site "${SITE[@]}" --category fitness --per-district 海勃湾区=9,乌达区=6,海南区=5 --out "$OUT/sites_fitness.csv"
end=$(date +%s%N)
echo
echo "City-wide coverage (people within each category's walking threshold):"
awk -F, 'NR > 1 && $1 == "ALL" { printf "  %-20s %6.1f%%  of %9.0f people\n", $2, 100 * $5, $3 }' "$OUT/summary.csv"
for f in convenience fitness; do
  awk -F, -v f="$f" 'NR > 1 { n = $1; cov = $8 } END { printf "  %d new %s sites would bring coverage to %.1f%%\n", n, f, 100 * cov }' "$OUT/sites_$f.csv"
done
ms=$(( (end - start) / 1000000 ))
printf '\nSYNTHETIC Wuhai: the job took %d.%03d s. Outputs in %s/:\n' $((ms / 1000)) $((ms % 1000)) "$OUT"
printf '  %-18s %s\n' wuhai.gpkg "the generated city (streets, compounds, gates, facilities, districts, river)" \
  result.gpkg "origin_access, community/unit coverage, gaps, gap_areas, gap_measures, progress" \
  summary.csv "unit,category,population,covered_population,coverage,mean_s,p85_s" \
  gap_report.md "gaps with the checklist measures, responsible units and deadlines" \
  grid.gpkg "the same on a 100 m grid" \
  sites_*.csv "proposed sites for the checklist's 14 convenience points and 20 fitness sets"

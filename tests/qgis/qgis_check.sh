#!/usr/bin/env bash
# The real QGIS check (ctest qgis_check): builds results on the synthetic Wuhai with the real
# binary (coverage, site, reach, isochrones, each into a GeoPackage; reach and isochrones also added
# with --update to a copy of the city's own GeoPackage) and opens every layer of each in QGIS
# headless (check_layers.py): valid, counted, styled from layer_styles, rendered to PNG.
# usage: qgis_check.sh LIFECIRCLE_BIN [WORK_DIR]
# Without python3-qgis the check is skipped (exit 77) outside CI and fails under CI=true.
set -euo pipefail
LC="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${2:-$(mktemp -d)}"
mkdir -p "$WORK"
PY="${LC_QGIS_PYTHON:-/usr/bin/python3}"  # Debian's python, where python3-qgis lives
if ! QT_QPA_PLATFORM=offscreen "$PY" -c "import qgis.core" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then echo "qgis_check: python3-qgis is missing under CI (scripts/setup.sh installs it)"; exit 1; fi
  echo "qgis_check: SKIP: $PY cannot import qgis.core (install python3-qgis: scripts/setup.sh)"
  exit 77
fi
start=$(date +%s)
"$LC" -q synth wuhai --out "$WORK" --seed 7 --overwrite
W="$WORK/wuhai.gpkg"
FAC=(--facilities "$W:facilities" --category-field category --id-field id)
ORIG=(--origins "$W:compounds" --origin-id-field id --population-field population --elderly-share-field elderly_share
      --entrances "$W:gates" --units "$W:districts" --unit-name-field name)
"$LC" -q coverage --network "$W:streets" "${FAC[@]}" --capacity-field capacity "${ORIG[@]}" \
  --out "$WORK/result.gpkg" --as-of 2023-12-31 --overwrite > /dev/null
"$LC" -q site --network "$W:streets" "${FAC[@]}" "${ORIG[@]}" --candidate-spacing 100 \
  --category convenience_store --count 14 --out "$WORK/sites.gpkg" --overwrite
"$LC" -q reach --network "$W:streets" "${FAC[@]}" --origins "$W:gates" --out "$WORK/reach.gpkg" --overwrite
"$LC" -q reach --network "$W:streets" "${FAC[@]}" --origins "$W:gates" --out "$WORK/reach_utm.gpkg" \
  --out-crs EPSG:32648 --overwrite
"$LC" -q isochrones --network "$W:streets" "${FAC[@]}" --categories library,health_centre --service-areas \
  --out "$WORK/isochrones.gpkg" --overwrite
# --update: results added to a copy of the planner's GeoPackage it reads; every layer, the city's
# own and the added ones, must open (and render) in QGIS afterwards.
P="$WORK/project.gpkg"
cp "$W" "$P"
"$LC" -q reach --network "$P:streets" --facilities "$P:facilities" --category-field category --id-field id \
  --origins "$P:gates" --out "$P" --update
"$LC" -q isochrones --network "$P:streets" --facilities "$P:facilities" --category-field category --id-field id \
  --categories library,health_centre --service-areas --out "$P" --update
echo "qgis_check: results written in $(( $(date +%s) - start )) s"

cat > "$WORK/expect.json" <<'JSON'
{"layers": {
  "origin_access": {"renderer": "graduatedSymbol", "classes": [5, 5], "crs": "EPSG:4326"},
  "gaps": {"renderer": "graduatedSymbol", "classes": [4, 4], "all_drawn": true},
  "gap_areas": {"renderer": "graduatedSymbol", "classes": [1, 5], "all_drawn": true},
  "proposed_sites": {"count": 14, "renderer": "singleSymbol", "label_field": "rank", "all_drawn": true},
  "reach": {"renderer": "graduatedSymbol", "classes": [5, 5]},
  "isochrones": {"renderer": "categorizedSymbol", "classes": [3, 3], "all_drawn": true},
  "service_areas": {"renderer": "categorizedSymbol", "classes": [1, 100000], "all_drawn": true}
}}
JSON
sed 's/"crs": "EPSG:4326"/"crs": "EPSG:32648"/; s/"reach": {/"reach": {"crs": "EPSG:32648", /' "$WORK/expect.json" > "$WORK/expect_utm.json"
status=0
for f in result sites reach isochrones project; do
  QT_QPA_PLATFORM=offscreen "$PY" "$HERE/check_layers.py" "$WORK/$f.gpkg" "$WORK/expect.json" "$WORK/png" || status=1
done
QT_QPA_PLATFORM=offscreen "$PY" "$HERE/check_layers.py" "$WORK/reach_utm.gpkg" "$WORK/expect_utm.json" "$WORK/png" || status=1
echo "qgis_check: done in $(( $(date +%s) - start )) s, maps in $WORK/png"
exit $status

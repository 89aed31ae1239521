#!/usr/bin/env bash
# The main job on the default data. Until the embedded synthetic Wuhai lands (issue #7), this is a
# real run on OpenStreetMap data of Porto's centre from ../shared/geodata: every building's walking
# time to the nearest convenience stores, clinics, pharmacies and elder-care facilities, and how
# many are within 5, 10 and 15 minutes. Installs and builds what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lifecircle
GEODATA=${LIFECIRCLE_GEODATA:-../shared/geodata}
PBF="$GEODATA/osm/porto_center.osm.pbf"
[ -f "$PBF" ] || { echo "run-default: $PBF not found (set LIFECIRCLE_GEODATA)" >&2; exit 3; }
mkdir -p out
./build/release/tools/lifecircle reach --network "$PBF" --facilities "$PBF" --origins "$PBF" \
  --out out/porto_reach.csv --overwrite
python3 - <<'PY'
import csv, collections
rows = list(csv.DictReader(open("out/porto_reach.csv")))
by = collections.defaultdict(lambda: [0, 0, 0])
for r in rows:
    b = by[r["category"]]
    b[0] += 1
    if r["nearest_s"]:
        b[1] += 1
        b[2] += float(r["nearest_s"]) <= 900
print(f"{'category':<12} {'origins':>8} {'reached':>8} {'within 15 min':>14}")
for c, (n, reached, within) in sorted(by.items()):
    print(f"{c:<12} {n:>8} {reached:>8} {within / n:>13.1%}")
print("results: out/porto_reach.csv")
PY

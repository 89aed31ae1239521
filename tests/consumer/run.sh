#!/usr/bin/env bash
# The library as a user outside the tree gets it: `cmake --install` of BUILD_DIR into a temporary
# prefix, tests/consumer built against it with find_package(lifecircle), and its conversions of
# random GCJ-02 points compared with the CLI's `convert` of the same points; then coverage of the
# synthetic Wuhai through the API, whose summary must equal the CLI's summary.csv of the same inputs.
#   tests/consumer/run.sh BUILD_DIR LIFECIRCLE_BIN WORK_DIR
set -euo pipefail
build=$1 lc=$2 work=$3
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
python3 - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
rng = random.Random(14)
pts = [(rng.uniform(73, 135), rng.uniform(18, 53)) for _ in range(200)] + [(106.8, 39.6), (0.0, 0.0)]
open(f"{work}/points.txt", "w").write("".join(f"{x:.12f} {y:.12f}\n" for x, y in pts))
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"i": i}, "geometry": {"type": "Point", "coordinates": [x, y]}}
    for i, (x, y) in enumerate(pts)]}, open(f"{work}/points.geojson", "w"))
PY
"$work/build/consumer" < "$work/points.txt" > "$work/api.txt"
"$lc" convert --from gcj02 --to wgs84 "$work/points.geojson" "$work/cli.geojson" >/dev/null
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
api = [tuple(map(float, l.split())) for l in open(f"{work}/api.txt")]
cli = {f["properties"]["i"]: f["geometry"]["coordinates"] for f in json.load(open(f"{work}/cli.geojson"))["features"]}
assert len(api) == len(cli) == 202, (len(api), len(cli))
worst = max(max(abs(a[0] - cli[i][0]), abs(a[1] - cli[i][1])) for i, a in enumerate(api))
inp = [tuple(map(float, l.split())) for l in open(f"{work}/points.txt")]
moved = sum(1 for a, p in zip(api, inp) if abs(a[0] - p[0]) > 1e-4)
print(f"consumer: {len(api)} points, API vs CLI differ by at most {worst:.2e} deg; {moved} moved by GCJ-02")
assert worst < 1e-9, worst
assert moved == 201, moved  # every point inside China moves; (0, 0) lies outside GCJ-02's area
PY

# Coverage of the synthetic Wuhai: the API's summary against the command line's, same inputs
# (the main job's compounds task: through the gates, capacities, the districts as units).
"$lc" -q synth wuhai --out "$work/city" --seed 2023
city="$work/city/wuhai.gpkg"
"$lc" -q coverage --network "$city:streets" --facilities "$city:facilities" --category-field category --id-field id \
  --capacity-field capacity --origins "$city:compounds" --entrances "$city:gates" --origin-id-field id \
  --population-field population --elderly-share-field elderly_share --units "$city:districts" --unit-name-field name \
  --as-of 2023-12-31 --summary "$work/cli_summary.csv"
"$work/build/consumer_coverage" "$city" "$work/api_isochrones.txt" > "$work/api_summary.csv"
"$lc" -q isochrones --network "$city:streets" --facilities "$city:facilities" --category-field category --id-field id \
  --categories convenience_store --minutes 5,10 --out "$work/cli_isochrones.geojson"
python3 - "$work" <<'PY'
import csv, math, sys
work = sys.argv[1]
api = list(csv.reader(open(f"{work}/api_summary.csv")))
cli = list(csv.reader(open(f"{work}/cli_summary.csv")))
assert api[0] == cli[0], (api[0], cli[0])
assert len(api) == len(cli) > 2, (len(api), len(cli))
def same(a, b):
    if a == b: return True
    try: return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except ValueError: return False
bad = [(i, a, c) for i, (a, c) in enumerate(zip(api, cli)) if len(a) != len(c) or not all(map(same, a, c))]
assert not bad, bad[:3]
print(f"consumer: coverage summary through the API equals the CLI's, {len(api) - 1} rows")
import json
feats = json.load(open(f"{work}/cli_isochrones.geojson"))["features"]
cli_iso = sorted(f'{p["category"]},{p["facility_id"] or ""},{float(p["minutes"]):g},{int(f["geometry"] is not None)}'
                 for f in feats for p in [f["properties"]])
api_iso = sorted(l.strip() for l in open(f"{work}/api_isochrones.txt"))
api_iso = sorted(",".join(x.split(",")[:2] + [f"{float(x.split(',')[2]):g}", x.split(",")[3]]) for x in api_iso)
assert api_iso == cli_iso and len(api_iso) > 10, (len(api_iso), len(cli_iso), api_iso[:3], cli_iso[:3])
print(f"consumer: isochrones through the API are the CLI's rows, {len(api_iso)} of them")
PY

# docs/api.md's example on the same city: its ALL rows are the CLI's, as percentages.
"$work/build/coverage_example" "$city:streets" "$city:facilities" "$city:compounds" category 2>/dev/null > "$work/example.txt"
python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
lines = [l.split() for l in open(f"{work}/example.txt") if l.strip()]
cli = {r["category"]: float(r["coverage"]) for r in csv.DictReader(open(f"{work}/cli_summary.csv")) if r["unit"] == "ALL"}
assert len(lines) == len(cli), (len(lines), len(cli))
print(f"consumer: docs/api.md's example ran: {len(lines)} categories")
PY

# docs/api.md's siting example: five fitness sites proposed, then the same sites as a compare
# scenario on the same network; the people compare finds newly covered are those site counted.
"$work/build/scenario_example" "$city" 2>/dev/null > "$work/scenario.txt"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
text = open(f"{work}/scenario.txt").read()
got = {l.split(":")[0]: float(l.split()[1]) for l in text.splitlines() if l.startswith(("site:", "compare:"))}
sites = [l for l in text.splitlines() if l.strip().startswith("site ")]
assert len(sites) == 5, text
assert got["site"] > 0 and got["site"] == got["compare"], text
print(f"consumer: docs/api.md's scenario example: 5 sites, {got['site']:.0f} people newly covered by site and by compare")
PY

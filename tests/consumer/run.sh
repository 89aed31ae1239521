#!/usr/bin/env bash
# The library as a user outside the tree gets it: `cmake --install` of BUILD_DIR into a temporary
# prefix, tests/consumer built against it with find_package(lifecircle), and its conversions of
# random GCJ-02 points compared with the CLI's `convert` of the same points.
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

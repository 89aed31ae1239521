#!/usr/bin/python3
"""Issue 18's proof as a test: on every real extract in the geodata folder, the engine's nearest
times agree with the independent networkx reference (walk_reference.py: the documented profile from
the raw OSM tags, by its own code) within max(3 s, 1 %) for at least 99.5 % of the sampled origins,
and every disagreement left is one listed in EXPLAINED below with its reason; a listed one that
now agrees fails too, so that the list says what the engine does now.

The same sample as benchmarks/proof_networkx.py (400 origins x 12 facilities per extract, seed 18):
the time goes into reading and building each extract on both sides (about 19 s of CPU for all
eight), not into the origins, and with fewer origins 99.5 % would allow no disagreement at all.
Exit 77 (ctest SKIP) when the geodata folder, osmium or the Python packages are missing, except
under CI=true, where that fails.

usage: proof_check.py LIFECIRCLE_BIN
"""
import glob
import os
import sys
import tempfile

SKIP = 77
ORIGINS = 400
FACILITIES = 12
SEED = 18

# extract (relative to the geodata folder) -> {origin OSM node: why the times differ}. Each reason
# is one the comparison itself makes, not the profile: the origin is given to the engine as a point,
# and another walked way passes within 1 cm of it without listing its node (a twin node at the very
# same coordinates), so the point is as much on that way as on the node's own; the engine snaps it
# to the nearest edge, ties to the lower edge id, and walks from there. The check below proves the
# twin is there (walk_reference.ways_passing), so a reason cannot go stale unnoticed. The listed
# origins are walked from on every run, besides the sample (which moved when gated compounds came in).
EXPLAINED = {
    "osm/helsinki_micro.osm.pbf": {
        6152373292: "the dead end of a level-2 tunnel footway (way 23653233) lies on node 256257243 of the "
                    "level-1 footway 23653209, a floor below and not joined to it there; the engine snaps the "
                    "point onto the level-1 footway and walks from there, the reference walks from the "
                    "level-2 end down the steps",
    },
    "osm/malta_2016.osm.pbf": {
        3987684979: "the end of track 137632260 lies on twin nodes 3987684976 (road 15450615) and 3987684978 "
                    "(track 137632253) at the same coordinates, not joined to it; the engine snaps the point onto "
                    "track 137632253 and walks from there, the reference walks from the node on track 137632260",
    },
}
TWIN_M = 0.01


def skip(why):
    if os.environ.get("CI") == "true":
        sys.exit(f"FAIL: {why} under CI=true")
    print(f"SKIP: {why}")
    sys.exit(SKIP)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    geodata = os.environ.get("LIFECIRCLE_GEODATA", os.path.join(here, "..", "..", "..", "shared", "geodata"))
    files = sorted(glob.glob(os.path.join(geodata, "**", "*.pbf"), recursive=True))
    if not files:
        skip(f"no .pbf extracts in {geodata} (set LIFECIRCLE_GEODATA)")
    try:
        sys.path.insert(0, here)
        from walk_reference import compare, ways_passing
    except ImportError as e:
        skip(f"{e.name} is missing (python3-networkx, python3-shapely, python3-pyproj)")
    if not any(os.access(os.path.join(d, "osmium"), os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep)):
        skip("osmium is missing (osmium-tool)")
    failures = []
    for path in files:
        name = os.path.relpath(path, geodata)
        with tempfile.TemporaryDirectory() as work:
            r = compare(binary, path, ORIGINS, FACILITIES, SEED, work, also=EXPLAINED.get(name, {}).keys())
        share = r["agree"] / r["origins"] if r["origins"] else 1.0
        print(f"{name}: {r['agree']}/{r['origins']} agree ({100 * share:.1f}%, {r['residents']} of the origins "
              f"inside gated compounds, {r['compound_facilities']} facilities there), reference {r['nodes']} nodes, "
              f"{r['seconds']:.1f} s", flush=True)
        explained = EXPLAINED.get(name, {})
        for o, e, f in r["disagree"]:
            note = explained.get(o)
            print(f"  node {o}: engine {e:.1f} s, reference {f:.1f} s: {note or 'NOT EXPLAINED'}")
            if not note:
                failures.append(f"{name}: node {o} (engine {e:.1f} s, reference {f:.1f} s) is not explained")
            elif not ways_passing(*r["osm"], o, TWIN_M):
                failures.append(f"{name}: node {o}: no other walked way passes within {TWIN_M} m: the reason given is wrong")
        for o in set(explained) - {d[0] for d in r["disagree"]}:
            failures.append(f"{name}: node {o} is listed as a disagreement but agrees now: drop it from EXPLAINED")
        if share < 0.995:
            failures.append(f"{name}: {100 * share:.1f}% of origins agree, under 99.5%")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Issue 18's Proof: an independent reference for the walking network on every real extract.

The reference reads the raw OSM tags itself (`osmium cat -f opl`, parsed here; none of the engine's
code) and implements the profile as docs/network.md documents it, in its own words:
  - walkable highway values, motor roads with foot=yes (trunk also with a sidewalk on the road),
    area=yes / area:highway / indoor=corridor|area ways, foot=* before access=*;
  - closed barriers (walls, fences, ..., and any barrier with foot=no|private, access=no without
    foot, locked=yes) end a way on both sides;
  - steps at half speed; footway|path|cycleway=crossing ways +5 s (+20 s signalled, none with
    crossing=no) per edge between intersections; crossing=* nodes on footpaths +5/+20 s to any walk on the footpath through them;
    highway=elevator ways +30 s per edge;
  - lengths on the WGS84 ellipsoid (pyproj.Geod), 1 m/s.
Pedestrian areas (closed ways) are walked along the rim and straight between any two of their
ring nodes and the graph nodes inside them (entry points) where the segment lies inside the
polygon (shapely/GEOS covers, 1 cm of slack; at most 150 such nodes per area). Crossing nodes: the
documented rule read as "a crossing node costs its delay to every walk that passes it on a
footpath" (an intersection's footpath ends join a hub half the delay from the node). Left out:
foot=use_sidepath is walked (the engine drops such a road where a footway runs beside it) and
multipolygon relations are not read. Each disagreement is put down to an area or use_sidepath road
on the reference's path, else a crossing node on it, else "unexplained"; "engine faster" counts
those where the engine's time is the lower.

For each extract: origins and facilities are sampled among the reference graph's intersection
nodes in its largest component (nodes with no delay of their own), written as points, and
`lifecircle reach --k 1 --speed 1 --max-snap 2` gives the engine's nearest times; networkx's
multi-source Dijkstra gives the reference's. Agreement: |a - b| <= max(3 s, 1 %), or both
unreachable. Prints a Markdown table and, per extract, the first five unexplained origins
(benchmarks/, not a ctest: about 75 s for all eight extracts, and the target is not met).

usage: proof_networkx.py LIFECIRCLE_BIN [GEODATA] [--origins N] [--facilities M] [--seed S]
"""
import argparse
import csv
import glob
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from urllib.parse import unquote

import networkx as nx
from shapely.geometry import LineString, Point, Polygon
from shapely.prepared import prep
from pyproj import Geod

WALKABLE = {"footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "track",
            "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
            "road", "corridor", "bridleway", "cycleway", "platform", "elevator"}
MOTOR = {"motorway", "motorway_link", "trunk", "trunk_link"}
AREA_HIGHWAY_WITH_AREA_YES = {"pedestrian", "footway", "path", "service", "living_street", "platform", "corridor", "track"}
AREA_HIGHWAY_TAG = {"pedestrian", "footway", "path", "platform", "corridor"}
FOOT_YES = {"yes", "designated", "permissive", "destination", "official", "customers"}
FOOT_NO = {"no", "private"}
ACCESS_NO = {"no", "private", "agricultural", "forestry"}
WALLS = {"fence", "wall", "hedge", "retaining_wall", "city_wall", "guard_rail"}
FOOTPATHS = {"footway", "path", "pedestrian", "steps", "cycleway", "bridleway", "corridor", "platform"}


def opl_tags(field):
    out = {}
    if not field:
        return out
    for kv in field.split(","):
        if "=" not in kv:
            continue
        k, v = kv.split("=", 1)
        out[decode(k)] = decode(v)
    return out


def decode(s):
    # OPL escapes characters as %XXXX% (hex code point)
    if "%" not in s:
        return s
    parts = s.split("%")
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        code = parts[i]
        out.append(chr(int(code, 16)) if code else "%")
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def read_osm(path):
    nodes, ways = {}, []
    text = subprocess.run(["osmium", "cat", "-f", "opl", "-o", "-", path], check=True, capture_output=True,
                          text=True).stdout
    for line in text.splitlines():
        fields = line.split(" ")
        kind = fields[0][0]
        if kind == "n":
            d = {f[0]: f[1:] for f in fields[1:] if f}
            if not d.get("x"):
                continue
            nodes[int(fields[0][1:])] = (float(d["x"]), float(d["y"]), opl_tags(d.get("T", "")))
        elif kind == "w":
            d = {f[0]: f[1:] for f in fields[1:] if f}
            refs = [int(r[1:]) for r in d.get("N", "").split(",") if r]
            ways.append((int(fields[0][1:]), opl_tags(d.get("T", "")), refs))
    return nodes, ways


def foot_rule(tags):
    foot = tags.get("foot")
    if foot in FOOT_YES:
        return "yes"
    if foot in FOOT_NO:
        return "no"
    if foot == "use_sidepath":
        return "sidepath"
    if tags.get("access") in ACCESS_NO:
        return "no"
    return "unsaid"


def way_rule(tags):
    """(walkable, kind, extra_s, factor): kind 'area' for areas, 'sidepath' for use_sidepath."""
    hw = tags.get("highway")
    kind = ""
    if hw is None:
        hw = tags.get("area:highway")
        if hw not in AREA_HIGHWAY_TAG:
            hw = None
        if hw is None and tags.get("indoor") in ("corridor", "area"):
            hw = "footway"
        if hw is None:
            return None
        kind = "area"
    elif tags.get("area") == "yes":
        if hw not in AREA_HIGHWAY_WITH_AREA_YES:
            return None
        kind = "area"
    foot = foot_rule(tags)
    if hw in WALKABLE:
        ok = foot != "no"
    elif hw in MOTOR:
        sidewalk = tags.get("sidewalk") in ("both", "left", "right", "yes") or any(
            tags.get(k) == "yes" for k in ("sidewalk:both", "sidewalk:left", "sidewalk:right"))
        ok = foot == "yes" or (foot == "unsaid" and hw in ("trunk", "trunk_link") and sidewalk)
    else:
        ok = False
    if not ok:
        return None
    extra = 0.0
    if any(tags.get(k) == "crossing" for k in ("footway", "path", "cycleway")) or hw == "crossing":
        if tags.get("crossing") != "no":
            signals = tags.get("crossing") == "traffic_signals" or tags.get("crossing:signals") == "yes"
            extra = 20.0 if signals else 5.0
    if hw == "elevator":
        extra += 30.0
    if foot == "sidepath" and not kind:
        kind = "sidepath"
    return hw, kind, extra, (2.0 if hw == "steps" else 1.0)


def barrier_closed(tags):
    b = tags.get("barrier")
    if not b or b == "no":
        return False
    if tags.get("foot") in FOOT_YES:
        return False
    by_tags = tags.get("foot") in FOOT_NO or ("foot" not in tags and tags.get("access") == "no") or \
        tags.get("locked") == "yes"
    return by_tags or b in WALLS


def node_delay(tags):
    if tags.get("crossing") and tags.get("crossing") != "no" or tags.get("highway") == "crossing":
        if tags.get("crossing") == "no":
            return 0.0
        signals = tags.get("crossing") == "traffic_signals" or tags.get("crossing:signals") == "yes"
        return 20.0 if signals else 5.0
    return 0.0


def reference_graph(nodes, ways):
    geod = Geod(ellps="WGS84")
    kept = []
    use = {}
    for wid, tags, refs in ways:
        rule = way_rule(tags)
        if rule is None:
            continue
        refs = [r for r in refs if r in nodes]
        if len(refs) < 2:
            continue
        kept.append((wid, tags, refs, rule))
        for i, r in enumerate(refs):
            use[r] = use.get(r, 0) + (2 if i in (0, len(refs) - 1) else 1)
    G = nx.Graph()
    flags = {"area": 0, "sidepath": 0}
    special = set()  # nodes on areas or sidepath roads: disagreements there are explained
    delayed = set()
    bnode = 0
    for wid, tags, refs, (hw, kind, extra, factor) in kept:
        if kind:
            flags[kind] += 1
            special.update(refs)
        footpath = hw in FOOTPATHS
        # split into edges between intersections (nodes used twice) and at closed barriers
        seg = [refs[0]]
        pieces = []
        for r in refs[1:]:
            seg.append(r)
            if use.get(r, 0) >= 2 or barrier_closed(nodes[r][2]):
                pieces.append(seg)
                seg = [r]
        if len(seg) > 1:
            pieces.append(seg)
        for p in pieces:
            length = 0.0
            for a, b in zip(p, p[1:]):
                length += geod.inv(nodes[a][0], nodes[a][1], nodes[b][0], nodes[b][1])[2]
            cost = length * factor + extra
            ends = []
            for i in (0, len(p) - 1):
                r = p[i]
                if barrier_closed(nodes[r][2]):
                    bnode += 1
                    ends.append(("b", r, bnode))  # each side of a wall its own end
                else:
                    ends.append(r)
            if footpath and extra == 0.0:  # a crossing way's delay is its own; its nodes add none
                for i, r in enumerate(p):
                    d = node_delay(nodes[r][2])
                    if not d:
                        continue
                    delayed.add(r)
                    if 0 < i < len(p) - 1:
                        cost += d
                        continue
                    # at an intersection: the footpath's end joins a hub d/2 from the node, so a walk
                    # on the footpath through it pays d (d/2 + d/2), one from a road onto it pays d,
                    # and one along the roads pays nothing
                    cost += d / 2
                    hub = ("x", r)
                    if not G.has_edge(hub, r):
                        G.add_edge(hub, r, w=d / 2)
                    k = 0 if i == 0 else 1
                    if not isinstance(ends[k], tuple):
                        ends[k] = hub
            u, v = ends
            if u == v:
                continue
            if G.has_edge(u, v):
                G[u][v]["w"] = min(G[u][v]["w"], cost)
            else:
                G.add_edge(u, v, w=cost)
    # Pedestrian areas walked straight across: every pair of a closed area's ring nodes joined by
    # a straight segment (exact for convex areas; the engine tests each segment against the
    # polygon, so a concave area can differ: counted under "area").
    cell = 0.002  # a grid of about 200 m over the graph's nodes, to find those inside an area
    grid = {}
    for n in G.nodes:
        if isinstance(n, int):
            grid.setdefault((int(nodes[n][0] // cell), int(nodes[n][1] // cell)), []).append(n)
    for wid, tags, refs, (hw, kind, extra, factor) in kept:
        if kind != "area" or refs[0] != refs[-1] or len(refs) < 4:
            continue
        ring = [r for r in dict.fromkeys(refs) if not barrier_closed(nodes[r][2])]
        poly = Polygon([nodes[r][:2] for r in refs]).buffer(1e-7)
        if poly.is_empty:
            continue
        inside_of = prep(poly)
        # entry points: nodes of the other walked ways inside the polygon
        x0, y0, x1, y1 = poly.bounds
        near = [n for i in range(int(x0 // cell), int(x1 // cell) + 1) for j in range(int(y0 // cell), int(y1 // cell) + 1)
                for n in grid.get((i, j), ())]
        on_ring = set(ring)
        inner = [n for n in near if x0 <= nodes[n][0] <= x1 and y0 <= nodes[n][1] <= y1 and n not in on_ring]
        if inner:
            ring += [n for n in inner if inside_of.covers(Point(nodes[n][:2]))]
        if len(ring) > 150:  # a bound on the pairs (11,175); larger areas are walked across partly
            ring = ring[:150]
        a_idx, b_idx = [], []
        for i in range(len(ring)):
            for j in range(i + 1, len(ring)):
                a_idx.append(ring[i]), b_idx.append(ring[j])
        if not a_idx:
            continue
        # only segments inside the polygon (GEOS, through shapely; a centimetre of slack for the rim)
        inside = [inside_of.covers(LineString([nodes[a][:2], nodes[b][:2]])) for a, b in zip(a_idx, b_idx)]
        a_idx = [a for a, ok in zip(a_idx, inside) if ok]
        b_idx = [b for b, ok in zip(b_idx, inside) if ok]
        if not a_idx:
            continue
        d = geod.inv([nodes[a][0] for a in a_idx], [nodes[a][1] for a in a_idx],
                     [nodes[b][0] for b in b_idx], [nodes[b][1] for b in b_idx])[2]
        for a, b, w in zip(a_idx, b_idx, d):
            if G.has_node(a) and G.has_node(b) and (not G.has_edge(a, b) or G[a][b]["w"] > w):
                G.add_edge(a, b, w=float(w))
    return G, flags, special, delayed


def run(binary, path, n_origins, n_fac, seed, work):
    t0 = time.time()
    nodes, ways = read_osm(path)
    G, flags, special, delayed = reference_graph(nodes, ways)
    comp = max(nx.connected_components(G), key=len)
    cands = sorted(n for n in comp if isinstance(n, int) and G.degree(n) != 2 and n not in delayed)
    if len(cands) < n_origins + n_fac:
        cands = sorted(n for n in comp if isinstance(n, int) and n not in delayed)
    rng = random.Random(seed)
    pick = rng.sample(cands, min(len(cands), n_origins + n_fac))
    fac, org = pick[:n_fac], pick[n_fac:]
    fcsv, ocsv, out = (os.path.join(work, f) for f in ("fac.csv", "org.csv", "reach.csv"))
    for name, ids in ((fcsv, fac), (ocsv, org)):
        with open(name, "w") as f:
            f.write("id,lon,lat\n")
            for n in ids:
                f.write(f"{n},{nodes[n][0]:.9f},{nodes[n][1]:.9f}\n")
    r = subprocess.run([binary, "-q", "reach", "--network", path, "--facilities", fcsv, "--id-field", "id",
                        "--origins", ocsv, "--origin-id-field", "id", "--k", "1", "--speed", "1", "--max-snap", "2",
                        "--thresholds", "1", "--overwrite", "--out", out], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{path}: lifecircle reach failed: {r.stdout}{r.stderr}")
    engine = {}
    with open(out) as f:
        for row in csv.DictReader(f):
            engine[int(row["origin_id"])] = float(row["nearest_s"]) if row["nearest_s"] else math.inf
    ref = nx.multi_source_dijkstra_path_length(G, set(fac), weight="w")
    agree = faster = 0
    why = {"area or use_sidepath": 0, "crossing node": 0, "unexplained": 0}
    worst = []
    for o in org:
        a, b = engine.get(o, math.inf), ref.get(o, math.inf)
        ok = (a == b == math.inf) or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= max(3.0, 0.01 * b))
        if ok:
            agree += 1
            continue
        faster += a < b
        # why: the reference's path touches an area rim or a use_sidepath road (rules it leaves out),
        # or passes a crossing node (charged half per footpath edge here, once to one edge there)
        path_nodes = nx.multi_source_dijkstra(G, set(fac), target=o, weight="w")[1] if math.isfinite(b) else []
        if any(n in special for n in path_nodes):
            why["area or use_sidepath"] += 1
        elif any(n in delayed or (isinstance(n, tuple) and n[0] == "x") for n in path_nodes):
            why["crossing node"] += 1
        else:
            why["unexplained"] += 1
            worst.append((o, a, b))
    return dict(file=os.path.relpath(path, os.path.dirname(os.path.dirname(path))), nodes=G.number_of_nodes(),
                edges=G.number_of_edges(), areas=flags["area"], sidepaths=flags["sidepath"], origins=len(org),
                facilities=len(fac), agree=agree, faster=faster, why=why, worst=worst, seconds=time.time() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("geodata", nargs="?", default=os.environ.get("LIFECIRCLE_GEODATA", "../shared/geodata"))
    ap.add_argument("--origins", type=int, default=400)
    ap.add_argument("--facilities", type=int, default=12)
    ap.add_argument("--seed", type=int, default=18)
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.geodata, "**", "*.pbf"), recursive=True))
    print("| extract | ref. nodes | ref. edges | areas | use_sidepath | origins | agree | share | areas/sidepath | crossing nodes | unexplained | engine faster | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in files:
        with tempfile.TemporaryDirectory() as work:
            r = run(a.binary, path, a.origins, a.facilities, a.seed, work)
        share = r["agree"] / r["origins"] if r["origins"] else 1.0
        print(f"| {r['file']} | {r['nodes']:,} | {r['edges']:,} | {r['areas']} | {r['sidepaths']} | {r['origins']} | "
              f"{r['agree']} | {100 * share:.1f}% | {r['why']['area or use_sidepath']} | {r['why']['crossing node']} | "
              f"{r['why']['unexplained']} | {r['faster']} | {r['seconds']:.1f} |",
              flush=True)
        for o, e, f in r["worst"][:5]:
            print(f"|   node {o}: engine {e:.1f} s, reference {f:.1f} s | | | | | | | | | | | | |", flush=True)


if __name__ == "__main__":
    main()

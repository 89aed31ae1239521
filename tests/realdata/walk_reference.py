#!/usr/bin/python3
"""Issue 18's proof: an independent reference for the walking network on the real extracts.

The reference reads the raw OSM tags itself (`osmium cat -f opl`, parsed here; none of the engine's
code) and implements the profile as docs/network.md documents it, in its own words:
  - walkable highway values, motor roads with foot=yes (trunk also with a sidewalk on the road),
    area=yes / area:highway / indoor=corridor|area ways, foot=* before access=*;
  - closed barriers (walls, fences, ..., and any barrier with foot=no|private, access=no without
    foot, locked=yes) end a way on both sides;
  - steps at half speed; footway|path|cycleway=crossing ways +5 s (+20 s signalled, none with
    crossing=no) per edge between intersections; highway=elevator ways +30 s per edge;
  - a crossing node on a footpath costs its delay once to every walk that uses the footpath at it
    (through it, onto the road, from one footpath into another), nothing to a walk along the road;
  - an elevator node joins the ways of each level through a shaft, 15 s from each level to it;
  - pedestrian areas (closed ways) reached by another walkable way are walked along the rim and
    straight between their entry points (ring nodes another walkable way shares, ends of walkable
    ways inside), and their reflex corners, wherever the segment lies inside the polygon (shapely
    covers in the UTM zone of the extract, 1 cm of slack); areas no other way reaches are left out;
  - gated compounds: a private way (access=private without foot=*, or foot=private) whose middle lies
    inside a closed landuse=residential way is a compound's; so are the other walked ways closed off
    behind them or behind private gates (a passing barrier with access=private and no foot=*): cut at
    private gates and closed barriers into stretches joined at shared nodes, a group of stretches that
    reaches a private gate or such a private way and has every middle inside residential land. A walk
    may leave a compound's ways for the others, never enter them from the others: the graph is
    directed, a compound's ways meet the others at a node of their own ("c", node) with a link of no
    length out to the node, none back; other private ways are not walked;
  - lengths on the WGS84 ellipsoid (pyproj.Geod), 1 m/s.
Left out: foot=use_sidepath roads are all walked (the engine drops those with a footway beside) and
multipolygon relations are not read (nor are they by the engine).

compare() samples origins and facilities among the reference graph's intersection nodes in its
largest component (nodes with no delay of their own, none of a compound's), then facilities of a
second category (up to a quarter, and a third of those nodes) and more origins (up to a tenth of
the sample) among the nodes inside
compounds (residents, who leave through the gates, and what only they reach), writes them as points, and runs
`lifecircle reach --k 1 --speed 1 --max-snap 2` for the engine's nearest times; networkx's
multi-source Dijkstra (per category) gives the reference's. Agreement: |a - b| <= max(3 s, 1 %), or
both unreachable, in every category. Used by benchmarks/proof_networkx.py (the full sample, a table) and
tests/realdata/proof_check.py (ctest: a smaller sample, every disagreement explained).
"""
import csv
import math
import os
import random
import subprocess
import time

import networkx as nx
from shapely.geometry import LineString, Point, Polygon
from shapely.prepared import prep
from pyproj import Geod, Transformer

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
    if foot == "private":
        return "private"
    if foot in FOOT_NO:
        return "no"
    if foot == "use_sidepath":
        return "sidepath"
    if tags.get("access") == "private":
        return "private"
    if tags.get("access") in ACCESS_NO:
        return "no"
    return "unsaid"


def way_rule(tags):
    """(walkable, kind, extra_s, factor, private): kind 'area' for areas, 'sidepath' for use_sidepath;
    private: walked only as a gated compound's way."""
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
        foot = "no" if foot == "private" else foot
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
    return hw, kind, extra, (2.0 if hw == "steps" else 1.0), foot == "private"


def barrier_closed(tags):
    b = tags.get("barrier")
    if not b or b == "no":
        return False
    if tags.get("foot") in FOOT_YES:
        return False
    by_tags = tags.get("foot") in FOOT_NO or ("foot" not in tags and tags.get("access") == "no") or \
        tags.get("locked") == "yes"
    return by_tags or b in WALLS


def private_gate(tags):
    b = tags.get("barrier")
    return bool(b) and b != "no" and not barrier_closed(tags) and tags.get("access") == "private" and "foot" not in tags


def compound_stretches(nodes, ways):
    """Per walkable or private way id: None, or per stretch between its nodes i and i + 1 whether it is a
    gated compound's (the docstring above). `ways` are (id, tags, refs, rule), rule[4] private."""
    land = []
    for wid, tags, refs in ways[1]:
        refs = [r for r in refs if r in nodes]
        if tags.get("landuse") == "residential" and len(refs) >= 4 and refs[0] == refs[-1]:
            land.append(refs)
    out = {w[0]: None for w in ways[0]}
    if not land:
        return out
    xy = utm_xy(nodes, {r for refs in land for r in refs} | {r for w in ways[0] for r in w[2]})
    rings = []
    for refs in land:
        ring = [xy[r] for r in refs]
        rings.append((min(p[0] for p in ring), min(p[1] for p in ring), max(p[0] for p in ring),
                      max(p[1] for p in ring), ring))

    def in_ring(x, y, ring):  # even-odd: a ray to the east crosses the outline an odd number of times
        inside_ = False
        for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1]):
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside_ = not inside_
        return inside_

    def inside(refs):
        pts = [xy[r] for r in refs]
        mid = LineString(pts).interpolate(0.5, normalized=True) if len(set(pts)) >= 2 else Point(pts[0])
        return any(x0 <= mid.x <= x1 and y0 <= mid.y <= y1 and in_ring(mid.x, mid.y, ring)
                   for x0, y0, x1, y1, ring in rings)

    private_nodes = set()
    for wid, tags, refs, rule in ways[0]:
        if rule[4] and inside(refs):
            out[wid] = [True] * (len(refs) - 1)
            private_nodes.update(refs)
    stretches, cuts = [], set()
    for wid, tags, refs, rule in ways[0]:
        if rule[4]:
            continue
        first = 0
        for k in range(1, len(refs)):
            gate = private_gate(nodes[refs[k]][2])
            cut = gate or barrier_closed(nodes[refs[k]][2])
            if cut:
                cuts.add(refs[k])
            if cut or k == len(refs) - 1:
                stretches.append((wid, first, k))
                first = k
        if private_gate(nodes[refs[0]][2]) or barrier_closed(nodes[refs[0]][2]):
            cuts.add(refs[0])
    refs_of = {w[0]: w[2] for w in ways[0]}
    parent = list(range(len(stretches)))

    def root(s):
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    at = {}
    for s, (wid, a, b) in enumerate(stretches):
        for r in refs_of[wid][a:b + 1]:
            if r in cuts:
                continue
            if r in at:
                parent[root(s)] = root(at[r])
            else:
                at[r] = s
    groups = {}
    for s in range(len(stretches)):
        groups.setdefault(root(s), []).append(s)
    for members in groups.values():
        reaches = False
        for s in members:
            wid, a, b = stretches[s]
            refs = refs_of[wid][a:b + 1]
            reaches = reaches or private_gate(nodes[refs[0]][2]) or private_gate(nodes[refs[-1]][2]) or \
                any(r in private_nodes for r in refs)
        if not reaches or not all(inside(refs_of[stretches[s][0]][stretches[s][1]:stretches[s][2] + 1]) for s in members):
            continue
        for s in members:
            wid, a, b = stretches[s]
            if out[wid] is None:
                out[wid] = [False] * (len(refs_of[wid]) - 1)
            for i in range(a, b):
                out[wid][i] = True
    return out


def node_delay(tags):
    if tags.get("crossing") and tags.get("crossing") != "no" or tags.get("highway") == "crossing":
        if tags.get("crossing") == "no":
            return 0.0
        signals = tags.get("crossing") == "traffic_signals" or tags.get("crossing:signals") == "yes"
        return 20.0 if signals else 5.0
    return 0.0


def is_elevator(tags):
    return tags.get("highway") == "elevator"


def utm_xy(nodes, ids):
    """The nodes `ids` in the UTM zone of the extract's middle: {id: (x, y)} in metres."""
    ids = list(ids)
    if not ids:
        return {}
    lons = sorted(n[0] for n in nodes.values())
    lats = sorted(n[1] for n in nodes.values())
    lon, lat = lons[len(lons) // 2], lats[len(lats) // 2]
    epsg = (32600 if lat >= 0 else 32700) + min(60, max(1, int(math.floor((lon + 180.0) / 6.0)) + 1))
    xs, ys = Transformer.from_crs(4326, epsg, always_xy=True).transform([nodes[r][0] for r in ids],
                                                                         [nodes[r][1] for r in ids])
    return {r: (x, y) for r, x, y in zip(ids, xs, ys)}


def walked_ways(nodes, ways, stretches=None):
    """The ways walked, each (id, tags, refs, rule), and the number of distinct walked ways at each node:
    closed areas that share no node with another walked way are left out; private ways only where
    they are a compound's (compound_stretches, filled into `stretches` when given)."""
    kept = []
    for wid, tags, refs in ways:
        rule = way_rule(tags)
        if rule is None:
            continue
        refs = [r for r in refs if r in nodes]
        if len(refs) >= 2:
            kept.append((wid, tags, refs, rule))
    compound = compound_stretches(nodes, (kept, ways))
    kept = [w for w in kept if not w[3][4] or compound[w[0]] is not None]
    if stretches is not None:
        stretches.update(compound)

    def count(ws):
        at = {}
        for w in ws:
            for r in set(w[2]):
                at[r] = at.get(r, 0) + 1
        return at

    at = count(kept)
    kept = [w for w in kept if not is_closed_area(w) or any(at[r] >= 2 for r in w[2])]
    return kept, count(kept)


def is_closed_area(w):
    return w[3][1] == "area" and len(w[2]) >= 4 and w[2][0] == w[2][-1]


def reference_graph(nodes, ways):
    """The walking graph (directed: a compound's links lead out only), flags (counts of areas and
    sidepaths; `compound`: the nodes only a compound's ways use, `mixed`: those where its ways meet
    the others) and the nodes with a crossing delay."""
    geod = Geod(ellps="WGS84")
    stretches = {}
    kept, ways_at = walked_ways(nodes, ways, stretches)
    G = nx.DiGraph()

    def edge(u, v, w, both=True):
        for a, b in ((u, v), (v, u)) if both else ((u, v),):
            if not G.has_edge(a, b) or G[a][b]["w"] > w:
                G.add_edge(a, b, w=w)

    flags = {"area": 0, "sidepath": 0}
    delayed = set()
    bnode = 0

    elevators = {r for w in kept for r in w[2] if is_elevator(nodes[r][2])}

    def key(r, tags):  # an elevator node: one graph node per level of the ways reaching it
        return ("lvl", r, tags.get("level", "0")) if r in elevators else r

    def cls(wid, i):  # stretch i (node i to i + 1) of the way: a compound's?
        s = stretches.get(wid)
        return bool(s and s[i])

    use, levels, classes = {}, {}, {}
    for wid, tags, refs, rule in kept:
        for i, r in enumerate(refs):
            k = key(r, tags)
            here = {cls(wid, j) for j in (i - 1, i) if 0 <= j < len(refs) - 1}
            use[k] = use.get(k, 0) + (2 if i in (0, len(refs) - 1) or len(here) == 2 else 1)
            if not barrier_closed(nodes[r][2]):
                classes.setdefault(k, set()).update(here)
            if r in elevators:
                levels.setdefault(r, set()).add(k)
    across = sight_lines(nodes, kept, ways_at)
    for a, b, wid in across:  # a walk across ends at a graph node (a reflex corner splits the rim)
        use[a] = use[b] = 2
        for k in (a, b):  # an area's walks across are of its way's last stretch (as the engine's)
            classes.setdefault(k, set()).add(cls(wid, len(stretches.get(wid) or [0]) - 1))
    mixed = {k for k, c in classes.items() if len(c) == 2}
    flags["mixed"] = {k for k in mixed if isinstance(k, int)}
    flags["compound"] = {k for k, c in classes.items() if c == {True} and isinstance(k, int)}

    def end(k, compound):  # a compound's ways meet the others at a node of their own, with a link out
        if compound and k in mixed:
            edge(("c", k), k, 0.0, both=False)
            return ("c", k)
        return k

    for r, ks in levels.items():
        if len(ks) >= 2:  # a shaft: 15 s from each level to it, 30 s from one level to another
            for k in ks:
                use[k] = 2
                edge(k, ("shaft", r), 15.0)
    # every segment's length in one call (pyproj's loop, not Python's)
    a_end = [r for w in kept for r in w[2][:-1]]
    b_end = [r for w in kept for r in w[2][1:]]
    all_m = geod.inv([nodes[r][0] for r in a_end], [nodes[r][1] for r in a_end], [nodes[r][0] for r in b_end],
                     [nodes[r][1] for r in b_end])[2]
    way_first, at = {}, 0
    for w in kept:
        way_first[w[0]] = at
        at += len(w[2]) - 1
    for wid, tags, refs, (hw, kind, extra, factor, _private) in kept:
        if kind:
            flags[kind] += 1
        footpath = tags.get("highway") in FOOTPATHS
        # split into edges between intersections (nodes used twice), at closed barriers and where a
        # compound's stretch meets another's (a private gate)
        seg = [refs[0]]
        pieces = []
        for r in refs[1:]:
            seg.append(r)
            if use.get(key(r, tags), 0) >= 2 or barrier_closed(nodes[r][2]):
                pieces.append(seg)
                seg = [r]
        if len(seg) > 1:
            pieces.append(seg)
        seg_m = all_m[way_first[wid]:way_first[wid] + len(refs) - 1]
        first = 0  # index in refs of the piece's first node
        for p in pieces:
            length = float(sum(seg_m[first:first + len(p) - 1]))
            compound = cls(wid, first)
            first += len(p) - 1
            cost = length * factor + extra
            ends = []
            for i in (0, len(p) - 1):
                r = p[i]
                if barrier_closed(nodes[r][2]):
                    bnode += 1
                    ends.append(("b", r, bnode))  # each side of a wall its own end
                else:
                    ends.append(end(key(r, tags), compound))
            if footpath and extra == 0.0:  # a crossing way's delay is its own; its nodes add none
                for i, r in enumerate(p):
                    d = node_delay(nodes[r][2])
                    if not d or barrier_closed(nodes[r][2]):
                        continue
                    delayed.add(r)
                    if 0 < i < len(p) - 1:
                        cost += d
                        continue
                    # at an intersection: the footpath's end joins a hub d/2 from the node, so a walk
                    # on the footpath through it pays d (d/2 + d/2), one from a road onto it pays d,
                    # and one along the roads pays nothing
                    cost += d / 2
                    at = ends[0 if i == 0 else 1]
                    hub = ("x", at)
                    if not G.has_edge(hub, at):
                        edge(hub, at, d / 2)
                    ends[0 if i == 0 else 1] = hub
            u, v = ends
            if u == v:
                continue
            edge(u, v, cost)
    across_m = geod.inv([nodes[a][0] for a, _, _ in across], [nodes[a][1] for a, _, _ in across],
                        [nodes[b][0] for _, b, _ in across], [nodes[b][1] for _, b, _ in across])[2] if across else []
    for (a, b, wid), d in zip(across, across_m):
        compound = cls(wid, len(stretches.get(wid) or [0]) - 1)
        edge(end(a, compound), end(b, compound), float(d))
    return G, flags, delayed


def sight_lines(nodes, kept, ways_at):
    """Pedestrian areas walked straight across: every pair of an area's entry points and reflex
    corners whose segment lies inside the polygon (a visibility graph; shortest walks inside a
    polygon bend only at reflex corners), as pairs of OSM node ids with the area's way id."""
    out = []
    need = [r for w in kept for r in ((w[2][0], w[2][-1]) if not is_closed_area(w) else w[2])]
    xy_of = utm_xy(nodes, set(need))
    ends = {}  # ends of the walked ways that are not closed areas: entry points inside an area
    for w in kept:
        if not is_closed_area(w):
            for r in (w[2][0], w[2][-1]):
                if not barrier_closed(nodes[r][2]) and not is_elevator(nodes[r][2]):
                    ends[r] = xy_of[r]
    cell = 200.0  # a grid of 200 m over those ends, to find the ones inside an area
    grid = {}
    for r, (x, y) in ends.items():
        grid.setdefault((int(x // cell), int(y // cell)), []).append(r)
    for w in kept:
        if not is_closed_area(w):
            continue
        ring = w[2][:-1]
        xy = [xy_of[r] for r in ring]
        poly = Polygon(xy)
        if not poly.is_valid or poly.area == 0:
            continue  # the rim only
        ccw = signed_area(xy) > 0
        pts = []
        n = len(ring)
        for i, r in enumerate(ring):
            if barrier_closed(nodes[r][2]) or is_elevator(nodes[r][2]):
                continue
            (px, py), (qx, qy), (sx, sy) = xy[i - 1], xy[i], xy[(i + 1) % n]
            turn = (qx - px) * (sy - qy) - (qy - py) * (sx - qx)
            reflex = turn < 0 if ccw else turn > 0
            if ways_at[r] >= 2:
                pts.append((r, xy[i], None))
            elif reflex:  # a walk only bends here: its neighbours, to test that it goes round the corner
                pts.append((r, xy[i], (xy[i - 1], xy[(i + 1) % n])))
        on_ring = set(ring)
        x0, y0, x1, y1 = poly.bounds
        inside = prep(poly.buffer(0.01))  # a centimetre of slack for segments along the rim
        seen = set()
        for i in range(int(x0 // cell), int(x1 // cell) + 1):
            for j in range(int(y0 // cell), int(y1 // cell) + 1):
                for r in grid.get((i, j), ()):
                    if r not in on_ring and r not in seen and inside.covers(Point(ends[r])):
                        seen.add(r)
                        pts.append((r, ends[r], None))
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                (a, pa, na), (b, pb, nb) = pts[i], pts[j]
                if a == b or pa == pb or not round_corner(pa, na, pb) or not round_corner(pb, nb, pa):
                    continue
                if inside.covers(LineString([pa, pb])):
                    out.append((a, b, w[0]))
    return out


def round_corner(c, neighbours, other):
    """Whether a straight walk from corner c to `other` can be part of a shortest walk bending at c:
    it goes round the corner, its line leaving both of c's ring neighbours on one side (a segment
    through the corner into the polygon's outside wedge is never on a shortest walk)."""
    if neighbours is None:
        return True
    (px, py), (rx, ry) = neighbours
    dx, dy = other[0] - c[0], other[1] - c[1]
    side_p = dx * (py - c[1]) - dy * (px - c[0])
    side_r = dx * (ry - c[1]) - dy * (rx - c[0])
    return side_p * side_r >= 0


def signed_area(xy):
    return sum(xy[i - 1][0] * xy[i][1] - xy[i][0] * xy[i - 1][1] for i in range(len(xy))) / 2


def ways_passing(nodes, ways, node, within_m):
    """The walked ways that pass within `within_m` metres of `node` without listing it: a point
    there is as near to them as to its own ways, and snapping (to the nearest edge, ties to the
    lower edge id) may put it on one of them, on another level or across a junction never drawn."""
    kept, _ = walked_ways(nodes, ways)
    near = [w for w in kept if node not in w[2]]
    xy = utm_xy(nodes, {node} | {r for w in near for r in w[2]})
    at = Point(xy[node])
    return sorted(w[0] for w in near if LineString([xy[r] for r in w[2]]).distance(at) <= within_m)


def compare(binary, path, n_origins, n_fac, seed, work, also=()):
    """The engine's nearest times against the reference's on one extract, from the sampled origins
    and the nodes `also` (those of them in the sample's component). Returns a dict with the
    counts and `disagree`: (origin node, engine s, reference s) per origin
    whose times differ by more than max(3 s, 1 %)."""
    t0 = time.time()
    nodes, ways = read_osm(path)
    G, flags, delayed = reference_graph(nodes, ways)
    U = G.to_undirected(as_view=True)
    comp = max(nx.connected_components(U), key=len)
    # a point at a node where a compound's ways meet the others would join either: not sampled
    public = [n for n in comp if isinstance(n, int) and n not in delayed and n not in flags["compound"]
              and n not in flags["mixed"]]
    cands = sorted(n for n in public if U.degree(n) != 2)
    if len(cands) < n_origins + n_fac:
        cands = sorted(public)
    rng = random.Random(seed)
    pick = rng.sample(cands, min(len(cands), n_origins + n_fac))
    fac, org = pick[:n_fac], pick[n_fac:]
    # residents: nodes inside compounds, who reach the facilities through the gates; and a few
    # facilities inside compounds, which only their own residents reach
    inner = sorted(n for n in comp if n in flags["compound"] and n not in delayed)
    inner_fac = rng.sample(inner, min(len(inner) // 3, n_fac // 4))
    inner = [n for n in inner if n not in inner_fac]
    residents = rng.sample(inner, min(len(inner), n_origins // 10))
    org = org + residents + sorted(n for n in also if n in comp and n not in org and n not in fac and n not in residents)
    fcsv, ocsv, out = (os.path.join(work, f) for f in ("fac.csv", "org.csv", "reach.csv"))
    with open(ocsv, "w") as f:
        f.write("id,lon,lat\n")
        for n in org:
            f.write(f"{n},{nodes[n][0]:.9f},{nodes[n][1]:.9f}\n")
    with open(fcsv, "w") as f:  # two categories: the sample's facilities, and those inside compounds
        f.write("id,cat,lon,lat\n")
        for cat, ids in (("street", fac), ("compound", inner_fac)):
            for n in ids:
                f.write(f"{n},{cat},{nodes[n][0]:.9f},{nodes[n][1]:.9f}\n")
    r = subprocess.run([binary, "-q", "reach", "--network", path, "--facilities", fcsv, "--id-field", "id",
                        "--category-field", "cat",
                        "--origins", ocsv, "--origin-id-field", "id", "--k", "1", "--speed", "1", "--max-snap", "2",
                        "--thresholds", "1", "--overwrite", "--out", out], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{path}: lifecircle reach failed: {r.stdout}{r.stderr}")
    engine = {}
    with open(out) as f:
        for row in csv.DictReader(f):
            engine[int(row["origin_id"]), row["category"]] = float(row["nearest_s"]) if row["nearest_s"] else math.inf
    back = G.reverse(copy=False)  # walks to a facility
    refs = [("street", nx.multi_source_dijkstra_path_length(back, set(fac), weight="w"))]
    if inner_fac:  # outsiders never reach these, residents of their compound do
        refs.append(("compound", nx.multi_source_dijkstra_path_length(back, set(inner_fac), weight="w")))
    agree = faster = 0
    disagree = []
    for o in org:
        ok_all = True
        for cat, ref in refs:
            a, b = engine.get((o, cat), math.inf), ref.get(o, math.inf)
            ok = (a == b == math.inf) or (math.isfinite(a) and math.isfinite(b) and abs(a - b) <= max(3.0, 0.01 * b))
            if not ok:
                ok_all = False
                faster += a < b
                disagree.append((o, a, b))
        agree += ok_all
    return dict(osm=(nodes, ways), nodes=G.number_of_nodes(), edges=G.number_of_edges(), areas=flags["area"],
                sidepaths=flags["sidepath"], origins=len(org), residents=len(residents), facilities=len(fac),
                compound_facilities=len(inner_fac),
                agree=agree, faster=faster,
                disagree=disagree, seconds=time.time() - t0)

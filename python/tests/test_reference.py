"""lifecircle.reach against networkx on small random graphs: walking times to the k nearest
facilities and the counts within each threshold, at graph nodes (origins="nodes" and origins
standing on nodes) and at points along edges. The graphs carry the cases that break routers: lines
given twice and in both directions, ends that differ by less than the merge tolerance, zero-length
lines, two facilities at one spot, a lattice where many paths tie, and a component nothing reaches.

The reference is independent of the engine: the networks are drawn in UTM 33N metres, sent to
lifecircle as lon/lat (pyproj), and networkx walks the straight-line lengths in metres."""
import math

import geopandas as gpd
import networkx as nx
import numpy as np
import pyproj
import pytest
from shapely.geometry import LineString, Point

import lifecircle

UTM = 32633
TO_LONLAT = pyproj.Transformer.from_crs(UTM, 4326, always_xy=True)
X0, Y0 = 500000.0, 3970000.0  # Malta-ish
# Engine costs are integer milliseconds per edge and per partial edge; near-duplicate ends move a
# path by up to 5 cm. Times agree within this; pairs this close to a threshold are not counted.
TOL = 0.1


class Drawn:
    """A drawn network: nodes in metres, the lines sent to lifecircle and the graph networkx walks."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.xy = []          # reference node -> (x, y)
        self.lines = []       # (x, y) lists, as sent
        self.graph = nx.Graph()

    def node(self, x, y):
        self.xy.append((x, y))
        self.graph.add_node(len(self.xy) - 1)
        return len(self.xy) - 1

    def edge(self, a, b, jitter=False):
        (xa, ya), (xb, yb) = self.xy[a], self.xy[b]
        length = math.hypot(xb - xa, yb - ya)
        if length == 0:
            return
        old = self.graph.get_edge_data(a, b)
        self.graph.add_edge(a, b, w=min(length, old["w"]) if old else length)
        if jitter:  # an end 1.1 cm off: merged by the 0.5 m tolerance
            xb, yb = xb + 0.01, yb - 0.005
        self.lines.append([(xa, ya), (xb, yb)])

    def frame(self):
        geoms = []
        for line in self.lines:
            lon, lat = TO_LONLAT.transform([p[0] for p in line], [p[1] for p in line])
            geoms.append(LineString(list(zip(lon, lat))))
        return gpd.GeoDataFrame({"highway": ["footway"] * len(geoms)}, geometry=geoms, crs=4326)

    def lonlat(self, x, y):
        return TO_LONLAT.transform(x, y)


def draw(seed):
    d = Drawn(seed)
    rng = d.rng
    # A random geometric graph: nodes at least 8 m apart, each joined to its 2-3 nearest.
    pts = []
    while len(pts) < 60:
        p = rng.uniform(0, 700, 2)
        if all(math.hypot(*(p - q)) > 8 for q in pts):
            pts.append(p)
    ids = [d.node(X0 + p[0], Y0 + p[1]) for p in pts]
    for i, p in enumerate(pts):
        dist = sorted((math.hypot(*(p - q)), j) for j, q in enumerate(pts) if j != i)
        for _, j in dist[: rng.integers(2, 4)]:
            d.edge(ids[i], ids[j], jitter=bool(rng.random() < 0.15))
    # Lines given twice, once reversed.
    for a, b in list(d.graph.edges())[:5]:
        d.lines.append(list(reversed([d.xy[a], d.xy[b]])))
    # Zero-length lines at existing nodes (nothing to walk: the reference ignores them).
    for a in ids[:3]:
        d.lines.append([d.xy[a], d.xy[a]])
    # A lattice of 50 m squares beside it, joined at one corner: ties everywhere.
    lattice = {}
    for i in range(5):
        for j in range(5):
            lattice[i, j] = d.node(X0 + 800 + 50 * i, Y0 + 50 * j)
    for i in range(5):
        for j in range(5):
            if i < 4:
                d.edge(lattice[i, j], lattice[i + 1, j])
            if j < 4:
                d.edge(lattice[i, j], lattice[i, j + 1])
    nearest = min(ids, key=lambda n: math.hypot(d.xy[n][0] - (X0 + 800), d.xy[n][1] - Y0))
    d.edge(nearest, lattice[0, 0])
    # A component of its own, 2 km away: nothing reaches it.
    far = [d.node(X0 + 3000 + 40 * i, Y0 + 3000) for i in range(3)]
    d.edge(far[0], far[1])
    d.edge(far[1], far[2])
    d.lattice, d.far = lattice, far
    return d


def facilities_of(d):
    """Facilities at nodes, two categories; two facilities share one node; one on the far component."""
    rng = d.rng
    nodes = [n for n in d.graph.nodes if n not in d.far]
    at = list(rng.choice(nodes, size=10, replace=False)) + [d.lattice[2, 2], d.lattice[4, 4]]
    at.append(at[0])  # two facilities at one spot
    cats = ["a" if i % 2 == 0 else "b" for i in range(len(at))]
    at.append(d.far[2])
    cats.append("b")
    lon, lat = zip(*(d.lonlat(*d.xy[n]) for n in at))
    frame = gpd.GeoDataFrame({"id": [f"f{i:02d}" for i in range(len(at))], "category": cats},
                             geometry=gpd.points_from_xy(lon, lat), crs=4326)
    return frame, at, cats


def reference(d, fac_nodes, cats, speed):
    """category -> (node -> sorted list of (time, facility id))."""
    out = {}
    for cat in sorted(set(cats)):
        per = {}
        for i, (n, c) in enumerate(zip(fac_nodes, cats)):
            if c != cat:
                continue
            dist = nx.single_source_dijkstra_path_length(d.graph, n, weight="w")
            for m, dm in dist.items():
                per.setdefault(m, []).append((dm / speed, f"f{i:02d}"))
        out[cat] = {m: sorted(v) for m, v in per.items()}
    return out


def check(row, times, k, thresholds):
    """A result row against the reference's (time, id) list of one origin and category."""
    want = [t for t, _ in times]
    for j in range(k):
        got = row["nearest_s" if j == 0 else f"k{j + 1}_s"]
        if j < len(want):
            assert got == pytest.approx(want[j], abs=TOL), (row["origin_id"], j, got, want[j])
        else:
            assert math.isnan(got), (row["origin_id"], j, got)
    if want and (len(want) == 1 or want[1] - want[0] > TOL):
        assert row["nearest_id"] == times[0][1]
    elif not want:
        assert row["nearest_id"] is None
    for m in thresholds:
        limit = m * 60
        if any(abs(t - limit) < TOL for t in want):
            continue
        assert row[f"count_{m:g}".replace(".", "_")] == sum(t <= limit for t in want), (row["origin_id"], m)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_times_at_nodes_and_along_edges(seed):
    d = draw(seed)
    net = lifecircle.Network.from_lines(d.frame(), crs=UTM)
    fac, fac_nodes, cats = facilities_of(d)
    speed = 1.3
    ref = reference(d, fac_nodes, cats, speed)
    k, thresholds = 4, (1, 2.5, 4)

    # Origins on every reference node, and at points along edges (fraction t from a to b).
    names, lon, lat, where = [], [], [], []
    for n in d.graph.nodes:
        names.append(f"n{n}")
        where.append(("node", n))
    for a, b in list(d.graph.edges())[::3]:
        t = float(d.rng.uniform(0.1, 0.9))
        names.append(f"e{a}_{b}")
        where.append(("edge", a, b, t))
    for w in where:
        if w[0] == "node":
            x, y = d.xy[w[1]]
        else:
            (xa, ya), (xb, yb) = d.xy[w[1]], d.xy[w[2]]
            x, y = xa + w[3] * (xb - xa), ya + w[3] * (yb - ya)
        lo, la = d.lonlat(x, y)
        lon.append(lo)
        lat.append(la)
    origins = gpd.GeoDataFrame({"name": names}, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    df = lifecircle.reach(net, fac, origins, category_field="category", id_field="id", origin_id_field="name",
                          speed=speed, k=k, thresholds=thresholds)
    assert list(df.columns) == ["origin_id", "category", "nearest_s", "nearest_id", "k2_s", "k3_s", "k4_s",
                                "count_1", "count_2_5", "count_4", "snap_m"]
    assert len(df) == 2 * len(names)
    rows = {(r["origin_id"], r["category"]): r for r in df.to_dict("records")}
    checked = 0
    for name, w in zip(names, where):
        for cat in ("a", "b"):
            row = rows[name, cat]
            assert row["snap_m"] == pytest.approx(0, abs=0.05)  # merged ends move by up to 1.1 cm
            if w[0] == "node":
                times = ref[cat].get(w[1], [])
            else:
                _, a, b, t = w
                length = d.graph[a][b]["w"] / speed
                best = {}
                for end, part in ((a, t * length), (b, (1 - t) * length)):
                    for tt, fid in ref[cat].get(end, []):
                        best[fid] = min(best.get(fid, math.inf), tt + part)
                times = sorted((tt, fid) for fid, tt in best.items())
            check(row, times, k, thresholds)
            checked += 1
    assert checked == 2 * len(names)
    # The far component: nothing of "a" reaches it, its own "b" facility does.
    far = rows[f"n{d.far[0]}", "a"]
    assert math.isnan(far["nearest_s"]) and far["count_4"] == 0
    assert rows[f"n{d.far[0]}", "b"]["nearest_s"] == pytest.approx(80 / speed, abs=TOL)


def test_nodes_as_origins_match_the_reference():
    d = draw(7)
    net = lifecircle.Network.from_lines(d.frame(), crs=UTM)
    fac, fac_nodes, cats = facilities_of(d)
    ref = reference(d, fac_nodes, cats, 1.0)
    nodes = net.nodes()
    # Every engine node is a drawn node (intersections and ends; the merge keeps one of each pair).
    to_utm = pyproj.Transformer.from_crs(4326, UTM, always_xy=True)
    x, y = to_utm.transform(nodes.geometry.x.to_numpy(), nodes.geometry.y.to_numpy())
    drawn = np.asarray(d.xy)
    match = {}
    for i, (xi, yi) in enumerate(zip(x, y)):
        dist = np.hypot(drawn[:, 0] - xi, drawn[:, 1] - yi)
        assert dist.min() < 0.05, (i, dist.min())
        match[str(i)] = int(dist.argmin())
    df = lifecircle.reach(net, fac, "nodes", category_field="category", id_field="id", k=3)
    assert len(df) == 2 * net.node_count and (df["snap_m"] == 0).all()
    for row in df.to_dict("records"):
        check(row, ref[row["category"]].get(match[row["origin_id"]], []), 3, (5, 10, 15))
    # The edges' lengths are the drawn straight lines (duplicates included, zero-length dropped).
    edges = net.edges()
    assert (edges["length_m"] > 0).all()
    assert (edges["oneway"] == 0).all()  # GIS lines have no gated compounds: every edge both ways
    total_drawn = sum(math.hypot(l[1][0] - l[0][0], l[1][1] - l[0][1]) for l in d.lines)
    assert edges["length_m"].sum() == pytest.approx(total_drawn, abs=0.05 * len(d.lines))


def test_arrays_are_the_frame_without_copies():
    d = draw(11)
    net = lifecircle.Network.from_lines(d.frame(), crs=UTM)
    fac, _, _ = facilities_of(d)
    r = lifecircle.reach(net, fac, "nodes", category_field="category", id_field="id", arrays=True)
    df = lifecircle.reach(net, fac, "nodes", category_field="category", id_field="id")
    a = r["categories"][0]["nearest_s"]
    assert a.shape == (net.node_count, 3) and a.dtype == np.float64
    assert not a.flags["OWNDATA"] and a.base is not None  # a view over the engine's vector
    assert r["categories"][0]["counts"].dtype == np.uint32
    first = df[df["category"] == r["categories"][0]["id"]]
    np.testing.assert_array_equal(first["nearest_s"].to_numpy(), a[:, 0])
    np.testing.assert_array_equal(first["k3_s"].to_numpy(), a[:, 2])

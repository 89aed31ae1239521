#!/usr/bin/python3
"""The OSMnx + networkx peer of `lifecircle reach --origins nodes`: nearest walking time from every
node of the walking network to each facility category, the way an OSMnx 1.2 user would compute it.

OSMnx 1.2 reads OSM XML, not PBF, and builds a graph from every way in the file, so the PBF is first
cut into two XML files with osmium (Debian osmium-tool): the highways and the tagged POIs. That
conversion is part of the peer's pipeline; benchmarks/run.sh times it separately and together.

    osmnx_peer.py convert PBF WALK.osm POIS.osm
    osmnx_peer.py run --walk WALK.osm --pois POIS.osm --catalog categories.toml \
        --categories a,b,... --out peer.csv [--speed 1.0]

To compare like with like the peer keeps the ways lifecircle's walking profile keeps (the same
highway classes and foot/access rules, engine/network/osm_profile.cpp), walks every way in both
directions, slows steps by the same factor (2), and takes facilities from the same catalog tag
rules at the same points (a node, or the area centroid of a closed way). What it does not model:
lifecircle's crossing delays (5 s, 20 s signalled) and its snapping of facilities onto the nearest
point of the nearest edge with the off-network leg walked; OSMnx snaps a facility to its nearest
graph node (ox.nearest_nodes) with no leg. compare_malta.py measures what these change.

Output CSV: node,lon,lat,category,nearest_s (nearest_s empty where no facility is reachable);
with --facilities-out also id,lon,lat,category of every facility at the node it was snapped to.
Stage timings go to stderr as `stage NAME SECONDS`.
"""
import argparse
import csv
import subprocess
import sys
import time
import tomllib

WALKABLE = {"footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "track",
            "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
            "primary_link", "road", "corridor", "bridleway", "cycleway", "platform", "elevator"}
MOTOR_ONLY = {"motorway", "motorway_link", "trunk", "trunk_link"}
FOOT_YES = {"yes", "designated", "permissive", "destination", "official"}
NO = {"no", "private", "use_sidepath"}
STEPS_FACTOR = 2.0
WAY_TAGS = ["highway", "foot", "access", "area"]


def walkable(tags):
    """engine/network/osm_profile.cpp walk_access(...).walkable, for a dict of way tags."""
    hw = tags.get("highway")
    if hw is None or (tags.get("area") == "yes" and hw != "pedestrian"):
        return False
    if hw in WALKABLE:
        foot = tags.get("foot")
        if foot in FOOT_YES:
            return True
        if foot in NO or tags.get("access") in NO:
            return False
        return True
    return hw in MOTOR_ONLY and tags.get("foot") in FOOT_YES


def convert(pbf, walk_osm, pois_osm):
    """PBF -> the two XML files OSMnx can read. Ways only with a highway tag (and their nodes);
    nodes and ways with the keys the catalog's OSM rules use."""
    subprocess.run(["osmium", "tags-filter", "--overwrite", "-o", walk_osm, pbf, "w/highway"], check=True)
    subprocess.run(["osmium", "tags-filter", "--overwrite", "-o", pois_osm, pbf,
                    "nw/shop", "nw/amenity", "nw/healthcare", "nw/leisure", "nw/office", "nw/craft"], check=True)


def catalog_rules(path, wanted):
    """category id -> (list of tag conjunctions, name keywords, name exclusions), from the catalog."""
    with open(path, "rb") as f:
        cats = {c["id"]: c for c in tomllib.load(f)["category"]}
    rules = {}
    for cid in wanted:
        c = cats[cid]
        conj = [[tuple(kv.split("=", 1)) for kv in rule.split("+")] for rule in c.get("osm", [])]
        rules[cid] = (conj, c.get("name_keywords", []), c.get("name_exclude", []))
    return rules


def categories_of(tags, rules):
    """engine/access/catalog.cpp matches_osm: an exclusion by name first, then tags or name."""
    name = tags.get("name") or ""
    out = []
    for cid, (conj, keywords, exclude) in rules.items():
        if any(x in name for x in exclude):
            continue
        if any(all(tags.get(k) == v for k, v in rule) for rule in conj) or any(k in name for k in keywords):
            out.append(cid)
    return out


class Stages:
    def __init__(self):
        self.t = time.perf_counter()

    def done(self, name):
        now = time.perf_counter()
        print(f"stage {name} {now - self.t:.3f}", file=sys.stderr, flush=True)
        self.t = now


def build_graph(nx, ox, walk_osm, speed):
    ox.settings.useful_tags_way = sorted(set(ox.settings.useful_tags_way) | set(WAY_TAGS))
    # Every way in both directions (on foot oneway does not apply); every component (Malta is
    # two islands; lifecircle keeps them all).
    G = ox.graph_from_xml(walk_osm, bidirectional=True, simplify=False, retain_all=True)
    # Only the walkable ways, in a fresh graph: simplify_graph expects edge keys from 0.
    H = nx.MultiDiGraph(**G.graph)
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if walkable(d))
    H.add_nodes_from((n, G.nodes[n]) for n in H.nodes)
    for u, v, d in H.edges(data=True):
        factor = STEPS_FACTOR if d.get("highway") == "steps" else 1.0
        d["travel_time"] = d["length"] * factor / speed
    return ox.simplify_graph(H)


def load_facilities(ox, pois_osm, rules):
    import shapely.geometry as sg
    gdf = ox.geometries_from_xml(pois_osm)
    gdf = gdf.reset_index()
    points, cats = [], []
    tag_cols = [c for c in gdf.columns if c not in ("element_type", "osmid", "geometry", "nodes")]
    for row in gdf.itertuples(index=False):
        r = row._asdict()
        if r["element_type"] not in ("node", "way"):
            continue
        geom = r["geometry"]
        if r["element_type"] == "way":
            if geom.geom_type == "LineString":
                if not geom.is_ring:
                    continue  # lifecircle takes closed ways only
                geom = sg.Polygon(geom.coords)
            geom = geom.centroid
        tags = {c: r[c] for c in tag_cols if isinstance(r.get(c), str)}
        found = categories_of(tags, rules)
        if found:
            points.append((geom.x, geom.y))
            cats.append(found)
    return points, cats


def run(args):
    import networkx as nx
    import osmnx as ox
    from pyproj import Transformer

    st = Stages()
    wanted = args.categories.split(",")
    rules = catalog_rules(args.catalog, wanted)
    G = build_graph(nx, ox, args.walk, args.speed)
    st.done("graph")
    Gp = ox.project_graph(G)  # nearest_nodes on lon/lat needs scikit-learn; projected uses scipy
    st.done("project")
    points, cats = load_facilities(ox, args.pois, rules)
    st.done("facilities")
    to_metric = Transformer.from_crs("EPSG:4326", Gp.graph["crs"], always_xy=True)
    xs, ys = to_metric.transform([p[0] for p in points], [p[1] for p in points])
    nearest = ox.nearest_nodes(Gp, list(xs), list(ys))
    st.done("nearest_nodes")
    times = {}
    for cid in wanted:
        sources = {n for n, cs in zip(nearest, cats) if cid in cs}
        times[cid] = nx.multi_source_dijkstra_path_length(G, sources, weight="travel_time") if sources else {}
    st.done("dijkstra")
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["node", "lon", "lat", "category", "nearest_s"])
        for cid in sorted(wanted):
            t = times[cid]
            for n, d in G.nodes(data=True):
                s = t.get(n)
                w.writerow([n, d["x"], d["y"], cid, "" if s is None else f"{s:.1f}"])
    st.done("write")
    if args.facilities_out:  # where the peer put each facility: lets compare_malta.py isolate the search
        with open(args.facilities_out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "lon", "lat", "category"])
            for i, (n, cs) in enumerate(zip(nearest, cats)):
                for cid in cs:
                    w.writerow([f"{i}_{cid}", G.nodes[n]["x"], G.nodes[n]["y"], cid])
    print(f"peer: {G.number_of_nodes()} nodes, {G.number_of_edges() // 2} edges, "
          f"{len(points)} facilities", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("pbf")
    c.add_argument("walk")
    c.add_argument("pois")
    r = sub.add_parser("run")
    r.add_argument("--walk", required=True)
    r.add_argument("--pois", required=True)
    r.add_argument("--catalog", required=True)
    r.add_argument("--categories", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--speed", type=float, default=1.0)
    r.add_argument("--facilities-out", help="also write each facility at the node OSMnx snapped it to")
    args = ap.parse_args()
    if args.cmd == "convert":
        convert(args.pbf, args.walk, args.pois)
    else:
        run(args)


if __name__ == "__main__":
    main()

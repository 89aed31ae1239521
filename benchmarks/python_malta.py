#!/usr/bin/python3
"""Malta from Python (issue 15): every node of the walking network an origin, six catalog
categories, end to end from the PBF, in one Python process:

  1. lifecircle from Python: Network.from_osm + lifecircle.reach(..., "nodes") -> a DataFrame with
     the CLI's columns (and with arrays=True, the engine's numpy arrays);
  2. the OSMnx + networkx pipeline of benchmarks/osmnx_peer.py (osmium PBF -> XML, the graph, the
     facilities by the same catalog rules, nearest nodes, one multi-source Dijkstra per category),
     its functions called in this process;
  3. the command line on the same job (`lifecircle reach ... --origins nodes --out x.csv`), for the
     overhead of Python over the CLI.

    benchmarks/python_malta.py --lifecircle build/release/tools/lifecircle [--pbf PBF] [--repeat 3]
        [--skip-peer]

PYTHONPATH must reach the module (build/release/python, or an installed one). Each figure is the
best of --repeat runs (wall, time.perf_counter); the peer runs once. Prints a table and the ratios
(issue 15's targets: the peer at least 30x slower, Python within 10 % of the CLI)."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = "convenience_store,supermarket,pharmacy,health_station,hospital,kindergarten"


def best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lifecircle", required=True, help="the lifecircle binary (the CLI run)")
    geodata = os.environ.get("LIFECIRCLE_GEODATA", os.path.join(HERE, "../../shared/geodata"))
    ap.add_argument("--pbf", default=os.path.join(geodata, "osm/malta_2016.osm.pbf"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--skip-peer", action="store_true")
    args = ap.parse_args()

    import lifecircle
    catalog = lifecircle.catalog_path()
    cats = CATEGORIES.split(",")
    work = tempfile.mkdtemp(prefix="python-malta-")
    rows = []

    def py_frame():
        net = lifecircle.Network.from_osm(args.pbf, threads=args.threads)
        return lifecircle.reach(net, args.pbf, "nodes", catalog=catalog, categories=cats, threads=args.threads)

    def py_arrays():
        net = lifecircle.Network.from_osm(args.pbf, threads=args.threads)
        return lifecircle.reach(net, args.pbf, "nodes", catalog=catalog, categories=cats, threads=args.threads,
                                arrays=True)

    def cli():
        out = os.path.join(work, "cli.csv")
        cmd = [args.lifecircle, "-q", "reach", "--network", args.pbf, "--facilities", args.pbf, "--catalog", catalog,
               "--categories", CATEGORIES, "--origins", "nodes", "--out", out, "--overwrite"]
        if args.threads:
            cmd += ["--threads", str(args.threads)]
        subprocess.run(cmd, check=True)
        return out

    def py_csv():  # the CLI's job as the CLI does it: the same table written as CSV
        out = os.path.join(work, "python.csv")
        py_frame().to_csv(out, index=False, float_format="%.1f")
        return out

    import warnings
    warnings.simplefilter("ignore")
    t_cli, out = best(cli, args.repeat)
    t_frame, df = best(py_frame, args.repeat)
    t_arrays, _ = best(py_arrays, args.repeat)
    t_csv, _ = best(py_csv, args.repeat)
    rows += [("lifecircle CLI, reach --origins nodes -> CSV", t_cli),
             ("lifecircle from Python -> DataFrame -> the same CSV", t_csv),
             ("lifecircle from Python -> DataFrame", t_frame),
             ("lifecircle from Python -> numpy arrays", t_arrays)]
    # The DataFrame is the CLI's table: the same rows and cells, times printed to 0.1 s alike.
    import csv
    with open(out, newline="") as f:
        theirs = list(csv.reader(f))
    mine = [[("" if v != v or v is None else (f"{v:.1f}" if c.endswith("_s") or c == "snap_m" else str(v)))
             for c, v in zip(df.columns, r)] for r in df.astype(object).itertuples(index=False)]
    assert theirs[0] == list(df.columns), (theirs[0], list(df.columns))
    assert len(theirs) - 1 == len(mine), (len(theirs), len(mine))
    differ = sum(a != b for a, b in zip(theirs[1:], mine))
    print(f"python_malta: {len(df):,} rows ({df['origin_id'].nunique():,} nodes x {len(cats)} categories); "
          f"{differ} rows differ from the CLI's CSV", file=sys.stderr)
    assert differ == 0

    if not args.skip_peer:
        sys.path.insert(0, HERE)
        import networkx as nx
        import osmnx as ox
        from pyproj import Transformer
        import osmnx_peer as peer

        def osmnx_pipeline():
            t = time.perf_counter()
            walk, pois = os.path.join(work, "walk.osm"), os.path.join(work, "pois.osm")
            peer.convert(args.pbf, walk, pois)
            t_convert = time.perf_counter() - t
            rules = peer.catalog_rules(catalog, cats)
            G = peer.build_graph(nx, ox, walk, 1.0)
            Gp = ox.project_graph(G)
            points, pcats = peer.load_facilities(ox, pois, rules)
            to_metric = Transformer.from_crs("EPSG:4326", Gp.graph["crs"], always_xy=True)
            xs, ys = to_metric.transform([p[0] for p in points], [p[1] for p in points])
            nearest = ox.nearest_nodes(Gp, list(xs), list(ys))
            times = {}
            for cid in cats:
                sources = {n for n, cs in zip(nearest, pcats) if cid in cs}
                times[cid] = nx.multi_source_dijkstra_path_length(G, sources, weight="travel_time") if sources else {}
            return t_convert, G, times

        t_peer, (t_convert, G, _) = best(osmnx_pipeline, 1)
        rows += [("OSMnx + networkx (osmium XML conversion included)", t_peer),
                 ("  of which osmium PBF -> XML", t_convert)]
        print(f"python_malta: the peer's graph {G.number_of_nodes():,} nodes", file=sys.stderr)

    load = os.getloadavg()
    print(f"Malta, every node an origin, six categories, best of {args.repeat} (peer once); "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, {os.cpu_count()} cores")
    for name, t in rows:
        print(f"  {name:<52} {t:8.2f} s")
    print(f"  Python over the CLI: the same CSV {100 * (t_csv / t_cli - 1):+.1f} %, "
          f"a DataFrame {100 * (t_frame / t_cli - 1):+.1f} %, arrays {100 * (t_arrays / t_cli - 1):+.1f} %")
    if not args.skip_peer:
        print(f"  OSMnx + networkx / lifecircle from Python (DataFrame): {t_peer / t_frame:.1f}x "
              f"({(t_peer - t_convert) / t_frame:.1f}x without the XML conversion)")


if __name__ == "__main__":
    main()

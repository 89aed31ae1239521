#!/usr/bin/python3
"""Multi-source nearest facility on the benchmark lattice: lifecircle against igraph and networkx.

Builds the same side x side street lattice as benchmarks/lattice.cpp (vertex r*side+c at
x = c*80 m, y = r*80 m; one edge between horizontal and vertical neighbours, 80 m = 80,000 ms at
1.0 m/s) and the same facilities (SplitMix64 pick of distinct vertices, seed 42), then times
  * lifecircle: `lifecircle_bench --benchmark_filter=^BM_MultiSourceLattice(BinaryHeap)?/SIDE$`
  * igraph:     one Dijkstra from a super source joined to every facility by 0-cost edges
  * networkx:   multi_source_dijkstra_path_length(G, facilities)
Only the search is timed for the peers (not graph building, not the checksum). Every result's
checksum (sum over all lattice vertices of the nearest time in ms) must equal lifecircle's.

Uses the Debian packages python3-igraph and python3-networkx, hence /usr/bin/python3.
"""

import argparse
import json
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import time

MASK64 = (1 << 64) - 1
EDGE_MS = 80000  # 80 m at 1.0 m/s
SIDES = (100, 200, 500, 1000, 2000)  # the lattice sizes lifecircle_bench registers


class SplitMix64:
    """Bit for bit the generator in benchmarks/lattice.hpp."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def pick_distinct(seed, count, universe):
    """`count` distinct indices in [0, universe), in draw order (lattice.hpp: pick_distinct)."""
    if count > universe:
        raise ValueError("count exceeds universe")
    rng = SplitMix64(seed)
    seen = set()
    out = []
    while len(out) < count:
        i = rng.next() % universe
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def lattice_edges(side):
    edges = []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            if c + 1 < side:
                edges.append((v, v + 1))
            if r + 1 < side:
                edges.append((v, v + side))
    return edges


def run_lifecircle(bench, side, repeat):
    """Best of `repeat` benchmark repetitions (each one the mean over its iterations)."""
    flt = "^BM_MultiSourceLattice(BinaryHeap)?/%d$" % side
    cmd = [bench, "--benchmark_filter=" + flt, "--benchmark_format=json",
           "--benchmark_repetitions=%d" % repeat]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    results = {}
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        if b.get("error_occurred"):
            sys.exit("lifecircle_bench: %s: %s" % (b["name"], b.get("error_message")))
        m = re.search(r"checksum=(\d+)", b.get("label", ""))
        checksum = int(m.group(1)) if m else int(round(b["checksum"]))
        name = b.get("run_name", b["name"]).split("/")[0]
        t = b["real_time"] * scale[b["time_unit"]]
        if name in results:
            if results[name][1] != checksum:
                sys.exit("lifecircle_bench: %s checksum differs between repetitions" % name)
            t = min(t, results[name][0])
        results[name] = (t, checksum)
    return results


def peak_mib(who):
    return resource.getrusage(who).ru_maxrss / 1024.0


def measured(fn, *args):
    """fn(*args) + (this process's peak resident set in MiB,)."""
    return fn(*args) + (peak_mib(resource.RUSAGE_SELF),)


def in_fresh_process(fn, *args):
    """Runs a peer in a freshly spawned interpreter, so that its peak memory is its own."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(measured, (fn,) + args)


def run_igraph(side, facilities, repeat):
    import igraph

    n = side * side
    edges = lattice_edges(side)
    source = n
    g = igraph.Graph(n=n + 1, edges=edges + [(source, f) for f in facilities])
    weights = [EDGE_MS] * len(edges) + [0] * len(facilities)
    del edges
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        d = g.distances(source=[source], weights=weights)
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    row = d[0]
    checksum = sum(int(row[v]) for v in range(n))
    return best, checksum


def run_networkx(side, facilities):
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(range(side * side))
    g.add_edges_from(lattice_edges(side), weight=EDGE_MS)
    t0 = time.perf_counter()
    d = nx.multi_source_dijkstra_path_length(g, facilities, weight="weight")
    t = time.perf_counter() - t0
    checksum = sum(int(x) for x in d.values())
    if len(d) != side * side:
        sys.exit("networkx reached %d of %d vertices" % (len(d), side * side))
    return t, checksum


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--side", type=int, default=1000, choices=SIDES)
    ap.add_argument("--facilities", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bench", default=os.path.join(root, "build/ci/benchmarks/lifecircle_bench"))
    ap.add_argument("--repeat", type=int, default=3, help="runs of lifecircle and igraph (best is kept); networkx runs once")
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--skip-igraph", action="store_true")
    args = ap.parse_args()
    if args.facilities != 3000 or args.seed != 42:
        sys.exit("lifecircle_bench uses 3000 facilities from seed 42; keep the defaults")

    side = args.side
    facilities = pick_distinct(args.seed, args.facilities, side * side)
    print("lattice %dx%d: %d vertices, %d edges, %d facilities (seed %d)"
          % (side, side, side * side, 2 * side * (side - 1), len(facilities), args.seed), flush=True)

    rows = []  # (name, seconds, checksum)
    if not os.access(args.bench, os.X_OK):
        sys.exit("%s not found: build it first (cmake --preset ci && cmake --build --preset ci)" % args.bench)
    lc = run_lifecircle(args.bench, side, args.repeat)
    peaks = {"lifecircle": peak_mib(resource.RUSAGE_CHILDREN)}  # lifecircle_bench, the only child yet
    lc_time, lc_sum = lc["BM_MultiSourceLattice"]
    rows.append(("lifecircle (radix heap)", lc_time, lc_sum))
    if "BM_MultiSourceLatticeBinaryHeap" in lc:
        t, s = lc["BM_MultiSourceLatticeBinaryHeap"]
        rows.append(("lifecircle (binary heap)", t, s))
    print("lifecircle done", flush=True)
    if not args.skip_igraph:
        t, s, peaks["igraph"] = in_fresh_process(run_igraph, side, facilities, args.repeat)
        rows.append(("igraph %s (super source)" % __import__("igraph").__version__, t, s))
        print("igraph done", flush=True)
    if not args.skip_networkx:
        t, s, peaks["networkx"] = in_fresh_process(run_networkx, side, facilities)
        rows.append(("networkx %s (multi_source_dijkstra)" % __import__("networkx").__version__, t, s))
        print("networkx done", flush=True)

    print()
    print("%-40s %12s %10s %22s  %-5s %9s" % ("search", "time (ms)", "x lc", "checksum (ms)", "match", "peak MiB"))
    ok = True
    for name, t, s in rows:
        match = s == lc_sum
        ok = ok and match
        peak = peaks.get(name.split(" ")[0]) if "binary" not in name else None
        print("%-40s %12.1f %10.1f %22d  %-5s %9s" % (name, t * 1e3, t / lc_time, s, "ok" if match else "MISMATCH",
                                                     "-" if peak is None else "%.0f" % peak))
    print()
    for name, t, _ in rows:
        if not name.startswith("lifecircle"):
            print("%s / lifecircle: %.1fx" % (name.split(" ")[0], t / lc_time))
    # One machine-readable line for run.sh's scaling table (times in ms, "-" where not run).
    by = {name.split(" ")[0] + (" bin" if "binary" in name else ""): t * 1e3 for name, t, _ in rows}
    cols = [by.get(k) for k in ("lifecircle", "lifecircle bin", "igraph", "networkx")]
    print("SCALING side=%d nodes=%d %s" % (side, side * side, " ".join(
        "%s=%s" % (k, "-" if v is None else "%.3f" % v) for k, v in zip(("lc", "lc_binary", "igraph", "networkx"), cols))),
          " ".join("%s_mib=%s" % (k, "%.0f" % peaks[k] if k in peaks else "-") for k in ("lifecircle", "igraph", "networkx")))
    if not ok:
        sys.exit("checksum mismatch")


if __name__ == "__main__":
    main()

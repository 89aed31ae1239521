#!/usr/bin/python3
"""Checks that lifecircle and the OSMnx peer (osmnx_peer.py) give the same nearest times.

lifecircle names graph nodes by its own node ids and OSMnx by OSM node ids, so the check takes a
seeded sample of the peer's nodes, writes them as origins (id, lon, lat) and runs `lifecircle reach`
on them: a point standing on a node snaps to it with no leg. Two runs:

  search:   facilities at the nodes OSMnx snapped them to (the peer's --facilities-out). Both sides
            then search the same network from the same nodes, so any difference comes from the
            network (way filter, lengths: lifecircle in UTM metres, OSMnx great-circle) or from
            lifecircle's crossing delays, which the peer does not model (lifecircle can only be
            slower by them).
  pipeline: facilities from the PBF as `lifecircle reach` takes them (snapped onto the nearest
            point of the nearest edge, off-network leg walked) against OSMnx's nearest-node snap.

    compare_malta.py --lifecircle BIN --pbf PBF --catalog TOML --categories a,b --peer peer.csv \
        --peer-facilities peer_fac.csv --workdir DIR [--sample 2000] [--seed 7]

Prints the agreement of each run; exits 1 when the search run disagrees beyond its tolerance.
"""
import argparse
import csv
import random
import statistics
import subprocess
import sys

# Tolerance of the search run: lengths differ by the UTM scale (under 0.05 % in Malta) and by
# rounding to 0.1 s; crossing delays only make lifecircle slower, by 5 s (20 s signalled) each.
SEARCH_REL, SEARCH_ABS = 0.002, 0.2
REQUIRED_SHARE = 0.95  # of sampled (node, category) pairs within the tolerance, with no crossing


def read_peer(path):
    nodes, times = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            nodes[r["node"]] = (r["lon"], r["lat"])
            times[(r["node"], r["category"])] = float(r["nearest_s"]) if r["nearest_s"] else None
    return nodes, times


def run_lifecircle(args, facilities, extra, origins, out):
    cmd = [args.lifecircle, "reach", "--network", args.pbf, "--facilities", facilities, "--origins", origins,
           "--k", "1", "--out", out, "--overwrite"] + extra
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {}
    with open(out, newline="") as f:
        for r in csv.DictReader(f):
            res[(r["origin_id"], r["category"])] = (float(r["nearest_s"]) if r["nearest_s"] else None,
                                                   float(r["snap_m"]) if r["snap_m"] else None)
    return res


def summarise(name, sample, cats, peer, lc, rel, abs_):
    diffs, within, only_one, both_none, far_snap = [], 0, 0, 0, 0
    slower = 0
    for n in sample:
        for c in cats:
            p = peer[(n, c)]
            l, snap = lc[(n, c)]
            if snap is None or snap > 1.0:
                far_snap += 1  # this node is not on lifecircle's network
                continue
            if p is None and l is None:
                both_none += 1
                continue
            if p is None or l is None:
                only_one += 1
                continue
            d = l - p
            diffs.append(d)
            if abs(d) <= abs_ + rel * p:
                within += 1
            elif d > 0:
                slower += 1
    total = len(sample) * len(cats)
    ad = sorted(abs(d) for d in diffs)
    q = lambda x: ad[min(len(ad) - 1, int(x * len(ad)))] if ad else 0.0
    share = (within + both_none) / max(1, total - far_snap)
    print(f"{name}: {total} (node, category) pairs; within {abs_} s + {rel * 100:g} %: {share * 100:.1f} %; "
          f"lifecircle slower beyond it: {slower}; faster beyond it: {len(diffs) - within - slower}; "
          f"reachable on one side only: {only_one}; unreachable on both: {both_none}; node off lifecircle's network: "
          f"{far_snap}")
    if ad:
        print(f"{name}: |lifecircle - peer| median {statistics.median(ad):.1f} s, p90 {q(0.9):.1f} s, "
              f"p99 {q(0.99):.1f} s, max {ad[-1]:.1f} s; mean signed {statistics.fmean(diffs):+.1f} s")
    return share


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for a in ("--lifecircle", "--pbf", "--catalog", "--categories", "--peer", "--peer-facilities", "--workdir"):
        ap.add_argument(a, required=True)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    cats = args.categories.split(",")
    nodes, peer = read_peer(args.peer)
    sample = sorted(random.Random(args.seed).sample(sorted(nodes), min(args.sample, len(nodes))))
    origins = f"{args.workdir}/sample_nodes.csv"
    with open(origins, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "lon", "lat"])
        for n in sample:
            w.writerow([n, *nodes[n]])
    by_field = ["--category-field", "category", "--id-field", "id", "--origin-id-field", "id"]
    lc = run_lifecircle(args, args.peer_facilities, by_field + ["--categories", args.categories], origins,
                        f"{args.workdir}/sample_search.csv")
    ok = summarise("search", sample, cats, peer, lc, SEARCH_REL, SEARCH_ABS) >= REQUIRED_SHARE
    lc = run_lifecircle(args, args.pbf, ["--catalog", args.catalog, "--categories", args.categories,
                                         "--origin-id-field", "id"], origins, f"{args.workdir}/sample_pipeline.csv")
    summarise("pipeline", sample, cats, peer, lc, 0.05, 30.0)
    if not ok:
        print(f"compare_malta: the search run agrees on fewer than {REQUIRED_SHARE * 100:g} % of pairs", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Issue 18's proof at full size: the engine's nearest times against the independent networkx
reference (tests/realdata/walk_reference.py, which documents the rules it implements) on every real
extract, 400 origins x 12 facilities each by default. tests/realdata/proof_check.py runs the same
comparison on a smaller sample as a ctest, with each disagreement explained.

Prints a Markdown table and, per extract, the first five disagreements.

usage: proof_networkx.py LIFECIRCLE_BIN [GEODATA] [--origins N] [--facilities M] [--seed S]
"""
import argparse
import glob
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "realdata"))
from walk_reference import compare  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("geodata", nargs="?", default=os.environ.get("LIFECIRCLE_GEODATA", "../shared/geodata"))
    ap.add_argument("--origins", type=int, default=400)
    ap.add_argument("--facilities", type=int, default=12)
    ap.add_argument("--seed", type=int, default=18)
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.geodata, "**", "*.pbf"), recursive=True))
    print("| extract | ref. nodes | ref. edges | areas | use_sidepath | origins | agree | share | engine faster | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in files:
        with tempfile.TemporaryDirectory() as work:
            r = compare(a.binary, path, a.origins, a.facilities, a.seed, work)
        share = r["agree"] / r["origins"] if r["origins"] else 1.0
        print(f"| {os.path.relpath(path, a.geodata)} | {r['nodes']:,} | {r['edges']:,} | {r['areas']} | "
              f"{r['sidepaths']} | {r['origins']} | {r['agree']} | {100 * share:.1f}% | "
              f"{r['faster']} | {r['seconds']:.1f} |", flush=True)
        for o, e, f in r["disagree"][:5]:
            print(f"|   node {o}: engine {e:.1f} s, reference {f:.1f} s | | | | | | | | | |", flush=True)


if __name__ == "__main__":
    main()

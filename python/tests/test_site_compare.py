"""site and compare through the module against the command line on the synthetic Wuhai: the
proposed sites of the default job's convenience task and a scenario's compare_summary, row for row."""
import csv
import math
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import lifecircle

ORIGINS = dict(entrances="gates", origin_id_field="id", population_field="population",
               elderly_share_field="elderly_share")


def cli_args(wuhai):
    return ["--network", f"{wuhai}:streets", "--facilities", f"{wuhai}:facilities", "--category-field", "category",
            "--id-field", "id", "--origins", f"{wuhai}:compounds", "--entrances", f"{wuhai}:gates",
            "--origin-id-field", "id", "--population-field", "population", "--elderly-share-field", "elderly_share",
            "--units", f"{wuhai}:districts", "--unit-name-field", "name"]


def same_table(mine, csv_path):
    """A DataFrame against the CLI's CSV: the same header, and every cell equal (numbers within 1e-9)."""
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    assert [c for c in mine.columns if c != "geometry"] == rows[0]
    assert len(mine) == len(rows) - 1 > 0
    for r, (want, got) in enumerate(zip(rows[1:], mine.drop(columns="geometry", errors="ignore").itertuples(index=False))):
        for col, w, g in zip(rows[0], want, got):
            if w == "":
                assert g is None or g is pd.NA or (isinstance(g, float) and math.isnan(g)), (r, col, g)
            elif isinstance(g, (int, float, np.integer, np.floating)):
                assert float(g) == pytest.approx(float(w), rel=1e-9, abs=1e-9), (r, col, g, w)
            else:
                assert str(g) == w, (r, col, g, w)


def test_site_equals_the_cli(cli, wuhai, tmp_path):
    out = tmp_path / "sites.csv"
    subprocess.run([cli, "-q", "site", *cli_args(wuhai), "--category", "convenience_store", "--count", "14",
                    "--candidate-spacing", "100", "--candidate-classes", "local,arterial", "--out", str(out)],
                   check=True)
    layers = {n: gpd.read_file(wuhai, layer=n) for n in ("streets", "facilities", "compounds", "gates", "districts")}
    net = lifecircle.Network.from_lines(layers["streets"])
    got = lifecircle.site(net, layers["facilities"], layers["compounds"], category="convenience_store", count=14,
                          candidate_spacing=100, candidate_classes="local,arterial", category_field="category",
                          id_field="id", units=layers["districts"], unit_name_field="name",
                          **{**ORIGINS, "entrances": layers["gates"]})
    sites = got["proposed_sites"]
    assert isinstance(sites, gpd.GeoDataFrame) and len(sites) == 14
    same_table(sites, out)
    curve = got["coverage_curve"]
    assert len(curve) == 15 and curve["coverage"].is_monotonic_increasing
    assert sites.attrs["candidates"] > 100 and sites.attrs["existing"] > 0


def test_compare_equals_the_cli(cli, wuhai, tmp_path):
    fac = gpd.read_file(wuhai, layer="facilities")
    shops = fac[fac["category"] == "convenience_store"]
    added = shops.iloc[:3].copy()
    added["id"] = [f"new{i}" for i in range(3)]
    added["geometry"] = added.geometry.translate(0.004, 0.003)
    added_path = tmp_path / "added.geojson"
    added.to_file(added_path, driver="GeoJSON")
    removed = list(shops["id"].iloc[3:6])
    summary = tmp_path / "compare.csv"
    subprocess.run([cli, "-q", "compare", *cli_args(wuhai), "--add-facilities", str(added_path),
                    "--remove-facilities", ",".join(removed), "--summary", str(summary)], check=True)
    got = lifecircle.compare(f"{wuhai}:streets", f"{wuhai}:facilities", f"{wuhai}:compounds",
                             add_facilities=added, remove_facilities=removed, category_field="category",
                             id_field="id", units=f"{wuhai}:districts", unit_name_field="name",
                             **{**ORIGINS, "entrances": f"{wuhai}:gates"})
    same_table(got["compare_summary"], summary)
    changes = got["origin_changes"]
    assert len(changes) > 0 and set(changes["category"]) == {"convenience_store"}

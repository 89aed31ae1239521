"""The module against the command line on the synthetic Wuhai: the same tables from the same inputs,
given as paths (the engine reads them) and as GeoDataFrames (geopandas reads them)."""
import csv
import math
import subprocess

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import lifecircle


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.reader(f))


def frame_rows(df):
    """A reach DataFrame as the CLI's CSV rows: times and snap to 0.1 s with printf's %.1f, empty cells."""
    def cell(col, v):
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return ""
        if col.endswith("_s") or col == "snap_m":
            return f"{v:.1f}"
        return str(v)
    return [[cell(c, v) for c, v in zip(df.columns, row)] for row in df.itertuples(index=False)]


@pytest.fixture(scope="module")
def cli_reach(cli, wuhai, tmp_path_factory):
    out = tmp_path_factory.mktemp("reach") / "reach.csv"
    subprocess.run([cli, "-q", "reach", "--network", f"{wuhai}:streets", "--facilities", f"{wuhai}:facilities",
                    "--category-field", "category", "--id-field", "id", "--origins", f"{wuhai}:gates",
                    "--origin-id-field", "id", "--k", "2", "--thresholds", "5,7.5,15", "--out", str(out)], check=True)
    return read_csv(out)


def test_reach_from_paths_equals_the_cli(wuhai, cli_reach):
    df = lifecircle.reach(f"{wuhai}:streets", f"{wuhai}:facilities", f"{wuhai}:gates", category_field="category",
                          id_field="id", origin_id_field="id", k=2, thresholds=(5, 7.5, 15))
    assert list(df.columns) == cli_reach[0]
    assert frame_rows(df) == cli_reach[1:]
    assert len(df) > 1000


def test_reach_from_frames_equals_the_cli(wuhai, cli_reach):
    streets = gpd.read_file(wuhai, layer="streets")
    facilities = gpd.read_file(wuhai, layer="facilities")
    gates = gpd.read_file(wuhai, layer="gates")
    net = lifecircle.Network.from_lines(streets)
    cli_net = lifecircle.Network.from_file(f"{wuhai}:streets")
    assert (net.node_count, net.edge_count, net.epsg) == (cli_net.node_count, cli_net.edge_count, cli_net.epsg)
    df = lifecircle.reach(net, facilities, gates, category_field="category", id_field="id", origin_id_field="id",
                          k=2, thresholds=[5, 7.5, 15])
    assert frame_rows(df) == cli_reach[1:]


def test_coverage_equals_the_cli(cli, wuhai, tmp_path):
    args = ["--network", f"{wuhai}:streets", "--facilities", f"{wuhai}:facilities", "--category-field", "category",
            "--id-field", "id", "--capacity-field", "capacity", "--origins", f"{wuhai}:compounds", "--entrances",
            f"{wuhai}:gates", "--origin-id-field", "id", "--population-field", "population", "--elderly-share-field",
            "elderly_share", "--units", f"{wuhai}:districts", "--unit-name-field", "name", "--as-of", "2023-12-31"]
    gpkg, summary = tmp_path / "cov.gpkg", tmp_path / "summary.csv"
    report = tmp_path / "report.html"
    subprocess.run([cli, "-q", "coverage", *args, "--out", str(gpkg), "--summary", str(summary), "--report", str(report)],
                   check=True)
    net = lifecircle.Network.from_file(f"{wuhai}:streets")
    got = lifecircle.coverage(net, f"{wuhai}:facilities", f"{wuhai}:compounds", category_field="category",
                              id_field="id", capacity_field="capacity", entrances=f"{wuhai}:gates",
                              origin_id_field="id", population_field="population",
                              elderly_share_field="elderly_share", units=f"{wuhai}:districts", unit_name_field="name",
                              as_of="2023-12-31")
    # The summary, cell for cell as the CLI writes it.
    want = pd.read_csv(summary, keep_default_na=False, dtype=str)
    s = got["summary"]
    assert list(s.columns) == list(want.columns) and len(s) == len(want) > 10
    for col in want.columns:
        if s[col].dtype == object:
            assert list(s[col]) == list(want[col]), col
        else:
            theirs = np.array([float(v) if v else np.nan for v in want[col]])
            np.testing.assert_allclose(s[col].to_numpy(dtype=float), theirs, rtol=1e-9, err_msg=col)
    # Every layer of the GeoPackage, by name, with its rows and columns.
    import fiona
    layers = [l for l in fiona.listlayers(gpkg) if l != "layer_styles"]
    assert set(layers) <= set(got), (layers, list(got))
    for name in layers:
        theirs = gpd.read_file(gpkg, layer=name)
        mine = got[name]
        assert len(mine) == len(theirs), name
        assert [c for c in theirs.columns if c != "geometry"] == [c for c in mine.columns if c != "geometry"], name
        for col in theirs.columns:
            if col == "geometry":
                continue
            a, b = mine[col], theirs[col]
            if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
                np.testing.assert_allclose(pd.to_numeric(a).astype(float).to_numpy(), b.astype(float).to_numpy(),
                                           rtol=1e-9, atol=1e-9, err_msg=f"{name}.{col}")
            else:
                assert [None if v is None or v is pd.NA or v != v else str(v) for v in a] == \
                       [None if v is None or v != v else str(v) for v in b], f"{name}.{col}"
    # The QGIS styles the module gives for each layer are the ones the CLI wrote into layer_styles,
    # default first (what the QGIS plugin applies to the layers it adds).
    import sqlite3
    con = sqlite3.connect(gpkg)
    rows = con.execute("SELECT f_table_name, styleName, styleQML, useAsDefault FROM layer_styles ORDER BY id").fetchall()
    con.close()
    styled = sorted({r[0] for r in rows})
    assert {"origin_access", "gaps", "gap_areas", "community_coverage", "unit_coverage"} <= set(styled), styled
    for name in styled:
        mine = lifecircle.layer_styles(got[name], name)
        theirs = [r for r in rows if r[0] == name]
        assert [(s["name"], s["qml"], s["default"]) for s in mine] == [(r[1], r[2], bool(r[3])) for r in theirs], name
    assert lifecircle.layer_styles(got["summary"], "summary") == []
    # The HTML report from the module's tables: every section the CLI's report has, byte for byte,
    # but the gap table's note, to which the CLI adds the walking speeds of its flags; given the
    # inputs, their data sources (with the layers' descriptions) and the synthetic-data notice too.
    import re
    inputs = [("street network", f"{wuhai}:streets"), ("facilities", f"{wuhai}:facilities"),
              ("origins", f"{wuhai}:compounds"), ("entrances", f"{wuhai}:gates"), ("units", f"{wuhai}:districts")]
    html = lifecircle.html_report(got, units=f"{wuhai}:districts", inputs=inputs)
    cli_html = report.read_text(encoding="utf-8")
    notice = r'<div class="notice" id="notice" role="note">(.*?)</div>'
    assert "SYNTHETIC" in re.search(notice, cli_html, re.S).group(1)
    assert re.findall(notice, html, re.S) == re.findall(notice, cli_html, re.S)
    sources = r'<h3>数据来源 Data sources</h3>(.*?)</table>'
    assert re.findall(sources, html, re.S) == re.findall(sources, cli_html, re.S)

    def sections(text):
        found = dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', text, re.S))
        found["checklist"] = re.sub(r'<p class="small">.*?</p>', "", found.get("checklist", ""), count=1, flags=re.S)
        return found
    mine_s, theirs_s = sections(html), sections(report.read_text(encoding="utf-8"))
    assert {"coverage", "levels", "checklist", "progress", "time-maps", "gap-maps", "map"} <= set(theirs_s)
    for sid in theirs_s:
        if sid != "parameters":
            assert mine_s.get(sid) == theirs_s[sid], sid
    # The compound polygons: areas as in the GeoPackage.
    cc = got["community_coverage"]
    assert isinstance(cc, gpd.GeoDataFrame) and cc.crs.to_epsg() == 4326
    assert cc.geometry.notna().any()
    assert "Coverage" in got["gap_report"] or "gap" in got["gap_report"].lower()


def test_isochrones_equal_the_cli_rows(cli, wuhai, tmp_path):
    out = tmp_path / "iso.gpkg"
    subprocess.run([cli, "-q", "isochrones", "--network", f"{wuhai}:streets", "--facilities", f"{wuhai}:facilities",
                    "--category-field", "category", "--id-field", "id", "--categories", "health_centre",
                    "--minutes", "5,10", "--service-areas", "--out", str(out)], check=True)
    got = lifecircle.isochrones(f"{wuhai}:streets", f"{wuhai}:facilities", category_field="category", id_field="id",
                                categories=["health_centre"], minutes=(5, 10), service_areas=True)
    for layer in ("isochrones", "service_areas"):
        theirs = gpd.read_file(out, layer=layer)
        mine = got[layer]
        assert len(mine) == len(theirs) > 0, layer
        key = [c for c in theirs.columns if c != "geometry"]
        a = mine.sort_values(key).reset_index(drop=True)
        b = theirs.sort_values(key).reset_index(drop=True)
        assert a[key].astype(str).values.tolist() == b[key].astype(str).values.tolist()
        area = a.to_crs(32648).area.to_numpy()
        np.testing.assert_allclose(area, b.to_crs(32648).area.to_numpy(), rtol=1e-6)


def test_catalog_and_checklist_are_the_clis(cli):
    import json
    shown = json.loads(subprocess.run([cli, "checklist", "show", "--json"], check=True, capture_output=True,
                                      text=True).stdout)
    assert lifecircle.checklist() == shown
    cat = lifecircle.catalog()
    assert len(cat) > 10 and cat["id"].is_unique
    assert set(cat["level"]) <= {0, 5, 10, 15}
    assert (cat["threshold_s"] > 0).all() and (cat["speed_mps"] > 0).all()
    store = cat.set_index("id").loc["convenience_store"]
    assert (store["name_zh"], store["name_en"], store["name"]) == ("便利店", "Convenience store", "Convenience store")


def test_convert_equals_the_cli(cli, wuhai, tmp_path):
    """Datum conversion of the facilities' points: the module's arrays against `lifecircle convert`."""
    facilities = gpd.read_file(wuhai, layer="facilities")
    src = tmp_path / "fac.gpkg"
    facilities.to_file(src, layer="facilities", driver="GPKG")
    for a, b in (("wgs84", "gcj02"), ("gcj02", "bd09"), ("bd09", "wgs84")):
        out = tmp_path / f"{a}_{b}.gpkg"
        subprocess.run([cli, "-q", "convert", "--from", a, "--to", b, str(src), str(out)], check=True)
        theirs = gpd.read_file(out, layer="facilities")
        lon, lat = lifecircle.convert(facilities.geometry.x, facilities.geometry.y, a, b)
        np.testing.assert_allclose(lon, theirs.geometry.x, rtol=0, atol=1e-9)
        np.testing.assert_allclose(lat, theirs.geometry.y, rtol=0, atol=1e-9)
        assert np.abs(lon - facilities.geometry.x).max() > 1e-4  # it moved them (hundreds of metres)


def test_a_coverage_split_into_shares_gives_each_category_once_as_the_whole_run(wuhai):
    """CoverageRequest.share (the MPI split of `lifecircle run`, bound for any client that spreads a
    run over processes): shares 0/2 and 1/2 together hold every category of the whole run exactly
    once, each with the whole run's walking times and counts, and no tables; a part outside the
    share count is a UsageError naming ``share``."""
    from lifecircle import _lifecircle as _lc

    def run(share=None):
        req = _lc.CoverageRequest()
        req.network.path = wuhai + ":streets"
        req.facilities.path = wuhai + ":facilities"
        req.facilities.category_field = "category"
        req.facilities.id_field = "id"
        req.origins.path = wuhai + ":compounds"
        req.origins.fields.id = "id"
        req.origins.fields.population = "population"
        req.categories = ["convenience_store", "pharmacy", "kindergarten", "primary_school", "fitness"]
        if share is not None:
            req.share = share
        return _lc.coverage(req, 1, None, {}, False)

    whole = run()
    parts = [run(_lc.CoverageShare(part, 2)) for part in (0, 1)]
    by_id = {c["id"]: c for c in whole["categories"]}
    assert len(by_id) == 5 and whole["tables"]
    seen = [c["id"] for p in parts for c in p["categories"]]
    assert sorted(seen) == sorted(by_id), seen
    assert all(p["categories"] and not p["tables"] for p in parts)
    for p in parts:
        for c in p["categories"]:
            w = by_id[c["id"]]
            assert np.array_equal(c["nearest_s"], w["nearest_s"], equal_nan=True), c["id"]
            assert c["nearest_id"] == w["nearest_id"] and np.array_equal(c["counts"], w["counts"]), c["id"]
    share = _lc.CoverageShare()
    share.part, share.of = 2, 2
    with pytest.raises(lifecircle.UsageError, match="share"):
        run(share)

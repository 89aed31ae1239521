"""How a call behaves in a Python process: progress reported to a callable, an exception it raises
stops the run and comes back, Ctrl-C (SIGINT) stops a running search with KeyboardInterrupt, the
GIL is free while the engine works, results are the same for any thread count."""
import os
import signal
import subprocess
import sys
import threading
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

import lifecircle


def lattice(n, spacing=0.0005, lon=106.8, lat=39.6):
    """An n x n street lattice in lon/lat (about 45 m squares)."""
    geoms = []
    for i in range(n):
        geoms.append(LineString([(lon + i * spacing, lat), (lon + i * spacing, lat + (n - 1) * spacing)]))
        geoms.append(LineString([(lon, lat + i * spacing), (lon + (n - 1) * spacing, lat + i * spacing)]))
    return gpd.GeoDataFrame({"highway": ["residential"] * len(geoms)}, geometry=geoms, crs=4326)


@pytest.fixture(scope="module")
def big():
    """A 250 x 250 lattice (62,500 nodes, noded where lines cross) and 400 facilities in 4 categories."""
    net = lifecircle.Network.from_lines(lattice(250), node_crossings=True)
    rng = np.random.default_rng(5)
    lon = 106.8 + rng.uniform(0, 249 * 0.0005, 400)
    lat = 39.6 + rng.uniform(0, 249 * 0.0005, 400)
    fac = gpd.GeoDataFrame({"category": [f"c{i % 4}" for i in range(400)]}, geometry=gpd.points_from_xy(lon, lat),
                           crs=4326)
    return net, fac


def test_progress_is_reported(big):
    net, fac = big
    seen = []
    df = lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5,),
                          progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert len(df) == 4 * net.node_count
    assert seen, "no progress reported"
    assert all(isinstance(s, str) and 0 <= d <= t for s, d, t in seen)


def test_an_exception_in_the_callback_stops_the_run(big):
    net, fac = big

    class Stop(Exception):
        pass

    def progress(stage, done, total):
        raise Stop(stage)

    with pytest.raises(Stop):
        lifecircle.reach(net, fac, "nodes", category_field="category", progress=progress)


def test_ctrl_c_stops_a_search(big):
    net, fac = big
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.perf_counter()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            for _ in range(50):  # far longer than 0.3 s in all
                lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5, 10, 15, 30))
    finally:
        timer.cancel()
    assert time.perf_counter() - started < 30


def test_a_cancel_callable_stops_a_search_on_a_worker_thread(big):
    """QGIS runs an algorithm on a worker thread, where Ctrl-C is never seen: its feedback's
    isCanceled is the cancel callable. Asked to stop 0.3 s in, the call raises Cancelled soon after."""
    net, fac = big
    flag = threading.Event()
    outcome = {}

    def work():
        try:
            for _ in range(50):  # far longer than 0.3 s in all
                lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5, 10, 15, 30),
                                 cancel=flag.is_set)
            outcome["finished"] = True
        except lifecircle.Cancelled:
            outcome["cancelled"] = time.perf_counter()

    t = threading.Thread(target=work)
    t.start()
    time.sleep(0.3)
    asked = time.perf_counter()
    flag.set()
    t.join(30)
    assert "cancelled" in outcome, outcome
    assert outcome["cancelled"] - asked < 1.0, outcome["cancelled"] - asked
    # Not asked to stop: the same call runs to its end.
    assert len(lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5,),
                                cancel=lambda: False)) == 4 * net.node_count


def test_a_log_callable_takes_the_messages_as_they_come(big, caplog):
    """log=callable(warning, message): the engine's messages while the call runs (QGIS's Processing
    log), on the calling thread (a worker thread here, as in QGIS), between the progress reports;
    the same messages as the logger gets without it; an exception it raises stops the run."""
    net, fac = big
    events, threads = [], set()

    def log(warning, message):
        threads.add(threading.get_ident())
        events.append(("log", warning, message))

    def work():
        outcome["ident"] = threading.get_ident()
        outcome["rows"] = len(lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5,),
                                               progress=lambda *a: events.append(("progress",) + a), log=log))
    outcome = {}
    t = threading.Thread(target=work)
    t.start()
    t.join(60)
    assert outcome.get("rows") == 4 * net.node_count
    logged = [e[2] for e in events if e[0] == "log"]
    kinds = [e[0] for e in events]
    assert logged and threads == {outcome["ident"]}, (logged, threads)
    assert "progress" in kinds[kinds.index("log") + 1:], f"every message came after the progress: {kinds}"
    with caplog.at_level("INFO", logger="lifecircle"):
        lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5,))
    assert logged == [r.getMessage() for r in caplog.records if r.name == "lifecircle"]

    class Refused(Exception):
        pass

    def refuse(warning, message):
        raise Refused(message)
    with pytest.raises(Refused):
        lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5,), log=refuse)


def test_the_gil_is_released(big):
    net, fac = big
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    t = threading.Thread(target=tick)
    t.start()
    try:
        started = time.perf_counter()
        lifecircle.reach(net, fac, "nodes", category_field="category", thresholds=(5, 10, 15, 30))
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if started < x < started + elapsed]
    # A thread waiting on the GIL for the whole call would tick once or twice; a free one ticks
    # every 5 ms, less on a loaded machine: a twentieth of that is asked.
    assert elapsed < 0.05 or len(during) >= 0.05 * elapsed / 0.005, (elapsed, len(during))


def test_threads_give_the_same_result(big):
    net, fac = big
    one = lifecircle.reach(net, fac, "nodes", category_field="category", threads=1)
    two = lifecircle.reach(net, fac, "nodes", category_field="category", threads=2)
    assert one.equals(two)



# ---- walk_profile and season, as --walk-profile and --season ---------------------------------

_BLOCK = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="handwritten">
  <node id="1" lat="39.6700" lon="106.8000"/>
  <node id="2" lat="39.6700" lon="106.8010"/>
  <node id="3" lat="39.6700" lon="106.8020"/>
  <node id="6" lat="39.6700" lon="106.7990"/>
  <node id="7" lat="39.6700" lon="106.8030"/>
  <node id="8" lat="39.6690" lon="106.8000"/>
  <node id="9" lat="39.6690" lon="106.8020"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="steps"/></way>
  <way id="30"><nd ref="6"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <way id="40"><nd ref="3"/><nd ref="7"/><tag k="highway" v="residential"/></way>
  <way id="50"><nd ref="1"/><nd ref="8"/><nd ref="9"/><nd ref="3"/><tag k="highway" v="residential"/></way>
</osm>
"""


def test_walk_profile_and_season_as_the_command_line(cli, tmp_path):
    """Steps 1-2-3 are the short way; the wheelchair goes round by 8-9 (two legs of 0.001 deg of
    latitude more). Python's reach and coverage equal the CLI's with the same flags, and the times
    follow the catalog's speeds: wheelchair 0.72 m/s x 0.85 in winter, general 1.0 x 0.9."""
    osm = tmp_path / "block.osm"
    osm.write_text(_BLOCK)
    shop = gpd.GeoDataFrame({"fid": ["shop1"], "kind": ["convenience_store"]},
                            geometry=[Point(106.7991, 39.6701)], crs=4326)
    home = gpd.GeoDataFrame({"id": ["h1"], "population": [1.0]}, geometry=[Point(106.8029, 39.6701)], crs=4326)
    shop.to_file(tmp_path / "fac.geojson")
    home.to_file(tmp_path / "homes.geojson")
    walker = lifecircle.Network.from_osm(str(osm))
    chair = lifecircle.Network.from_osm(str(osm), walk_profile="wheelchair")
    assert walker.walk_profile == "" and chair.walk_profile == "wheelchair"
    kw = dict(category_field="kind", id_field="fid", origin_id_field="id")
    t = {}
    for name, net, extra, flags in (("walker", walker, {}, []),
                                    ("walker_winter", walker, dict(season="winter"), ["--season", "winter"]),
                                    ("chair", chair, {}, ["--walk-profile", "wheelchair"]),
                                    ("chair_winter", chair, dict(season="winter"), ["--walk-profile", "wheelchair", "--season", "winter"]),
                                    ("chair_path", str(osm), dict(walk_profile="wheelchair", season="winter"),
                                     ["--walk-profile", "wheelchair", "--season", "winter"])):
        df = lifecircle.reach(net, shop, home, **kw, **extra)
        out = tmp_path / f"{name}.csv"
        subprocess.run([cli, "-q", "reach", "--network", str(osm), "--facilities", str(tmp_path / "fac.geojson"),
                        "--category-field", "kind", "--id-field", "fid", "--origins", str(tmp_path / "homes.geojson"),
                        "--origin-id-field", "id", "--out", str(out), *flags], check=True)
        ref = pd.read_csv(out)
        assert df["nearest_s"].iloc[0] == pytest.approx(ref["nearest_s"].iloc[0], abs=0.051), name
        t[name] = df["nearest_s"].iloc[0]
    assert t["walker_winter"] == pytest.approx(t["walker"] / 0.9, abs=0.2)
    # the chair's route is longer than the walker's (steps twice as slow: 2 x 171 m) by 2 x 111 m - 171 m
    walker_m = t["walker"] - 171.4  # steps at half speed: the walker's route in metres at 1 m/s
    assert t["chair"] * 0.72 == pytest.approx(walker_m + 2 * 111.2, abs=2.0)
    assert t["chair_winter"] == pytest.approx(t["chair"] / 0.85, abs=0.2)
    assert t["chair_path"] == pytest.approx(t["chair_winter"], abs=0.051)
    cov = lifecircle.coverage(chair, shop, home, population_field="population", category_field="kind", id_field="fid",
                              origin_id_field="id", categories=["convenience_store"], season="winter")
    oa = cov["origin_access"]
    assert oa.loc[oa["category"] == "convenience_store", "nearest_s"].iloc[0] == pytest.approx(t["chair_winter"], abs=0.051)
    # The wide layout: one row per origin, the same minutes (docs/coverage.md, Layouts); a bad value names the field.
    wide = lifecircle.coverage(chair, shop, home, population_field="population", category_field="kind", id_field="fid",
                               origin_id_field="id", categories=["convenience_store"], season="winter", layout="wide")
    assert "origin_access" not in wide and "gaps" not in wide
    ow = wide["origin_access_wide"]
    assert list(ow["origin_id"]) == list(oa["origin_id"])
    pd.testing.assert_series_equal(ow["convenience_store_min"], oa["nearest_s"] / 60.0, check_names=False)
    assert list(ow["convenience_store_covered"]) == list(oa["covered"])
    with pytest.raises(lifecircle.UsageError, match="layout"):
        lifecircle.coverage(chair, shop, home, categories=["convenience_store"], category_field="kind", layout="tall")
    with pytest.raises(lifecircle.UsageError, match="walk_profile: 'wheelchair' differs from the network's '' profile"):
        lifecircle.reach(walker, shop, home, walk_profile="wheelchair", **kw)
    with pytest.raises(lifecircle.UsageError):
        lifecircle.Network.from_osm(str(osm), walk_profile="pram")

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
import pytest
from shapely.geometry import LineString

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


"""Bad input through the Python API: wrong geometry types, missing columns, NaN coordinates, empty
frames, bad options, unreadable files. Each raises lifecircle.InputError or UsageError with a
message that names the input, the feature or the keyword, never a crash."""
import math
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiPoint, Point, Polygon

import lifecircle

LON, LAT = 106.8, 39.65


def lines():
    d = 0.001
    geoms = [LineString([(LON, LAT), (LON + d, LAT)]), LineString([(LON + d, LAT), (LON + d, LAT + d)]),
             LineString([(LON + d, LAT + d), (LON, LAT + d)]), LineString([(LON, LAT + d), (LON, LAT)])]
    return gpd.GeoDataFrame({"highway": ["footway"] * 4}, geometry=geoms, crs=4326)


def points(n=3, **cols):
    geoms = [Point(LON + 0.0003 * i, LAT) for i in range(n)]
    return gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)], **cols}, geometry=geoms, crs=4326)


@pytest.fixture(scope="module")
def net():
    return lifecircle.Network.from_lines(lines())


def test_a_small_network_works(net):
    assert net.node_count == 4 and net.edge_count == 4 and net.components == 1
    df = lifecircle.reach(net, points(2), points(3), id_field="id", origin_id_field="id")
    assert len(df) == 3 and df["nearest_s"].notna().all()


def test_points_given_as_the_network():
    with pytest.raises(lifecircle.InputError, match=r"network, feature 0: Point where a line was expected"):
        lifecircle.Network.from_lines(points())


def test_lines_given_as_facilities(net):
    with pytest.raises(lifecircle.InputError, match=r"facilities, feature 0: LineString where a point or polygon"):
        lifecircle.reach(net, lines(), points())


def test_multipoints_as_origins(net):
    o = gpd.GeoDataFrame({"id": ["m"]}, geometry=[MultiPoint([(LON, LAT), (LON, LAT + 0.001)])], crs=4326)
    with pytest.raises(lifecircle.InputError, match="origins, feature 0: MultiPoint where a point was expected"):
        lifecircle.reach(net, points(), o)


def test_missing_columns(net):
    with pytest.raises(lifecircle.InputError, match=r"facilities: no field 'kind' \(fields: id\)"):
        lifecircle.reach(net, points(), points(), category_field="kind")
    with pytest.raises(lifecircle.InputError, match=r"origins: no field 'people'"):
        lifecircle.coverage(net, points(category=["a"] * 3), points(), category_field="category",
                            population_field="people")
    with pytest.raises(lifecircle.InputError, match=r"no field 'nope'"):
        lifecircle.reach(net, points(), points(), origin_id_field="nope")


def test_nan_coordinates(net):
    bad = points()
    bad.loc[1, "geometry"] = Point(float("nan"), LAT)
    with pytest.raises(lifecircle.InputError, match="facilities, feature p1: coordinate is NaN or infinite"):
        lifecircle.reach(net, bad, points(), id_field="id")
    with pytest.raises(lifecircle.InputError, match="origins, feature 1: coordinate is NaN or infinite"):
        lifecircle.reach(net, points(), np.array([[LON, LAT], [np.nan, LAT]]))
    street = lines()
    street.loc[2, "geometry"] = LineString([(LON, LAT), (LON, float("inf"))])
    with pytest.raises(lifecircle.InputError, match="network, feature 2: coordinate is NaN or infinite"):
        lifecircle.Network.from_lines(street)


def test_coordinates_out_of_range(net):
    o = gpd.GeoDataFrame({"id": ["x"]}, geometry=[Point(LAT, 200.0)])  # no CRS: taken as lon/lat
    with pytest.raises(lifecircle.InputError, match="outside lon/lat range"):
        lifecircle.reach(net, points(), o)


def test_empty_frames(net):
    empty = points().iloc[0:0]
    for call in (lambda: lifecircle.Network.from_lines(lines().iloc[0:0]),
                 lambda: lifecircle.reach(net, empty, points()),
                 lambda: lifecircle.reach(net, points(), empty),
                 lambda: lifecircle.coverage(net, points(), empty)):
        with pytest.raises(lifecircle.InputError, match="has no features"):
            call()
    with pytest.raises(lifecircle.InputError, match="origins: has no features"):
        lifecircle.reach(net, points(), np.zeros((0, 2)))


def test_missing_geometry(net):
    o = points()
    o.loc[0, "geometry"] = None
    with pytest.raises(lifecircle.InputError, match="origins, feature 0: has no geometry"):
        lifecircle.reach(net, points(), o)
    with pytest.raises(lifecircle.UsageError, match="facilities: a DataFrame without geometry"):
        lifecircle.reach(net, pd.DataFrame({"x": [1.0]}), points())


def test_bad_options_name_the_keyword(net):
    cases = [(dict(k=0), "k: must be between 1 and 16"),
             (dict(k=17), "k: must be between 1 and 16"),
             (dict(thresholds=()), "thresholds: needs at least one value"),
             (dict(thresholds=(5, 2000)), "thresholds: minutes must be > 0 and < 1440"),
             (dict(speed=0), "speed: must be a walking speed in m/s > 0"),
             (dict(max_snap=-1), "max_snap: must be a distance in metres >= 0"),
             (dict(min_component=1.5), "min_component: must be a whole number >= 0"),
             (dict(categories=["no_such_category"]), "categories: ")]
    for kwargs, message in cases:
        with pytest.raises(lifecircle.UsageError) as e:
            lifecircle.reach(net, points(), points(), **kwargs)
        assert str(e.value).startswith(message), (kwargs, str(e.value))
        assert e.value.exit_code == 2
    with pytest.raises(lifecircle.UsageError, match=r"as_of: "):
        lifecircle.coverage(net, points(category=["convenience_store"] * 3), points(population=[1.0] * 3),
                            category_field="category", as_of="2023-13-45")


def test_files_that_are_not_there(tmp_path):
    with pytest.raises(lifecircle.InputError, match="no such file") as e:
        lifecircle.Network.from_file(str(tmp_path / "nowhere.gpkg"))
    assert e.value.file.endswith("nowhere.gpkg") and e.value.exit_code == 3
    with pytest.raises(lifecircle.UsageError, match="is not an OSM file"):
        lifecircle.Network.from_osm(str(tmp_path / "streets.gpkg"))
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(b"\x00\x00\x00\x0dnot a pbf at all")
    with pytest.raises(lifecircle.InputError):
        lifecircle.Network.from_osm(str(broken))


def test_wrong_types_of_argument(net):
    with pytest.raises(lifecircle.UsageError, match="network: a list"):
        lifecircle.reach([1, 2], points(), points())
    with pytest.raises(lifecircle.UsageError, match=r"origins: an array of shape \(3,\)"):
        lifecircle.reach(net, points(), np.zeros(3))
    with pytest.raises(lifecircle.UsageError, match="crs: 'UTM' is not EPSG:N"):
        lifecircle.Network.from_lines(lines(), crs="UTM")


def test_polygon_facilities_stand_on_their_surface(net):
    sq = Polygon([(LON + 0.0004, LAT - 0.0001), (LON + 0.0006, LAT - 0.0001), (LON + 0.0006, LAT + 0.0001),
                  (LON + 0.0004, LAT + 0.0001)])
    fac = gpd.GeoDataFrame({"id": ["shop"]}, geometry=[sq], crs=4326)
    df = lifecircle.reach(net, fac, points(1), id_field="id")
    assert df["nearest_id"].tolist() == ["shop"]


def test_projected_frames_are_reprojected(net):
    df = lifecircle.reach(net, points(2).to_crs(32648), points(3).to_crs(3857), id_field="id", origin_id_field="id")
    ref = lifecircle.reach(net, points(2), points(3), id_field="id", origin_id_field="id")
    np.testing.assert_allclose(df["nearest_s"], ref["nearest_s"], atol=0.002)


def test_far_points_warn_and_have_empty_cells(net):
    far = points(1)
    far.loc[0, "geometry"] = Point(LON + 0.05, LAT)
    with pytest.warns(lifecircle.LifecircleWarning, match="farther than 250.0 m"):
        df = lifecircle.reach(net, points(), far, origin_id_field="id")
    assert math.isnan(df.loc[0, "snap_m"]) and df["count_5"].isna().all()


@pytest.mark.skipif(not os.environ.get("LIFECIRCLE_ASAN"), reason="only in python_bad_input_asan (dev preset)")
def test_the_sanitizer_is_watching():
    """python_bad_input_asan: the ASan runtime is in this process and the extension is instrumented,
    so the cases above ran under it (a C++ exception crossed the module in each InputError case)."""
    maps = open("/proc/self/maps").read()
    assert "libasan.so" in maps
    engine = {line.split()[-1] for line in maps.splitlines() if "liblifecircle.so" in line}
    assert len(engine) == 1, engine
    assert b"__asan_report_load" in open(engine.pop(), "rb").read()
    with pytest.raises(lifecircle.InputError):
        lifecircle.Network.from_lines(lines().iloc[0:0])

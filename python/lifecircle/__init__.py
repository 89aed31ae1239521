"""lifecircle: fifteen-minute community life-circle analysis from Python.

The engine is the C++ library lifecircle::lifecircle, linked (never a subprocess): this package turns
GeoDataFrames, numpy arrays and OSMnx graphs into its requests and its result tables into pandas
DataFrames and GeoDataFrames (EPSG:4326).

    import lifecircle
    net = lifecircle.Network.from_osm("malta.osm.pbf")
    times = lifecircle.reach(net, "malta.osm.pbf", "nodes", catalog=lifecircle.catalog_path(),
                             categories=["pharmacy"])
    layers = lifecircle.coverage(net, facilities_gdf, homes_gdf, category_field="category")
    layers["unit_coverage"]        # the GeoPackage layers of `lifecircle coverage`, by name

Keyword arguments are the command line's options one to one, dashes as underscores
(``--max-snap 250`` is ``max_snap=250``, ``--thresholds 5,10,15`` is ``thresholds=(5, 10, 15)``);
the options about writing files (``--out``, ``--overwrite``, ``--update``, ``--out-crs``,
``--max-memory``) have no counterpart: the results come back as data. Inputs are a path
(``FILE[:LAYER]``, read by the engine exactly as the command line reads it), a GeoDataFrame in any
CRS (reprojected to WGS84), or for points an ``(n, 2)`` numpy array of lon/lat.

Errors raise :class:`InputError` (bad data: ``file``, ``layer`` and ``feature`` say where) and
:class:`UsageError` (a request that cannot be run; ``field`` names the keyword argument) with the
command line's messages, the flag named as the keyword. Warnings about the data (points not
snapped, categories without facilities) are :class:`LifecircleWarning`; progress messages go to the
``logging`` logger ``"lifecircle"``; both as the engine logs them, while the call runs, on the calling
thread. ``log=callable(warning, message)`` takes them instead (a host's own log, such as QGIS's
Processing log: ``feedback.pushWarning`` or ``pushInfo``; an exception it raises stops the run and
is raised). The GIL is released while the engine works; Ctrl-C
(``KeyboardInterrupt``) stops it at the next check, and ``progress=callable(stage, done, total)``
is called as long stages advance (an exception it raises stops the run and is raised);
``cancel=callable()`` is asked every 20 ms or so, on the calling thread, whether to stop (true: the
run raises :class:`Cancelled`; a host's own stop button, such as QGIS's ``feedback.isCanceled``,
on a thread where Ctrl-C is never seen). :func:`layer_styles` gives the QGIS styles the command
line writes for a result layer.
"""
from __future__ import annotations

import json
import logging
import math
import os
import tempfile
import warnings

import numpy as np
import pandas as pd

from . import _lifecircle as _lc
from ._lifecircle import Cancelled, Error, InputError, OutputError, UsageError

__version__ = _lc.__version__
__all__ = ["Network", "reach", "coverage", "isochrones", "site", "compare", "catalog", "catalog_path", "checklist",
           "layer_styles", "convert", "html_report",
           "checklist_path", "Error", "InputError", "UsageError", "OutputError", "Cancelled",
           "LifecircleWarning"]

_log = logging.getLogger("lifecircle")


class LifecircleWarning(UserWarning):
    """Something about the data worth knowing (points not snapped, a category without facilities)."""


def _emit(warning, message):
    """The engine's messages without a ``log`` callable, as the engine logs them (from src/module.cpp)."""
    if warning:
        warnings.warn(message, LifecircleWarning, stacklevel=4)
    else:
        _log.info(message)


# ---- errors in the keyword arguments' words -------------------------------------------------

def _usage(field, detail):
    e = UsageError(f"{field}: {detail}")
    e.field, e.detail, e.exit_code = field, detail, 2
    return e


def _input(file, feature, detail):
    where = ", ".join(p for p in (file, feature) if p)
    e = InputError(f"{where}: {detail}" if where else detail)
    e.file, e.layer, e.feature, e.exit_code = file, "", feature, 3
    return e


def _call(fn, *args):
    """Runs an engine call; a usage error about a request field names the keyword argument."""
    try:
        return fn(*args)
    except UsageError as e:
        field = getattr(e, "field", "")
        if field:
            e.args = (f"{field.replace('-', '_')}: {e.detail}",)
        raise


# ---- inputs ---------------------------------------------------------------------------------

def _is_frame(x):
    return isinstance(x, pd.DataFrame)


def _epsg_of(crs, field):
    if crs is None:
        return None
    if isinstance(crs, (int, np.integer)):
        return int(crs)
    text = str(crs).strip()
    if text.upper().startswith("EPSG:") and text[5:].isdigit():
        return int(text[5:])
    raise _usage(field, f"'{crs}' is not EPSG:N")


def _datum_and_epsg(input_crs, field):
    """input_crs of one input: None, 'gcj02' / 'bd09' / 'wgs84' (a datum), or EPSG:N."""
    if input_crs is None:
        return _lc.Datum.wgs84, None
    if isinstance(input_crs, str) and not input_crs.upper().startswith("EPSG:"):
        return _call(_lc.parse_datum, input_crs), None
    return _lc.Datum.wgs84, _epsg_of(input_crs, field)


def _geo_frame(frame, name, input_crs=None):
    """A GeoDataFrame in WGS84 lon/lat (its CRS, or input_crs, says what it is in), and its datum."""
    import geopandas as gpd
    if not isinstance(frame, gpd.GeoDataFrame):
        raise _usage(name, "a DataFrame without geometry: give a GeoDataFrame (or a path)")
    if len(frame) == 0:
        raise _input(name, "", "has no features")
    try:
        frame.geometry
    except AttributeError:
        raise _usage(name, "the GeoDataFrame has no active geometry column") from None
    datum, epsg = _datum_and_epsg(input_crs, "input_crs")
    if epsg is not None:
        frame = frame.set_crs(epsg, allow_override=True)
    if frame.crs is not None and epsg != 4326 and not (frame.crs.is_geographic and frame.crs.to_epsg() == 4326):
        if datum != _lc.Datum.wgs84 and frame.crs.is_geographic:
            pass  # GCJ-02 / BD-09 lon/lat: the engine undoes the datum
        else:
            frame = frame.to_crs(4326)
    return frame, datum


def _ids(frame, field, name):
    if field:
        _need(frame, field, name)
        return [str(v) for v in frame[field]]
    return [str(v) for v in frame.index]


def _need(frame, field, name):
    if field not in frame.columns:
        fields = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
        raise _input(name, "", f"no field '{field}' (fields: {fields})")


def _points(frame, ids, name, polygons="surface"):
    """lon, lat arrays of point features; polygons at a point on their surface."""
    lon = np.empty(len(frame))
    lat = np.empty(len(frame))
    for i, (g, fid) in enumerate(zip(frame.geometry, ids)):
        if g is None or g.is_empty:
            raise _input(name, f"feature {fid}", "has no geometry")
        t = g.geom_type
        if t == "Point":
            lon[i], lat[i] = g.x, g.y
        elif t in ("Polygon", "MultiPolygon") and polygons == "surface":
            p = g.representative_point()
            lon[i], lat[i] = p.x, p.y
        else:
            expected = "a point or polygon" if polygons == "surface" else "a point"
            raise _input(name, f"feature {fid}", f"{t} where {expected} was expected")
    return lon, lat


def _array_points(a, name):
    a = np.asarray(a, dtype=float)
    if a.ndim != 2 or a.shape[1] != 2:
        raise _usage(name, f"an array of shape {a.shape}: give (n, 2) lon/lat")
    if len(a) == 0:
        raise _input(name, "", "has no features")
    return [str(i) for i in range(len(a))], np.ascontiguousarray(a[:, 0]), np.ascontiguousarray(a[:, 1])


def _text(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _facility_source(facilities, *, category_field, id_field, capacity_field, input_crs, epsg_map):
    src = _lc.FacilitySource()
    if isinstance(facilities, (str, os.PathLike)):
        src.path = os.fspath(facilities)
        src.category_field = category_field or ""
        src.id_field = id_field or ""
        src.capacity_field = capacity_field or ""
        datum, epsg = _datum_and_epsg(input_crs, "input_crs")
        src.datum = datum
        if epsg is not None:
            epsg_map[src.path.split(":")[0]] = epsg
        return src
    if _is_frame(facilities):
        frame, datum = _geo_frame(facilities, "facilities", input_crs)
        ids = _ids(frame, id_field, "facilities")
        lon, lat = _points(frame, ids, "facilities")
        if category_field:
            _need(frame, category_field, "facilities")
            cats = [[c] if c else [] for c in map(_text, frame[category_field])]
        else:
            cats = [["all"]] * len(frame)
        if capacity_field:
            _need(frame, capacity_field, "facilities")
            cap = pd.to_numeric(frame[capacity_field], errors="coerce").to_numpy(dtype=float)
        else:
            cap = np.ones(len(frame))
        src.datum = datum
    else:
        ids, lon, lat = _array_points(facilities, "facilities")
        cats, cap = [["all"]] * len(ids), np.ones(len(ids))
    src.set_points(ids, lon, lat, cats, cap)
    return src


def _origin_fields(src, *, origin_id_field, population_field, elderly_share_field, households_field,
                   persons_per_household):
    f = src.fields
    f.id = origin_id_field or ""
    f.population = population_field or ""
    f.elderly_share = elderly_share_field or ""
    f.households = households_field or ""
    f.persons_per_household = float(persons_per_household)
    src.fields = f


def _origin_source(origins, *, input_crs, epsg_map, temp, origin_id_field=None, population_field=None,
                   elderly_share_field=None, households_field=None, persons_per_household=2.8,
                   origin_type="auto", entrances=None, grid_cell=None, grid_shape="square", grid_boundary=None):
    src = _lc.OriginSource()
    src.type = origin_type
    src.grid_shape = grid_shape
    if grid_cell is not None:
        src.grid_cell_m = float(grid_cell)
    datum, epsg = _datum_and_epsg(input_crs, "input_crs")
    fields = dict(origin_id_field=origin_id_field, population_field=population_field,
                  elderly_share_field=elderly_share_field, households_field=households_field,
                  persons_per_household=persons_per_household)
    if entrances is not None:
        src.entrances = temp.path_of(entrances, "entrances")
    if grid_boundary is not None:
        src.grid_boundary = temp.path_of(grid_boundary, "grid_boundary")
    if isinstance(origins, (str, os.PathLike)):
        src.path = os.fspath(origins)
        _origin_fields(src, **fields)
        src.datum = datum
        if epsg is not None:
            epsg_map[src.path.split(":")[0]] = epsg
        return src
    if _is_frame(origins):
        frame, datum = _geo_frame(origins, "origins", input_crs)
        kinds = set(frame.geometry.geom_type.dropna())
        if kinds & {"Polygon", "MultiPolygon"} or entrances is not None or src.grid_cell_m > 0:
            # Communities reach the streets through their entrances or points along their
            # boundary: the engine reads them as it reads a file, so the frame becomes one.
            src.path = temp.path_of(frame, "origins")
            _origin_fields(src, **fields)
            src.datum = datum
            return src
        ids = _ids(frame, origin_id_field, "origins")
        lon, lat = _points(frame, ids, "origins", polygons="none")
        if population_field:
            _need(frame, population_field, "origins")
            pop = pd.to_numeric(frame[population_field], errors="coerce").to_numpy(dtype=float)
        elif households_field:
            _need(frame, households_field, "origins")
            pop = pd.to_numeric(frame[households_field], errors="coerce").to_numpy(dtype=float) * persons_per_household
        elif "population" in frame.columns:
            pop = pd.to_numeric(frame["population"], errors="coerce").to_numpy(dtype=float)
        else:
            pop = np.zeros(len(frame))
        if elderly_share_field:
            _need(frame, elderly_share_field, "origins")
            eld = pd.to_numeric(frame[elderly_share_field], errors="coerce").to_numpy(dtype=float)
        else:
            eld = np.full(len(frame), np.nan)
        src.datum = datum
    else:
        ids, lon, lat = _array_points(origins, "origins")
        pop, eld = np.zeros(len(ids)), np.full(len(ids), np.nan)
    src.set_points(ids, lon, lat, pop, eld, [""] * len(ids))
    return src


class _Temp:
    """GeoDataFrames the engine must read as files (community polygons with entrances, grid
    boundaries), written to a temporary GeoPackage that lives as long as the call."""

    def __init__(self):
        self.dir = None

    def path_of(self, x, name):
        if isinstance(x, (str, os.PathLike)):
            return os.fspath(x)
        frame, _ = _geo_frame(x, name)
        if self.dir is None:
            self.dir = tempfile.TemporaryDirectory(prefix="lifecircle-")
        path = os.path.join(self.dir.name, f"{name}.gpkg")
        frame.to_file(path, layer=name, driver="GPKG")
        return f"{path}:{name}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.dir is not None:
            self.dir.cleanup()


def _unit_source(units, unit_name_field, input_crs):
    src = _lc.UnitSource()
    src.name_field = unit_name_field
    if units is None:
        return src
    if isinstance(units, (str, os.PathLike)):
        src.path = os.fspath(units)
        src.datum, _ = _datum_and_epsg(input_crs, "input_crs")
        return src
    frame, datum = _geo_frame(units, "units", input_crs)
    _need(frame, unit_name_field, "units")
    for name, g in zip(frame[unit_name_field], frame.geometry):
        name = _text(name)
        if g is None or g.is_empty:
            raise _input("units", f"feature {name}", "has no geometry")
        if g.geom_type == "Polygon":
            polys = [g]
        elif g.geom_type == "MultiPolygon":
            polys = list(g.geoms)
        else:
            raise _input("units", f"feature {name}", f"{g.geom_type} where a polygon was expected")
        for p in polys:
            rings = [np.asarray(p.exterior.coords)[:, :2]] + [np.asarray(r.coords)[:, :2] for r in p.interiors]
            src.add_unit(name, [np.ascontiguousarray(r, dtype=float) for r in rings])
    src.datum = datum
    return src


def _categories(categories):
    if categories is None:
        return []
    if isinstance(categories, str):
        return [c for c in categories.split(",") if c]
    return [str(c) for c in categories]


def _input_crs_map(input_crs):
    """input_crs: one value for every input, or {layer: value} as --input-crs LAYER=VALUE."""
    if isinstance(input_crs, dict):
        return input_crs
    return {k: input_crs for k in ("network", "facilities", "origins", "units")} if input_crs else {}


# ---- the network ----------------------------------------------------------------------------

def _line_arrays(lines, name, input_crs=None, street_class_field=None):
    """Lines of a GeoDataFrame as flat lon/lat arrays (street i: points [first[i], first[i+1])),
    their classes, the ids of the features they come from, and the frame's datum."""
    frame, datum = _geo_frame(lines, name, input_crs)
    ids = [str(v) for v in frame.index]
    if street_class_field:
        _need(frame, street_class_field, name)
        field = street_class_field
    else:
        field = next((f for f in ("highway", "fclass", "class") if f in frame.columns), None)
    classes_of = [_text(v) for v in frame[field]] if field else [""] * len(frame)
    first, xs, ys, classes, street_ids = [0], [], [], [], []
    for g, fid, cls in zip(frame.geometry, ids, classes_of):
        if g is None or g.is_empty:
            raise _input(name, f"feature {fid}", "has no geometry")
        if g.geom_type == "LineString":
            parts = [g]
        elif g.geom_type == "MultiLineString":
            parts = list(g.geoms)
        else:
            raise _input(name, f"feature {fid}", f"{g.geom_type} where a line was expected")
        for part in parts:
            c = np.asarray(part.coords)
            if len(c) < 2:
                raise _input(name, f"feature {fid}", "line has fewer than 2 points")
            xs.append(c[:, 0])
            ys.append(c[:, 1])
            first.append(first[-1] + len(c))
            classes.append(cls)
            street_ids.append(fid)
    return np.asarray(first, dtype=np.int64), np.concatenate(xs), np.concatenate(ys), classes, street_ids, datum


def _street_source(lines, *, merge_tolerance, node_crossings, street_class_field, crs, input_crs):
    src = _lc.NetworkSource()
    src.merge_tolerance_m = float(merge_tolerance)
    src.node_crossings = bool(node_crossings)
    src.epsg = _epsg_of(crs, "crs")
    first, lon, lat, classes, ids, datum = _line_arrays(lines, "network", input_crs, street_class_field)
    src.set_streets(first, lon, lat, classes, ids)
    src.datum = datum
    return src


class Network:
    """The walking graph, built once and reused by any number of calls (categories, speeds).

    Build it with :meth:`from_osm`, :meth:`from_file`, :meth:`from_lines` or :meth:`from_osmnx`."""

    def __init__(self, built, walk_profile=""):
        self._net = built
        self._walk_profile = walk_profile

    @property
    def walk_profile(self):
        """The walking profile it was built for (``--walk-profile``): "" for walkers, or "wheelchair"."""
        return self._walk_profile

    @classmethod
    def from_osm(cls, path, *, crs=None, walk_profile=None, threads=0, progress=None):
        """An OSM file (.osm.pbf / .osm) through the pedestrian profile (docs/network.md).
        ``crs``: the metric working CRS, EPSG:N (``--crs``; default the UTM zone of the network);
        ``walk_profile="wheelchair"`` as ``--walk-profile``: no steps, raised kerbs or wheelchair=no,
        and the calls given this network move every category at the catalog's wheelchair speed."""
        p = os.fspath(path)
        if not (p.endswith(".osm.pbf") or p.endswith(".osm") or p.endswith(".pbf")):
            raise _usage("path", f"{p} is not an OSM file (.osm.pbf, .osm): use Network.from_file for GIS lines")
        return cls.from_file(p, crs=crs, walk_profile=walk_profile, threads=threads, progress=progress)

    @classmethod
    def from_file(cls, path, *, merge_tolerance=0.5, node_crossings=False, street_class_field=None, crs=None,
                  input_crs=None, walk_profile=None, threads=0, progress=None):
        """Any network source the command line's ``--network`` takes: OSM, or GIS lines FILE[:LAYER]
        (``merge_tolerance``, ``node_crossings``, ``street_class_field``, ``crs``, ``walk_profile`` as
        ``--merge-tolerance``, ``--node-crossings``, ``--street-class-field``, ``--crs``,
        ``--walk-profile``; ``input_crs`` as ``--input-crs network=...``)."""
        src = _lc.NetworkSource()
        src.path = os.fspath(path)
        src.merge_tolerance_m = float(merge_tolerance)
        src.node_crossings = bool(node_crossings)
        src.class_field = street_class_field or ""
        src.epsg = _epsg_of(crs, "crs")
        src.walk_profile = walk_profile or ""
        datum, epsg = _datum_and_epsg(input_crs, "input_crs")
        src.datum = datum
        epsg_map = {src.path.split(":")[0]: epsg} if epsg is not None else {}
        return cls(_call(_lc.Network.build, src, int(threads), progress, epsg_map), src.walk_profile)

    @classmethod
    def from_lines(cls, lines, *, merge_tolerance=0.5, node_crossings=False, street_class_field=None, crs=None,
                   input_crs=None, threads=0, progress=None):
        """A GeoDataFrame of LineStrings / MultiLineStrings in any CRS (a planner's centrelines),
        with the same merge and noding options as the command line: vertices within
        ``merge_tolerance`` metres merged, ``node_crossings`` splits lines where they cross. The
        street class (for siting candidates) comes from ``street_class_field`` or the first of the
        columns highway, fclass, class."""
        src = _street_source(lines, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                             street_class_field=street_class_field, crs=crs, input_crs=input_crs)
        return cls(_call(_lc.Network.build, src, int(threads), progress, {}))

    @classmethod
    def from_osmnx(cls, G, *, merge_tolerance=0.0, crs=None, threads=0, progress=None):
        """An OSMnx graph (unprojected, as ``osmnx.graph_from_*`` returns it): each edge walked in
        both directions along its geometry (or the straight line between its nodes), once per
        pair of nodes and geometry; the street class from its ``highway`` attribute. Lengths are
        measured along the geometries in the working CRS (UTM: within 0.04 % of the geodesic;
        OSMnx's great-circle ``length``, on a sphere, is 0.2 to 0.35 % shorter at 60 N). The graph's own nodes join its edges; vertices are merged only where their
        coordinates are identical (``merge_tolerance`` 0), so streets OSMnx keeps apart stay apart."""
        import geopandas as gpd
        from shapely.geometry import LineString
        crs_of = G.graph.get("crs", "epsg:4326")
        seen = set()
        rows, geoms = [], []
        for u, v, k, d in G.edges(keys=True, data=True):
            g = d.get("geometry")
            if g is None:
                a, b = G.nodes[u], G.nodes[v]
                g = LineString([(a["x"], a["y"]), (b["x"], b["y"])])
            coords = tuple(g.coords)
            key = (min(u, v), max(u, v), coords if u <= v else tuple(reversed(coords)))
            if key in seen:
                continue
            seen.add(key)
            hw = d.get("highway", "")
            rows.append({"u": u, "v": v, "key": k, "highway": hw[0] if isinstance(hw, list) else (hw or "")})
            geoms.append(g)
        if not rows:
            raise _input("G", "", "has no edges")
        frame = gpd.GeoDataFrame(rows, geometry=geoms, crs=crs_of)
        return cls.from_lines(frame, merge_tolerance=merge_tolerance, crs=crs, threads=threads, progress=progress)

    node_count = property(lambda self: self._net.node_count, doc="Nodes (intersections and street ends).")
    edge_count = property(lambda self: self._net.edge_count, doc="Undirected edges (street pieces).")
    components = property(lambda self: self._net.components, doc="Connected components.")
    epsg = property(lambda self: self._net.epsg, doc="The metric CRS the network was built in.")
    source = property(lambda self: self._net.source, doc="The path it was read from, or 'streets'.")

    def __repr__(self):
        return (f"<lifecircle.Network {self.source}: {self.node_count} nodes, {self.edge_count} edges, "
                f"{self.components} components, EPSG:{self.epsg}>")

    def _arrays(self):
        if not hasattr(self, "_cache"):
            self._cache = self._net.arrays()
        return self._cache

    def nodes(self):
        """GeoDataFrame: node (its index, the origin id of ``origins="nodes"``), component (0 the
        largest), Point geometry in EPSG:4326."""
        import geopandas as gpd
        a = self._arrays()
        return gpd.GeoDataFrame({"node": np.arange(len(a["node_lon"])), "component": a["node_component"]},
                                geometry=gpd.points_from_xy(a["node_lon"], a["node_lat"]), crs=4326)

    def edges(self):
        """GeoDataFrame: edge, u, v, length_m, time_factor (steps), extra_s (crossing delays),
        oneway (0 both ways, 1 only u to v, 2 only v to u: the links out of gated compounds),
        source (OSM way id or source feature index), street_class, LineString from u to v."""
        import geopandas as gpd
        from shapely.geometry import LineString
        a = self._arrays()
        first, lon, lat = a["geometry_first"], a["geometry_lon"], a["geometry_lat"]
        geoms = [LineString(np.column_stack((lon[first[e]:first[e + 1]], lat[first[e]:first[e + 1]])))
                 for e in range(len(a["edge_u"]))]
        return gpd.GeoDataFrame({"edge": np.arange(len(a["edge_u"])), "u": a["edge_u"], "v": a["edge_v"],
                                 "length_m": a["edge_length_m"], "time_factor": a["edge_time_factor"],
                                 "extra_s": a["edge_extra_s"], "oneway": a["edge_oneway"],
                                 "source": a["edge_source"],
                                 "street_class": a["edge_class"]}, geometry=geoms, crs=4326)


def _network_source(network, *, merge_tolerance, node_crossings, crs, input_crs, epsg_map, walk_profile=None):
    """(NetworkSource, built Network or None) for a Network, a path, a GeoDataFrame or an OSMnx graph.
    ``walk_profile`` (``--walk-profile``) is a built Network's own; a different one is a UsageError."""
    if isinstance(network, Network):
        if walk_profile is not None and walk_profile != network.walk_profile:
            raise _usage("walk_profile", f"'{walk_profile}' differs from the network's '{network.walk_profile}' profile: "
                                         "build it with Network.from_file(..., walk_profile=...)")
        src = _lc.NetworkSource()
        src.walk_profile = network.walk_profile
        return src, network._net
    if isinstance(network, (str, os.PathLike)):
        src = _lc.NetworkSource()
        src.walk_profile = walk_profile or ""
        src.path = os.fspath(network)
        src.merge_tolerance_m = float(merge_tolerance)
        src.node_crossings = bool(node_crossings)
        src.epsg = _epsg_of(crs, "crs")
        datum, epsg = _datum_and_epsg(input_crs, "input_crs")
        src.datum = datum
        if epsg is not None:
            epsg_map[src.path.split(":")[0]] = epsg
        return src, None
    if _is_frame(network):
        src = _street_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                             street_class_field=None, crs=crs, input_crs=input_crs)
        src.walk_profile = walk_profile or ""
        return src, None
    if hasattr(network, "edges") and hasattr(network, "graph"):
        src = _lc.NetworkSource()
        src.walk_profile = walk_profile or ""
        return src, Network.from_osmnx(network, merge_tolerance=merge_tolerance, crs=crs)._net
    raise _usage("network", f"a {type(network).__name__}: give a lifecircle.Network, a path, a GeoDataFrame of lines "
                            "or an OSMnx graph")


def _thresholds(values, field):
    try:
        out = [float(v) for v in (values.split(",") if isinstance(values, str) else values)]
    except (TypeError, ValueError):
        raise _usage(field, f"'{values}' is not a list of minutes") from None
    return out


def _minutes_label(m):
    return ("%g" % m).replace(".", "_")


# ---- reach ----------------------------------------------------------------------------------

def reach(network, facilities, origins, *, category_field=None, id_field=None, origin_id_field=None, speed=None,
          catalog=None, categories=None, thresholds=(5, 10, 15), k=3, max_snap=250, min_component=0, crs=None,
          threads=0, node_crossings=False, merge_tolerance=0.5, input_crs=None, season=None, walk_profile=None, progress=None, verbose=False, cancel=None, log=None,
          arrays=False, geometry=False):
    """Walking times from every origin to the nearest facilities of each category, and the
    facilities within each threshold: ``lifecircle reach`` as a call.

    Returns a DataFrame with the command line's columns ``origin_id, category, nearest_s,
    nearest_id, k2_s.., count_5.., snap_m`` (one row per origin and category, categories in id
    order; times in seconds with the walks to and from the street, NaN when nothing is reachable;
    counts and snap_m empty (<NA>/NaN) for origins farther than ``max_snap`` from a street).
    ``origins="nodes"`` makes every node of the network an origin. ``attrs["epsg"]`` is the CRS
    walked in. With ``arrays=True`` the engine's arrays instead: a dict with origin_ids, lon, lat,
    snap_m and per category ``nearest_s`` (origins x k) and ``counts`` (origins x thresholds) as
    numpy arrays over the engine's own memory. With ``geometry=True`` a GeoDataFrame, each row at
    its origin (EPSG:4326), as the command line's GeoPackage layer ``reach``.

    Keywords as the command line's flags: category_field, id_field, origin_id_field, speed (1.0 m/s
    without it; with walk_profile the catalog's speed of that profile), catalog, categories, thresholds, k,
    max_snap, min_component, crs, threads, node_crossings, merge_tolerance, season, walk_profile (the
    network's own when it is a Network); input_crs: --input-crs (one value, or {layer: value})."""
    epsg_map = {}
    crs_of = _input_crs_map(input_crs)
    req = _lc.ReachRequest()
    req.network, built = _network_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                                         crs=crs, input_crs=crs_of.get("network"), epsg_map=epsg_map,
                                         walk_profile=walk_profile)
    req.built = built
    req.season = season or ""
    req.facilities = _facility_source(facilities, category_field=category_field, id_field=id_field,
                                      capacity_field=None, input_crs=crs_of.get("facilities"), epsg_map=epsg_map)
    with _Temp() as temp:
        if isinstance(origins, str) and origins == "nodes":
            req.origins_at_nodes = True
        else:
            req.origins = _origin_source(origins, input_crs=crs_of.get("origins"), epsg_map=epsg_map, temp=temp,
                                         origin_id_field=origin_id_field)
        req.catalog = os.fspath(catalog) if catalog else ""
        req.categories = _categories(categories)
        req.speed_mps = None if speed is None else float(speed)
        req.thresholds_min = _thresholds(thresholds, "thresholds")
        req.k = _whole(k, "k")
        req.max_snap_m = float(max_snap)
        req.min_component = _whole(min_component, "min_component")
        r = _call(_lc.reach, req, int(threads), progress, epsg_map, bool(verbose), cancel, log)
    if arrays:
        return r
    df = _reach_frame(r)
    if geometry:  # the command line's GeoPackage layer: each row at its origin
        import geopandas as gpd
        n = len(r["origin_ids"])
        reps = len(df) // n if n else 0
        attrs = dict(df.attrs)
        df = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(np.tile(r["lon"], reps), np.tile(r["lat"], reps)), crs=4326)
        df.attrs.update(attrs)
    return df


def _whole(v, field):
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise _usage(field, f"must be a whole number, got '{v}'") from None
    if not (f >= 0 and f == math.floor(f) and f <= 4294967295):
        raise _usage(field, f"must be a whole number >= 0, got '{v}'")
    return int(f)


def _reach_frame(r):
    ids = np.asarray(r["origin_ids"], dtype=object)
    n, k, cats = len(ids), r["k"], r["categories"]
    snapped = ~np.isnan(r["snap_m"])
    cols = {"origin_id": np.tile(ids, len(cats)),
            "category": np.repeat(np.asarray([c["id"] for c in cats], dtype=object), n)}
    if not cats:
        cols = {"origin_id": np.array([], dtype=object), "category": np.array([], dtype=object)}
    near = [c["nearest_s"] for c in cats]

    def times(j):
        return np.concatenate([t[:, j] for t in near]) if cats else np.array([], dtype=float)

    cols["nearest_s"] = times(0)
    nid = np.concatenate([np.asarray(c["nearest_id"], dtype=object) for c in cats]) if cats else np.array([], dtype=object)
    nid[nid == ""] = None
    cols["nearest_id"] = nid
    for j in range(1, k):
        cols[f"k{j + 1}_s"] = times(j)
    mask = np.tile(~snapped, len(cats))
    for t, m in enumerate(r["thresholds_min"]):
        values = np.concatenate([c["counts"][:, t] for c in cats]) if cats else np.array([], dtype=np.uint32)
        cols[f"count_{_minutes_label(m)}"] = pd.arrays.IntegerArray(values.astype(np.int64), mask.copy())
    cols["snap_m"] = np.tile(r["snap_m"], len(cats))
    df = pd.DataFrame(cols)
    df.attrs["epsg"] = r["epsg"]
    return df


# ---- coverage -------------------------------------------------------------------------------

def _table_frame(t):
    cols = {}
    for c in t["columns"]:
        null = c["null"]
        if c["type"] == "real":
            v = np.array(c["values"], dtype=float)
            v[null] = np.nan
        elif c["type"] == "integer":
            v = pd.arrays.IntegerArray(np.asarray(c["values"], dtype=np.int64), np.asarray(null, dtype=bool))
        else:
            v = np.asarray(c["values"], dtype=object)
            v[null] = None
        cols[c["name"]] = v
    if t["wkb"] is None:
        df = pd.DataFrame(cols)
    else:
        import geopandas as gpd
        df = gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries.from_wkb(t["wkb"], crs=4326))
    df.attrs["description"] = t["description"]
    return df


def coverage(network, facilities, origins, *, population_field=None, elderly_share_field=None, households_field=None,
             persons_per_household=2.8, origin_id_field=None, origin_type="auto", entrances=None, grid_cell=None,
             grid_shape="square", grid_boundary=None, units=None, unit_name_field="name", category_field=None,
             default_threshold=15, capacity_field=None, id_field=None, input_crs=None, catalog=None, categories=None,
             checklist=None, as_of=None, speed=None, max_snap=250, min_component=0, thresholds=(5, 10, 15), k=3,
             gap_point_radius=100, crs=None, threads=0, node_crossings=False, merge_tolerance=0.5,
             plan_facilities=None, season=None, walk_profile=None, layout="long", progress=None, verbose=False, cancel=None,
             log=None):
    """Who is reached and who is not, per category of the catalog: ``lifecircle coverage`` as a call.

    Returns a dict of the command line's layers by name (``origin_access``, ``community_coverage``,
    ``unit_coverage``, ``gaps``, ``gap_areas``, ``unit_gaps``, ``gap_measures``, ``progress`` and, with
    ``plan_facilities``, ``plan_unit_coverage``): GeoDataFrames (EPSG:4326) where the GeoPackage
    layer has geometry, DataFrames otherwise; plus ``summary`` (``--summary``'s table) and
    ``gap_report`` (``--gap-report``'s Markdown, a str). ``layout="wide"`` gives ``origin_access_wide`` (one row
    per origin) instead of ``origin_access`` and ``gaps``, ``"both"`` all three. Every keyword is the flag of the same name."""
    epsg_map = {}
    crs_of = _input_crs_map(input_crs)
    req = _lc.CoverageRequest()
    req.network, built = _network_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                                         crs=crs, input_crs=crs_of.get("network"), epsg_map=epsg_map,
                                         walk_profile=walk_profile)
    req.built = built
    req.season = season or ""
    req.facilities = _facility_source(facilities, category_field=category_field, id_field=id_field,
                                      capacity_field=capacity_field, input_crs=crs_of.get("facilities"),
                                      epsg_map=epsg_map)
    if plan_facilities is not None:
        req.plan_facilities = _facility_source(plan_facilities, category_field=category_field, id_field=id_field,
                                               capacity_field=capacity_field, input_crs=crs_of.get("facilities"),
                                               epsg_map=epsg_map)
    with _Temp() as temp:
        req.origins = _origin_source(origins, input_crs=crs_of.get("origins"), epsg_map=epsg_map, temp=temp,
                                     origin_id_field=origin_id_field, population_field=population_field,
                                     elderly_share_field=elderly_share_field, households_field=households_field,
                                     persons_per_household=persons_per_household, origin_type=origin_type,
                                     entrances=entrances, grid_cell=grid_cell, grid_shape=grid_shape,
                                     grid_boundary=grid_boundary)
        req.units = _unit_source(units, unit_name_field, crs_of.get("units"))
        req.catalog = os.fspath(catalog) if catalog else ""
        req.categories = _categories(categories)
        req.default_threshold_min = float(default_threshold)
        req.thresholds_min = _thresholds(thresholds, "thresholds")
        req.k = _whole(k, "k")
        req.max_snap_m = float(max_snap)
        req.min_component = _whole(min_component, "min_component")
        req.speed_mps = None if speed is None else float(speed)
        req.gap_point_radius_m = float(gap_point_radius)
        req.checklist = os.fspath(checklist) if checklist else ""
        req.as_of = as_of or ""
        req.layout = layout
        r = _call(_lc.coverage, req, int(threads), progress, epsg_map, bool(verbose), cancel, log)
    out = {t["name"]: _table_frame(t) for t in r["tables"]}
    out["summary"] = _table_frame(r["summary"])
    out["gap_report"] = r["gap_report"]
    return out


# ---- isochrones -----------------------------------------------------------------------------

def isochrones(network, facilities, *, category_field=None, id_field=None, categories=None, catalog=None, speed=None,
               minutes=(5, 10, 15), corridor=50, service_areas=False, max_snap=250, min_component=0, crs=None,
               threads=0, node_crossings=False, merge_tolerance=0.5, input_crs=None, season=None, walk_profile=None, progress=None, verbose=False, cancel=None, log=None):
    """Isochrones per facility and merged per category, from the streets actually reached:
    ``lifecircle isochrones`` as a call. Returns {"isochrones": GeoDataFrame, "service_areas":
    GeoDataFrame (empty without service_areas=True)} with the command line's layers' columns."""
    epsg_map = {}
    crs_of = _input_crs_map(input_crs)
    req = _lc.IsochroneRequest()
    req.network, built = _network_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                                         crs=crs, input_crs=crs_of.get("network"), epsg_map=epsg_map,
                                         walk_profile=walk_profile)
    req.built = built
    req.season = season or ""
    req.facilities = _facility_source(facilities, category_field=category_field, id_field=id_field,
                                      capacity_field=None, input_crs=crs_of.get("facilities"), epsg_map=epsg_map)
    req.catalog = os.fspath(catalog) if catalog else ""
    req.categories = _categories(categories)
    req.speed_mps = None if speed is None else float(speed)
    req.minutes = _thresholds(minutes, "minutes")
    req.corridor_m = float(corridor)
    req.service_areas = bool(service_areas)
    req.max_snap_m = float(max_snap)
    req.min_component = _whole(min_component, "min_component")
    r = _call(_lc.isochrones, req, int(threads), progress, epsg_map, bool(verbose), cancel, log)
    return {name: _table_frame(t) for name, t in r.items()}


# ---- data -----------------------------------------------------------------------------------

def catalog_path():
    """The catalog installed with the library (share/lifecircle/geo/categories.toml)."""
    return _lc.default_catalog_path()


def checklist_path():
    """The Wuhai 2023 checklist installed with the library."""
    return _lc.default_checklist_path()


def catalog(path=None):
    """The facility category catalog as a DataFrame: id, name, level (5/10/15), group (the people
    served), threshold_s and speed_mps (docs/catalog.md), name_zh and name_en (the catalog's Chinese
    and English names; name is the English one, or the Chinese without it); ``attrs["path"]`` the file read."""
    file, rows = _call(_lc.catalog, os.fspath(path) if path else "")
    df = pd.DataFrame(rows, columns=["id", "name", "level", "group", "threshold_s", "speed_mps", "name_zh", "name_en"])
    df.attrs["path"] = file
    return df


def checklist(path=None, catalog=None):
    """The life-circle checklist (default: Wuhai 2023) as data: the ``lifecircle checklist show
    --json`` document as a dict (docs/checklist.md)."""
    return json.loads(_call(_lc.checklist_json, os.fspath(path) if path else "", os.fspath(catalog) if catalog else ""))


def convert(lon, lat, from_datum, to_datum):
    """Coordinates from one Chinese web-map datum to another, as ``lifecircle convert --from --to``:
    "wgs84", "gcj02" (Amap/高德, Tencent) or "bd09" (Baidu). lon and lat: arrays (or scalars) of
    degrees; returns (lon, lat) numpy arrays. An out-of-range coordinate raises InputError."""
    a = np.atleast_1d(np.asarray(lon, dtype=float))
    b = np.atleast_1d(np.asarray(lat, dtype=float))
    return _call(_lc.convert, a, b, _call(_lc.parse_datum, str(from_datum)), _call(_lc.parse_datum, str(to_datum)))


def _table_args(frame):
    """A (Geo)DataFrame as the extension's table arguments: [(column, type, values, nulls)], [wkb] or None."""
    import geopandas as gpd
    geo = isinstance(frame, gpd.GeoDataFrame)
    gname = frame.geometry.name if geo else None
    columns = []
    for c in frame.columns:
        if c == gname:
            continue
        col = frame[c]
        null = col.isna().to_numpy(dtype=bool).tolist()
        if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_integer_dtype(col.dtype):
            columns.append((str(c), "integer", col.fillna(0).astype(np.int64).tolist(), null))
        elif pd.api.types.is_float_dtype(col.dtype):
            columns.append((str(c), "real", col.fillna(0.0).astype(float).tolist(), null))
        else:
            columns.append((str(c), "text", [_text(v) for v in col], null))
    wkb = [None if g is None or g.is_empty else g.wkb for g in frame.geometry] if geo else None
    return columns, wkb


def html_report(layers, *, units=None, unit_name_field="name", catalog=None, title=None, subtitle=None, notice=None,
                parameters=None, sources=None, interactive_map=True, inputs=None):
    """The planner's HTML report (``lifecircle coverage --report``, docs/report.md) from the layers
    :func:`coverage` returns (a dict by name; unit_coverage, origin_access, gaps, gap_areas,
    gap_measures, progress and data_quality are used). ``units``: the districts coverage was given (a path
    FILE[:LAYER] or a GeoDataFrame, names in ``unit_name_field``), drawn as outlines in their order
    as the command line draws them; without it, unit_coverage's geometries. Returns the document as a str:
    coverage, circle levels, walking-time maps and distribution, gap maps, the gaps with the
    checklist's measures and progress are the command line's; its interactive map lacks the streets
    and facilities the command line adds from the run's inputs. ``parameters`` and ``sources``:
    dicts (or pairs) shown at the end; ``notice``: a box at the top (synthetic data, say).
    ``inputs``: the run's input layers (role: FILE[:LAYER], a dict or pairs), listed first among the
    sources with their layer descriptions as ``--report`` lists them; a layer ``lifecircle synth``
    made (described "SYNTHETIC ...") brings ``--report``'s synthetic-data notice when ``notice``
    is not given."""
    names = ("unit_coverage", "origin_access", "gaps", "gap_areas", "gap_measures", "progress", "data_quality")
    tables = [(n, *_table_args(layers[n]), layers[n].attrs.get("description", "")) for n in names
              if n in layers and layers[n] is not None]
    if units is not None:
        import geopandas as gpd
        if isinstance(units, (str, os.PathLike)):
            path = os.fspath(units)
            file, _, layer = path.rpartition(":") if ":" in os.path.basename(path) else (path, "", "")
            units = gpd.read_file(file, layer=layer or None)
        frame, _ = _geo_frame(units, "units")
        _need(frame, unit_name_field, "units")
        outlines = gpd.GeoDataFrame({"name": [_text(v) for v in frame[unit_name_field]]}, geometry=frame.geometry.values,
                                    crs=4326)
        tables.append(("units", *_table_args(outlines), ""))
    pairs = lambda x: [(str(k), str(v)) for k, v in (x.items() if isinstance(x, dict) else (x or []))]  # noqa: E731
    return _call(_lc.html_report, tables, os.fspath(catalog) if catalog else "", title or "", subtitle or "",
                 notice or "", pairs(parameters), pairs(sources), bool(interactive_map), pairs(inputs))


def layer_styles(frame, name):
    """The QGIS styles the command line writes into its GeoPackage's layer_styles for this result
    layer (``name`` as the GeoPackage layer: "origin_access", "reach", "gap_areas", ...), from the
    frame's columns and geometries exactly as it would: a list of dicts with name, qml (QGIS 3.22
    QML), sld, description and default (the layer's default style first). A layer without geometry,
    or of no known kind, has none (an empty list)."""
    columns, wkb = _table_args(frame)
    return _lc.layer_styles(str(name), columns, wkb)


# ---- site and compare -----------------------------------------------------------------------

def _per_district(quotas):
    if quotas is None:
        return {}
    if isinstance(quotas, str):
        out = {}
        for item in (q for q in quotas.split(",") if q):
            name, _, n = item.rpartition("=")
            if not name:
                raise _usage("per_district", f"'{item}' is not DISTRICT=N")
            out[name] = _whole(n, "per_district")
        return out
    return {str(k): _whole(v, "per_district") for k, v in dict(quotas).items()}


def site(network, facilities, origins, *, category, candidates=None, candidate_id_field=None, candidate_spacing=None,
         candidate_classes=None, street_class_field=None, count=None, target_coverage=None, per_district=None,
         units=None, unit_name_field="name", category_field=None, id_field=None, catalog=None, default_threshold=15,
         speed=None, max_snap=250, min_component=0, population_field=None, elderly_share_field=None,
         households_field=None, persons_per_household=2.8, origin_id_field=None, origin_type="auto", entrances=None,
         grid_cell=None, grid_shape="square", grid_boundary=None, input_crs=None, crs=None, threads=0,
         node_crossings=False, merge_tolerance=0.5, season=None, walk_profile=None, progress=None, verbose=False, cancel=None, log=None):
    """Where to build new facilities of ``category`` so that the most people not yet reached are:
    ``lifecircle site`` as a call (greedy maximal covering). Exactly one of ``count``,
    ``target_coverage`` or ``per_district`` (a dict, or "A=9,B=6" as the flag, with ``units``).
    Candidates: a path, GeoDataFrame or (n, 2) array, or ``candidate_spacing`` metres along the
    streets (of ``candidate_classes``). Returns {"proposed_sites": GeoDataFrame (rank, site_id,
    district, x, y, new_covered, cumulative_covered, cumulative_coverage), "coverage_curve":
    DataFrame}, with ``attrs`` of proposed_sites holding existing, population, covered_population,
    candidates and unsnapped_candidates; a target or quota not met is a LifecircleWarning."""
    epsg_map = {}
    crs_of = _input_crs_map(input_crs)
    req = _lc.SiteRequest()
    req.network, built = _network_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                                         crs=crs, input_crs=crs_of.get("network"), epsg_map=epsg_map,
                                         walk_profile=walk_profile)
    if street_class_field:
        n = req.network
        n.class_field = street_class_field
        req.network = n
    req.built = built
    req.season = season or ""
    req.facilities = _facility_source(facilities, category_field=category_field, id_field=id_field,
                                      capacity_field=None, input_crs=crs_of.get("facilities"), epsg_map=epsg_map)
    if candidates is not None:
        req.candidates = _facility_source(candidates, category_field=None, id_field=candidate_id_field,
                                          capacity_field=None, input_crs=crs_of.get("candidates"), epsg_map=epsg_map)
    with _Temp() as temp:
        req.origins = _origin_source(origins, input_crs=crs_of.get("origins"), epsg_map=epsg_map, temp=temp,
                                     origin_id_field=origin_id_field, population_field=population_field,
                                     elderly_share_field=elderly_share_field, households_field=households_field,
                                     persons_per_household=persons_per_household, origin_type=origin_type,
                                     entrances=entrances, grid_cell=grid_cell, grid_shape=grid_shape,
                                     grid_boundary=grid_boundary)
        req.units = _unit_source(units, unit_name_field, crs_of.get("units"))
        req.category = str(category)
        req.catalog = os.fspath(catalog) if catalog else ""
        req.default_threshold_min = float(default_threshold)
        req.speed_mps = None if speed is None else float(speed)
        req.max_snap_m = float(max_snap)
        req.min_component = _whole(min_component, "min_component")
        req.candidate_spacing_m = float(candidate_spacing or 0)
        req.candidate_classes = _categories(candidate_classes)
        req.count = None if count is None else _whole(count, "count")
        req.target_coverage = None if target_coverage is None else float(target_coverage)
        req.per_district = _per_district(per_district)
        r = _call(_lc.site, req, int(threads), progress, epsg_map, bool(verbose), cancel, log)
    for w in r["warnings"]:
        if log is not None:
            log(True, w)
        else:
            warnings.warn(w, LifecircleWarning, stacklevel=2)
    sites = _table_frame(r["proposed_sites"])
    for key in ("existing", "population", "covered_population", "candidates", "unsnapped_candidates",
                "outside_districts"):
        sites.attrs[key] = r[key]
    return {"proposed_sites": sites, "coverage_curve": _table_frame(r["coverage_curve"])}


def compare(network, facilities, origins, *, add_facilities=None, remove_facilities=None,
            remove_facilities_file=None, add_links=None, link_snap=20, full=False, units=None, unit_name_field="name",
            category_field=None, id_field=None, capacity_field=None, catalog=None, default_threshold=15, speed=None,
            max_snap=250, min_component=0, population_field=None, elderly_share_field=None, households_field=None,
            persons_per_household=2.8, origin_id_field=None, origin_type="auto", entrances=None, grid_cell=None,
            grid_shape="square", grid_boundary=None, input_crs=None, crs=None, threads=0, node_crossings=False,
            merge_tolerance=0.5, season=None, walk_profile=None, progress=None, verbose=False, cancel=None, log=None):
    """The base against a scenario (``add_facilities``, ``remove_facilities`` ids or
    ``remove_facilities_file``, ``add_links`` lines: a path or a GeoDataFrame): ``lifecircle
    compare`` as a call, the scenario reached by incremental updates (``full=True`` re-runs both).
    Returns {"compare_summary": DataFrame, "origin_changes": GeoDataFrame}."""
    epsg_map = {}
    crs_of = _input_crs_map(input_crs)
    req = _lc.CompareRequest()
    req.network, built = _network_source(network, merge_tolerance=merge_tolerance, node_crossings=node_crossings,
                                         crs=crs, input_crs=crs_of.get("network"), epsg_map=epsg_map,
                                         walk_profile=walk_profile)
    req.built = built
    req.season = season or ""
    req.facilities = _facility_source(facilities, category_field=category_field, id_field=id_field,
                                      capacity_field=capacity_field, input_crs=crs_of.get("facilities"),
                                      epsg_map=epsg_map)
    if add_facilities is not None:
        req.add_facilities = _facility_source(add_facilities, category_field=category_field, id_field=id_field,
                                              capacity_field=capacity_field, input_crs=crs_of.get("facilities"),
                                              epsg_map=epsg_map)
    req.remove_facilities = _categories(remove_facilities)
    req.remove_facilities_file = os.fspath(remove_facilities_file) if remove_facilities_file else ""
    if isinstance(add_links, (str, os.PathLike)):
        req.add_links = os.fspath(add_links)
    elif add_links is not None:
        first, lon, lat, _, ids, _ = _line_arrays(add_links, "add_links")
        req.set_links(first, lon, lat, ids)
    req.link_snap_m = float(link_snap)
    req.full = bool(full)
    with _Temp() as temp:
        req.origins = _origin_source(origins, input_crs=crs_of.get("origins"), epsg_map=epsg_map, temp=temp,
                                     origin_id_field=origin_id_field, population_field=population_field,
                                     elderly_share_field=elderly_share_field, households_field=households_field,
                                     persons_per_household=persons_per_household, origin_type=origin_type,
                                     entrances=entrances, grid_cell=grid_cell, grid_shape=grid_shape,
                                     grid_boundary=grid_boundary)
        req.units = _unit_source(units, unit_name_field, crs_of.get("units"))
        req.catalog = os.fspath(catalog) if catalog else ""
        req.default_threshold_min = float(default_threshold)
        req.speed_mps = None if speed is None else float(speed)
        req.max_snap_m = float(max_snap)
        req.min_component = _whole(min_component, "min_component")
        r = _call(_lc.compare, req, int(threads), progress, epsg_map, bool(verbose), cancel, log)
    out = {"compare_summary": _table_frame(r["compare_summary"]), "origin_changes": _table_frame(r["origin_changes"])}
    out["compare_summary"].attrs["unsnapped_added"] = r["unsnapped_added"]
    return out

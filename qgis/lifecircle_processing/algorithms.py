"""lifecircle's Processing algorithms: reach, coverage, site, compare, isochrones and convert.

A thin client of the Python module `lifecircle` (python/, the engine linked in-process, never a
subprocess): each algorithm turns its Processing parameters into the module's call, with the
command line's names and defaults (``max_snap`` is ``--max-snap``, 250 m), and the module's result
tables into feature sinks, styled as the command line's GeoPackages are (the module's
``layer_styles``). Layers of any provider (GeoPackage, shapefile, PostGIS, memory) reach the engine
as a path it reads: a GeoPackage or shapefile layer as it is, anything else (a memory layer, a
database table, a selection) through QGIS's own export to a temporary GeoPackage. The engine runs on
Processing's worker thread: its progress goes to the feedback's progress bar, the feedback's Cancel
stops it (within the engine's 20 ms checks), its messages go to the Processing log.
"""
import os

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsFeatureSink, QgsField,
                       QgsFields, QgsGeometry, QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingLayerPostProcessorInterface, QgsProcessingOutputLayerDefinition,
                       QgsProcessingParameterBoolean,
                       QgsProcessingParameterCrs, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsProcessingUtils, QgsProject, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtXml import QDomDocument

ICON = os.path.join(os.path.dirname(__file__), "icons", "lifecircle.svg")
POINTS_OR_POLYGONS = [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]
DATUMS = ["wgs84", "gcj02", "bd09"]


def _module():
    try:
        import lifecircle
    except ImportError as e:
        raise QgsProcessingException(
            f"lifecircle: the Python module cannot be imported ({e}); install lifecircle (cmake --install, "
            "docs/qgis.md) or put its folder on QGIS's PYTHONPATH") from None
    return lifecircle


def _catalog():
    """The default catalog's categories: [(id, label)], label with the Chinese and English names.
    Empty when the module cannot be imported (the algorithms then say so when run)."""
    try:
        cat = _module().catalog()
        out = []
        for row in cat.to_dict("records"):
            names = " ".join(n for n in (row.get("name_zh"), row.get("name_en") or row.get("name")) if n)
            level = f" ({row['level']} min)" if row.get("level") else ""
            out.append((row["id"], f"{row['id']}: {names}{level}"))
        return out
    except Exception:  # noqa: BLE001 (an exception here would abort QGIS: it runs inside initAlgorithm)
        return []


# Layers kept alive until QGIS has run them (a Python post-processor is otherwise collected).
_POST_PROCESSORS = []


def _apply_qml(layer, qml):
    doc = QDomDocument()
    doc.setContent(qml)
    ok, error = layer.importNamedStyle(doc)
    if ok:
        layer.triggerRepaint()
    return ok, error


class _Styler(QgsProcessingLayerPostProcessorInterface):
    """Applies the default style (and names the layer) when Processing loads an output into the project."""

    def __init__(self, name, qml):
        super().__init__()
        self.name, self.qml = name, qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None:
            _apply_qml(layer, self.qml)


def _frame_columns(frame):
    """(fields, per-column value lists with None for nulls) of a (Geo)DataFrame."""
    import geopandas as gpd
    import pandas as pd
    gname = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    fields = QgsFields()
    values = []
    for c in frame.columns:
        if c == gname:
            continue
        col = frame[c]
        if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_integer_dtype(col.dtype):
            fields.append(QgsField(str(c), QVariant.LongLong))
        elif pd.api.types.is_float_dtype(col.dtype):
            fields.append(QgsField(str(c), QVariant.Double))
        else:
            fields.append(QgsField(str(c), QVariant.String))
        obj = col.astype(object)
        values.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in obj.tolist()])
    return fields, values, gname


class LifecircleAlgorithm(QgsProcessingAlgorithm):
    """What every algorithm shares: the module call on the worker thread, the outputs written and styled."""

    OUTPUTS = ()  # (name, description, checked by default in the dialog)

    def __init__(self):
        super().__init__()
        self._written = []
        self._results = {}

    def createInstance(self):  # noqa: N802
        return type(self)()

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def group(self):
        return ""

    def groupId(self):  # noqa: N802
        return ""

    def flags(self):
        # Runs on the worker thread; the engine is thread-safe (a Context per call).
        return super().flags() | QgsProcessingAlgorithm.FlagCanCancel

    # ---- parameters with the command line's names and defaults -------------------------------

    def add_network(self):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "network", "Street network (lines) [--network]", [QgsProcessing.TypeVectorLine]))

    def add_facilities(self, capacity=False, category_field=True):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "facilities", "Facilities (points or polygons) [--facilities]", POINTS_OR_POLYGONS))
        if category_field:
            self.addParameter(QgsProcessingParameterField(
                "category_field", "Facility category field (catalog ids) [--category-field]", None, "facilities",
                QgsProcessingParameterField.Any, False, True))
        self.addParameter(QgsProcessingParameterField(
            "id_field", "Facility id field [--id-field]", None, "facilities", QgsProcessingParameterField.Any, False,
            True))
        if capacity:
            self.addParameter(QgsProcessingParameterField(
                "capacity_field", "Facility capacity field (seats, beds) for 2SFCA [--capacity-field]", None,
                "facilities", QgsProcessingParameterField.Numeric, False, True))

    def add_origins(self, units=True, population=True):
        self.addParameter(QgsProcessingParameterFeatureSource(
            "origins", "Where people live: points or community polygons [--origins]", POINTS_OR_POLYGONS))
        self.addParameter(QgsProcessingParameterField(
            "origin_id_field", "Origin id field [--origin-id-field]", None, "origins",
            QgsProcessingParameterField.Any, False, True))
        if population:
            self.addParameter(QgsProcessingParameterField(
                "population_field", "Origin population field [--population-field]", None, "origins",
                QgsProcessingParameterField.Numeric, False, True))
            self.addParameter(QgsProcessingParameterField(
                "elderly_share_field", "Share of older residents (0..1) field [--elderly-share-field]", None,
                "origins", QgsProcessingParameterField.Numeric, False, True))
            self.addParameter(QgsProcessingParameterFeatureSource(
                "entrances", "Community entrances (points) [--entrances]", [QgsProcessing.TypeVectorPoint],
                None, True))
        if units:
            self.addParameter(QgsProcessingParameterFeatureSource(
                "units", "Administrative units (polygons) [--units]", [QgsProcessing.TypeVectorPolygon], None, True))
            self.addParameter(QgsProcessingParameterField(
                "unit_name_field", "Unit name field [--unit-name-field]", "name", "units",
                QgsProcessingParameterField.Any, False, True))

    def add_categories(self, name="categories", multiple=True):
        self._category_ids = [c for c, _ in _catalog()]
        labels = [label for _, label in _catalog()]
        if multiple:
            self.addParameter(QgsProcessingParameterEnum(
                name, "Categories of the catalog (none: every category with facilities) [--categories]", labels,
                True, None, True))
        else:
            self.addParameter(QgsProcessingParameterEnum(
                name, "Category of the catalog [--category]", labels, False, None, False))

    def add_walk(self, speed_default=None, catalog=True, default_threshold=True):
        if catalog:
            self.addParameter(QgsProcessingParameterFile(
                "catalog", "Category catalog (default: the installed one) [--catalog]",
                QgsProcessingParameterFile.File, "toml", None, True))
        if default_threshold:
            self.addParameter(QgsProcessingParameterNumber(
                "default_threshold", "Minutes for categories not in the catalog [--default-threshold]",
                QgsProcessingParameterNumber.Double, 15, True, 0.1))
        self.addParameter(QgsProcessingParameterNumber(
            "speed", "One walking speed for every category, m/s (default: the catalog's speeds) [--speed]",
            QgsProcessingParameterNumber.Double, speed_default, True, 0.1, 10))
        self.addParameter(QgsProcessingParameterNumber(
            "max_snap", "Farthest snap to the network, metres [--max-snap]", QgsProcessingParameterNumber.Double,
            250, False, 0))
        self.addParameter(QgsProcessingParameterNumber(
            "min_component", "Drop network pieces with fewer nodes [--min-component]",
            QgsProcessingParameterNumber.Integer, 0, False, 0))

    def add_outputs(self, out_crs=True):
        if out_crs:
            self.addParameter(QgsProcessingParameterCrs(
                "out_crs", "CRS of the output layers (default EPSG:4326; the project's CRS, say) [--out-crs]",
                None, True))
        for name, description, by_default in self.OUTPUTS:
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, description, QgsProcessing.TypeVectorAnyGeometry, None, True, by_default))

    # ---- parameter values ----------------------------------------------------------------------

    @staticmethod
    def _set(v):
        return v is not None and v != "" and not (hasattr(v, "isNull") and v.isNull())

    def _given(self, parameters, name):
        """A value was given, or the parameter has a default (the command line's)."""
        if self._set(parameters.get(name)):
            return True
        d = self.parameterDefinition(name)
        return d is not None and name not in parameters and self._set(d.defaultValue())

    def path(self, parameters, name, context, feedback):
        """The layer as FILE[:LAYER] for the engine: a GeoPackage or shapefile as it is, any other
        source (memory, PostGIS, a selection) exported by QGIS to a temporary GeoPackage."""
        if not self._given(parameters, name):
            return None
        if self.parameterAsSource(parameters, name, context) is None:
            raise QgsProcessingException(f"{name}: the layer cannot be read")
        path, layer = self.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, name, context, ["gpkg", "shp"], "gpkg", feedback)
        return f"{path}:{layer}" if layer else path

    def field(self, parameters, name, context):
        v = self.parameterAsString(parameters, name, context) if self._given(parameters, name) else ""
        return v or None

    def number(self, parameters, name, context, integer=False):
        if not self._given(parameters, name):
            return None
        return self.parameterAsInt(parameters, name, context) if integer else \
            self.parameterAsDouble(parameters, name, context)

    def text(self, parameters, name, context):
        return self.parameterAsString(parameters, name, context).strip() if self._given(parameters, name) else ""

    def categories(self, parameters, context, name="categories"):
        if not self._given(parameters, name):
            return None
        ids = [self._category_ids[i] for i in self.parameterAsEnums(parameters, name, context)]
        return ids or None

    def walk_args(self, parameters, context, catalog=True, default_threshold=True):
        args = {"speed": self.number(parameters, "speed", context),
                "max_snap": self.number(parameters, "max_snap", context),
                "min_component": self.number(parameters, "min_component", context, integer=True)}
        if catalog:
            args["catalog"] = self.text(parameters, "catalog", context) or None
        if default_threshold and self._given(parameters, "default_threshold"):
            args["default_threshold"] = self.number(parameters, "default_threshold", context)
        return {k: v for k, v in args.items() if v is not None}

    def origin_args(self, parameters, context, feedback, units=True, population=True):
        args = {"origin_id_field": self.field(parameters, "origin_id_field", context)}
        if population:
            args["population_field"] = self.field(parameters, "population_field", context)
            args["elderly_share_field"] = self.field(parameters, "elderly_share_field", context)
            args["entrances"] = self.path(parameters, "entrances", context, feedback)
        if units:
            args["units"] = self.path(parameters, "units", context, feedback)
            if args["units"]:
                args["unit_name_field"] = self.field(parameters, "unit_name_field", context) or "name"
        return args

    # ---- the engine call ----------------------------------------------------------------------

    def call_engine(self, fn, feedback, *args, **kwargs):
        """fn(*args, **kwargs, progress=, cancel=, log=) of the module on this (the worker) thread: the
        engine's messages reach the Processing log as it logs them (the module's log= callable, called
        on this thread), its progress the progress bar, the feedback's Cancel stops it."""
        lc = _module()
        stage = [None]

        def progress(name, done, total):
            if name != stage[0]:
                stage[0] = name
                feedback.setProgressText(f"lifecircle: {name}")
            if total:
                feedback.setProgress(100.0 * done / total)

        def log(warning, message):
            if warning:
                feedback.pushWarning(message)
            else:
                feedback.pushInfo(message)

        try:
            return fn(*args, progress=progress, cancel=feedback.isCanceled, log=log, **kwargs)
        except lc.Cancelled:
            raise QgsProcessingException("lifecircle: cancelled") from None
        except lc.Error as e:
            raise QgsProcessingException(f"lifecircle: {e}") from None

    # ---- outputs -----------------------------------------------------------------------------

    def write(self, parameters, context, feedback, tables):
        """Each result table into its sink (those the user asked for), in out_crs; styles kept for
        postProcessAlgorithm. Cancelled while writing: what was written is removed, nothing is left."""
        lc = _module()
        crs = QgsCoordinateReferenceSystem("EPSG:4326")
        out_crs = self.parameterAsCrs(parameters, "out_crs", context) if self._given(parameters, "out_crs") else crs
        transform = None if out_crs == crs else QgsCoordinateTransform(crs, out_crs, QgsProject.instance())
        created = []
        try:
            for name, _, _ in self.OUTPUTS:
                frame = tables.get(name)
                if frame is None or not self._given(parameters, name):
                    continue
                fields, values, gname = _frame_columns(frame)
                geoms = []
                if gname is not None:
                    for g in frame.geometry:
                        q = None
                        if g is not None and not g.is_empty:
                            q = QgsGeometry()
                            q.fromWkb(g.wkb)
                            if transform is not None:
                                q.transform(transform)
                        geoms.append(q)
                kinds = {q.wkbType() for q in geoms if q is not None}
                if gname is None:
                    wkb_type = QgsWkbTypes.NoGeometry
                elif len(kinds) == 1:
                    wkb_type = kinds.pop()
                elif kinds:  # single and multi parts mixed: all multi
                    wkb_type = QgsWkbTypes.multiType(QgsWkbTypes.singleType(next(iter(kinds))))
                    for q in geoms:
                        if q is not None:
                            q.convertToMultiType()
                else:
                    wkb_type = QgsWkbTypes.Point
                before = self._existing_file(parameters, name, context)
                sink, dest = self.parameterAsSink(parameters, name, context, fields, wkb_type,
                                                  out_crs if gname is not None else QgsCoordinateReferenceSystem())
                if sink is None:
                    continue
                created.append((sink, dest, before))
                rows = len(frame)
                for i in range(rows):
                    if i % 2000 == 0 and feedback.isCanceled():
                        raise QgsProcessingException("lifecircle: cancelled")
                    f = QgsFeature(fields)
                    f.setAttributes([v[i] for v in values])
                    if gname is not None and geoms[i] is not None:
                        f.setGeometry(geoms[i])
                    sink.addFeature(f, QgsFeatureSink.FastInsert)
                styles = lc.layer_styles(frame, name) if gname is not None else []
                self._written.append((dest, name, styles))
                self._results[name] = dest
        except BaseException:
            self._remove(created)
            raise
        del created
        return self._results

    @staticmethod
    def _existing_file(parameters, name, context):
        """Whether the output is anything but a new file (a temporary layer, a database, a file that
        was there before): only new files are removed when a run is cancelled."""
        v = parameters.get(name)
        if isinstance(v, QgsProcessingOutputLayerDefinition):
            v = v.sink.valueAsString(context.expressionContext(), "")[0]
        path = str(v or "").split("|")[0]
        if not path or path == "TEMPORARY_OUTPUT" or ":" in path.split("/")[0]:
            return True
        return os.path.exists(path)

    def _remove(self, created):
        for sink, dest, existed in created:
            del sink
            path = (dest or "").split("|")[0]
            if not existed and path and os.path.isfile(path):
                for p in (path, path + "-wal", path + "-shm"):
                    if os.path.exists(p):
                        os.remove(p)
        created.clear()
        self._written, self._results = [], {}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """On the main thread, once the sinks are closed: each output styled as the command line's
        GeoPackage layer (a GeoPackage output gets every style in its layer_styles, the default
        first), named by its table, and styled again when Processing loads it into the project."""
        for dest, name, styles in self._written:
            if not styles:
                continue
            layer = QgsProcessingUtils.mapLayerFromString(dest, context)
            if layer is None:
                continue
            source = layer.source().split("|")[0]
            if layer.providerType() == "ogr" and source.lower().endswith(".gpkg"):
                for s in styles:
                    _apply_qml(layer, s["qml"])
                    error = layer.saveStyleToDatabase(s["name"], s["description"], bool(s["default"]), "")
                    if error:
                        feedback.pushWarning(f"{name}: style {s['name']} not saved: {error}")
            ok, error = _apply_qml(layer, styles[0]["qml"])
            if not ok:
                feedback.pushWarning(f"{name}: style not applied: {error}")
            if context.willLoadLayerOnCompletion(dest):
                details = context.layerToLoadOnCompletionDetails(dest)
                details.name = name
                styler = _Styler(name, styles[0]["qml"])
                _POST_PROCESSORS.append(styler)
                details.setPostProcessor(styler)
        return self._results


class ReachAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (("reach", "Walking times per origin and category [reach]", True),)

    def name(self):
        return "reach"

    def displayName(self):  # noqa: N802
        return "Walking reach (步行可达)"

    def shortHelpString(self):  # noqa: N802
        return ("Walking time from every origin to the nearest facilities of each category over the street network, "
                "the k nearest distinct facilities and how many lie within each threshold: `lifecircle reach`. "
                "One row per origin and category, at the origin.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_network()
        self.add_facilities()
        self.add_origins(units=False, population=False)
        self.add_categories()
        self.addParameter(QgsProcessingParameterString(
            "thresholds", "Minutes for the count columns [--thresholds]", "5,10,15"))
        self.addParameter(QgsProcessingParameterNumber(
            "k", "Nearest facilities searched per origin [--k]", QgsProcessingParameterNumber.Integer, 3, False, 1))
        self.add_walk(speed_default=1.0, default_threshold=False)
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        frame = self.call_engine(
            lc.reach, feedback, self.path(parameters, "network", context, feedback),
            self.path(parameters, "facilities", context, feedback), self.path(parameters, "origins", context, feedback),
            category_field=self.field(parameters, "category_field", context),
            id_field=self.field(parameters, "id_field", context),
            origin_id_field=self.field(parameters, "origin_id_field", context),
            categories=self.categories(parameters, context), thresholds=self.text(parameters, "thresholds", context),
            k=self.number(parameters, "k", context, integer=True), geometry=True,
            **self.walk_args(parameters, context, default_threshold=False))
        return self.write(parameters, context, feedback, {"reach": frame})


class CoverageAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (
        ("origin_access", "Walk from each origin to each category [origin_access]", True),
        ("origin_access_wide", "One row per origin, minutes and covered per category [origin_access_wide, --layout wide]",
         False),
        ("community_coverage", "Coverage per community [community_coverage]", True),
        ("unit_coverage", "Coverage per unit [unit_coverage]", True),
        ("gaps", "Origins beyond a category's threshold [gaps]", True),
        ("gap_areas", "Gap areas by people affected [gap_areas]", True),
        ("unit_gaps", "People uncovered per unit [unit_gaps]", True),
        ("gap_measures", "Gaps linked to the checklist's measures [gap_measures]", True),
        ("progress", "The checklist's progress [progress]", True),
        ("plan_unit_coverage", "Coverage per unit with the planned facilities [plan_unit_coverage]", False),
        ("data_quality", "Where the results rest on thin data [data_quality]", True),
        ("summary", "Coverage per unit and category [--summary]", True),
    )

    def name(self):
        return "coverage"

    def displayName(self):  # noqa: N802
        return "Coverage and gaps (覆盖与缺口)"

    def shortHelpString(self):  # noqa: N802
        return ("Who is reached and who is not, per category of the catalog, with the gaps linked to the life-circle "
                "checklist's measures: `lifecircle coverage`. Outputs are the command line's GeoPackage layers, "
                "styled as there; the gap report (Markdown) and the planner's report (HTML) are optional.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_network()
        self.add_facilities(capacity=True)
        self.add_origins()
        self.add_categories()
        self.add_walk()
        self.addParameter(QgsProcessingParameterString(
            "thresholds", "Minutes for the count columns [--thresholds]", "5,10,15"))
        self.addParameter(QgsProcessingParameterNumber(
            "k", "Nearest facilities searched per origin [--k]", QgsProcessingParameterNumber.Integer, 3, False, 1))
        self.addParameter(QgsProcessingParameterNumber(
            "gap_point_radius", "Radius of the gap area around a point origin, metres [--gap-point-radius]",
            QgsProcessingParameterNumber.Double, 100, False, 0))
        self.addParameter(QgsProcessingParameterFile(
            "checklist", "Checklist the gaps are linked to (default: Wuhai 2023) [--checklist]",
            QgsProcessingParameterFile.File, "toml", None, True))
        self.addParameter(QgsProcessingParameterString(
            "as_of", "Date deadlines are judged at, YYYY-MM-DD (default: the checklist's publication) [--as-of]",
            None, False, True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "plan_facilities", "Facilities the plan adds [--plan-facilities]", POINTS_OR_POLYGONS, None, True))
        self.add_outputs()
        self.addParameter(QgsProcessingParameterFileDestination(
            "gap_report", "Gap report (Markdown) [--gap-report]", "Markdown (*.md)", None, True, False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "report", "The planner's report (HTML) [--report]", "HTML (*.html)", None, True, False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        inputs = {n: self.path(parameters, n, context, feedback) for n in ("network", "facilities", "origins")}
        origin_args = self.origin_args(parameters, context, feedback)
        settings = dict(
            category_field=self.field(parameters, "category_field", context),
            id_field=self.field(parameters, "id_field", context),
            capacity_field=self.field(parameters, "capacity_field", context),
            categories=self.categories(parameters, context), thresholds=self.text(parameters, "thresholds", context),
            k=self.number(parameters, "k", context, integer=True),
            gap_point_radius=self.number(parameters, "gap_point_radius", context),
            checklist=self.text(parameters, "checklist", context) or None,
            as_of=self.text(parameters, "as_of", context) or None, **self.walk_args(parameters, context))
        r = self.call_engine(lc.coverage, feedback, inputs["network"], inputs["facilities"], inputs["origins"],
                             plan_facilities=self.path(parameters, "plan_facilities", context, feedback),
                             # the wide layer only when its output is asked for ("both": origin_access too)
                             layout="both" if self._given(parameters, "origin_access_wide") else "long",
                             **origin_args, **settings)
        results = self.write(parameters, context, feedback, r)
        html = self.parameterAsFileOutput(parameters, "report", context) if self._given(parameters, "report") else ""
        if html:  # the planner's report, as --report writes it, from the same tables
            # The inputs as the engine read them, in --report's words: each with its layer's
            # description, and --report's notice when the layers are lifecircle synth's.
            roles = {"network": "street network", "facilities": "facilities", "origins": "origins",
                     "entrances": "entrances", "units": "units"}
            read = {**inputs, "entrances": origin_args.get("entrances"), "units": origin_args.get("units")}
            shown = [(k, ",".join(v) if isinstance(v, list) else str(v)) for k, v in settings.items() if v is not None]
            text = lc.html_report(r, units=origin_args.get("units"),
                                  unit_name_field=origin_args.get("unit_name_field") or "name",
                                  catalog=settings.get("catalog"), parameters=shown,
                                  inputs=[(roles[n], v) for n, v in read.items() if v])
            with open(html, "w", encoding="utf-8") as f:
                f.write(text)
            results["report"] = html
        report = self.parameterAsFileOutput(parameters, "gap_report", context) \
            if self._given(parameters, "gap_report") else ""
        if report:
            with open(report, "w", encoding="utf-8") as f:
                f.write(r["gap_report"])
            results["gap_report"] = report
        return results


class SiteAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (("proposed_sites", "Proposed sites, numbered by rank [proposed_sites]", True),
               ("coverage_curve", "Coverage after each site [coverage_curve]", True))

    def name(self):
        return "site"

    def displayName(self):  # noqa: N802
        return "Facility siting (设施选址)"

    def shortHelpString(self):  # noqa: N802
        return ("Where to build new facilities of one category so that the most people not yet reached are: "
                "`lifecircle site` (greedy maximal covering). Give exactly one of count, target coverage or "
                "quotas per district (with units). Candidates: a layer, or points every candidate spacing metres "
                "along the streets.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_network()
        self.add_facilities()
        self.add_origins()
        self.add_categories("category", multiple=False)
        self.addParameter(QgsProcessingParameterFeatureSource(
            "candidates", "Candidate sites (points) [--candidates]", [QgsProcessing.TypeVectorPoint], None, True))
        self.addParameter(QgsProcessingParameterField(
            "candidate_id_field", "Candidate id field [--candidate-id-field]", None, "candidates",
            QgsProcessingParameterField.Any, False, True))
        self.addParameter(QgsProcessingParameterNumber(
            "candidate_spacing", "Candidates every ... metres along the streets [--candidate-spacing]",
            QgsProcessingParameterNumber.Double, None, True, 1))
        self.addParameter(QgsProcessingParameterString(
            "candidate_classes", "Street classes candidates stand on, comma separated [--candidate-classes]",
            None, False, True))
        self.addParameter(QgsProcessingParameterNumber(
            "count", "Sites to propose [--count]", QgsProcessingParameterNumber.Integer, None, True, 1))
        self.addParameter(QgsProcessingParameterNumber(
            "target_coverage", "Coverage to reach, 0..1 [--target-coverage]", QgsProcessingParameterNumber.Double,
            None, True, 0, 1))
        self.addParameter(QgsProcessingParameterString(
            "per_district", "Sites per district, DISTRICT=N,... (with units) [--per-district]", None, False, True))
        self.add_walk()
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        cats = self._category_ids
        category = cats[self.parameterAsEnum(parameters, "category", context)]
        r = self.call_engine(
            lc.site, feedback, self.path(parameters, "network", context, feedback),
            self.path(parameters, "facilities", context, feedback), self.path(parameters, "origins", context, feedback),
            category=category, category_field=self.field(parameters, "category_field", context),
            id_field=self.field(parameters, "id_field", context),
            candidates=self.path(parameters, "candidates", context, feedback),
            candidate_id_field=self.field(parameters, "candidate_id_field", context),
            candidate_spacing=self.number(parameters, "candidate_spacing", context),
            candidate_classes=self.text(parameters, "candidate_classes", context) or None,
            count=self.number(parameters, "count", context, integer=True),
            target_coverage=self.number(parameters, "target_coverage", context),
            per_district=self.text(parameters, "per_district", context) or None,
            **self.origin_args(parameters, context, feedback), **self.walk_args(parameters, context))
        return self.write(parameters, context, feedback, r)


class CompareAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (("compare_summary", "Base against scenario per unit and category [compare_summary]", True),
               ("origin_changes", "Origins whose walk changes [origin_changes]", True))

    def name(self):
        return "compare"

    def displayName(self):  # noqa: N802
        return "Scenario comparison (方案比较)"

    def shortHelpString(self):  # noqa: N802
        return ("The base against a scenario (facilities added or removed, walking links added): `lifecircle "
                "compare`, the scenario reached by incremental updates.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_network()
        self.add_facilities(capacity=True)
        self.add_origins()
        self.addParameter(QgsProcessingParameterFeatureSource(
            "add_facilities", "Facilities the scenario adds [--add-facilities]", POINTS_OR_POLYGONS, None, True))
        self.addParameter(QgsProcessingParameterString(
            "remove_facilities", "Facility ids the scenario removes, comma separated [--remove-facilities]",
            None, False, True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "add_links", "Walking links the scenario adds (lines) [--add-links]", [QgsProcessing.TypeVectorLine],
            None, True))
        self.addParameter(QgsProcessingParameterNumber(
            "link_snap", "Join link ends to nodes within, metres [--link-snap]", QgsProcessingParameterNumber.Double,
            20, False, 0))
        self.addParameter(QgsProcessingParameterBoolean(
            "full", "Re-run both instead of updating incrementally [--full]", False))
        self.add_walk()
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        r = self.call_engine(
            lc.compare, feedback, self.path(parameters, "network", context, feedback),
            self.path(parameters, "facilities", context, feedback), self.path(parameters, "origins", context, feedback),
            category_field=self.field(parameters, "category_field", context),
            id_field=self.field(parameters, "id_field", context),
            capacity_field=self.field(parameters, "capacity_field", context),
            add_facilities=self.path(parameters, "add_facilities", context, feedback),
            remove_facilities=self.text(parameters, "remove_facilities", context) or None,
            add_links=self.path(parameters, "add_links", context, feedback),
            link_snap=self.number(parameters, "link_snap", context),
            full=self.parameterAsBool(parameters, "full", context),
            **self.origin_args(parameters, context, feedback), **self.walk_args(parameters, context))
        return self.write(parameters, context, feedback, r)


class IsochronesAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (("isochrones", "Isochrones per facility and category [isochrones]", True),
               ("service_areas", "Service areas: the streets nearest to each facility [--service-areas]", False))

    def name(self):
        return "isochrones"

    def displayName(self):  # noqa: N802
        return "Isochrones and service areas (等时圈与服务区)"

    def shortHelpString(self):  # noqa: N802
        return ("Isochrones per facility and merged per category, from the streets actually reached, and with "
                "service areas the streets nearest to each facility: `lifecircle isochrones`.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_network()
        self.add_facilities()
        self.add_categories()
        self.addParameter(QgsProcessingParameterString("minutes", "Minutes of the isochrones [--minutes]", "5,10,15"))
        self.addParameter(QgsProcessingParameterNumber(
            "corridor", "Width around the streets reached, metres [--corridor]", QgsProcessingParameterNumber.Double,
            50, False, 1))
        self.add_walk(default_threshold=False)
        self.add_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        r = self.call_engine(
            lc.isochrones, feedback, self.path(parameters, "network", context, feedback),
            self.path(parameters, "facilities", context, feedback),
            category_field=self.field(parameters, "category_field", context),
            id_field=self.field(parameters, "id_field", context),
            categories=self.categories(parameters, context), minutes=self.text(parameters, "minutes", context),
            corridor=self.number(parameters, "corridor", context),
            service_areas=self._given(parameters, "service_areas"),  # computed when the output is asked for
            **self.walk_args(parameters, context, default_threshold=False))
        return self.write(parameters, context, feedback, r)


class ConvertAlgorithm(LifecircleAlgorithm):
    OUTPUTS = (("output", "Converted layer", True),)

    def name(self):
        return "convert"

    def displayName(self):  # noqa: N802
        return "GCJ-02 / BD-09 conversion (坐标转换)"

    def shortHelpString(self):  # noqa: N802
        return ("Every vertex of a lon/lat layer from one Chinese web-map datum to another: WGS84, GCJ-02 (Amap/高德, "
                "Tencent) or BD-09 (Baidu): `lifecircle convert --from --to`. Attributes are kept.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "input", "Layer in lon/lat [IN]", [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterEnum("from", "Coordinates of the input [--from]", DATUMS, False, 1))
        self.addParameter(QgsProcessingParameterEnum("to", "Coordinates of the output [--to]", DATUMS, False, 0))
        self.addParameter(QgsProcessingParameterFeatureSink("output", "Converted layer [OUT]"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        lc = _module()
        source = self.parameterAsSource(parameters, "input", context)
        if source is None:
            raise QgsProcessingException("input: the layer cannot be read")
        if not source.sourceCrs().isGeographic():
            raise QgsProcessingException(f"input: in {source.sourceCrs().authid()}, not lon/lat: GCJ-02 and BD-09 "
                                         "are lon/lat datums")
        a = DATUMS[self.parameterAsEnum(parameters, "from", context)]
        b = DATUMS[self.parameterAsEnum(parameters, "to", context)]
        existed = self._existing_file(parameters, "output", context)
        sink, dest = self.parameterAsSink(parameters, "output", context, source.fields(), source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException("output: cannot be created")
        total = max(source.featureCount(), 1)
        try:
            for i, f in enumerate(source.getFeatures()):
                if feedback.isCanceled():
                    raise QgsProcessingException("lifecircle: cancelled")
                g = f.geometry()
                if not g.isNull():
                    points = list(g.vertices())
                    lon, lat = lc.convert([p.x() for p in points], [p.y() for p in points], a, b)
                    for j in range(len(points)):
                        g.moveVertex(float(lon[j]), float(lat[j]), j)
                    f.setGeometry(g)
                sink.addFeature(f, QgsFeatureSink.FastInsert)
                feedback.setProgress(100.0 * (i + 1) / total)
        except lc.Error as e:
            self._remove([(sink, dest, existed)])
            raise QgsProcessingException(f"lifecircle: {e}") from None
        except BaseException:
            self._remove([(sink, dest, existed)])
            raise
        return {"output": dest}


ALGORITHMS = (ReachAlgorithm, CoverageAlgorithm, SiteAlgorithm, CompareAlgorithm, IsochronesAlgorithm,
              ConvertAlgorithm)

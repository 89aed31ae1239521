#!/usr/bin/python3
"""Opens every layer of a GeoPackage in QGIS itself (PyQGIS, headless), as a planner would.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 check_layers.py RESULT.gpkg EXPECT.json PNG_DIR

For every layer listed in the GeoPackage's gpkg_contents (read with sqlite3, not through QGIS or
GDAL): the QGIS layer is valid; its feature count equals SELECT count(*) of the table, and the
count given in EXPECT.json where one is given; for layers with a style, the renderer QGIS loaded
by itself from layer_styles has the expected type and number of classes, labels where expected,
and draws the expected features; and a map of the layer renders to PNG_DIR/<file>_<layer>.png
without errors and not blank.

EXPECT.json: {"layers": {"NAME": {"count": N, "renderer": "graduatedSymbol", "classes": [MIN, MAX],
              "label_field": "rank", "all_drawn": true, "crs": "EPSG:4326"}}}; keys are optional,
a layer missing from "layers" is only opened, counted and (if spatial) rendered.
Exit status 0 when every check passes, 1 otherwise (each failure is printed).
"""
import json
import os
import sqlite3
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsExpressionContextUtils, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRenderContext, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

failures = []


def fail(layer, what):
    failures.append(f"{layer}: {what}")
    print(f"FAIL {layer}: {what}")


def table_counts(path):
    con = sqlite3.connect(path)
    rows = con.execute("SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name").fetchall()
    counts = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name, _ in rows}
    styled = {name for (name,) in con.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")} \
        if any(name == "layer_styles" for name, _ in rows) else set()
    con.close()
    return [(n, t) for n, t in rows if n != "layer_styles"], counts, styled


def class_count(renderer):
    kind = renderer.type()
    if kind == "graduatedSymbol":
        return len(renderer.ranges())
    if kind == "categorizedSymbol":
        return len(renderer.categories())
    return 1


def drawn_features(layer):
    renderer = layer.renderer().clone()
    ctx = QgsRenderContext()
    ctx.expressionContext().appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    renderer.startRender(ctx, layer.fields())
    drawn = 0
    for f in layer.getFeatures():
        ctx.expressionContext().setFeature(f)
        if f.hasGeometry() and renderer.willRenderFeature(f, ctx):
            drawn += 1
    renderer.stopRender(ctx)
    return drawn


def render(layer, png):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    extent = layer.extent()
    extent.scale(1.1)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(800, 600))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    errors = [f"{e.layerID}: {e.message}" for e in job.errors()]
    image = job.renderedImage()
    image.save(png, "PNG")
    white = QColor(255, 255, 255).rgb()
    painted = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            painted += image.pixel(x, y) != white
    return errors, painted / ((image.height() // 4) * (image.width() // 4))


def check(path, expect, png_dir):
    layers, counts, styled = table_counts(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    for name, data_type in layers:
        want = expect.get("layers", {}).get(name, {})
        failed_before = len(failures)
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        if not layer.isValid():
            fail(name, "QGIS cannot open the layer")
            continue
        n = layer.featureCount()
        if n != counts[name]:
            fail(name, f"QGIS counts {n} features, the table holds {counts[name]}")
        if "count" in want and n != want["count"]:
            fail(name, f"{n} features, expected {want['count']}")
        line = f"{stem}:{name}: {n} features"
        if data_type != "features":
            print(("ok   " if len(failures) == failed_before else "bad  ") + line + " (table)")
            continue
        if "crs" in want and layer.crs().authid() != want["crs"]:
            fail(name, f"CRS {layer.crs().authid()}, expected {want['crs']}")
        renderer = layer.renderer()
        if name in styled or "renderer" in want:
            if name not in styled:
                fail(name, "no default style in layer_styles")
            if renderer.type() != want.get("renderer", renderer.type()):
                fail(name, f"renderer {renderer.type()}, expected {want['renderer']} (style not applied)")
            lo, hi = want.get("classes", [1, 10**6])
            k = class_count(renderer)
            if not lo <= k <= hi:
                fail(name, f"{k} classes, expected {lo}..{hi}")
            if "label_field" in want:
                labeling = layer.labeling()
                if not layer.labelsEnabled() or labeling is None or labeling.settings().fieldName != want["label_field"]:
                    fail(name, f"not labelled by {want['label_field']}")
            drawn = drawn_features(layer)
            if n > 0 and drawn == 0:
                fail(name, "the style draws no feature")
            if want.get("all_drawn") and drawn != n:
                fail(name, f"the style draws {drawn} of {n} features")
            line += f", {renderer.type()} with {k} classes, {drawn} drawn"
        if n > 0:
            png = os.path.join(png_dir, f"{stem}_{name}.png")
            errors, painted = render(layer, png)
            if errors:
                fail(name, "rendering errors: " + "; ".join(errors))
            if painted < 0.001:
                fail(name, f"the rendered map is blank ({png})")
            line += f", rendered {painted:.1%} of the map"
        print(("ok   " if len(failures) == failed_before else "bad  ") + line)


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    path, expect_path, png_dir = sys.argv[1:]
    with open(expect_path, encoding="utf-8") as f:
        expect = json.load(f)
    os.makedirs(png_dir, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        check(path, expect, png_dir)
    finally:
        app.exitQgis()
    print(f"{path}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The lifecircle provider's algorithm dialogs as QGIS shows them, rendered offscreen to PNG.

Used by scripts/qgis-screenshots.sh (the pictures under docs/qgis/) and by plugin_check.py (which
renders them again and checks that they are not blank). Needs a QgsApplication with a GUI
(QgsApplication([], True)) whose Processing is initialised and the provider registered.
"""
import os

ALGORITHMS = ("reach", "coverage", "site", "compare", "isochrones", "convert")


# The project's layers a planner would pick, by parameter (the dialog otherwise offers the first
# layer of the right geometry: compounds as facilities, say).
LAYERS = {"network": "streets", "facilities": "facilities", "origins": "compounds", "entrances": "gates",
          "units": "districts", "input": "facilities"}
FIELDS = {"category_field": "category", "id_field": "id", "capacity_field": "capacity", "origin_id_field": "id",
          "population_field": "population", "elderly_share_field": "elderly_share", "unit_name_field": "name"}


def _whole(app, dialog):
    """Grows the dialog until its parameters need no scrolling, either way: the whole dialog shows.
    Returns the scroll bars' remaining ranges (0, 0 when it all shows)."""
    from qgis.PyQt.QtWidgets import QScrollArea
    areas = [a for a in dialog.findChildren(QScrollArea) if a.widget() is not None]
    if not areas:
        return (0, 0)
    area = max(areas, key=lambda a: a.widget().sizeHint().height())
    for _ in range(8):
        dx, dy = area.horizontalScrollBar().maximum(), area.verticalScrollBar().maximum()
        if dx == 0 and dy == 0:
            break
        dialog.resize(dialog.width() + dx + 2 * (dx > 0), dialog.height() + dy + 2 * (dy > 0))
        for _ in range(3):
            app.processEvents()
    return (area.horizontalScrollBar().maximum(), area.verticalScrollBar().maximum())


def render_dialogs(app, out_dir, size=(900, 900)):
    """One PNG per algorithm, out_dir/lifecircle_<id>.png, each the whole dialog (grown until its
    parameters need no scrolling), the project's layers chosen by name when it has them (LAYERS,
    FIELDS); returns {id: (path, painted share, colours, background, scroll left (dx, dy), (w, h))}."""
    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor, QImage
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    os.makedirs(out_dir, exist_ok=True)
    out = {}
    project = QgsProject.instance()
    for name in ALGORITHMS:
        alg = QgsApplication.processingRegistry().createAlgorithmById(f"lifecircle:{name}")
        if alg is None:
            raise RuntimeError(f"lifecircle:{name} is not registered")
        dialog = AlgorithmDialog(alg, False, None)
        names = {p.name() for p in alg.parameterDefinitions()}
        chosen = {}
        for param, layer_name in LAYERS.items():
            found = project.mapLayersByName(layer_name)
            if param in names and found:
                chosen[param] = found[0]
        chosen.update({p: f for p, f in FIELDS.items()
                       if p in names and alg.parameterDefinition(p).parentLayerParameterName() in chosen})
        if "category" in names:  # the catalog's names show: "convenience_store: 便利店 Convenience store (5 min)"
            options = alg.parameterDefinition("category").options()
            chosen["category"] = next((i for i, o in enumerate(options) if o.startswith("convenience_store:")), 0)
        if chosen:
            dialog.setParameters(chosen)
        dialog.show()
        for _ in range(3):
            app.processEvents()
        dialog.resize(*size)  # after show: QGIS restores the last dialog's size when it shows one
        for _ in range(3):
            app.processEvents()
        left = _whole(app, dialog)
        image = dialog.grab().toImage()
        path = os.path.join(out_dir, f"lifecircle_{name}.png")
        # 256 colours: a dialog needs no more, and the pictures in docs/ stay small.
        image.convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither).save(path, "PNG")
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
        # Not blank: the share of sampled pixels that differ from the most common colour (the
        # dialog's background); a dialog with its widgets and texts paints well over 2 %.
        counts = {}
        for y in range(0, image.height(), 3):
            for x in range(0, image.width(), 3):
                c = image.pixel(x, y)
                counts[c] = counts.get(c, 0) + 1
        total = sum(counts.values())
        painted = 1 - max(counts.values()) / total if total else 0.0
        out[name] = (path, painted, len(counts), QColor(max(counts, key=counts.get)).name(), left,
                     (image.width(), image.height()))
    return out

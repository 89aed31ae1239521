"""The lifecircle provider's algorithm dialogs as QGIS shows them, rendered offscreen to PNG.

Used by scripts/qgis-screenshots.sh (the pictures under docs/qgis/) and by plugin_check.py (which
renders them again and checks that they are not blank). Needs a QgsApplication with a GUI
(QgsApplication([], True)) whose Processing is initialised and the provider registered.
"""
import os

ALGORITHMS = ("reach", "coverage", "site", "compare", "isochrones", "convert")


def render_dialogs(app, out_dir, size=(820, 1000)):
    """One PNG per algorithm, out_dir/lifecircle_<id>.png; returns {id: (path, painted share)}."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtGui import QColor, QImage
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    os.makedirs(out_dir, exist_ok=True)
    out = {}
    for name in ALGORITHMS:
        alg = QgsApplication.processingRegistry().createAlgorithmById(f"lifecircle:{name}")
        if alg is None:
            raise RuntimeError(f"lifecircle:{name} is not registered")
        dialog = AlgorithmDialog(alg, False, None)
        dialog.resize(*size)
        dialog.show()
        for _ in range(5):
            app.processEvents()
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
        out[name] = (path, painted, len(counts), QColor(max(counts, key=counts.get)).name())
    return out

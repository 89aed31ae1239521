#!/usr/bin/env bash
# The lifecircle provider's algorithm dialogs as QGIS shows them, whole (grown until no parameter
# needs scrolling), rendered offscreen (no display needed) into docs/qgis/lifecircle_<algorithm>.png, which the README and docs/qgis.md show, with the
# synthetic Wuhai's layers in the project as a planner's would be. The
# qgis_plugin test renders them again with the same code (tests/qgis/plugin_dialogs.py) and checks
# they are not blank. Needs python3-qgis and the Python module built (the categories' list comes
# from its catalog). usage: scripts/qgis-screenshots.sh [BUILD_DIR (default build/ci)] [OUT_DIR (default docs/qgis)]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build/ci}"
OUT="${2:-$ROOT/docs/qgis}"
export PYTHONPATH="$BUILD/python${PYTHONPATH:+:$PYTHONPATH}" QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
CITY="$(mktemp -d)"
trap 'rm -rf "$CITY"' EXIT
"$BUILD/tools/lifecircle" -q synth wuhai --out "$CITY" --seed 7 --overwrite  # the layers the dialogs offer
/usr/bin/python3 - "$ROOT" "$OUT" "$CITY/wuhai.gpkg" <<'PY'
import sys
root, out, city = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path[:0] = [root + "/tests/qgis", root + "/qgis", "/usr/share/qgis/python/plugins"]
from qgis.core import QgsApplication
app = QgsApplication([], True)
app.initQgis()
from processing.core.Processing import Processing
Processing.initialize()
from lifecircle_processing.provider import LifecircleProvider
provider = LifecircleProvider()
QgsApplication.processingRegistry().addProvider(provider)
import plugin_dialogs
from qgis.core import QgsProject, QgsVectorLayer
QgsProject.instance().addMapLayers([QgsVectorLayer(f"{city}|layername={n}", n, "ogr")
                                    for n in ("streets", "facilities", "compounds", "gates", "districts")])
for name, (path, painted, colours, background, left, size) in plugin_dialogs.render_dialogs(app, out).items():
    print(f"{path}: {size[0]}x{size[1]}, {painted:.1%} painted, {colours} colours, scrolling left {left}")
QgsApplication.processingRegistry().removeProvider(provider)
PY

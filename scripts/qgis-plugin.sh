#!/usr/bin/env bash
# The QGIS plugin as a zip that QGIS's Plugins > Manage and Install Plugins > Install from ZIP
# accepts: OUT_DIR/lifecircle_processing-VERSION.zip holding one folder, lifecircle_processing/
# (metadata.txt, the Processing provider, icons), with the version of CMakeLists.txt's project().
# The plugin calls the Python module `lifecircle`, which must be installed where QGIS's Python finds
# it (docs/qgis.md). usage: scripts/qgis-plugin.sh OUT_DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$1"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
VERSION="$(sed -n 's/^project(lifecircle VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
[ -n "$VERSION" ] || { echo "qgis-plugin: no project version in CMakeLists.txt" >&2; exit 1; }
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir "$STAGE/lifecircle_processing"
( cd "$ROOT/qgis/lifecircle_processing" && find . -type f \( -name '*.py' -o -name '*.svg' -o -name '*.png' -o -name 'metadata.txt' \) \
    -not -path '*/__pycache__/*' | sort | while read -r f; do
      mkdir -p "$STAGE/lifecircle_processing/$(dirname "$f")"; cp "$f" "$STAGE/lifecircle_processing/$f"; done )
sed -i "s/^version=.*/version=$VERSION/" "$STAGE/lifecircle_processing/metadata.txt"
ZIP="$OUT/lifecircle_processing-$VERSION.zip"
rm -f "$ZIP"
# Fixed timestamps: the same sources give the same zip.
find "$STAGE" -exec touch -h -d '2000-01-01 00:00:00' {} +
( cd "$STAGE" && TZ=UTC zip -q -X -r "$ZIP" lifecircle_processing )
echo "$ZIP"

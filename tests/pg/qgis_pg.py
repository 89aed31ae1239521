#!/usr/bin/python3
"""Opens result tables in QGIS itself (PyQGIS, headless, the postgres provider), as a planner would:
each layer valid, its feature count the table's, and the renderer QGIS loaded by itself from
public.layer_styles the one expected (a layer without its style would get QGIS's singleSymbol).

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_pg.py HOST PORT DBNAME USER SCHEMA.TABLE=RENDERER:COUNT ...
The password comes from PGPASSWORD (libpq). Exit status 0 when every check passes, 1 otherwise.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer  # noqa: E402


def main():
    host, port, dbname, user = sys.argv[1:5]
    app = QgsApplication([], False)
    app.initQgis()
    failures = 0
    try:
        for spec in sys.argv[5:]:
            table, expect = spec.split("=")
            renderer, count = expect.split(":")
            schema, name = table.split(".")
            uri = QgsDataSourceUri()
            uri.setConnection(host, port, dbname, user, "")
            uri.setDataSource(schema, name, "geom", "", "fid")
            layer = QgsVectorLayer(uri.uri(False), name, "postgres")
            got = layer.renderer().type() if layer.isValid() and layer.renderer() else None
            n = layer.featureCount() if layer.isValid() else -1
            ok = layer.isValid() and got == renderer and n == int(count)
            print(f"{'ok' if ok else 'FAIL'} {table}: valid {layer.isValid()}, renderer {got} (expected {renderer}), "
                  f"{n} features (expected {count})")
            failures += not ok
    finally:
        app.exitQgis()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

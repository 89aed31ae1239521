#!/usr/bin/python3
"""The QGIS plugin (qgis/lifecircle_processing, issue 16) in QGIS itself, headless (ctest qgis_plugin).

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 plugin_check.py LIFECIRCLE_BIN WORK_DIR
(PYTHONPATH: the module lifecircle's folder).

The plugin is the zip scripts/qgis-plugin.sh makes, unpacked into a plugin folder of the work
folder as QGIS's "Install from ZIP" does: qgis_process finds it there (QGIS_PLUGINPATH), and this
process loads and starts it through qgis.utils as QGIS does.

On the synthetic Wuhai, with the command line's outputs on the same inputs as the reference:
1. `qgis_process run lifecircle:coverage` (QGIS's own runner, the plugin enabled in a profile of the
   work folder): every layer equals the CLI's GeoPackage layer, row for row and cell for cell,
   geometries included; each opens valid in QGIS with its layer_styles default style of the
   expected renderer and draws (check_layers.py, as qgis_check does for the CLI's files); the gap
   report is written, and the HTML report's sections are the CLI's --report's, byte for byte.
2. In this one QGIS process: the city loaded as project layers, the streets converted to a memory
   layer, each algorithm through processing.run: coverage (again equal to the CLI), reach (times
   within the CLI's 0.1 s rounding), site (the CLI's sites in the CLI's order), compare (the CLI's
   compare_summary), isochrones (the CLI's rows and areas), convert (the CLI's coordinates); memory
   outputs styled as the GeoPackage's.
   Coverage runs on a worker thread as the dialog runs it (QgsProcessingAlgRunnerTask): its engine
   messages are the CLI's, pushed to the log on that thread while the run goes on. The categories'
   lists are the installed catalog's (read with tomllib), with Chinese and English names. Reach
   again from PostGIS tables (a throwaway cluster, tests/pg/cluster.sh, started beside the
   references) opened by QGIS's postgres provider: the CLI's rows.
3. Cancelling coverage as it reports its first progress: it stops within a second, with no output.
4. Each algorithm's dialog rendered offscreen (plugin_dialogs.py): whole (nothing left to scroll),
   not blank; docs/qgis/ holds a picture of each (scripts/qgis-screenshots.sh), not blank, as tall
   as the dialog.
Exits 0 when every check passes, 1 otherwise (each failure printed), 77 (skip) without QGIS outside
CI; under CI=true a missing QGIS fails.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    import qgis.core  # noqa: F401
    import lifecircle  # noqa: F401
except ImportError as e:
    if os.environ.get("CI") == "true":
        print(f"qgis_plugin: {e} under CI (scripts/setup.sh installs python3-qgis)")
        sys.exit(1)
    print(f"qgis_plugin: SKIP: {e}")
    sys.exit(77)

failures = []


def fail(what):
    failures.append(what)
    print(f"FAIL {what}")


def ok(what):
    print(f"ok   {what}")


def read(path):
    if not path or not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


# ---- the reference: the command line on the same inputs --------------------------------------

def references(lc_bin, work):
    run([lc_bin, "-q", "synth", "wuhai", "--out", work, "--seed", "7", "--overwrite"])
    w = os.path.join(work, "wuhai.gpkg")
    fac = ["--facilities", f"{w}:facilities", "--category-field", "category", "--id-field", "id"]
    orig = ["--origins", f"{w}:compounds", "--origin-id-field", "id", "--population-field", "population",
            "--elderly-share-field", "elderly_share", "--entrances", f"{w}:gates", "--units", f"{w}:districts",
            "--unit-name-field", "name"]
    net = ["--network", f"{w}:streets"]
    cli = {k: os.path.join(work, f"cli_{k}.gpkg") for k in ("coverage", "reach", "site", "compare", "isochrones")}
    run([lc_bin, "-q", "coverage", *net, *fac, "--capacity-field", "capacity", *orig, "--as-of", "2023-12-31",
         "--out", cli["coverage"], "--report", os.path.join(work, "cli_report.html"), "--overwrite"])
    run([lc_bin, "-q", "reach", *net, *fac, "--origins", f"{w}:gates", "--origin-id-field", "id",
         "--categories", "kindergarten,pharmacy", "--out", cli["reach"], "--out-crs", "EPSG:32648", "--overwrite"])
    run([lc_bin, "-q", "site", *net, *fac, *orig, "--candidate-spacing", "100", "--category", "convenience_store",
         "--count", "5", "--out", cli["site"], "--overwrite"])
    con = sqlite3.connect(w)
    removed = [r[0] for r in con.execute("SELECT id FROM facilities WHERE category = 'pharmacy' ORDER BY id LIMIT 3")]
    con.close()
    run([lc_bin, "-q", "compare", *net, *fac, *orig, "--remove-facilities", ",".join(removed),
         "--out", cli["compare"], "--overwrite"])
    run([lc_bin, "-q", "isochrones", *net, *fac, "--categories", "library", "--service-areas",
         "--out", cli["isochrones"], "--overwrite"])
    run([lc_bin, "-q", "convert", "--from", "wgs84", "--to", "gcj02", w,
         os.path.join(work, "cli_gcj02.gpkg"), "--overwrite"])
    return w, cli, removed


def unpacked_plugin(work):
    """scripts/qgis-plugin.sh's zip, checked and unpacked: the folder holding lifecircle_processing/."""
    import zipfile
    zips = os.path.join(work, "zip")
    shutil.rmtree(zips, ignore_errors=True)
    path = run([os.path.join(ROOT, "scripts", "qgis-plugin.sh"), zips]).stdout.strip().splitlines()[-1]
    plugins = os.path.join(work, "plugins")
    shutil.rmtree(plugins, ignore_errors=True)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        tops = {n.split("/")[0] for n in names}
        for need in ("lifecircle_processing/metadata.txt", "lifecircle_processing/__init__.py"):
            if need not in names:
                fail(f"{path}: no {need}")
        if tops != {"lifecircle_processing"}:
            fail(f"{path}: top-level entries {sorted(tops)}, QGIS wants the plugin's one folder")
        z.extractall(plugins)
    ok(f"{os.path.basename(path)}: {len(names)} entries in lifecircle_processing/")
    return plugins


def qgis_process(work, w, plugins):
    """lifecircle:coverage through qgis_process, the plugin enabled in a profile of its own."""
    profile = os.path.join(work, "profile")
    shutil.rmtree(profile, ignore_errors=True)
    ini = os.path.join(profile, "profiles", "default", "QGIS")
    os.makedirs(ini)
    with open(os.path.join(ini, "QGIS3.ini"), "w") as f:
        f.write("[PythonPlugins]\nlifecircle_processing=true\n")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=profile, QGIS_PLUGINPATH=plugins,
               XDG_RUNTIME_DIR=os.environ.get("XDG_RUNTIME_DIR", work))
    # Debian's /usr/bin/qgis_process passes --noversioncheck, which qgis_process.bin refuses (QGIS 3.22).
    exe = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    out = os.path.join(work, "qgis_process")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    layers = ["origin_access", "community_coverage", "unit_coverage", "gaps", "gap_areas", "unit_gaps",
              "gap_measures", "progress", "data_quality"]
    args = [f"network={w}|layername=streets", f"facilities={w}|layername=facilities", "category_field=category",
            "id_field=id", "capacity_field=capacity", f"origins={w}|layername=compounds", "origin_id_field=id",
            "population_field=population", "elderly_share_field=elderly_share",
            f"entrances={w}|layername=gates", f"units={w}|layername=districts", "unit_name_field=name",
            "as_of=2023-12-31", f"gap_report={out}/gaps.md", f"report={out}/report.html"] + [f"{n}={out}/{n}.gpkg" for n in layers]
    started = time.perf_counter()
    r = subprocess.run([exe, "--json", "run", "lifecircle:coverage", "--", *args], capture_output=True, text=True,
                       env=env)
    took = time.perf_counter() - started
    if r.returncode != 0:
        fail(f"qgis_process run lifecircle:coverage: exit {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        return None, took
    results = json.loads(r.stdout[r.stdout.index("{"):])["results"]
    return {n: results.get(n) for n in layers} | {k: results.get(k) for k in ("gap_report", "report")}, took


def postgis_cluster():
    """A throwaway PostgreSQL 15 + PostGIS 3 cluster (tests/pg/cluster.sh, postgis_check's fixture),
    started beside the references: a database `city` with PostGIS. It lives while the returned
    process's stdin is open (it goes when this one ends, crashed or not). None when PostgreSQL or
    PostGIS is missing."""
    script = f"""set -euo pipefail
source "{ROOT}/tests/pg/cluster.sh"
pg_cluster_available || {{ echo unavailable; exit 0; }}
pg_cluster_start
PGPASSWORD="$PG_PASSWORD" psql -X -q -U "$PG_USER" -d postgres -c "CREATE DATABASE city" > /dev/null
PGPASSWORD="$PG_PASSWORD" psql -X -q -U "$PG_USER" -d city -c "CREATE EXTENSION postgis" > /dev/null
echo "ready $PGHOST $PGPORT $PG_USER $PG_PASSWORD"
cat > /dev/null
"""
    return subprocess.Popen(["bash", "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def postgis_layers(cluster, w):
    """The city's streets, facilities and gates loaded into the cluster (ogr2ogr, fids kept) and
    opened by QGIS's postgres provider; {} without a cluster."""
    from qgis.core import QgsDataSourceUri, QgsVectorLayer
    line = cluster.stdout.readline().split() if cluster else []
    if not line or line[0] != "ready":
        if os.environ.get("CI") == "true":
            fail(f"PostGIS: no cluster under CI ({' '.join(line) or 'it did not start'}; scripts/setup.sh installs it)")
        else:
            print(f"qgis_plugin: SKIP the PostGIS layers: {' '.join(line) or 'the cluster did not start'}")
        return {}
    host, port, user, password = line[1:5]
    layers = {}
    for t in ("streets", "facilities", "gates"):
        run(["ogr2ogr", "-f", "PostgreSQL", f"PG:host={host} port={port} dbname=city user={user}", w, t,
             "-nln", f"public.{t}", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"],
            env=dict(os.environ, PGPASSWORD=password))
        uri = QgsDataSourceUri()
        uri.setConnection(host, port, "city", user, password)
        uri.setDataSource("public", t, "geom", "", "fid")
        layers[t] = QgsVectorLayer(uri.uri(False), f"{t} (PostGIS)", "postgres")
        if not layers[t].isValid() or layers[t].providerType() != "postgres":
            fail(f"PostGIS: public.{t} does not open in QGIS")
            return {}
    return layers


# ---- comparisons -----------------------------------------------------------------------------

def same_value(a, b):
    if a is None or b is None or (hasattr(a, "isNull") and a.isNull()) or (hasattr(b, "isNull") and b.isNull()):
        na = a is None or (hasattr(a, "isNull") and a.isNull())
        nb = b is None or (hasattr(b, "isNull") and b.isNull())
        return na == nb
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return str(a) == str(b)


def geometry_key(g, digits=8):
    from qgis.core import QgsGeometry
    # QGIS's GeoPackage writer stores a feature without geometry as an empty one (POLYGON EMPTY):
    # both mean none.
    if g is None or g.isNull() or g.isEmpty():
        return None
    g = QgsGeometry(g)
    g.convertToMultiType()
    return g.asWkt(digits)


def compare_layers(what, mine, theirs, tolerance=None, fields=None, digits=8):
    """Every feature of layer `mine` equals the same-position feature of `theirs`, every field of
    `theirs` (but fid) and the geometry; `tolerance` {field: abs} for rounded columns."""
    if not mine.isValid() or not theirs.isValid():
        fail(f"{what}: layer not valid (mine {mine.isValid()}, theirs {theirs.isValid()})")
        return
    if theirs.isSpatial() and mine.crs().authid() != theirs.crs().authid():
        fail(f"{what}: CRS {mine.crs().authid()}, the CLI's {theirs.crs().authid()}")
    names = [f.name() for f in theirs.fields() if f.name() != "fid"]
    mine_names = [f.name() for f in mine.fields() if f.name() != "fid"]
    if mine_names != names:
        fail(f"{what}: fields {mine_names}, the CLI's {names}")
        return
    a, b = list(mine.getFeatures()), list(theirs.getFeatures())
    if len(a) != len(b):
        fail(f"{what}: {len(a)} features, the CLI's {len(b)}")
        return
    bad = 0
    for fa, fb in zip(a, b):
        for n in fields or names:
            x, y = fa[n], fb[n]
            if tolerance and n in tolerance and isinstance(x, float) and isinstance(y, float):
                good = abs(x - y) <= tolerance[n]
            else:
                good = same_value(x, y)
            if not good:
                bad += 1
                if bad <= 3:
                    fail(f"{what}: feature {fa.id()} {n} = {x!r}, the CLI's {y!r}")
        if theirs.isSpatial() and geometry_key(fa.geometry(), digits) != geometry_key(fb.geometry(), digits):
            bad += 1
            if bad <= 3:
                fail(f"{what}: feature {fa.id()} geometry differs from the CLI's")
    if bad == 0:
        ok(f"{what}: {len(a)} features equal the CLI's")


def cli_layer(path, name):
    from qgis.core import QgsVectorLayer
    return QgsVectorLayer(f"{path}|layername={name}", name, "ogr")


def style_names(path, name):
    con = sqlite3.connect(path)
    try:
        return [(r[0], bool(r[1])) for r in con.execute(
            "SELECT styleName, useAsDefault FROM layer_styles WHERE f_table_name = ? ORDER BY id", (name,))]
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


# ---- in QGIS ---------------------------------------------------------------------------------

def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    lc_bin, work = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(work, exist_ok=True)
    started = time.perf_counter()
    cluster = postgis_cluster()  # starts while the references are made
    w, cli, removed = references(lc_bin, work)
    print(f"qgis_plugin: the CLI's references in {time.perf_counter() - started:.1f} s")
    plugins = unpacked_plugin(work)
    qp, took = qgis_process(work, w, plugins)
    print(f"qgis_plugin: qgis_process run lifecircle:coverage in {took:.1f} s")

    from qgis.core import (QgsApplication, QgsFeatureRequest, QgsProcessingException, QgsProcessingFeedback,
                           QgsProject, QgsVectorLayer)
    app = QgsApplication([], True)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    import processing
    import qgis.utils
    from processing.core.Processing import Processing
    Processing.initialize()
    # As QGIS does with an installed plugin: found on the plugin path, its metadata read, loaded, started.
    sys.path.insert(0, plugins)
    qgis.utils.plugin_paths.insert(0, plugins)
    qgis.utils.updateAvailablePlugins()
    if qgis.utils.pluginMetadata("lifecircle_processing", "hasProcessingProvider") != "yes":
        fail("metadata.txt: hasProcessingProvider is not yes")
    if not qgis.utils.loadPlugin("lifecircle_processing") or \
            not qgis.utils.startProcessingPlugin("lifecircle_processing"):
        fail("qgis.utils cannot load and start the plugin")
        return 1
    provider = QgsApplication.processingRegistry().providerById("lifecircle")
    ids = sorted(a.name() for a in provider.algorithms()) if provider else []
    if ids != ["compare", "convert", "coverage", "isochrones", "reach", "site"]:
        fail(f"provider lifecircle: algorithms {ids}")
    sys.path.insert(0, HERE)
    import check_layers
    import plugin_dialogs

    # 1. qgis_process's files against the CLI's, then opened and styled as qgis_check does.
    if qp is not None:
        expect = {"layers": {
            "origin_access": {"renderer": "graduatedSymbol", "classes": [5, 5], "crs": "EPSG:4326"},
            "gaps": {"renderer": "graduatedSymbol", "classes": [4, 4], "all_drawn": True},
            "gap_areas": {"renderer": "graduatedSymbol", "classes": [1, 5], "all_drawn": True},
            "community_coverage": {"renderer": "graduatedSymbol"},
            "unit_coverage": {"renderer": "graduatedSymbol"}}}
        for name, dest in qp.items():
            if name in ("gap_report", "report"):
                continue
            if not dest:
                fail(f"qgis_process: no {name} output")
                continue
            path = dest.split("|")[0]
            compare_layers(f"qgis_process {name}", QgsVectorLayer(dest, name, "ogr"), cli_layer(cli["coverage"], name))
            cli_styles = style_names(cli["coverage"], name)
            if style_names(path, name) != cli_styles:
                fail(f"qgis_process {name}: styles {style_names(path, name)}, the CLI's {cli_styles}")
            elif cli_styles:
                ok(f"qgis_process {name}: {len(cli_styles)} styles in layer_styles, the CLI's, default first")
            before = len(check_layers.failures)
            check_layers.check(path, expect, os.path.join(work, "png"))
            for f in check_layers.failures[before:]:
                fail(f"qgis_process {f}")
        report = qp.get("gap_report")
        text = read(report)
        if "#" not in text or len(text) < 200:
            fail(f"qgis_process: no gap report ({report})")
        else:
            ok(f"qgis_process: the gap report, {len(text)} characters")
        # The HTML report: the CLI's sections byte for byte, but the run's parameters (the data
        # sources are compared: each input with its layer's description) and the gap table's note
        # (the CLI adds its flags' walking speeds there); the synthetic-data notice the CLI's.
        import re

        def sections(path):
            text = read(path)
            found = dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', text, re.S))
            if "checklist" in found:
                found["checklist"] = re.sub(r'<p class="small">.*?</p>', "", found["checklist"], count=1, flags=re.S)
            if "parameters" in found:
                found["parameters"] = found["parameters"][found["parameters"].find("<h3>数据来源"):]
            found["notice"] = "".join(re.findall(r'<div class="notice" id="notice" role="note">(.*?)</div>', text, re.S))
            return found
        mine, theirs = sections(qp.get("report")), sections(os.path.join(work, "cli_report.html"))
        differ = sorted(k for k in theirs if mine.get(k) != theirs[k])
        if not theirs or differ:
            fail(f"qgis_process: the HTML report's sections {differ} differ from the CLI's ({qp.get('report')})")
        elif "SYNTHETIC" not in theirs["notice"] or "SYNTHETIC" not in theirs["parameters"]:
            fail(f"the CLI's report: no synthetic-data notice or described sources ({theirs['notice'][:80]!r})")
        else:
            ok(f"qgis_process: the HTML report's {len(theirs) - 1} sections equal the CLI's, the data sources and "
               f"the synthetic-data notice too")

    # 2. The city as project layers, the streets as a memory layer; every algorithm by processing.run.
    project = QgsProject.instance()
    layers = {n: QgsVectorLayer(f"{w}|layername={n}", n, "ogr") for n in
              ("streets", "facilities", "compounds", "gates", "districts")}
    memory = layers["streets"].materialize(QgsFeatureRequest())
    memory.setName("streets (memory)")
    if memory.providerType() != "memory" or memory.featureCount() != layers["streets"].featureCount():
        fail(f"streets as a memory layer: {memory.providerType()}, {memory.featureCount()} features")
    project.addMapLayers([memory] + [l for n, l in layers.items() if n != "streets"])
    out = os.path.join(work, "processing")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    base = {"network": memory, "facilities": layers["facilities"], "category_field": "category", "id_field": "id"}
    people = {"origins": layers["compounds"], "origin_id_field": "id", "population_field": "population",
              "elderly_share_field": "elderly_share", "entrances": layers["gates"], "units": layers["districts"],
              "unit_name_field": "name"}

    class Log(QgsProcessingFeedback):
        """What the Processing log would show, each line with the thread that pushed it and the
        progress (the share of the run done) when it came."""

        def __init__(self):
            super().__init__()
            self.lines, self.threads, self.at = [], [], []

        def pushInfo(self, text):  # noqa: N802
            self.lines.append(text)
            self.threads.append(threading.get_ident())
            self.at.append(self.progress())

        def pushWarning(self, text):  # noqa: N802
            self.pushInfo("warning: " + text)

    logs = {}

    def on_worker_thread(name, params):
        """lifecircle:NAME as the algorithm dialog runs it: a QgsProcessingAlgRunnerTask on the task
        manager's worker thread, this (the main) thread in its event loop until the task is done."""
        from qgis.core import QgsProcessingAlgRunnerTask, QgsProcessingContext
        from qgis.PyQt.QtCore import QEventLoop
        t = time.perf_counter()
        logs[name] = feedback = Log()
        context = QgsProcessingContext()
        context.setProject(project)
        done, loop = [], QEventLoop()

        def executed(successful, results):
            done.append((successful, results))
            loop.quit()
        task = QgsProcessingAlgRunnerTask(
            QgsApplication.processingRegistry().algorithmById(f"lifecircle:{name}"), params, context, feedback)
        task.executed.connect(executed)
        QgsApplication.taskManager().addTask(task)
        if not done:
            loop.exec_()
        print(f"qgis_plugin: lifecircle:{name} on a worker thread in {time.perf_counter() - t:.1f} s")
        if not done[0][0]:
            fail(f"lifecircle:{name} on a worker thread failed: {feedback.lines[-5:]}")
            return None
        return done[0][1]

    def alg(name, params):
        t = time.perf_counter()
        logs[name] = Log()
        try:
            r = processing.run(f"lifecircle:{name}", params, feedback=logs[name])
        except QgsProcessingException as e:
            fail(f"processing.run lifecircle:{name}: {e}")
            return None
        print(f"qgis_plugin: processing.run lifecircle:{name} in {time.perf_counter() - t:.1f} s")
        return r

    def opened(value, name):
        return value if isinstance(value, QgsVectorLayer) else QgsVectorLayer(value, name, "ogr")

    r = on_worker_thread("coverage", {**base, **people, "capacity_field": "capacity", "as_of": "2023-12-31",
                                      **{n: os.path.join(out, f"{n}.gpkg") for n in
                                         ("origin_access", "gap_areas", "unit_coverage")}})
    if r:
        for name in ("origin_access", "gap_areas", "unit_coverage"):
            layer = opened(r[name], name)
            compare_layers(f"processing.run coverage {name}", layer, cli_layer(cli["coverage"], name))
            if layer.renderer() is None or layer.renderer().type() != "graduatedSymbol":
                fail(f"processing.run coverage {name}: renderer "
                     f"{layer.renderer().type() if layer.renderer() else None}, not the GeoPackage's graduatedSymbol")
            else:
                ok(f"processing.run coverage {name}: styled ({layer.providerType()})")
    # The engine's messages in the Processing log (the CLI prints the same without -q).
    said = run([lc_bin, "coverage", "--network", f"{w}:streets", "--facilities", f"{w}:facilities", "--category-field",
                "category", "--id-field", "id", "--origins", f"{w}:compounds", "--population-field", "population",
                "--out", os.path.join(work, "said.gpkg"), "--overwrite"])
    cli_lines = [l.strip() for l in (said.stdout + said.stderr).splitlines() if l.strip()]
    log = logs.get("coverage", Log())
    engine = [(l, t, p) for l, t, p in zip(log.lines, log.threads, log.at) if not l.startswith("Results:")]
    engine_lines = [l for l, _, _ in engine]
    shared = [l for l in cli_lines if any(l.endswith(e.replace("warning: ", "")) for e in engine_lines)]
    if len(shared) < 2:
        fail(f"processing log: {len(shared)} of the CLI's messages ({cli_lines[:3]}...), log {engine_lines[:5]}")
    else:
        ok(f"processing log: {len(engine_lines)} engine messages, e.g. {shared[0]!r}")
    # Live: pushed on the worker thread as the engine logs them, while the run goes on (the first
    # ones before its progress has reached the end), not all at its end.
    engine_at = [p for l, _, p in engine if any(c.endswith(l.replace("warning: ", "")) for c in cli_lines)]
    main_thread = threading.get_ident()
    if any(t == main_thread for _, t, _ in engine):
        fail("processing log: engine messages pushed on the main thread, not on the worker thread")
    elif not engine_at or min(engine_at) >= max(log.at + [log.progress()]) or len(set(engine_at)) < 2:
        fail(f"processing log: the engine's messages came at progress {engine_at}: not while the run went on")
    else:
        ok(f"processing log: on the worker thread as the run goes on, at progress {min(engine_at):.0f}% to "
           f"{max(engine_at):.0f}% of {log.progress():.0f}%")
    # Catalog categories as the multiple-choice list: the installed catalog's, in its order, each
    # with its Chinese and English names and level, as the TOML file itself (tomllib) has them.
    import tomllib
    with open(lifecircle.catalog_path(), "rb") as f:
        expected = [f"{c['id']}: {c['name_zh']} {c['name_en']} ({c['level']} min)" for c in tomllib.load(f)["category"]]
    for name, param in (("coverage", "categories"), ("reach", "categories"), ("isochrones", "categories"),
                        ("site", "category")):
        options = QgsApplication.processingRegistry().algorithmById(f"lifecircle:{name}").parameterDefinition(
            param).options()
        if options != expected:
            fail(f"lifecircle:{name} {param}: options {options[:2]}..., the catalog's {expected[:2]}...")
        else:
            ok(f"lifecircle:{name} {param}: the catalog's {len(expected)} categories, e.g. {expected[0]!r}")
    ids = list(lifecircle.catalog()["id"])
    # In UTM 48N as --out-crs EPSG:32648 writes it: points to the centimetre.
    r = alg("reach", {**base, "origins": layers["gates"], "origin_id_field": "id", "out_crs": "EPSG:32648",
                      "categories": [ids.index("kindergarten"), ids.index("pharmacy")], "reach": "TEMPORARY_OUTPUT"})
    if r:
        compare_layers("processing.run reach", opened(r["reach"], "reach"), cli_layer(cli["reach"], "reach"),
                       tolerance={n: 0.051 for n in ("nearest_s", "k2_s", "k3_s", "snap_m")}, digits=2)
    # The same from PostGIS tables in the project (QGIS's postgres provider; the plugin has QGIS
    # export them for the engine): the CLI's rows again.
    t = time.perf_counter()
    pg = postgis_layers(cluster, w)
    if pg:
        project.addMapLayers(list(pg.values()))
        print(f"qgis_plugin: the PostGIS tables loaded in {time.perf_counter() - t:.1f} s")
        r = alg("reach", {"network": pg["streets"], "facilities": pg["facilities"], "category_field": "category",
                          "id_field": "id", "origins": pg["gates"], "origin_id_field": "id", "out_crs": "EPSG:32648",
                          "categories": [ids.index("kindergarten"), ids.index("pharmacy")],
                          "reach": "TEMPORARY_OUTPUT"})
        if r:
            compare_layers("processing.run reach from PostGIS layers", opened(r["reach"], "reach"),
                           cli_layer(cli["reach"], "reach"),
                           tolerance={n: 0.051 for n in ("nearest_s", "k2_s", "k3_s", "snap_m")}, digits=2)
    r = alg("site", {**base, **people, "category": ids.index("convenience_store"), "candidate_spacing": 100,
                     "count": 5, "proposed_sites": "TEMPORARY_OUTPUT", "coverage_curve": "TEMPORARY_OUTPUT"})
    if r:
        compare_layers("processing.run site", opened(r["proposed_sites"], "proposed_sites"),
                       cli_layer(cli["site"], "proposed_sites"))
    # Loaded into the project as the dialog does (runAndLoadResults): named by its table, styled by
    # the post-processor as the GeoPackage's proposed_sites is (numbered by rank).
    before = set(project.mapLayers())
    processing.runAndLoadResults("lifecircle:site", {**base, **people, "category": ids.index("convenience_store"),
                                                      "candidate_spacing": 100, "count": 5,
                                                      "proposed_sites": "TEMPORARY_OUTPUT"})
    added = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    sites = [l for l in added if l.name() == "proposed_sites"]
    if len(sites) != 1:
        fail(f"runAndLoadResults site: added {[l.name() for l in added]}, not one proposed_sites")
    else:
        l = sites[0]
        labelled = l.labelsEnabled() and l.labeling() is not None and l.labeling().settings().fieldName == "rank"
        if l.renderer().type() != "singleSymbol" or not labelled or l.featureCount() != 5:
            fail(f"runAndLoadResults site: {l.renderer().type()}, labelled by rank {labelled}, {l.featureCount()} sites")
        else:
            ok("runAndLoadResults site: proposed_sites added to the project, numbered by rank as the GeoPackage's")
    r = alg("compare", {**base, **people, "remove_facilities": ",".join(removed),
                        "compare_summary": "TEMPORARY_OUTPUT", "origin_changes": "TEMPORARY_OUTPUT"})
    if r:
        compare_layers("processing.run compare compare_summary", opened(r["compare_summary"], "compare_summary"),
                       cli_layer(cli["compare"], "compare_summary"))
    # --service-areas is the output service_areas: asked for, computed.
    r = alg("isochrones", {**base, "categories": [ids.index("library")],
                           "isochrones": "TEMPORARY_OUTPUT", "service_areas": "TEMPORARY_OUTPUT"})
    if r:
        for name in ("isochrones", "service_areas"):
            compare_layers(f"processing.run isochrones {name}", opened(r[name], name), cli_layer(cli["isochrones"], name))
    r = alg("convert", {"input": layers["facilities"], "from": 0, "to": 1, "output": "TEMPORARY_OUTPUT"})
    if r:
        compare_layers("processing.run convert", opened(r["output"], "output"),
                       cli_layer(os.path.join(work, "cli_gcj02.gpkg"), "facilities"))

    # 3. Cancel as the first progress is reported: stops within a second, leaves nothing.
    cancel_dir = os.path.join(work, "cancelled")
    shutil.rmtree(cancel_dir, ignore_errors=True)
    os.makedirs(cancel_dir)
    feedback = QgsProcessingFeedback()
    asked = []

    def on_progress(p):
        if not asked and p > 0:
            asked.append(time.perf_counter())
            feedback.cancel()
    feedback.progressChanged.connect(on_progress)
    outputs = {n: os.path.join(cancel_dir, f"{n}.gpkg") for n in ("origin_access", "gaps", "gap_areas", "unit_coverage")}
    t = time.perf_counter()
    try:
        processing.run("lifecircle:coverage", {**base, **people, "capacity_field": "capacity", **outputs},
                       feedback=feedback)
        fail("cancelled coverage: it ran to its end")
    except QgsProcessingException as e:
        stopped = time.perf_counter()
        if not asked:
            fail(f"cancelled coverage: no progress reported before it stopped ({e})")
        elif stopped - asked[0] > 1.0:
            fail(f"cancelled coverage: stopped {stopped - asked[0]:.2f} s after the cancel")
        else:
            ok(f"cancelled coverage: stopped {1000 * (stopped - asked[0]):.0f} ms after the cancel, "
               f"{stopped - t:.2f} s in ({e})")
    left = os.listdir(cancel_dir)
    if left:
        fail(f"cancelled coverage left {left}")

    # 4. The dialogs, rendered offscreen: whole (no parameter left to scroll to), not blank.
    rendered = plugin_dialogs.render_dialogs(app, os.path.join(work, "dialogs"))
    for name, (png, painted, colours, background, scroll, size) in rendered.items():
        if painted < 0.02 or colours < 8:
            fail(f"dialog {name}: blank ({painted:.1%} painted, {colours} colours; {png})")
        elif scroll != (0, 0):
            fail(f"dialog {name}: not whole, {scroll} pixels left to scroll ({png})")
        else:
            ok(f"dialog {name}: whole, {size[0]}x{size[1]}, {painted:.1%} painted, {colours} colours on {background}")

    # The pictures scripts/qgis-screenshots.sh keeps in docs/qgis/: one per algorithm, not blank,
    # whole dialogs (as tall as the one just rendered, within 10 %: a picture of a dialog's top, or
    # of one that has since gained parameters, is not).
    from qgis.PyQt.QtGui import QImage
    for name in plugin_dialogs.ALGORITHMS:
        png = os.path.join(ROOT, "docs", "qgis", f"lifecircle_{name}.png")
        image = QImage(png)
        colours = {image.pixel(x, y) for y in range(0, image.height(), 7) for x in range(0, image.width(), 7)}
        height = rendered[name][5][1]
        if image.isNull() or len(colours) < 8:
            fail(f"{png}: missing or blank ({len(colours)} colours): run scripts/qgis-screenshots.sh")
        elif abs(image.height() - height) > 0.1 * height:
            fail(f"{png}: {image.height()} pixels tall, the whole dialog {height}: run scripts/qgis-screenshots.sh")
    qgis.utils.unloadPlugin("lifecircle_processing")
    project.clear()
    if cluster:
        cluster.stdin.close()  # the cluster stops and its folder goes
        cluster.wait()
    print(f"qgis_plugin: done in {time.perf_counter() - started:.1f} s, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

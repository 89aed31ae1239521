#!/usr/bin/python3
"""The planner's report in a real browser: generates the report of the SYNTHETIC Wuhai
(`lifecircle synth wuhai`, coverage of its compounds, a siting run), loads it in headless
Chromium over the DevTools protocol (--remote-debugging-pipe), and fails on any console message
of level error or warning, script exception or failed resource load; checks the DOM holds every
section, the synthetic notice, UTF-8 and the maps; saves screenshots (PNG: the top of the page, and the
whole page scaled) and checks they are not blank. The interactive map: its feature counts per layer,
read back through the page's own script (window.lcMap), against the GeoPackage the same run wrote;
a real mouse click on the largest gap area opens a popup naming every checklist measure linked to
its category; the language switch changes the labels; a screenshot of the map zoomed to a district.
The page printed to A4 PDF (Chromium's printToPDF): pages counted (pdfinfo), one page per
category's walking-time map (pdftotext, page by page), the first page rendered (pdftoppm) and
checked not blank. Prints the report's size and how long the map took to open
(a measurement, not a condition). Exit 77 (ctest SKIP) when chromium is missing, except under CI=true.

usage: check_html.py LIFECIRCLE_BINARY WORK_DIR [grid]
  grid: origins on the 100 m grid instead of the compounds (and the report must stay under 8 MB)
"""
import base64
import fcntl
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SECTIONS = ["coverage", "levels", "time-maps", "time-distribution", "gap-maps", "checklist", "progress",
            "sites", "data-quality", "parameters"]
SKIP = 77


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        fail("%s exited %d:\n%s" % (" ".join(cmd), r.returncode, r.stdout))
    return r.stdout


def make_report(lc, work, grid=False):
    run([lc, "-q", "synth", "wuhai", "--out", work, "--seed", "2023", "--overwrite"])
    w = os.path.join(work, "wuhai.gpkg")
    common = ["--network", w + ":streets", "--facilities", w + ":facilities", "--category-field", "category",
              "--id-field", "id", "--origins", w + ":compounds", "--origin-id-field", "id",
              "--population-field", "population", "--elderly-share-field", "elderly_share",
              "--entrances", w + ":gates", "--units", w + ":districts", "--unit-name-field", "name", "--overwrite"]
    sites = os.path.join(work, "sites_convenience.csv")
    run([lc, "-q", "site"] + common + ["--candidate-spacing", "200", "--category", "convenience_store",
                                       "--count", "14", "--out", sites])
    report = os.path.join(work, "report.html")
    origins = ["--grid-cell", "100", "--grid-boundary", w + ":districts"] if grid else []
    run([lc, "-q", "coverage"] + common + origins + ["--capacity-field", "capacity", "--as-of", "2023-12-31",
                                                     "--out", os.path.join(work, "result.gpkg"),
                                                     "--report", report, "--report-sites", sites])
    return report


def expected_counts(work, category):
    """What the map should hold, from the GeoPackages the run wrote (not from the page)."""
    res = sqlite3.connect(os.path.join(work, "result.gpkg"))
    city = sqlite3.connect(os.path.join(work, "wuhai.gpkg"))
    one = lambda db, q, *a: db.execute(q, a).fetchone()[0]
    measures = sorted(r[0] for r in res.execute(
        "SELECT DISTINCT measure_id FROM gap_measures WHERE category = ? AND measure_id <> ''", (category,)))
    return {"units": one(city, "SELECT count(*) FROM districts"),
            "origins": one(res, "SELECT count(DISTINCT origin_id) FROM origin_access"),
            "gaps": one(res, "SELECT count(*) FROM gap_areas WHERE category = ?", category),
            "facilities": one(city, "SELECT count(*) FROM facilities WHERE category = ?", category),
            "sites": 14}, measures


class Browser:
    """Chromium over --remote-debugging-pipe: fd 3 carries our commands, fd 4 its replies,
    each message JSON ended by a NUL byte."""

    def __init__(self, chromium, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # The child's ends moved above 10 first, so that placing them at 3 and 4 overwrites nothing.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def fds():
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--hide-scrollbars", "--window-size=1280,900", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(high_r)
        os.close(high_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                fail("chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                fail("chromium closed the pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None, timeout=60):
        want = self.send(method, params, session)
        deadline = time.time() + timeout
        while True:
            msg = self.read(deadline)
            if msg.get("id") == want:
                if "error" in msg:
                    fail("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            msg = self.read(deadline)
            if msg.get("method") == method:
                return msg
            self.events.append(msg)

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def problems(events):
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            out.append("console %s: %s" % (p["type"], [a.get("value", a.get("description")) for a in p.get("args", [])]))
        elif m == "Runtime.exceptionThrown":
            out.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            out.append("log %s: %s (%s)" % (p["entry"]["level"], p["entry"].get("text"), p["entry"].get("url", "")))
        elif m == "Network.loadingFailed":
            out.append("failed load: %s" % p.get("errorText"))
    return out


def check_screenshot(path, min_height=600):
    from PIL import Image  # Debian python3-pil
    img = Image.open(path).convert("RGB")
    w, h = img.size
    if w < 300 or h < min_height:
        fail("screenshot %s is only %dx%d" % (path, w, h))
    colours = img.resize((min(w, 400), min(h, 1200))).getcolors(maxcolors=1 << 20)
    if colours is None or len(colours) < 20:
        fail("screenshot %s looks blank (%s colours)" % (path, None if colours is None else len(colours)))
    return w, h, len(colours)


def evaluate(b, s, expression, timeout=60):
    r = b.call("Runtime.evaluate", {"returnByValue": True, "awaitPromise": True, "expression": expression},
               session=s, timeout=timeout)
    if "exceptionDetails" in r:
        fail("in the page: %s" % r["exceptionDetails"])
    return r["result"].get("value")


def check_map(b, s, work):
    info = json.loads(evaluate(b, s, """JSON.stringify(window.lcMap ? {
        counts: lcMap.counts(), category: lcMap.data.cats[lcMap.category()].id, initMs: lcMap.initMs,
        readyAt: lcMap.readyAt, loadEnd: performance.getEntriesByType('navigation')[0].loadEventEnd} : null)"""))
    if not info:
        fail("the interactive map did not start (window.lcMap missing)")
    want, measures = expected_counts(work, info["category"])
    got = info["counts"]
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    if wrong:
        fail("map features (page, GeoPackage) differ: %s; all: %s" % (wrong, got))
    if got["streets"] < 100 or got["streetClasses"] < 3:
        fail("streets not drawn: %s" % got)
    # A real click on the largest gap area, at a point inside it (a compound or cell that it covers).
    point = json.loads(evaluate(b, s, """(() => {
        const m = lcMap.map, gaps = lcMap.gapLayers(lcMap.category());
        gaps.sort((a, b) => (b.lcGap.pop || 0) - (a.lcGap.pop || 0));
        const gap = gaps[0];
        m.fitBounds(gap.getBounds(), {animate: false, maxZoom: 16});
        document.getElementById('lcmap').scrollIntoView({block: 'center'});
        let at = null;
        for (let i = 0; at === null; i++) {
          const o = lcMap.originLayer(i);
          if (o === undefined) break;
          if (!o) continue;
          const c = o.getCenter ? o.getCenter() : o.getLatLng();
          if (gap.getBounds().contains(c) && gap._containsPoint(m.latLngToLayerPoint(c))) at = c;
        }
        if (at === null) at = gap.getCenter();
        const p = m.latLngToContainerPoint(at), r = document.getElementById('lcmap').getBoundingClientRect();
        return JSON.stringify({x: r.left + p.x, y: r.top + p.y, rank: gap.lcGap.rank});
    })()"""))
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        b.call("Input.dispatchMouseEvent", {"type": kind, "x": point["x"], "y": point["y"], "button": "left",
                                            "clickCount": 1 if kind != "mouseMoved" else 0}, session=s)
    popup = evaluate(b, s, "new Promise(r => setTimeout(() => r((document.querySelector('.leaflet-popup-content') || {}).textContent || ''), 200))")
    if not popup:
        fail("a click on the largest gap area (rank %s) opened no popup" % point["rank"])
    missing = [m for m in measures if m not in popup]
    if missing or "Gap area" not in popup:
        fail("the gap's popup lacks measures %s of %s: %r" % (missing, measures, popup[:600]))
    info["popup"] = popup
    # The language switch changes the labels.
    labels = json.loads(evaluate(b, s, """(() => { const out = {};
        for (const l of ['en', 'zh', 'both']) { lcMap.setLang(l);
          out[l] = document.querySelector('.lc-label-cat').textContent + '|' +
                   document.querySelector('.leaflet-control-layers').textContent; }
        return JSON.stringify(out); })()"""))
    han = lambda t: any('\u4e00' <= ch <= '\u9fff' for ch in t)
    if not (labels["en"].startswith("Category|") and labels["zh"].startswith("类别|") and
            labels["both"].startswith("类别 Category|") and not han(labels["en"].split("|")[1].split(":")[0])):
        fail("the language switch does not change the labels: %s" % labels)
    # The map zoomed to the first district, for docs/.
    evaluate(b, s, "lcMap.map.closePopup(), lcMap.zoomTo(0), document.getElementById('lcmap').scrollIntoView(), 1")
    time.sleep(0.3)
    rect = json.loads(evaluate(b, s, "JSON.stringify(document.getElementById('lcmap').getBoundingClientRect())"))
    shot = b.call("Page.captureScreenshot", {"format": "png", "clip": {"x": rect["left"], "y": rect["top"] + evaluate(b, s, "window.scrollY"),
                                                                      "width": rect["width"], "height": rect["height"], "scale": 1}},
                  session=s, timeout=60)["data"]
    png = os.path.join(work, "map-district.png")
    with open(png, "wb") as f:
        f.write(base64.b64decode(shot))
    check_screenshot(png, min_height=400)
    evaluate(b, s, "window.scrollTo(0, 0), 1")
    return info


def map_categories(work):
    """The categories the walking-time maps draw: those with rows in the run's origin_access."""
    with sqlite3.connect(os.path.join(work, "result.gpkg")) as db:
        return [r[0] for r in db.execute("SELECT DISTINCT category FROM origin_access")]


def check_map_pages(path, n_maps):
    """The print layout's promise: the walking-time maps take one A4 page per category, the first
    under the section's heading, and the next section starts on the page after the last map."""
    pages = run(["pdftotext", "-layout", path, "-"]).split("\f")
    heading = [i for i, t in enumerate(pages) if "Maps of walking times" in t]
    if len(heading) != 1:
        fail("the maps' heading is on pages %s of the PDF, not on one" % [i + 1 for i in heading])
    p0 = heading[0]
    captions = [len(re.findall(r"threshold \d+(?:\.\d+)? min", pages[p0 + i]) if p0 + i < len(pages) else 0)
                for i in range(n_maps)]
    if captions != [1] * n_maps:
        fail("the %d walking-time maps are not one per page from page %d: captions per page %s"
             % (n_maps, p0 + 1, captions))
    following = [i for i, t in enumerate(pages) if "Distribution of walking times" in t]
    if not following or following[0] != p0 + n_maps:
        fail("the section after the maps starts on page %s, not %d" % ([i + 1 for i in following], p0 + n_maps + 1))


def check_pdf(work, data):
    path = os.path.join(work, "report.pdf")
    with open(path, "wb") as f:
        f.write(base64.b64decode(data))
    out = run(["pdfinfo", path])
    pages = int([l for l in out.splitlines() if l.startswith("Pages:")][0].split()[1])
    size = [l for l in out.splitlines() if l.startswith("Page size:")][0]
    if "(A4)" not in size:
        fail("the PDF is not A4: %s" % size)
    n_maps = len(map_categories(work))
    if pages < n_maps + 3:
        fail("the printed report has %d pages, fewer than its %d maps and the rest" % (pages, n_maps))
    check_map_pages(path, n_maps)
    run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", path, os.path.join(work, "report-page")])
    first = [f for f in os.listdir(work) if f.startswith("report-page") and f.endswith(".png")]
    check_screenshot(os.path.join(work, sorted(first)[0]))
    return pages


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    if len(sys.argv) == 4 and sys.argv[3] != "grid":
        print(__doc__, file=sys.stderr)
        return 2
    lc, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    grid = len(sys.argv) == 4
    chromium = find_chromium()
    if not chromium:
        if os.environ.get("CI") == "true":
            fail("chromium is missing under CI (scripts/setup.sh installs it)")
        print("SKIP: chromium not found (Debian package chromium; scripts/setup.sh installs it)")
        return SKIP
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    report = make_report(lc, work, grid)
    size = os.path.getsize(report)
    print("report %s: %d bytes (%.2f MB), generated in %.1f s" % (report, size, size / 1e6, time.time() - t0), flush=True)
    if grid and size >= 8e6:
        fail("the 100 m grid report is %d bytes, over 8 MB" % size)
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(chromium, profile)
        try:
            target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            b.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1,
                                                           "mobile": False}, session=s)
            for domain in ("Page", "Runtime", "Log", "Network"):
                b.call(domain + ".enable", session=s)
            b.call("Page.navigate", {"url": "file://" + report}, session=s)
            b.wait_for("Page.loadEventFired", timeout=60)
            dom = json.loads(b.call("Runtime.evaluate", {"returnByValue": True, "expression": """JSON.stringify({
                sections: [...document.querySelectorAll('section')].map(s => s.id),
                charset: document.characterSet,
                notice: (document.getElementById('notice') || {}).textContent || '',
                svgs: document.querySelectorAll('svg').length,
                drawn: [...document.querySelectorAll('#time-maps svg path')].length,
                sites: document.querySelectorAll('#sites circle').length,
                chinese: document.body.innerText.includes('便利店'),
                height: document.documentElement.scrollHeight})"""}, session=s)["result"]["value"])
            mapinfo = check_map(b, s, work)
            metrics = b.call("Page.getLayoutMetrics", session=s)["cssContentSize"]
            # The top of the page at full size, and the whole page scaled below Chromium's 16k limit.
            shots = {}
            for name, height, scale in (("report.png", min(metrics["height"], 2400), 1.0),
                                        ("report-full.png", metrics["height"], min(1.0, 16000.0 / metrics["height"]))):
                shots[name] = b.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
                    "x": 0, "y": 0, "width": metrics["width"], "height": height, "scale": scale}},
                    session=s, timeout=90)["data"]
            pdf = b.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True,
                                             "marginTop": 0.4, "marginBottom": 0.4, "marginLeft": 0.4, "marginRight": 0.4},
                         session=s, timeout=120)["data"]
            time.sleep(0.2)
            b.call("Runtime.evaluate", {"expression": "1"}, session=s)  # let late events arrive
        finally:
            b.close()
    bad = problems(b.events)
    if bad:
        fail("the report does not load cleanly:\n  " + "\n  ".join(bad))
    missing = [x for x in SECTIONS if x not in dom["sections"]]
    if missing:
        fail("sections missing from the DOM: %s (found %s)" % (missing, dom["sections"]))
    if dom["charset"] != "UTF-8" or not dom["chinese"]:
        fail("Chinese text is not read as UTF-8: %s" % dom)
    if "SYNTHETIC" not in dom["notice"]:
        fail("the synthetic notice is missing: %r" % dom["notice"])
    if dom["drawn"] < 10 or dom["sites"] != 14:
        fail("maps not drawn as expected: %s" % dom)
    seen = []
    for name, data in shots.items():
        png = os.path.join(work, name)
        with open(png, "wb") as f:
            f.write(base64.b64decode(data))
        seen.append("%s %dx%d, %d colours" % ((png,) + check_screenshot(png)))
    pages = check_pdf(work, pdf)
    print("map: %s; opened %.0f ms after navigation (map script %.0f ms, load event %.0f ms)"
          % (mapinfo["counts"], mapinfo["readyAt"], mapinfo["initMs"], mapinfo["loadEnd"]))
    print("OK: %d sections, %d SVGs, no console errors; screenshots %s; PDF %d A4 pages; %.1f s in all"
          % (len(dom["sections"]), dom["svgs"], "; ".join(seen), pages, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())

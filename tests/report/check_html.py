#!/usr/bin/python3
"""The planner's report in a real browser: generates the report of the SYNTHETIC Wuhai
(`lifecircle synth wuhai`, coverage of its compounds, two siting runs), loads it in headless
Chromium over the DevTools protocol (--remote-debugging-pipe), and fails on any console message
of level error or warning, script exception or failed resource load; checks the DOM holds every
section, the synthetic notice, UTF-8 and the maps; saves screenshots (PNG: the top of the page, and the
whole page scaled) and checks they are not blank. Exit 77 (ctest SKIP) when chromium is missing, except under CI=true.

usage: check_html.py LIFECIRCLE_BINARY WORK_DIR
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SECTIONS = ["coverage", "levels", "time-maps", "time-distribution", "gap-maps", "checklist", "progress",
            "sites", "parameters"]
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


def make_report(lc, work):
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
    run([lc, "-q", "coverage"] + common + ["--capacity-field", "capacity", "--as-of", "2023-12-31",
                                           "--report", report, "--report-sites", sites])
    return report


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


def check_screenshot(path):
    from PIL import Image  # Debian python3-pil
    img = Image.open(path).convert("RGB")
    w, h = img.size
    if w < 300 or h < 600:
        fail("screenshot %s is only %dx%d" % (path, w, h))
    colours = img.resize((min(w, 400), min(h, 1200))).getcolors(maxcolors=1 << 20)
    if colours is None or len(colours) < 20:
        fail("screenshot %s looks blank (%s colours)" % (path, None if colours is None else len(colours)))
    return w, h, len(colours)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    lc, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chromium = find_chromium()
    if not chromium:
        if os.environ.get("CI") == "true":
            fail("chromium is missing under CI (scripts/setup.sh installs it)")
        print("SKIP: chromium not found (Debian package chromium; scripts/setup.sh installs it)")
        return SKIP
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    report = make_report(lc, work)
    size = os.path.getsize(report)
    print("report %s: %d bytes, generated in %.1f s" % (report, size, time.time() - t0), flush=True)
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(chromium, profile)
        try:
            target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
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
            metrics = b.call("Page.getLayoutMetrics", session=s)["cssContentSize"]
            # The top of the page at full size, and the whole page scaled below Chromium's 16k limit.
            shots = {}
            for name, height, scale in (("report.png", min(metrics["height"], 2400), 1.0),
                                        ("report-full.png", metrics["height"], min(1.0, 16000.0 / metrics["height"]))):
                shots[name] = b.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
                    "x": 0, "y": 0, "width": metrics["width"], "height": height, "scale": scale}},
                    session=s, timeout=90)["data"]
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
    print("OK: %d sections, %d SVGs, no console errors; screenshots %s; %.1f s in all"
          % (len(dom["sections"]), dom["svgs"], "; ".join(seen), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The HTML report in headless Chromium at 800 and 1280 px: it fits the window, and its screenshots show the charts.

Screenshots are kept to be looked at in ``$TMPDIR/judgebench-report-screenshots`` (``report-800.png``,
``report-1280.png``; pytest's own tmp folders are pruned when other runs start). Layout is measured by a copy
of the page with a small script added (the report itself has none): it writes the document's and every table's
scroll widths into the DOM, which ``--dump-dom`` returns.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from judgebench.reporting.html import render_html, report_charts
from judgebench.reporting.report_data import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI: apt-get install -y chromium, as .ci/run does)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
MEASURE = """<script>
(function () {
  var root = document.documentElement, out = {inner: window.innerWidth, scroll: root.scrollWidth, wide: []};
  document.querySelectorAll(".table-wrap").forEach(function (w) {
    if (w.scrollWidth > w.clientWidth + 1) out.wide.push(w.firstElementChild.className + " " + w.scrollWidth);
  });
  document.querySelectorAll("svg.chart").forEach(function (s) {
    var r = s.getBoundingClientRect();
    if (r.right > window.innerWidth + 1) out.wide.push("chart " + Math.round(r.right));
  });
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""
WIDTHS = (800, 1280)
SHOTS = Path(tempfile.gettempdir()) / "judgebench-report-screenshots"
HEIGHT = 4600  # the whole page at 800 px


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(report_inputs, tmp_path_factory):
    data = build_report(report_inputs, iterations=100)
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "report.html"
    page.write_text(render_html(data), encoding="utf-8")
    return data, page


def test_dom_has_every_section(report, tmp_path):
    _, page = report
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    for table in ("overview", "leaderboard", "position", "baselines", "length", "agreement", "self-preference"):
        assert f'<table class="{table}">' in html, table
    assert '<table class="solve-gap">' in html
    assert html.count('class="chart ') == 11  # 3 per split (3 splits), self-preference, judge vs solve
    assert "65.71" in html and "Judge versus solve" in html


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_the_window(report, tmp_path, width):
    _, page = report
    probe = tmp_path / "measure.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={width},900", "--dump-dom", probe.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom.stdout)
    assert found, "the measuring script did not run"
    m = json.loads(found.group(1))
    assert m["inner"] == width
    assert m["scroll"] <= width, f"the page scrolls sideways at {width} px: {m}"
    assert m["wide"] == [], f"tables or charts wider than the page at {width} px: {m['wide']}"


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot_shows_every_judge_in_its_colour(report, tmp_path_factory, width):
    image = pytest.importorskip("PIL.Image", reason="Pillow (the dev extra) decodes the screenshot")
    data, page = report
    folder = page.parent
    shot = folder / f"report-{width}.png"
    run = chromium(folder, f"--screenshot={shot}", f"--window-size={width},{HEIGHT}", page.as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    SHOTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, SHOTS / shot.name)
    print(f"screenshot: {SHOTS / shot.name}")
    img = image.open(shot).convert("RGB")
    assert img.size == (width, HEIGHT)
    px = np.asarray(img).reshape(-1, 3).astype(int)
    non_white = float((px.min(axis=1) < 235).mean())
    assert non_white > 0.08, f"screenshot looks blank ({non_white:.1%} non-white)"
    assert np.unique((px[:, 0] << 16) | (px[:, 1] << 8) | px[:, 2]).size > 200  # text, bars, whiskers
    # every judge's colour fills bars (legend swatches alone are a few hundred pixels); position green and red too
    colours = [c for _, _, c in report_charts(data)["judges"]] + ["#2E8B57", "#C0392B"]
    for colour in colours:
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(px - rgb).max(axis=1) <= 4).sum() > 1500, (colour, width)

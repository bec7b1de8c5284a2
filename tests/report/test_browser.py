"""The HTML report opened in headless Chromium: a screenshot that is not blank, tables and charts in the DOM."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest

from judgebench.analysis.report_data import build_report
from judgebench.report.html import render_html

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
]


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_report_in_chromium(report_inputs, tmp_path):
    image = pytest.importorskip("PIL.Image", reason="Pillow (the dev extra) decodes the screenshot")
    page = tmp_path / "report.html"
    page.write_text(render_html(build_report(report_inputs, iterations=100)), encoding="utf-8")
    url = page.as_uri()

    dom = chromium(tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    for table in ("leaderboard", "position", "baselines", "length", "agreement", "self-preference", "solve-gap"):
        assert f'<table class="{table}">' in html, table
    assert html.count('class="chart ') == 11  # 3 per split (3 splits), self-preference, judge vs solve
    assert "65.71" in html and "Judge versus solve" in html

    shot = tmp_path / "shot.png"
    run = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2200", "--hide-scrollbars", url)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    img = image.open(shot).convert("RGB")
    assert img.size == (1280, 2200)
    px = np.asarray(img).reshape(-1, 3).astype(int)
    non_white = float((px.min(axis=1) < 235).mean())
    assert non_white > 0.08, f"screenshot looks blank ({non_white:.1%} non-white)"
    colours = np.unique((px[:, 0] << 16) | (px[:, 1] << 8) | px[:, 2])
    assert colours.size > 200  # text antialiasing, bars, whiskers: far from a flat page
    # the charts drew: prompted-judge blue and reward-model orange bars, position green and red
    for rgb in ((0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00), (0x2E, 0x8B, 0x57), (0xC0, 0x39, 0x2B)):
        assert (np.abs(px - np.array(rgb)).max(axis=1) <= 4).sum() > 400, rgb

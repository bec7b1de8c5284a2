"""``judgebench report`` draws the paper's Figure 3 (judges × benchmarks) when the files cover other benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.reporting.benchmarks import accuracy_color
from tests.conftest import O1_MINI

FIXTURES = Path(__file__).parent / "fixtures" / "llmbar" / "Dataset"


def test_figure3_in_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = tmp_path / "runs"
    assert main(["import", "llmbar-results", str(FIXTURES), "--out", str(runs)]) == 0
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    files = [*map(str, sorted(runs.iterdir())), str(O1_MINI)]
    assert main(["report", *files, "--html", str(html), "--markdown", str(md), "--bootstrap", "50"]) == 0
    svg = re.search(r'<svg[^>]*class="chart benchmarks".*?</svg>', html.read_text(), re.S)
    assert svg is not None
    cells = re.findall(
        r'<rect x="[^"]+" y="[^"]+" width="116" height="28" fill="(#[0-9a-f]{6})"><title>([^<]*)', svg.group(0)
    )
    # 4 judges + 4 baselines (always A under the vote rule and in the first order, longer wins, random),
    # 3 columns (LLMBar Natural, LLMBar Adversarial, JudgeBench)
    assert len(cells) == 8 * 3
    fills = {tip.split(" [")[0]: fill for fill, tip in cells}  # the tip without its interval
    assert fills["arena_hard · o1-mini-2024-09-12 on JudgeBench: 65.71 (230/350)"] == accuracy_color(65.71)
    assert fills["Rating · GPT-4 on LLMBar Natural: 66.67 (2/3)"] == accuracy_color(66.67)
    assert fills["Rating · GPT-4 on JudgeBench: -"] == accuracy_color(None)
    text = md.read_text()
    assert "## Judges × benchmarks" in text
    assert "| arena_hard | o1-mini-2024-09-12 | - | - | 65.71 (230/350)" in text


def test_no_figure3_for_judgebench_alone(tmp_path: Path) -> None:
    md = tmp_path / "r.md"
    assert main(["report", str(O1_MINI), "--markdown", str(md), "--bootstrap", "0"]) == 0
    assert "Judges × benchmarks" not in md.read_text()


def test_accuracy_colour_scale() -> None:
    assert accuracy_color(50.0) == "#ffffff"
    assert accuracy_color(100.0) != accuracy_color(75.0) != "#ffffff"
    assert accuracy_color(0.0) != accuracy_color(100.0) and accuracy_color(None) == "#f2f2f2"

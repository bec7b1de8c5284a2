"""``judgebench report``: the data, the Markdown, the self-contained HTML and its SVG charts."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest

from judgebench.analysis.report_data import build_report
from judgebench.cli.main import main
from judgebench.errors import InputError
from judgebench.report.html import render_html, render_markdown
from judgebench.report.svg import Bar, grouped_bars, hbar_ci, stacked_hbar
from tests.conftest import GPT_PAIRS, O1_MINI

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_charts_are_valid_escaped_xml():
    svg = hbar_ci([Bar("<judge & co>", 65.71, (60.57, 70.57)), Bar("empty", None)], title="t <1>")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "t <1>"
    assert [t.text for t in root.iter(f"{SVG}text")].count("<judge & co>") == 1
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    # one bar (the empty one draws none), 65.71% of the 670-px plot; a whisker from 60.57% to 70.57%
    assert len(bars) == 1 and float(bars[0].get("width")) == pytest.approx(670 * 0.6571, abs=0.1)
    spans = {(round(float(ln.get("x1"))), round(float(ln.get("x2")))) for ln in root.iter(f"{SVG}line")}
    assert (round(270 + 670 * 0.6057), round(270 + 670 * 0.7057)) in spans
    g = ET.fromstring(
        grouped_bars(["K", "M"], [("j1", [50.0, None], None), ("j2", [25.0, 100.0], [(20, 30), None])], title="g")
    )
    assert len([r for r in g.iter(f"{SVG}rect") if r.get("class") == "bar"]) == 3
    s = ET.fromstring(stacked_hbar([("j", [60.0, 40.0, 0.0])], ["a", "b", "c"], ["#111", "#222", "#333"], title="s"))
    widths = [float(r.get("width")) for r in s.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert widths == [pytest.approx(710 * 0.6, abs=0.1), pytest.approx(710 * 0.4, abs=0.1)]


def test_report_data(report_inputs):
    data = build_report(report_inputs, iterations=200)
    # the split with most judges first
    assert [g.response_model for g in data.groups] == ["gpt-4o-2024-05-13", "claude-fixture", "gpt-fixture"]
    gpt = data.groups[0]
    assert [(r.name, r.overall, r.tier) for r in gpt.rows] == [
        ("o1-mini-2024-09-12", 65.71, 1),
        ("Skywork/Skywork-Reward-Llama-3.1-8B", 62.29, 1),
        ("Ray2333/GRM-Gemma-2B-rewardmodel-ft", 59.43, 1),
    ]
    assert [a.kappa for a in gpt.agreement] == [0.295, 0.142, 0.423]
    (sp,) = data.self_preference
    assert (sp.own_model, sp.gap["Overall"][0]) == ("claude-fixture", -37.5)
    (gap,) = data.solve_gaps
    c = gap.categories
    assert [c[k].solver.value for k in ("Knowledge", "Reasoning", "Math", "Coding", "Overall")] == [0, 0, 100, 100, 28]
    assert (c["Reasoning"].unverifiable, c["Math"].gap.diff, c["Overall"].judge.value) == (98, -17.86, 65.71)


def test_markdown(report_inputs):
    md = render_markdown(build_report(report_inputs, iterations=100))
    assert "| o1-mini-2024-09-12 | prompted | 58.44 | 62.24 | 82.14 | 78.57 | 65.71 |" in md
    assert "## Judge versus solve" in md and "| Math | 56 | 100.00" in md
    assert "## Self-preference" in md and "Gap own − other: Knowledge -50.00" in md


def test_html_is_self_contained(report_inputs):
    html = render_html(build_report(report_inputs, iterations=100))
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", html)
    # the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') == 3 * 3 + 1 + 1


def test_cli(report_inputs, tmp_path, capsys):
    out_html, out_md = tmp_path / "r" / "report.html", tmp_path / "r" / "report.md"
    code = main(["report", *report_inputs[:4], "--html", str(out_html), "--markdown", str(out_md), "--bootstrap", "50"])
    assert code == 0 and out_html.read_text().startswith("<!DOCTYPE html>") and out_md.read_text().startswith("# ")
    assert main(["report", str(O1_MINI)]) == 2
    assert "--html OUT" in capsys.readouterr().err
    # bad input: exit 2 naming file and line, and nothing written
    bad = tmp_path / "bad.jsonl"
    bad.write_text(O1_MINI.open().readline() + "{oops\n")
    target = tmp_path / "none" / "r.html"
    assert main(["report", str(O1_MINI), str(bad), "--html", str(target)]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err and not target.exists()
    assert not os.path.exists(target.parent) or os.listdir(target.parent) == []


def test_pairs_files_are_refused():
    with pytest.raises(InputError, match="pairs file without judgments"):
        build_report([str(O1_MINI), str(GPT_PAIRS)])

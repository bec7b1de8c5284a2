"""``judgebench report``: the data, the Markdown, the self-contained HTML and its SVG charts."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest

from judgebench.cli.main import main
from judgebench.errors import InputError
from judgebench.reporting.colors import JUDGE_PALETTE, NEUTRAL, judge_colors
from judgebench.reporting.html import render_html, render_markdown, report_charts
from judgebench.reporting.report_data import build_report
from judgebench.reporting.svg import Bar, grouped_bars, hbar_ci, stacked_hbar
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
    # the only scripts are the pair viewer's, inline: its data (JSON, not run) and its code, nothing loaded
    scripts = re.findall(r"<script[^>]*>", html, re.IGNORECASE)
    assert scripts == [
        '<script type="application/json" id="pv-index">',
        '<script type="application/json" id="pv-chunks">',
        "<script>",
    ]
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


def test_judge_colours_are_one_stable_assignment():
    names = ["b-judge", "a-judge", "c-judge"]
    colors = judge_colors(names)
    assert colors == judge_colors(reversed(names)) == judge_colors([*names, "a-judge"])
    assert list(colors.values()) == list(JUDGE_PALETTE[:3]) and colors["a-judge"] == JUDGE_PALETTE[0]
    assert len(set(judge_colors(f"j{i}" for i in range(12)).values())) == 12 and NEUTRAL not in JUDGE_PALETTE


def _fills(svg: str) -> list[tuple[str, str]]:
    """(what a coloured mark stands for, its fill) for every bar, swatch and legend entry of a chart."""
    root = ET.fromstring(str(svg))
    out = []
    for rect in root.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None and title.text:
            out.append((title.text.rsplit(":", 1)[0].split(" · ")[0], rect.get("fill")))
    return out


def test_every_chart_gives_each_judge_its_one_colour(report_inputs):
    data = build_report(report_inputs, iterations=50)
    charts = report_charts(data)
    colors = {name: color for name, _, color in charts["judges"]}
    assert set(colors) == {r.name for g in data.groups for r in g.rows}
    for group, gc in zip(data.groups, charts["groups"], strict=True):
        names = [r.name for r in group.rows]
        hbar = ET.fromstring(str(gc["leaderboard"]))
        assert [r.get("fill") for r in hbar.iter(f"{SVG}rect") if r.get("class") == "bar"] == [colors[n] for n in names]
        per_category = _fills(gc["categories"])
        assert per_category and all(fill == colors[name] for name, fill in per_category)
        stacked = ET.fromstring(str(gc["position"]))
        swatches = [r.get("fill") for r in stacked.iter(f"{SVG}rect") if r.get("width") == "10"]
        assert swatches == [colors[n] for n in names]
    (sp,) = data.self_preference
    bars = ET.fromstring(str(charts["self_preference"][0])).iter(f"{SVG}rect")
    assert {r.get("fill") for r in bars if r.get("class") == "bar"} == {colors[sp.judge]}
    (solve,) = charts["solve"]
    fills = dict(_fills(solve))
    assert fills == {"judge o1-mini-2024-09-12": colors["o1-mini-2024-09-12"], "solver o1-mini-2024-09-12": NEUTRAL}


def test_every_chart_titles_its_axes(report_inputs):
    charts = report_charts(build_report(report_inputs, iterations=50))
    svgs = [c for g in charts["groups"] for c in g.values()] + charts["self_preference"] + charts["solve"]
    for svg in svgs:
        titles = [t.text for t in ET.fromstring(str(svg)).iter(f"{SVG}text") if t.get("class") == "axis-title"]
        assert titles and all(titles), svg[:200]
    grouped = ET.fromstring(str(charts["groups"][0]["categories"]))
    axes = [t.text for t in grouped.iter(f"{SVG}text") if t.get("class") == "axis-title"]
    assert axes == ["accuracy (%)", "category"]


def test_leaderboard_keeps_the_splits_apart_and_baselines_are_explained(report_inputs):
    html = render_html(build_report(report_inputs, iterations=50))
    overview = html[html.index('<table class="overview">') : html.index("</table>", html.index('class="overview"'))]
    heads = re.findall(r'<th class="split">pairs by ([^<]+)<br>', overview)
    assert heads == ["gpt-4o-2024-05-13", "claude-fixture", "gpt-fixture"]
    haiku = overview[overview.index("claude-3-haiku-20240307") :]
    cells = re.findall(r'<td class="split-first">(.*?)</td>', haiku, re.S)
    assert [c.split("<br>")[0] for c in cells] == ["-", "37.50", "75.00"]  # never pooled into one number
    assert "always A (vote) *" in html and "<dt>* always A (vote)</dt>" in html
    assert "the two votes cancel" in html


TITLE = (
    "<script>alert(1)</script> *bold* _it_ `code` [link](javascript:alert(1)) &amp; $x$ ~~s~~ | a \\ b #"
    "\n\n| x |\n|---|\n# injected"
)


def test_markdown_title_is_escaped_text(report_inputs):
    """Issue 19.5a: ``--title`` went into the heading raw, so HTML, links, emphasis and new lines in it were
    Markdown (a second heading, a table). Parsed as CommonMark (markdown-it, which rich brings), the heading is
    now the title's text, its white space collapsed to single spaces, and nothing else comes of it."""
    from markdown_it import MarkdownIt

    md = render_markdown(build_report(report_inputs[:1], iterations=20, title=TITLE))
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    assert [t.type for t in tokens[:3]] == ["heading_open", "inline", "heading_close"] and tokens[0].tag == "h1"
    assert [c.type for c in tokens[1].children] == ["text"]  # escapes parse to one text run: no html, link, emphasis
    assert tokens[1].children[0].content == " ".join(TITLE.split())
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
    assert not [t for t in tokens if t.type.startswith("html")]
    assert md.splitlines()[1] == ""  # the title is one line
    from judgebench.reporting.markdown import md_text

    assert md_text('o1-mini (2024-09-12): judges, v2.0 + "notes"') == 'o1-mini (2024-09-12): judges, v2.0 + "notes"'

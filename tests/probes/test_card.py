"""The reliability card's renderings on a hand-made card: numbers shown, escaping, the forest plot's geometry."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from rich.console import Console

from judgebench.reporting.probe_card import (
    md_escape,
    render_html_page,
    render_html_section,
    render_markdown,
    render_terminal,
)
from judgebench.reporting.probe_forest_svg import LEFT, RIGHT, Effect, extent, forest_plot, x_position

SVG = "{http://www.w3.org/2000/svg}"


def make_card() -> dict[str, Any]:
    return {
        "judge_name": "arena|hard <b>*x*</b>",
        "judge_model": "[bold]gpt_4o[/bold]",
        "n_pairs": 350,
        "probes": {
            "padding": {
                "arms": {
                    "original": {"accuracy": 60.0, "correct": 210, "n": 350},
                    "pad_incorrect": {"accuracy": 51.43, "correct": 180, "n": 350},
                    "pad_correct": {"accuracy": 61.14, "correct": 214, "n": 350},
                },
                "effects": {
                    "pad_incorrect": {
                        "estimate": -8.57,
                        "ci95": [-12.29, -5.14],
                        "p": 1.2e-06,
                        "q": 4.8e-06,
                        "mde": 4.37,
                    },
                    "pad_correct": {"estimate": 1.14, "ci95": [-1.43, 3.71], "p": 0.5413, "q": 0.5413, "mde": 3.9},
                },
            },
            "authority": {
                "arms": {
                    "original": {"accuracy": 60.0, "correct": 210, "n": 350},
                    "assert_incorrect": {"accuracy": 45.71, "correct": 160, "n": 350},
                    "assert_correct": {"accuracy": 60.0, "correct": 210, "n": 350},
                },
                "effects": {
                    "assert_incorrect": {
                        "estimate": -14.29,
                        "ci95": [-18.57, -10.0],
                        "p": 3.3e-12,
                        "q": 2.6e-11,
                        "mde": 5.12,
                    },
                    "assert_correct": {"estimate": 0.0, "ci95": [0.0, 0.0], "p": 1.0, "q": 1.0, "mde": 1.71},
                },
            },
            "position": {"first_pick_rate": 63.25, "flips": 41, "decided": 683, "p": 0.0021},
            "template": {"kappa": 0.712, "worst_flip_rate": 18.86, "accuracy_range": [55.14, 61.71], "k": 3},
            "stability": {"unanimity": 91.43, "kappa": 0.88, "repeats": {"r": 5, "temperature": 0.7}},
        },
        "flags": ["padding: pad_incorrect costs 8.57 points (q < 0.05)", {"probe": "authority", "flag": "a|b"}],
    }


def terminal_text(card: dict[str, Any]) -> str:
    console = Console(record=True, width=220, color_system=None, file=io.StringIO())
    console.print(render_terminal(card))
    return console.export_text()


def test_terminal_shows_arms_effects_and_fields() -> None:
    text = terminal_text(make_card())
    rows = {tuple(line.split("│")[1:3]): line for line in text.splitlines() if line.count("│") >= 9}
    row = next(line for key, line in rows.items() if "pad_incorrect" in key[1])
    for shown in ("51.43", "180/350", "-8.57", "[-12.29, -5.14]", "1.2e-06", "4.8e-06", "4.37"):
        assert shown in row
    row = next(line for key, line in rows.items() if "assert_correct" in key[1])
    for shown in ("60.00", "210/350", "+0.00", "[+0.00, +0.00]", "1.71"):
        assert shown in row
    assert re.search(r"│\s*1\s*│\s*1\s*│", row)  # p and q are 1 when no pair changed
    original = [line for key, line in rows.items() if "original" in key[1]]
    assert len(original) == 2 and all("60.00" in line and "210/350" in line for line in original)
    assert re.search(r"first_pick_rate\s*│\s*63.25", text)
    assert re.search(r"accuracy_range\s*│\s*\[55.14, 61.71\]", text)
    assert re.search(r"repeats.temperature\s*│\s*0.70", text)
    assert re.search(r"kappa\s*│\s*0.71", text)
    # user text is shown literally, never read as rich markup
    assert "[bold]gpt_4o[/bold]" in text and "arena|hard <b>*x*</b>" in text
    assert "flag: a|b" in text


def test_markdown_tables_and_escaping() -> None:
    md = render_markdown(make_card())
    assert md.startswith(
        "## Reliability card · arena\\|hard \\<b\\>\\*x\\*\\</b\\> · \\[bold\\]gpt_4o\\[/bold\\] · 350 pairs\n"
    )
    row = next(line for line in md.splitlines() if line.startswith("| padding | pad_incorrect |"))
    want = "| padding | pad_incorrect | 51.43 | 180/350 | -8.57 | \\[-12.29, -5.14\\] | 1.2e-06 | 4.8e-06 | 4.37 | - |"
    assert row == want
    row = next(line for line in md.splitlines() if line.startswith("| authority | original |"))
    assert row == "| authority | original | 60.00 | 210/350 |  |  |  |  |  |  |"
    assert "| first_pick_rate | 63.25 |" in md
    assert "| p | 0.0021 |" in md
    assert "| accuracy_range | \\[55.14, 61.71\\] |" in md
    assert "- probe: authority; flag: a\\|b" in md
    # every table row has the same number of unescaped pipes as its header
    for line in md.splitlines():
        if line.startswith("| Probe"):
            header = line.count("|")
        elif line.startswith("| padding") or line.startswith("| authority"):
            assert len(re.findall(r"(?<!\\)\|", line)) == header


def test_md_escape() -> None:
    assert md_escape("a|b\nc") == "a\\|b c"
    assert md_escape("x_y*z`") == "x_y\\*z\\`"  # md_text's rule: an underscore inside a word is no emphasis
    assert md_escape("_y_ 0.5") == "\\_y\\_ 0.5"
    assert md_escape("&amp;") == "\\&amp;"


def _effects(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f"{SVG}g[@class='effect']")


def test_forest_plot_geometry() -> None:
    effects = [Effect("a", -8.57, (-12.29, -5.14), True), Effect("b", 1.14, (-1.43, 3.71)), Effect("c", 0.0, None)]
    svg = forest_plot(effects, title="t", width=860)
    assert extent(effects) == 20.0  # 12.29 needs the ±20 axis
    rows = _effects(svg)
    assert len(rows) == 3
    plot = 860 - LEFT - RIGHT
    # by hand: x(v) = LEFT + plot · (v + 20) / 40
    for row, (lo, hi, est) in zip(rows, [(-12.29, -5.14, -8.57), (-1.43, 3.71, 1.14)], strict=False):
        line = row.find(f"{SVG}line[@class='ci']")
        assert line is not None
        assert float(line.get("x1", "")) == pytest.approx(LEFT + plot * (lo + 20) / 40, abs=0.06)
        assert float(line.get("x2", "")) == pytest.approx(LEFT + plot * (hi + 20) / 40, abs=0.06)
        circle = row.find(f"{SVG}circle[@class='estimate']")
        assert circle is not None
        assert float(circle.get("cx", "")) == pytest.approx(LEFT + plot * (est + 20) / 40, abs=0.06)
    assert rows[2].find(f"{SVG}line[@class='ci']") is None
    zero = ET.fromstring(svg).find(f"{SVG}line[@class='zero']")
    assert zero is not None and float(zero.get("x1", "")) == pytest.approx(LEFT + plot / 2, abs=0.06)
    assert x_position(-20, 20, 860) == LEFT and x_position(20, 20, 860) == 860 - RIGHT


def test_forest_extent() -> None:
    assert extent([Effect("a", 0.5, (-0.2, 4.9))]) == 5.0
    assert extent([Effect("a", 0.5, (-0.2, 5.01))]) == 10.0
    assert extent([Effect("a", -60.0, (-70.0, -50.0))]) == 100.0
    assert extent([]) == 5.0


def test_html_section_has_one_forest_row_per_effect_and_escapes() -> None:
    html = str(render_html_section(make_card()))
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    rows = _effects(svg)
    labels = [row.findtext(f"{SVG}title") for row in rows]
    assert labels == [
        "padding · pad_incorrect",
        "padding · pad_correct",
        "authority · assert_incorrect",
        "authority · assert_correct",
    ]
    assert extent([Effect("", -14.29, (-18.57, -10.0))]) == 20.0
    plot = 860 - LEFT - RIGHT
    line = rows[2].find(f"{SVG}line[@class='ci']")
    assert line is not None
    assert float(line.get("x1", "")) == pytest.approx(LEFT + plot * (-18.57 + 20) / 40, abs=0.06)
    assert float(line.get("x2", "")) == pytest.approx(LEFT + plot * (-10.0 + 20) / 40, abs=0.06)
    # significant effects (q ≤ 0.05) in the warning colour, the others plain
    colors = [row.find(f"{SVG}circle").get("fill") for row in rows]  # type: ignore[union-attr]
    assert colors == ["#D55E00", "#0072B2", "#D55E00", "#0072B2"]
    assert "arena|hard &lt;b&gt;*x*&lt;/b&gt;" in html and "<b>" not in html
    assert (
        '<tr class="significant"><td class="text">padding</td><td class="text">pad_incorrect</td><td>51.43</td>' in html
    )
    assert "<td>-8.57</td>" in html and "[-12.29, -5.14]" in html
    assert '<td class="text">first_pick_rate</td><td>63.25</td>' in html
    assert "<li>probe: authority; flag: a|b</li>" in html


def test_html_page_is_self_contained() -> None:
    page = render_html_page(make_card())
    assert page.startswith("<!DOCTYPE html>") and '<section id="probes" class="probe-card">' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "<title>Reliability card · arena|hard &lt;b&gt;*x*&lt;/b&gt;" in page


def test_card_without_arms_or_flags() -> None:
    card = {"judge_name": "j", "judge_model": "m", "n_pairs": 3, "probes": {"position": {"p": 1.0}}, "flags": []}
    text = terminal_text(card)
    assert "Flags: none" in text and "Arms" not in text
    md = render_markdown(card)
    assert "| p | 1 |" in md and md.endswith("### Flags\n\nnone\n")
    html = str(render_html_section(card))
    assert "<svg" not in html and "probe-arms" not in html

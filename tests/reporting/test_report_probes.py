"""``judgebench report --probe CARD``: the bias-probe section (forest plot, one row per effect) in the report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from judgebench.errors import InputError
from judgebench.probes.validate import synthetic_pairs
from judgebench.records import write_pairs
from judgebench.reporting.report_data import build_report
from tests.conftest import O1_MINI

SVG = "{http://www.w3.org/2000/svg}"
PLANTED = '{"skill": 0.4, "added_text": 0.2, "position": 0.1, "instability": 0.1}'


@pytest.fixture(scope="module")
def probe_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``judgebench probe`` on the planted judge (200 synthetic pairs): its folder holds card.json."""
    d = tmp_path_factory.mktemp("probe")
    pairs = d / "pairs.jsonl"
    write_pairs(pairs, synthetic_pairs(200))
    argv = ["probe", "--judge", "planted", "--model", "planted/r", "--pairs", str(pairs), "--out", str(d / "out")]
    argv += ["--option", f"answer_key={pairs}", "--option", f"planted={PLANTED}", "--option", f"cache_path={d / 'c'}"]
    assert main([*argv, "--json", "--bootstrap", "50", "--repeats", "2"]) == 0
    return d / "out"


def _forest_rows(html: str) -> list[ET.Element]:
    section = html[html.index('<section id="probes"') :]
    svg = section[section.index("<svg") : section.index("</svg>") + 6]
    return [g for g in ET.fromstring(svg).findall(f"{SVG}g") if (g.get("class") or "").startswith("effect")]


def test_report_of_a_probe_card_has_one_forest_row_per_effect(probe_dir: Path, tmp_path: Path) -> None:
    card: dict[str, Any] = json.loads((probe_dir / "card.json").read_text())
    html_out, md_out = tmp_path / "r.html", tmp_path / "r.md"
    assert (
        main(["report", "--probe", str(probe_dir / "card.json"), "--html", str(html_out), "--markdown", str(md_out)])
        == 0
    )
    html = html_out.read_text()
    rows = _forest_rows(html)
    effects = [(p, a, e) for p, body in card["probes"].items() for a, e in body.get("effects", {}).items()]
    assert len(rows) == len(effects) == 8
    assert [r.findtext(f"{SVG}title") for r in rows] == [f"{p} · {a}: {e['verdict']}" for p, a, e in effects]
    assert [r.get("class") for r in rows] == ["effect significant"] * 5 + ["effect no-bias-found"] * 3
    assert '<td class="text verdict">significant</td>' in html and "no bias found (floor 5)" in html
    assert '<span class="pill">probe card</span>' in html and "<script" not in html
    md = md_out.read_text()
    assert "## Reliability card · planted · r · 200 pairs" in md
    assert "| padding | pad_incorrect | 50.00 | 100/200 | -10.00 |" in md


def test_report_with_judge_outputs_and_a_probe_folder(probe_dir: Path, tmp_path: Path) -> None:
    html_out = tmp_path / "r.html"
    assert main(["report", str(O1_MINI), "--probe", str(probe_dir), "--html", str(html_out), "--bootstrap", "20"]) == 0
    html = html_out.read_text()
    assert '<h2 id="leaderboard">' in html and html.index('id="leaderboard"') < html.index('<section id="probes"')
    assert len(_forest_rows(html)) == 8


def test_two_cards_get_two_sections(probe_dir: Path) -> None:
    from judgebench.reporting.html import render_html

    data = build_report([], iterations=20, probe_cards=[str(probe_dir), str(probe_dir / "card.json")])
    html = render_html(data)
    assert '<section id="probes-1"' in html and '<section id="probes-2"' in html


def test_bad_probe_cards_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a probe card"):
        build_report([], probe_cards=[str(O1_MINI)])
    (tmp_path / "card.json").write_text('{"judge_name": "x"}\n')
    with pytest.raises(InputError, match="no probes object"):
        build_report([], probe_cards=[str(tmp_path)])
    with pytest.raises(InputError, match="no such file"):
        build_report([], probe_cards=[str(tmp_path / "nothing.json")])
    assert main(["report", "--probe", str(O1_MINI), "--html", str(tmp_path / "r.html")]) == 2
    assert main(["report", "--html", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()


def test_a_deeply_nested_probe_card_is_one_input_error(tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError, match=r"not a probe card .*nested too deeply"):
        build_report([], probe_cards=[str(card)])

"""``analyze best-of-k`` and the report's best-of-K section on the recorded judges turned into best-of-2 sets,
and on a hand-made best-of-4 set whose curves are known."""

from __future__ import annotations

import json
import re

import pytest

from judgebench.analysis.best_of_k import best_of_k_files
from judgebench.cli.main import main
from judgebench.errors import ConfigError
from judgebench.reporting.best_of_k_svg import curve_chart
from tests.conftest import GRM, O1_MINI, SKYWORK


@pytest.fixture
def best_of_2(tmp_path, capsys):
    out = []
    for i, recorded in enumerate((GRM, SKYWORK, O1_MINI)):
        path = tmp_path / f"bo2-{i}.jsonl"
        assert main(["import", "pairs", str(recorded), "--out", str(path)]) == 0
        out.append(str(path))
    capsys.readouterr()
    return out


def best_of_4(tmp_path):
    """Two judges on two prompts with one correct and three incorrect responses."""
    base = {"num_correct": 1, "num_incorrect": 3, "total_completions": 4, "subset": "Math"}
    records = [
        {"id": "a", "prompt": "p", "chosen": ["c"], "rejected": ["x", "y", "z"], **base},
        {"id": "b", "prompt": "q", "chosen": ["c"], "rejected": ["x", "y", "z"], **base},
    ]
    perfect = [{**r, "judge_name": "rm", "judge_model": "perfect", "scores_chosen": [9.0],
                "scores_rejected": [1.0, 2.0, 3.0]} for r in records]  # fmt: skip
    tied = [{**r, "judge_name": "rm", "judge_model": "tied", "scores_chosen": [5.0],
             "scores_rejected": [5.0, 1.0, 0.0]} for r in records]  # fmt: skip
    paths = []
    for name, recs in (("perfect", perfect), ("tied", tied)):
        p = tmp_path / f"{name}.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in recs))
        paths.append(str(p))
    return paths


def test_curves_of_the_recorded_judges(best_of_2):
    result = best_of_k_files(best_of_2, iterations=0)
    assert [j.name for j in result.judges] == [
        "Ray2333/GRM-Gemma-2B-rewardmodel-ft",
        "Skywork/Skywork-Reward-Llama-3.1-8B",
        "o1-mini-2024-09-12",
    ]
    assert [j.curve["2"] for j in result.judges] == [59.43, 62.43, 77.29]
    assert len(result.references) == 1  # the same 350 pairs
    assert result.references[0].oracle == {"1": 50.0, "2": 100.0}
    assert result.references[0].random == {"1": 50.0, "2": 50.0}


def test_hand_made_best_of_4_curves(tmp_path, capsys):
    perfect, tied = best_of_4(tmp_path)
    result = best_of_k_files([perfect, tied], iterations=0)
    assert result.judges[0].curve == {"1": 25.0, "2": 50.0, "3": 75.0, "4": 100.0}
    # scores (5 correct, 5, 1, 0): best-of-K = 1/4, 5/12, 1/2, 1/2 (tests/best_of_k/test_metrics.py)
    assert result.judges[1].curve == {"1": 25.0, "2": 41.67, "3": 50.0, "4": 50.0}
    assert result.judges[1].tie_rate == 100.0 and result.judges[1].recovery == round(100 * 0.25 / 0.75, 2)
    assert result.references[0].oracle == result.judges[0].curve
    assert main(["analyze", "best-of-k", perfect, tied, "--bootstrap", "0"]) == 0
    shown = capsys.readouterr().out
    assert "perfect" in shown and "oracle" in shown and "41.67" in shown


def test_analyze_refuses_pair_files(capsys):
    with pytest.raises(ConfigError, match="not a judged best-of-K file"):
        best_of_k_files([str(GRM)], iterations=0)
    assert main(["analyze", "best-of-k", str(GRM)]) == 2


def test_chart_draws_every_judge_and_both_reference_lines(tmp_path):
    perfect, tied = best_of_4(tmp_path)
    svg = curve_chart(best_of_k_files([perfect, tied], iterations=0), title="Best-of-K <test>")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "&lt;test&gt;" in svg
    assert svg.count("<polyline") == 4  # two judges, the oracle and random
    assert svg.count("<circle") == 8  # a dot per K per judge
    assert 'stroke-dasharray="6 4"' in svg and 'stroke-dasharray="2 3"' in svg
    assert ">perfect<" in svg and ">oracle<" in svg and ">random<" in svg


def test_report_shows_the_best_of_k_section(tmp_path, best_of_2, capsys):
    html, md = tmp_path / "r.html", tmp_path / "r.md"
    assert main(["report", *best_of_2, "--html", str(html), "--markdown", str(md), "--bootstrap", "0"]) == 0
    page = html.read_text()
    assert '<section id="best-of-k">' in page and 'class="chart best-of-k"' in page
    text = md.read_text()
    assert "## Best-of-K" in text
    row = re.search(r"^\| o1-mini-2024-09-12 \| 350 \| 77\.29 \|.*\| 50\.00 \| 77\.29 \|$", text, re.M)
    assert row is not None
    assert re.search(r"^\| oracle \|.* 50\.00 \| 100\.00 \|$", text, re.M)

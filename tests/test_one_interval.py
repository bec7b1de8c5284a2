"""One interval per (outcomes, seed) in every command and the API (issue 20, item 1).

o1-mini's 230/350 used to get five different Overall intervals: the bootstrap generator was seeded by the
file's name (a copy under another name moved it), by the command (``benchmarks`` keyed it by judge, the
report's position table by its own tag) or by the API's temporary file. Now it is seeded by the seed and the
data, so every place below prints the same interval.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from judgebench.api import analyze, judge, report, score
from judgebench.cli.main import main
from judgebench.metrics.bootstrap import proportion_ci
from tests.conftest import GPT_PAIRS, O1_MINI

SEED = 7


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json", "--seed", str(SEED)]) == 0
    return json.loads(capsys.readouterr().out)


def test_one_overall_interval_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "runs"
    folder.mkdir()
    copy = folder / "renamed-o1-mini.jsonl"
    shutil.copy(O1_MINI, copy)
    expected = list(proportion_ci(230, 350, seed=SEED) or ())
    assert len(expected) == 2
    seen: dict[str, list[float]] = {}

    for name, path in (("score", O1_MINI), ("score (copy)", copy)):
        overall = _json(capsys, "score", str(path))["results"][0]["categories"]["Overall"]
        assert (overall["correct"], overall["n"]) == (230, 350)
        seen[name] = overall["ci95"]
    seen["leaderboard"] = _json(capsys, "leaderboard", str(folder))["rows"][0]["categories"]["Overall"]["ci95"]
    row = _json(capsys, "benchmarks", str(copy))["rows"][0]
    seen["benchmarks"] = row["benchmarks"]["judgebench"]["ci95"]
    position = _json(capsys, "analyze", "position", str(copy))["results"][0]["categories"]["Overall"]
    seen["analyze position (vote)"] = position["accuracy"]["vote"]["ci95"]

    seen["api score"] = list(score(copy, seed=SEED)[0].categories["Overall"].ci95 or ())
    result = judge(str(GPT_PAIRS), judge="arena_hard", model=f"replay/{O1_MINI}", seed=SEED)
    assert result.score is not None and result.score.categories["Overall"].correct == 230
    seen["api judge"] = list(result.score.categories["Overall"].ci95 or ())
    bias = analyze("position", [copy], seed=SEED).to_dict()["results"][0]["categories"]["Overall"]
    seen["api analyze"] = bias["accuracy"]["vote"]["ci95"]

    md = tmp_path / "report.md"
    data = report([str(copy)], markdown=md, seed=SEED)
    (group,) = data.groups
    seen["report leaderboard"] = list(group.rows[0].score.categories["Overall"].ci95 or ())
    seen["report position"] = list(group.rows[0].position.categories["Overall"].accuracy["vote"].ci95 or ())
    printed = f"[{expected[0]:.2f}, {expected[1]:.2f}]"
    assert md.read_text().count(printed) >= 2  # the leaderboard's and the position table's

    assert seen == {name: expected for name in seen}


def test_same_counts_same_interval_in_every_category(capsys: pytest.CaptureFixture[str]) -> None:
    """A category's interval is that of its k/n: score's and benchmarks' categories agree too."""
    cats = _json(capsys, "score", str(O1_MINI))["results"][0]["categories"]
    bench = _json(capsys, "benchmarks", str(O1_MINI))["rows"][0]["benchmarks"]["judgebench"]["categories"]
    for cat in ("Knowledge", "Reasoning", "Math", "Coding"):
        k, n = cats[cat]["correct"], cats[cat]["n"]
        assert cats[cat]["ci95"] == bench[cat]["ci95"] == list(proportion_ci(k, n, seed=SEED) or ())


def test_a_whole_count_seeds_alike_as_int_or_float() -> None:
    # the average rule's cells pass k / units (a float): a whole count must draw the same interval as the int
    from judgebench.metrics.bootstrap import proportion_ci

    assert proportion_ci(230, 350, seed=0) == proportion_ci(230.0, 350, seed=0) == proportion_ci(460 / 2, 350)
    assert proportion_ci(230.5, 350, seed=0) != proportion_ci(230, 350, seed=0)


def test_small_samples_still_get_an_interval() -> None:
    # one pair is a sample: its interval is the single point it can be (never "no interval", which is kept for
    # n = 0 or no draws asked); the mean's interval at the default 95% sits around the mean
    from judgebench.metrics.bootstrap import mean_ci, proportion_ci

    assert proportion_ci(1, 1, iterations=100) == (100.0, 100.0)
    assert proportion_ci(0, 1, iterations=100) == (0.0, 0.0)
    assert proportion_ci(3, 4, iterations=1) is not None
    assert proportion_ci(0, 0) is None and proportion_ci(1, 2, iterations=0) is None
    assert mean_ci([1.0] * 10) == [100.0, 100.0] and mean_ci([]) is None
    lo, hi = mean_ci([0.0, 1.0] * 50)
    assert lo < 50.0 < hi and mean_ci([0.0, 1.0] * 50, level=0.95) == [lo, hi]

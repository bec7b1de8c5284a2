"""One vocabulary and one behaviour (issue 20, item 5).

* ``benchmarks`` names its always-A rows as ``analyze length`` and the report do: under the vote rule (0 on
  two-order pairs, what the report says) and in the first order.
* ``score --rule first|agree`` counts undecided pairs under that rule, not the vote rule's.
* ``judge`` on a best-of-K set exits as ``judge`` on pairs: 1 only when a judgment failed (no answer); a reply
  without a verdict is an answer (0), and both counts are reported under the pair run's names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import judgebench.runner.best_of_k as bok_runner
from judgebench.cli.main import main
from judgebench.errors import RetryableBackendError
from judgebench.judges.prompted import ArenaHardJudge
from judgebench.judges.rating import PromptedRatingJudge
from tests.best_of_k.test_runner import RECORDS, rating_reply, run
from tests.conftest import O1_MINI
from tests.judges.fake_engine import FakeEngine


def test_benchmarks_always_a_rows_match_the_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["benchmarks", str(O1_MINI), "--json", "--bootstrap", "0"]) == 0
    rows = {r["judge_name"]: r["benchmarks"]["judgebench"] for r in json.loads(capsys.readouterr().out)["rows"]}
    md = tmp_path / "r.md"
    assert main(["report", str(O1_MINI), "--markdown", str(md), "--bootstrap", "0"]) == 0
    capsys.readouterr()
    # the report's length table: | Overall | 350 | correct is longer | always A (vote) | always A (first order) | ...
    (overall,) = [line for line in md.read_text().splitlines() if line.startswith("| Overall | 350 |")]
    vote_cell, first_cell = (c.strip() for c in overall.split("|")[4:6])
    assert (rows["always A (vote)"]["accuracy"], vote_cell) == (0.0, "0.00")
    assert (rows["always A (first order)"]["accuracy"], first_cell) == (55.14, "55.14")
    assert "always A" not in rows  # no row without its rule


@pytest.mark.parametrize(
    ("rule", "outcomes"),
    [
        ("vote", {"correct": 230, "incorrect": 39, "undecided": 81}),
        ("first", {"correct": 248, "incorrect": 75, "undecided": 27}),
        ("agree", {"correct": 203, "incorrect": 32, "undecided": 115}),
    ],
)
def test_undecided_pairs_follow_the_rule(rule: str, outcomes: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(O1_MINI), "--rule", rule, "--json", "--bootstrap", "0"]) == 0
    res = json.loads(capsys.readouterr().out)["results"][0]
    assert res["outcomes"] == outcomes and res["categories"]["Overall"]["correct"] == outcomes["correct"]
    assert sum(outcomes.values()) == 350
    assert main(["score", str(O1_MINI), "--rule", rule, "--bootstrap", "0"]) == 0
    assert f"undecided pairs ({rule} rule): {outcomes['undecided']}" in capsys.readouterr().out


def test_best_of_k_counts_failed_and_no_verdict_judgments_as_pair_runs_do(tmp_path: Path) -> None:
    summary = run(tmp_path / "a", PromptedRatingJudge(FakeEngine(rating_reply), "fake"))
    assert (summary.unscored_responses, summary.no_verdict_judgments, summary.failed_judgments) == (1, 1, 0)
    failing = FakeEngine(lambda r: RetryableBackendError("503 from the server"))
    summary = run(tmp_path / "b", ArenaHardJudge(failing, "fake"), records=RECORDS[:1])
    # 1 chosen × 3 rejected comparisons, both orders, every call failed
    assert (summary.unscored_responses, summary.no_verdict_judgments, summary.failed_judgments) == (4, 0, 6)


def _bok_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, judge, capsys) -> tuple[int, dict]:
    real = bok_runner.run_best_of_k
    monkeypatch.setattr(bok_runner, "run_best_of_k", lambda spec: real(spec, make_judge=lambda options: judge))
    sets = tmp_path / "set.jsonl"
    sets.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    argv = ["judge", "--judge", "rating", "--model", "openai/fake", "--pairs", str(sets)]
    code = main([*argv, "--out", str(tmp_path / "out.jsonl"), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_best_of_k_reply_without_a_verdict_exits_0_like_a_pair_run(tmp_path, monkeypatch, capsys) -> None:
    code, doc = _bok_cli(tmp_path, monkeypatch, PromptedRatingJudge(FakeEngine(rating_reply), "fake"), capsys)
    assert (code, doc["no_verdict_judgments"], doc["failed_judgments"], doc["unscored_responses"]) == (0, 1, 0, 1)


def test_a_failed_best_of_k_judgment_exits_1_like_a_pair_run(tmp_path, monkeypatch, capsys) -> None:
    failing = FakeEngine(lambda r: RetryableBackendError("503 from the server"))
    code, doc = _bok_cli(tmp_path, monkeypatch, PromptedRatingJudge(failing, "fake"), capsys)
    assert code == 1 and doc["failed_judgments"] == 8 and doc["no_verdict_judgments"] == 0

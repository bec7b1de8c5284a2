"""``import mt-bench --option no_majority=keep``: FastChat's agreement over every comparison the experts voted on.

The fixture ``fixtures/mt_bench_no_majority`` holds two labelled comparisons (q81: gpt-4 2-0; q155: gpt-3.5 2-1),
three without a majority (q101 split 1-1; q125 ties lead 2-1; q141 turn 2, claude 1 and a tie 1) and one with
only an author's vote (q91). The expected counts are what lm-sys/FastChat's ``fastchat/llm_judge/compute_agreement.py``
(commit 0e6d3e4) printed when run in a scratch directory on these two files (GPT-4 rows given FastChat's judge
name ``["gpt-4", "pair-v2"]``): gpt4-pair vs human turn 1 S1 6/10, S2 4/7; turn 2 S1 0/2, S2 0/1 -- in all
S1 6/12, S2 4/8; human vs human turn 1 S1 3/8, S2 2/5; turn 2 S1 0/1, S2 0/0. Over the labelled comparisons
only (what the default import leaves) the same counting gives S1 3/5 and S2 3/5.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.errors import MalformedRecordError
from judgebench.metrics.mt_bench_agreement import expert_votes, human_vs_human
from judgebench.metrics.protocols import PROTOCOLS
from judgebench.records import NO_MAJORITY, iter_judged, read_judged

FIXTURES = Path(__file__).parent / "fixtures" / "mt_bench_no_majority"


def _import(tmp_path: Path, keep: str, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / f"judged-{keep}.jsonl"
    judgments = f"judgments={FIXTURES / 'gpt4_pair.jsonl'}"
    argv = ["import", "mt-bench", str(FIXTURES / "human.jsonl"), "--option", judgments]
    assert main([*argv, "--option", f"no_majority={keep}", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def _totals(path: Path, protocol: str) -> tuple[int, int]:
    score = PROTOCOLS.get(protocol).pair_score
    assert score is not None
    counts = [score(jp) for jp in iter_judged(path, unlabelled=True)]
    return sum(k for k, _ in counts), sum(n for _, n in counts)


def _cell(path: Path, view: str, capsys: pytest.CaptureFixture[str]) -> tuple[float, int, int]:
    assert main(["benchmarks", str(path), "--json", "--bootstrap", "0", "--protocol", view]) == 0
    cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["mt-bench-human"]
    return cell["accuracy"], cell["correct"], cell["n"]


def test_kept_comparisons_give_fastchats_own_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drop, keep = _import(tmp_path, "drop", capsys), _import(tmp_path, "keep", capsys)
    labels = [jp.pair.label for jp in read_judged(drop)]
    assert sorted(labels) == ["A>B", "B>A"]  # the default import: the labelled comparisons only, as before
    kept = list(iter_judged(keep, unlabelled=True))
    assert sorted(jp.pair.label for jp in kept).count(NO_MAJORITY) == 3  # q101, q125, q141; q91 has no expert
    # before (labelled only) and after (every voted comparison, FastChat's count)
    assert (_totals(drop, "fastchat-s1"), _totals(drop, "fastchat-s2")) == ((3, 5), (3, 5))
    assert (_totals(keep, "fastchat-s1"), _totals(keep, "fastchat-s2")) == ((6, 12), (4, 8))
    # the native view (fastchat-s2) counts them; the uniform view leaves them out and is unchanged
    assert _cell(drop, "native", capsys) == (60.0, 3, 5)
    assert _cell(keep, "native", capsys) == (50.0, 4, 8)
    assert _cell(drop, "uniform", capsys) == _cell(keep, "uniform", capsys) == (50.0, 1, 2)


def test_human_vs_human_over_every_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = _import(tmp_path, "keep", capsys)
    votes = [expert_votes(jp.pair.extra["votes"]) for jp in iter_judged(keep, unlabelled=True)]
    for setup, expected in (("S1", (3, 9)), ("S2", (2, 5))):
        counts = [human_vs_human(v, setup) for v in votes]
        assert (sum(a for a, _ in counts), sum(n for _, n in counts)) == expected


def test_other_readers_refuse_a_comparison_without_a_majority(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = _import(tmp_path, "keep", capsys)
    with pytest.raises(MalformedRecordError, match="without an expert majority"):
        read_judged(keep)  # every default reader: no scorer may take it for a tie or a guess
    assert main(["analyze", "position", str(keep)]) == 2  # ('score' skips and counts them: test_mt_bench_judge_...)
    err = capsys.readouterr().err.strip()
    assert "without an expert majority" in err and len(err.splitlines()) == 1


def test_no_majority_option_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["import", "mt-bench", str(FIXTURES / "human.jsonl"), "--option", "no_majority=yes", "--out", "-"]
    assert main(argv) == 2
    assert "no_majority must be keep or drop" in capsys.readouterr().err


def test_native_coverage_counts_pairs_not_vote_trials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # FastChat's agreement counts expert-vote trials (8 here, over 5 comparisons): coverage and the partial flag
    # must count the judge's comparisons, or a complete judge reads "8 of 5" (or partial, when ties drop trials)
    keep = _import(tmp_path, "keep", capsys)
    assert main(["benchmarks", str(keep), "--json", "--bootstrap", "0", "--protocol", "native"]) == 0
    cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["mt-bench-human"]
    assert cell["n"] == 8 and cell["coverage"] == {"pairs": 5, "of": 5} and cell["partial"] is False

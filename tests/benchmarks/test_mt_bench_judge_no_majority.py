"""``judgebench judge`` on an MT-Bench import that keeps the comparisons without an expert majority.

The pairs are ``fixtures/mt_bench_no_majority`` imported with ``--option no_majority=keep`` (q81 and q155
labelled; q101, q125 and q141 labelled ``no-majority``). The judge is ``arena_hard`` over the fake OpenAI server;
the server answers by the shown responses, the same way in both orders:

====  =====================  ===========================  =========  ======================================
q     experts' votes         judge prefers                judge's    FastChat S1 / S2 (agree / trials)
====  =====================  ===========================  =========  ======================================
81    gpt-4 ×2               gpt-4 ("Soft rain...")       gpt-4      S1 2/2, S2 2/2
155   gpt-3.5 ×2, llama ×1   llama ("Augustus.")          llama      S1 1/3, S2 1/3
101   vicuna ×1, alpaca ×1   alpaca ("Iron.")             alpaca     S1 1/2, S2 1/2
125   tie ×2, gpt-3.5 ×1     nothing: always [[A>B]]      tie        S1 2/3, S2 dropped (judge tie) 0/0
141   claude ×1, tie ×1      claude ("...Negative.")      claude     S1 1/2, S2 1/1 (the tie vote dropped)
====  =====================  ===========================  =========  ======================================

In all: S1 7/12, S2 5/8 (``benchmarks --protocol native`` is S2 on MT-Bench: 62.5%, 5 of 8). The vote rule on the
labelled pairs: q81 correct, q155 incorrect: 1 of 2; the three no-majority pairs are skipped and counted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from judgebench.cli.main import main
from judgebench.errors import MalformedRecordError
from judgebench.metrics.protocols import PROTOCOLS
from judgebench.metrics.scorecard import score_file
from judgebench.records import NO_MAJORITY, iter_judged
from judgebench.runner.progress import RunProgress
from tests.fakes.provider_server import FakeProvider, last_text

FIXTURES = Path(__file__).parent / "fixtures" / "mt_bench_no_majority"
PREFERRED = ("Soft rain on the roof", "Augustus.", "Iron.", "Negative.")


def _answer(text: str, side: str) -> str:
    found = re.search(rf"<\|The Start of Assistant {side}'s Answer\|>(.*?)<\|The End of Assistant {side}'s", text, re.S)
    assert found is not None, text
    return found.group(1).strip()


def reply(body: dict[str, Any]) -> str:
    """The judge of the module docstring: the response ending in a preferred text, else the first shown."""
    text = last_text(body)
    if _answer(text, "B").endswith(PREFERRED):
        return "My final verdict is [[B>A]]"
    return "My final verdict is [[A>B]]"  # a preferred A, or q125 (position bias: a tie over both orders)


def _pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "mt-bench-kept.jsonl"
    argv = ["import", "mt-bench", str(FIXTURES / "human.jsonl"), "--option", "no_majority=keep", "--out", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    return out


def _judge(pairs: Path, out: Path, url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    argv = ["judge", "--judge", "arena_hard", "--model", "vllm/m", "--base-url", url, "--pairs", str(pairs)]
    assert main([*argv, "--out", str(out), "--no-cache", "--json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def test_judge_a_kept_import_then_fastchat_agreement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs, out = _pairs(tmp_path, capsys), tmp_path / "judged.jsonl"
    with FakeProvider(reply) as server:
        first = _judge(pairs, out, server.openai_base_url, capsys)
        assert (first["judged"], first["failed_judgments"], first["unlabelled_pairs"]) == (5, 0, 3)
        assert server.count() == 10  # every pair in both orders, the no-majority ones too
        again = _judge(pairs, out, server.openai_base_url, capsys)  # resume reads the no-majority records
        assert (again["judged"], again["skipped"], server.count()) == (0, 5, 10)
    records = list(iter_judged(out, unlabelled=True))
    assert [jp.pair.label for jp in records].count(NO_MAJORITY) == 3
    assert all("votes" in jp.pair.extra for jp in records)  # the experts' votes travel with the judged pairs
    # the vote rule over the labelled pairs only: q81 correct, q155 incorrect
    score = first["score"]
    assert score["unlabelled_pairs"] == 3 and score["n_pairs"] == 2
    assert score["categories"]["Overall"]["correct"] == 1 and score["outcomes"]["correct"] == 1
    # FastChat's agreement over every voted comparison, hand-counted in the module docstring
    totals = {}
    for name in ("fastchat-s1", "fastchat-s2"):
        pair_score = PROTOCOLS.get(name).pair_score
        assert pair_score is not None
        counts = [pair_score(jp) for jp in records]
        totals[name] = (sum(k for k, _ in counts), sum(n for _, n in counts))
    assert totals == {"fastchat-s1": (7, 12), "fastchat-s2": (5, 8)}
    assert main(["benchmarks", str(out), "--json", "--bootstrap", "0", "--protocol", "native"]) == 0
    cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["mt-bench-human"]
    assert (cell["accuracy"], cell["correct"], cell["n"], cell["coverage"]) == (62.5, 5, 8, {"pairs": 5, "of": 5})


def test_score_skips_the_no_majority_pairs_and_counts_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs, out = _pairs(tmp_path, capsys), tmp_path / "judged.jsonl"
    with FakeProvider(reply) as server:
        _judge(pairs, out, server.openai_base_url, capsys)
    labelled = tmp_path / "labelled.jsonl"
    lines = out.read_text().splitlines(keepends=True)
    labelled.write_text("".join(x for x in lines if json.loads(x)["label"] != NO_MAJORITY))
    assert main(["score", str(out), "--json", "--bootstrap", "0"]) == 0
    kept = json.loads(capsys.readouterr().out)
    (kept,) = kept["results"]
    assert main(["score", str(labelled), "--json", "--bootstrap", "0"]) == 0
    alone = json.loads(capsys.readouterr().out)
    (alone,) = alone["results"]
    assert (kept.pop("unlabelled_pairs"), alone.pop("unlabelled_pairs")) == (3, 0)
    kept.pop("file"), alone.pop("file")
    assert kept == alone  # the vote-rule figures are those of the labelled pairs alone
    assert kept["categories"]["Overall"] == {"accuracy": 50.0, "correct": 1, "n": 2, "ci95": None}
    assert main(["score", str(out), "--bootstrap", "0"]) == 0
    text = capsys.readouterr().out
    assert "skipped 3 pairs without an expert majority" in " ".join(text.split())
    with pytest.raises(MalformedRecordError, match="without an expert majority"):
        score_file(out)  # the other users of score_file (leaderboard, report) still refuse the label


def test_columnar_tally_equals_sequential_on_no_majority_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from judgebench.judged_columns import check_scored, read_columns
    from judgebench.metrics.tally import tally_of_columns

    pairs, out = _pairs(tmp_path, capsys), tmp_path / "judged.jsonl"
    with FakeProvider(reply) as server:
        _judge(pairs, out, server.openai_base_url, capsys)
    cols = read_columns(str(out), unlabelled=True, check=check_scored, duplicates_first=False, questions=False)
    for rule in ("vote", "first", "agree", "average"):
        fast = tally_of_columns(cols, rule, unlabelled=True)
        assert (fast.unlabelled_pairs, fast.n_pairs) == (3, 2)  # counted apart, not as pairs
        columnar = score_file(out, rule=rule, bootstrap=0, unlabelled=True)
        sequential = score_file(out, rule=rule, bootstrap=0, unlabelled=True, columnar=False)
        assert columnar.to_dict() == sequential.to_dict()
        assert columnar.sources == sequential.sources and columnar.unlabelled_pairs == 3


def test_only_no_majority_pairs_is_no_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs, out = _pairs(tmp_path, capsys), tmp_path / "judged.jsonl"
    with FakeProvider(reply) as server:
        _judge(pairs, out, server.openai_base_url, capsys)
    only = tmp_path / "only.jsonl"
    only.write_text("".join(x for x in out.read_text().splitlines(True) if json.loads(x)["label"] == NO_MAJORITY))
    assert main(["score", str(only)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no labelled pairs in file (3 without an expert majority" in err and len(err.splitlines()) == 1


def test_api_judge_takes_no_majority_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import judgebench

    pairs = _pairs(tmp_path, capsys)
    with FakeProvider(reply) as server:
        result = judgebench.judge(pairs, judge="arena_hard", model="vllm/m", base_url=server.openai_base_url,
                                  cache=False, bootstrap=0)  # fmt: skip
    assert len(result.records) == 5 and result.summary.unlabelled_pairs == 3
    assert result.score is not None and (result.score.unlabelled_pairs, result.score.n_pairs) == (3, 2)


def test_progress_counts_no_majority_pairs_as_unlabelled() -> None:
    progress = RunProgress(3, enabled=False)
    progress.advance(correct=True, failed=0, cost_usd=None)
    progress.advance(correct=True, failed=0, cost_usd=None, unlabelled=True)  # never correct
    progress.advance(correct=False, failed=0, cost_usd=None)
    assert (progress.correct, progress.unlabelled, progress.accuracy) == (1, 1, 50.0)
    assert progress.status().endswith("0 failed · 1 unlabelled")

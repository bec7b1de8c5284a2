"""``judgebench solve`` against a local OpenAI-compatible server: the fixed output format, outcomes that
match the server's known right/wrong answers, accuracy per category, resume without calls, and a pair
without ground truth refused before any call."""

from __future__ import annotations

import json

import pytest

from judgebench.builder.inputs import SourceSpec
from judgebench.builder.solve import match_questions
from judgebench.cli.main import main
from judgebench.records import read_pairs, write_pairs
from judgebench.verifiers.base import VERIFIERS
from tests.conftest import CLAUDE_PAIRS, SHARED
from tests.pipeline.oracle import OracleServer, answer_key

SOURCES = [
    f"mmlu-pro={SHARED / 'sources' / 'mmlu-pro' / 'test.jsonl'}",
    f"livebench-math={SHARED / 'sources' / 'livebench'}",
    f"livebench-reasoning={SHARED / 'sources' / 'livebench'}",
]
KEYS = ["pair_id", "source", "model", "response", "extracted", "outcome", "rule"]


@pytest.fixture(scope="module")
def pairs_file(tmp_path_factory):
    # no LiveCodeBench (no tests offline) and no AMPS_Hard (slow sympy checks, covered by the rebuild test)
    pairs = [p for p in read_pairs(CLAUDE_PAIRS) if p.source != "livecodebench" and "boxed" not in p.question]
    picked = pairs[::12]  # MMLU-Pro and LiveBench pairs of the Claude split
    path = tmp_path_factory.mktemp("solve") / "pairs.jsonl"
    write_pairs(path, picked)
    return path


def test_solve_writes_verified_answers(tmp_path, pairs_file, capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    pairs = read_pairs(pairs_file)
    questions = match_questions(pairs, [SourceSpec.parse(s) for s in SOURCES], str(pairs_file))
    out = tmp_path / "solve.jsonl"
    with OracleServer(answer_key(questions)) as srv:
        argv = ["solve", "--model", "openai/solver", "--pairs", str(pairs_file), "--out", str(out), "--json"]
        argv += ["--base-url", srv.base_url, "--no-cache", "--workers", "0"]
        for s in SOURCES:
            argv += ["--source", s]
        assert main(argv) == 0
        table = json.loads(capsys.readouterr().out)["categories"]
        assert srv.total == len(pairs)
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert [list(r) for r in rows] == [KEYS] * len(pairs)
        assert [r["pair_id"] for r in rows] == [p.pair_id for p in pairs]
        for r, q, p in zip(rows, questions, pairs, strict=True):
            assert r["response"] == srv.reply(p.question, None) and r["model"] == "solver"
            want = VERIFIERS.get(q.verifier)().check(q, r["response"])
            assert (r["outcome"], r["extracted"], r["rule"]) == (str(want.outcome), want.extracted, want.rule)
        outcomes = [r["outcome"] for r in rows]
        assert "correct" in outcomes and "incorrect" in outcomes
        overall = table["Overall"]
        assert overall["correct"] == outcomes.count("correct") and overall["incorrect"] == outcomes.count("incorrect")
        total = overall["correct"] + overall["incorrect"] + overall["unverifiable"]
        assert overall["accuracy"] == round(100 * overall["correct"] / total, 2)
        first = out.read_bytes()
        assert main(argv) == 0  # resumed: everything done, nothing called again
        assert srv.total == len(pairs) and out.read_bytes() == first


def test_pair_without_ground_truth_fails_before_any_call(tmp_path, pairs_file, capsys):
    pairs = read_pairs(pairs_file)
    pairs[1].question = pairs[1].question + " (edited)"
    pairs[1].original_id = None
    bad = tmp_path / "bad.jsonl"
    write_pairs(bad, pairs)
    with OracleServer({}) as srv:
        argv = ["solve", "--model", "openai/solver", "--pairs", str(bad), "--out", str(tmp_path / "s.jsonl")]
        for s in SOURCES:
            argv += ["--source", s]
        assert main([*argv, "--base-url", srv.base_url]) == 2
        assert srv.total == 0
    err = capsys.readouterr().err
    assert f"bad.jsonl:2: pair {pairs[1].pair_id!r}" in err and "matches no question" in err
    assert not (tmp_path / "s.jsonl").exists()


def test_an_answer_in_no_expected_format_is_incorrect_as_the_docs_say(tmp_path, pairs_file, capsys, monkeypatch):
    """No answer letter / no bold or boxed answer: *incorrect* (LiveBench's scorers give it 0), not unverifiable."""
    from tests.conftest import ROOT
    from tests.fakes.provider_server import FakeProvider

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    out = tmp_path / "solve.jsonl"
    with FakeProvider(lambda body: "I would rather not say.") as srv:
        argv = ["solve", "--model", "openai/solver", "--pairs", str(pairs_file), "--out", str(out), "--json"]
        argv += ["--base-url", srv.openai_base_url, "--no-cache", "--workers", "0"]
        for s in SOURCES:
            argv += ["--source", s]
        assert main(argv) == 0
    overall = json.loads(capsys.readouterr().out)["categories"]["Overall"]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["outcome"] for r in rows} == {"incorrect"} and overall["unverifiable"] == 0
    assert {r["rule"] for r in rows} >= {"five-letters", "no-match"}
    assert overall["accuracy"] == 0.0 and overall["incorrect"] == len(rows)
    doc = " ".join((ROOT / "docs" / "build.md").read_text(encoding="utf-8").lower().split())
    assert "an answer in no expected format is *incorrect*" in doc

"""The pipeline's plumbing on a toy source: stage files, selection, determinism, bad input, the card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.builder.executors import LocalExecutor
from judgebench.builder.inputs import SourceSpec, gather_inputs
from judgebench.builder.pipeline import Build, BuildConfig, run_build
from judgebench.builder.stages import StageFile
from judgebench.cli.main import main
from judgebench.errors import ConfigError, InputError, MalformedRecordError
from judgebench.records import read_pairs
from judgebench.verifiers.base import Outcome
from judgebench.verifiers.llm_checker import combine, parse_verdict
from tests.pipeline import standins

standins.register()


def write_responses(path: Path, n: int = 40, *, pattern: str = "ciu") -> Path:
    """Per toy question: one response per letter of ``pattern`` (c correct, i incorrect, u unverifiable)."""
    with path.open("w") as fh:
        for i in range(n):
            s = i + i % 7
            for j, kind in enumerate(pattern):
                text = {"c": f"So it is {s}.", "i": f"So it is {s + 1 + j}.", "u": "I cannot tell."}[kind]
                key = {"question_id": str(i)} if i % 2 else {"question": f"What is {i} + {i % 7}?"}
                fh.write(json.dumps({**key, "response": text, "model": "toy-model"}) + "\n")
    return path


def build(tmp: Path, responses: Path, name: str = "pairs.jsonl", **kw) -> tuple[Path, object]:
    out = tmp / name
    cfg = BuildConfig(sources=[SourceSpec("toy")], out=out, responses=str(responses), workers=0, **kw)
    return out, run_build(cfg)


def test_pairs_are_mixed_questions_with_stable_ids(tmp_path):
    resp = write_responses(tmp_path / "r.jsonl", pattern="cciu")
    out, _ = build(tmp_path, resp)
    pairs = read_pairs(out)
    assert len(pairs) == 40  # every question has both a correct and an incorrect response
    for p in pairs:
        good, bad = (p.response_A, p.response_B) if p.label == "A>B" else (p.response_B, p.response_A)
        i = int(p.original_id)
        assert good == f"So it is {i + i % 7}." and bad.startswith("So it is ") and bad != good
        assert "cannot" not in p.response_A + p.response_B  # unverifiable responses are dropped, never "wrong"
        assert p.response_model == "toy-model" and p.source == f"toy-g{i % 2}"
    labels = [p.label for p in pairs]
    assert 10 < labels.count("A>B") < 30  # seeded placement, both sides used
    card = json.loads((tmp_path / "pairs.card.json").read_text())
    assert card["counts"] == {"questions": 40, "responses": 160, "mixed_questions": 40, "pairs": 40, "failed_calls": 0}
    assert card["dropped_responses"] == {"unverifiable": 40}
    assert card["verifiers"]["toy-sum"]["version"] == "1"
    assert card["verifiers"]["toy-sum"]["outcomes"] == {"correct": 80, "incorrect": 40, "unverifiable": 40}
    assert "| toy-g0 | 20 | 20 | 20 |" in (tmp_path / "pairs.card.md").read_text()
    # the same inputs in another folder give the same bytes; another seed keeps ids of identical pairs
    out2, _ = build(tmp_path / "again", resp)
    assert out2.read_bytes() == out.read_bytes()
    out3, _ = build(tmp_path / "seed1", resp, seed=1)
    by_id = {p.pair_id: p for p in pairs}
    other = read_pairs(out3)
    assert [p.label for p in other] != labels
    same = [p for p in other if p.pair_id in by_id]
    assert same and all(
        {p.response_A, p.response_B} == {by_id[p.pair_id].response_A, by_id[p.pair_id].response_B} for p in same
    )


def test_questions_without_both_outcomes_are_dropped_and_per_category_limits(tmp_path):
    resp = tmp_path / "r.jsonl"
    with resp.open("w") as fh:
        for i in range(40):
            s = i + i % 7
            texts = [f"= {s}", f"= {s + 1}"] if i % 4 else [f"= {s}", f"= {s}"]  # every 4th: correct only
            for t in texts:
                fh.write(json.dumps({"question_id": str(i), "response": t, "model": "m"}) + "\n")
    out, res = build(tmp_path, resp, per_category=7)
    pairs = read_pairs(out)
    assert sum(p.source == "toy-g0" for p in pairs) == 7 and sum(p.source == "toy-g1" for p in pairs) == 7
    assert all(int(p.original_id) % 4 for p in pairs)
    assert res.card.to_dict()["counts"]["mixed_questions"] == 30


def test_unmatched_response_line_is_named(tmp_path):
    resp = write_responses(tmp_path / "r.jsonl", n=3)
    with resp.open("a") as fh:
        fh.write(json.dumps({"question": "What is 1 + 2 + 3?", "response": "6", "model": "toy-model"}) + "\n")
    with pytest.raises(InputError) as err:
        build(tmp_path, resp)
    assert err.value.line == 10 and err.value.path == str(resp) and "matches no question" in str(err.value)
    with resp.open("a") as fh:
        fh.write(json.dumps({"question_id": "1", "model": "toy-model"}) + "\n")
    resp.write_text(resp.read_text().splitlines()[0] + "\n" + json.dumps({"question_id": "1", "model": "x"}) + "\n")
    with pytest.raises(MalformedRecordError, match=r"r.jsonl:2: 'response' must be a string"):
        build(tmp_path, resp)
    resp.write_text(
        json.dumps({"question_id": "1", "response": "1", "model": "a"})
        + "\n"
        + json.dumps({"question_id": "2", "response": "1", "model": "b"})
        + "\n"
    )
    with pytest.raises(InputError, match=r"r.jsonl:2: responses from more than one model"):
        build(tmp_path, resp)
    assert not (tmp_path / "pairs.jsonl").exists() and not (tmp_path / "pairs.build").exists()


def test_bad_input_exits_2_before_anything_runs(tmp_path, capsys):
    out = str(tmp_path / "p.jsonl")
    # an unreachable endpoint: had a call been made, the error would be a backend error, not these
    base = ["build", "--out", out, "--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1"]
    assert main([*base, "--source", "no-such-source"]) == 2
    assert "unknown source 'no-such-source'" in capsys.readouterr().err
    standins.SOURCES._items["toy-nogt"] = lambda path=None, **o: standins.ToySource(missing_gt="5")
    assert main([*base, "--source", "toy-nogt"]) == 2
    assert "question '5' of source 'toy-nogt' has no ground truth" in capsys.readouterr().err
    assert main([*base[:3], "--model", "nomodel", "--source", "toy"]) == 2
    assert "provider/model" in capsys.readouterr().err
    assert main(["build", "--out", out, "--source", "toy"]) == 2
    assert "--model is required" in capsys.readouterr().err
    assert main([*base, "--source", "toy", "--responses", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl: no such file" in capsys.readouterr().err
    assert not Path(out).exists()


def test_stage_file_repairs_a_torn_line_and_refuses_other_settings(tmp_path):
    path = tmp_path / "s.jsonl"
    with StageFile(path, "responses", {"model": "a"}, ("question_id", "index")) as st:
        st.append({"question_id": "q", "index": 0, "response": "x"})
        st.append({"question_id": "q", "index": 1, "response": None, "error": "429"})
    with path.open("a") as fh:
        fh.write('{"question_id": "q", "index": 2, "resp')  # kill -9 mid-write
    with StageFile(path, "responses", {"model": "a"}, ("question_id", "index")) as st:
        assert sorted(st.records) == [("q", "0"), ("q", "1")]
        st.append({"question_id": "q", "index": 1, "response": "y"})  # a retried failure: the last record wins
    st = StageFile(path, "responses", {"model": "a"}, ("question_id", "index")).open()
    assert st.get("q", "1") == {"question_id": "q", "index": 1, "response": "y"}
    st.close()
    assert all(json.loads(line) for line in path.read_text().splitlines())
    with pytest.raises(ConfigError, match=r"other settings .*model: 'a' then, 'b' now"):
        StageFile(path, "responses", {"model": "b"}, ("question_id", "index")).open()
    with pytest.raises(ConfigError, match="not a 'verdicts' stage file"):
        StageFile(path, "verdicts", {"model": "a"}, ("question_id", "index")).open()


def test_changed_responses_are_verified_again(tmp_path):
    resp = write_responses(tmp_path / "r.jsonl", n=4, pattern="ci")
    out, _ = build(tmp_path, resp)
    assert len(read_pairs(out)) == 4
    write_responses(resp, n=4, pattern="cc")  # same keys, new texts: the old verdicts must not be reused
    out, res = build(tmp_path, resp)
    assert read_pairs(out) == [] and res.card.to_dict()["counts"]["mixed_questions"] == 0


def test_local_process_pool_matches_inline(tmp_path):
    resp = write_responses(tmp_path / "r.jsonl", n=40, pattern="ciuc")
    a, _ = build(tmp_path / "inline", resp)
    out = tmp_path / "pool" / "pairs.jsonl"
    cfg = BuildConfig(sources=[SourceSpec("toy")], out=out, responses=str(resp))
    inputs = gather_inputs(cfg.sources, seed=0, model=None, responses=str(resp))
    pool = LocalExecutor(workers=2, chunk_size=8, inline_budget_s=0.0)  # always start the worker processes
    Build(cfg, inputs, pool).run()
    assert out.read_bytes() == a.read_bytes()


def test_checker_verdicts_and_agreement():
    assert parse_verdict('{"is_correct": true}') is Outcome.CORRECT
    assert parse_verdict('Sure! ```json\n{"is_correct": false}\n```') is Outcome.INCORRECT
    assert parse_verdict('{"is_correct": "maybe"}') is None and parse_verdict("no idea") is None
    assert parse_verdict('"is_correct": true ... "is_correct": false') is None
    assert combine(Outcome.CORRECT, Outcome.CORRECT) == (Outcome.CORRECT, "")
    assert combine(Outcome.INCORRECT, Outcome.CORRECT) == (None, "rule-checker-disagree")
    assert combine(Outcome.CORRECT, None) == (None, "checker-unreadable")
    assert combine(Outcome.UNVERIFIABLE, Outcome.CORRECT) == (None, "unverifiable")

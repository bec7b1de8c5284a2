"""Resume after a retry: which of a pair's lines wins, and the file rewritten so each pair appears once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.errors import ConfigError, MalformedRecordError
from judgebench.runner.resume import (
    check_judge,
    check_model,
    check_pair_set,
    check_settings,
    orders_to_run,
    read_existing,
    write_final,
)
from tests.runner.test_runner import PAIRS, LabelJudge, lines, run


def _retried(line: str) -> str:
    """``line`` as a retry would have written it: every order decided, marked so the test can find it."""
    record = json.loads(line)
    for j in record["judgments"]:
        j["error"] = None
        j["decision"] = "A>B"
        j["judgment"]["response"] = "retried"
    return json.dumps(record)


def _failed(line: str) -> str:
    record = json.loads(line)
    record["judgments"][1].update(decision=None, error="call failed (timeout): stale")
    return json.dumps(record)


def test_the_latest_line_of_a_pair_wins_and_the_file_keeps_one_line_per_pair(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:4])
    body = out.read_text(encoding="utf-8").splitlines()
    stale, fresh = _failed(body[1]), _retried(body[1])
    out.write_text("\n".join([body[0], stale, body[2], body[3], fresh]) + "\n", encoding="utf-8")
    judge = LabelJudge()
    summary = run(out, judge, pairs=PAIRS[:4])
    assert judge.calls == [] and summary.judged == 0  # the retried line, not the stale failure, says it is done
    after = out.read_text(encoding="utf-8").splitlines()
    assert after == [body[0], fresh, body[2], body[3]]  # rewritten: once per pair, the pairs' order, byte for byte


def test_a_stale_failure_written_last_is_judged_again(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:3])
    body = out.read_text(encoding="utf-8").splitlines()
    out.write_text("\n".join([*body, _failed(body[2])]) + "\n", encoding="utf-8")
    judge = LabelJudge()
    assert run(out, judge, pairs=PAIRS[:3]).judged == 1
    assert judge.calls == [(PAIRS[2].pair_id, 1)]  # only the failed order of the line that won
    records = lines(out)
    assert [r["pair_id"] for r in records] == [p.pair_id for p in PAIRS[:3]]
    assert all(j["error"] is None for r in records for j in r["judgments"])


def test_a_duplicate_alone_is_rewritten_even_with_nothing_to_judge(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:3])
    body = out.read_text(encoding="utf-8")
    out.write_text(body + body.splitlines(keepends=True)[0], encoding="utf-8")
    assert run(out, LabelJudge(), pairs=PAIRS[:3]).judged == 0
    assert out.read_text(encoding="utf-8") == body


def test_read_existing_counts_lines_keeps_the_latest_and_says_when_a_rewrite_is_needed(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:3])
    body = out.read_text(encoding="utf-8").splitlines()
    clean = read_existing(out)
    assert (clean.lines, len(clean.records), clean.torn, clean.needs_rewrite) == (3, 3, False, False)
    assert list(clean.raw) == [p.pair_id for p in PAIRS[:3]] and list(clean.raw.values()) == body
    fresh = _retried(body[0])
    out.write_text("\n".join([*body, fresh]) + "\n" + body[1][:40], encoding="utf-8")
    found = read_existing(out)
    assert (found.lines, len(found.records), found.torn, found.needs_rewrite) == (4, 3, True, True)
    assert list(found.raw) == [PAIRS[1].pair_id, PAIRS[2].pair_id, PAIRS[0].pair_id]  # where each was seen last
    assert found.raw[PAIRS[0].pair_id] == fresh and found.records[PAIRS[0].pair_id] == json.loads(fresh)
    out.write_text("\n".join(body) + "\n" + body[1][:40], encoding="utf-8")
    torn_only = read_existing(out)
    assert torn_only.torn and torn_only.needs_rewrite and torn_only.lines == 3
    out.write_text("\n".join(body) + "\nnot json", encoding="utf-8")  # not a killed run's line: refused
    with pytest.raises(MalformedRecordError, match=":4: not valid JSON"):
        read_existing(out)
    assert read_existing(tmp_path / "missing.jsonl").records == {}


def test_write_final_puts_the_runs_pairs_first_in_their_order_then_keeps_the_others(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    n = write_final(out, ["b", "x", "a"], {"a": '{"a"}', "c": '{"c"}', "b": '{"b"}'})
    assert n == 3 and out.read_text(encoding="utf-8") == '{"b"}\n{"a"}\n{"c"}\n'


def test_orders_to_run_lists_only_the_orders_without_an_outcome(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:1])
    record = lines(out)[0]
    assert orders_to_run(None, 2) == [0, 1] and orders_to_run(None, 1) == [0]
    assert orders_to_run(record, 2) == [] and orders_to_run(record, 1) == []
    record["judgments"][0].update(decision=None, error="call failed (timeout): x")
    assert orders_to_run(record, 2) == [0] and orders_to_run(record, 1) == [0]
    record["judgments"] = record["judgments"][:1]
    assert orders_to_run(record, 2) == [0, 1]
    record["judgments"][0].update(error=None, no_verdict="two verdicts")
    assert orders_to_run(record, 1) == [] and orders_to_run(record, 1, retry_no_verdict=True) == [0]


def test_the_refusals_name_what_differs_and_pass_what_matches(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:2])
    found = read_existing(out)
    check_judge(found, "label", lambda name: name == "label", out)
    with pytest.raises(ConfigError, match="holds judgments by 'label', not 'other'"):
        check_judge(found, "other", lambda name: name == "other", out)
    check_model(found, "label-model", out)
    with pytest.raises(ConfigError, match="model 'label-model', not 'm2'"):
        check_model(found, "m2", out)
    check_pair_set(found, frozenset(p.pair_id for p in PAIRS[:3]), out)
    with pytest.raises(ConfigError, match="holds 1 pairs that are not among"):
        check_pair_set(found, frozenset([PAIRS[0].pair_id]), out)
    settings = found.records[PAIRS[0].pair_id]["judge_settings"]
    check_settings(found, settings, out)
    with pytest.raises(ConfigError, match="model 'fake/label-model', not 'fake/x'"):
        check_settings(found, {**settings, "model": "fake/x"}, out)
    with pytest.raises(ConfigError, match="settings"):
        check_settings(found, {**settings, "options": {"t": 1}}, out)


def test_a_judged_no_majority_pair_is_read_back_for_resuming(tmp_path: Path) -> None:
    """MT-Bench comparisons without an expert majority are judged too: resuming must read their lines."""
    from judgebench.records import NO_MAJORITY

    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:2])
    body = out.read_text(encoding="utf-8").splitlines()
    unlabelled = json.loads(body[1])
    unlabelled["label"] = NO_MAJORITY
    out.write_text(body[0] + "\n" + json.dumps(unlabelled) + "\n", encoding="utf-8")
    found = read_existing(out)
    assert found.records[PAIRS[1].pair_id]["label"] == NO_MAJORITY and found.lines == 2
    unknown = {**unlabelled, "label": "C>A"}
    out.write_text(body[0] + "\n" + json.dumps(unknown) + "\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=":2: unknown label"):
        read_existing(out)
    out.write_text(body[0] + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=":2: expected a JSON object, got list"):
        read_existing(out)


def test_a_line_without_judgments_is_refused_by_name(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    run(out, LabelJudge(), pairs=PAIRS[:1])
    record = json.loads(out.read_text(encoding="utf-8"))
    del record["judgments"]
    out.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError, match=":1: missing key 'judgments'"):
        read_existing(out)


def test_judge_settings_keep_json_options_only_and_no_pacing(tmp_path: Path) -> None:
    from judgebench.runner.resume import judge_settings

    options = {"temperature": 0.5, "template": "t", "custom": object(), "engine": "x", "rpm": 5, "timeout_s": 3}
    assert judge_settings("vllm/m", options) == {"model": "vllm/m", "options": {"template": "t", "temperature": 0.5}}
    assert list(judge_settings("vllm/m", options)["options"]) == ["temperature", "template"]  # sorted
    assert judge_settings("vllm/m", {"rpm": 5}) == {"model": "vllm/m"}
    assert judge_settings("vllm/m", {}, replayed=tmp_path / "r.jsonl") == {"model": f"replay/{tmp_path / 'r.jsonl'}"}

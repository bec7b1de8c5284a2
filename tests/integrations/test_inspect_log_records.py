"""``import inspect-log`` on hand-built logs (the shape ``inspect_ai.log.read_eval_log`` returns, no inspect_ai
needed): which entry goes to which order, the pairs' order, failed and cut samples, epochs, the file name."""

from __future__ import annotations

import sys
from types import ModuleType
from types import SimpleNamespace as NS

import pytest

from judgebench.errors import ConfigError, InputError
from judgebench.importers import inspect_log
from judgebench.importers.base import ImportResult
from judgebench.integrations.inspect import (
    DATASET_KEY,
    INDEX_KEY,
    JUDGE_KEY,
    ORDER_KEY,
    ORDERS_KEY,
    PAIR_KEY,
    STORE_KEY,
)


def pair(pid):
    return {"pair_id": pid, "original_id": pid, "source": "mmlu-pro-law", "question": f"q{pid}",
            "response_model": "gpt", "response_A": "a", "response_B": "b", "label": "A>B"}  # fmt: skip


def judged(decision, model="gpt-4o"):
    return {"judgment": {"judge_model": model, "prompt": "p", "response": "r"}, "decision": decision}


def sample(pid, order, entry=None, *, index=None, orders=2, epoch=1, error=None, judge="arena_hard", dataset="jb8"):
    meta = {PAIR_KEY: pair(pid), ORDER_KEY: order, ORDERS_KEY: orders, JUDGE_KEY: judge, DATASET_KEY: dataset}
    if index is not None:
        meta[INDEX_KEY] = index
    store = {STORE_KEY: entry} if entry is not None else {}
    return NS(metadata=meta, epoch=epoch, store=store, error=NS(message=error) if error else None)


def log(samples, model="openai/gpt-4o"):
    return NS(eval=NS(model=model), samples=samples)


def records(lg):
    result = ImportResult([])
    return inspect_log.log_records(lg, result), result.left_out


def test_each_order_gets_its_own_entry_and_pairs_come_in_set_order():
    samples = [
        sample("p2", 1, judged("B>A"), index=1),
        sample("p1", 1, judged("A>B"), index=0),
        sample("p2", 0, judged("A=B"), index=1),
        sample("p1", 0, judged("B>A"), index=0),
    ]
    recs, left = records(log(samples))
    assert [r["pair_id"] for r in recs] == ["p1", "p2"]
    assert [[e["decision"] for e in r["judgments"]] for r in recs] == [["B>A", "A>B"], ["A=B", "B>A"]]
    assert recs[0] == {**pair("p1"), "judge_name": "arena_hard", "judgments": [judged("B>A"), judged("A>B")]}
    assert left == {}


def test_without_an_index_pairs_keep_their_first_appearance():
    samples = [sample("z", 0, judged("A>B")), sample("a", 0, judged("B>A")), sample("z", 1, judged("A>B"))]
    recs, _ = records(log(samples))
    assert [r["pair_id"] for r in recs] == ["z", "a"]
    assert [len(r["judgments"]) for r in recs] == [2, 2]
    assert recs[1]["judgments"] == [judged("B>A"), None]  # the order the log does not hold: a null entry


def test_an_index_orders_pairs_even_when_later_samples_come_first():
    samples = [
        sample("x", 0, judged("A>B"), index=5),
        sample("y", 0, judged("A>B"), index=2),
        sample("w", 0, judged("A>B"), index=3),
    ]
    recs, _ = records(log(samples))
    assert [r["pair_id"] for r in recs] == ["y", "w", "x"]


def test_a_single_order_run_has_one_entry_per_pair():
    recs, _ = records(log([sample("p", 0, judged("A>B"), orders=1)]))
    assert recs[0]["judgments"] == [judged("A>B")]
    meta_without_orders = sample("q", 1, judged("B>A"))
    del meta_without_orders.metadata[ORDERS_KEY]  # not said: both orders
    recs, _ = records(log([meta_without_orders]))
    assert recs[0]["judgments"] == [None, judged("B>A")]


def test_a_sample_that_errored_is_a_failed_judgment_naming_the_error():
    samples = [sample("p", 0, error="RateLimitError: slow down\ntraceback line"), sample("p", 1, judged("A>B"))]
    recs, _ = records(log(samples, model="anthropic/claude-3-5-sonnet"))
    failed = recs[0]["judgments"][0]
    assert failed == {
        "judgment": {"judge_model": "claude-3-5-sonnet", "prompt": "", "response": ""},
        "decision": None,
        "error": "inspect sample error: RateLimitError: slow down",
        "no_verdict": None,
    }
    assert failed == inspect_log.failed_entry("claude-3-5-sonnet", "inspect sample error: RateLimitError: slow down")
    # only the provider is cut from the model: a served model's own path stays
    recs, _ = records(log([sample("p", 0, error="boom")], model="vllm/org/model-7b"))
    assert recs[0]["judgments"][0]["judgment"]["judge_model"] == "org/model-7b"


def test_a_stored_entry_wins_over_the_samples_error_and_is_copied():
    entry = judged("A>B")
    s = sample("p", 0, entry, error="late error")
    recs, _ = records(log([s]))
    assert recs[0]["judgments"][0] == entry and recs[0]["judgments"][0] is not entry


def test_samples_that_are_not_judgebench_pairs_or_later_epochs_are_left_out():
    no_meta = NS(metadata=None, epoch=1, store=None, error=None)
    other_task = NS(metadata={"something": 1}, epoch=1, store={}, error=None)
    no_order = sample("p", 0, judged("A>B"))
    del no_order.metadata[ORDER_KEY]
    pair_not_object = sample("p", 0, judged("A>B"))
    pair_not_object.metadata[PAIR_KEY] = "p"
    later = sample("p", 0, judged("B>A"), epoch=2)
    kept = sample("p", 0, judged("A>B"))
    recs, left = records(log([no_meta, other_task, no_order, pair_not_object, later, kept]))
    assert left == {"samples without a judgebench pair": 4, "samples of later epochs": 1}
    assert [r["judgments"] for r in recs] == [[judged("A>B"), None]]
    assert records(log([]))[0] == [] and records(NS(eval=NS(model="m"), samples=None))[0] == []


def test_a_sample_without_a_store_and_an_integer_pair_id():
    s = sample(7, 1, None)
    s.store = None
    recs, _ = records(log([s, sample(7, 0, judged("A>B"))]))
    assert len(recs) == 1 and recs[0]["pair_id"] == 7 and recs[0]["judgments"] == [judged("A>B"), None]


def test_the_output_is_named_as_judge_names_it():
    lg = log([NS(metadata={}, epoch=1), sample("p", 0, judge="vanilla", dataset="judgebench")], model="vllm/org/model")
    assert inspect_log.output_name(lg) == "judgebench,judge_name=vanilla,judge_model=org_model.jsonl"
    assert inspect_log.output_name(log([sample("p", 0, judge=None)])) is None
    assert inspect_log.output_name(log([sample("p", 0, dataset="")])) is None
    assert inspect_log.output_name(NS(eval=NS(model="m"), samples=None)) is None


def test_run_reads_the_log_and_names_the_file(monkeypatch):
    lg = log([sample("p", 0, judged("A>B")), sample("p", 1, judged("B>A")), sample("q", 0, epoch=3)])
    seen = []
    monkeypatch.setattr(inspect_log, "read_log", lambda source: seen.append(source) or lg)
    result = inspect_log.run_inspect_log("run.eval", {})
    assert seen == ["run.eval"] and result.out_name == "jb8,judge_name=arena_hard,judge_model=gpt-4o.jsonl"
    assert [r["judgments"] for r in result.records] == [[judged("A>B"), judged("B>A")]]
    assert result.left_out == {"samples of later epochs": 1}
    assert inspect_log.IMPORTER.names_output


def test_run_refuses_options_and_a_missing_log():
    with pytest.raises(ConfigError, match=r"unknown option a, b \(known: none\)"):
        inspect_log.run_inspect_log("x.eval", {"b": "1", "a": "2"})
    with pytest.raises(ConfigError, match="needs an Inspect eval log"):
        inspect_log.run_inspect_log(None, {})


def _fake_inspect(monkeypatch, read):
    package = ModuleType("inspect_ai")
    module = ModuleType("inspect_ai.log")
    module.read_eval_log = read  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "inspect_ai", package)
    monkeypatch.setitem(sys.modules, "inspect_ai.log", module)


def test_read_log_returns_what_inspect_reads(monkeypatch):
    lg = log([sample("p", 0, judged("A>B"))])
    _fake_inspect(monkeypatch, lambda source: lg if source == "run.eval" else None)
    assert inspect_log.read_log("run.eval") is lg
    assert inspect_log.run_inspect_log("run.eval", {}).records[0]["judgments"] == [judged("A>B"), None]


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (
            ValueError("  bad zip file\nsecond line"),
            "run.eval: not a readable Inspect eval log (ValueError: bad zip file)",
        ),
        (OSError(""), "run.eval: not a readable Inspect eval log (OSError: )"),
        (KeyError("x" * 300), "run.eval: not a readable Inspect eval log (KeyError: '" + "x" * 199 + ")"),
    ],
)
def test_an_unreadable_log_is_one_line(monkeypatch, exc, message):
    def read(source):
        raise exc

    _fake_inspect(monkeypatch, read)
    with pytest.raises(InputError) as e:
        inspect_log.read_log("run.eval")
    assert str(e.value) == message


def test_without_inspect_ai_the_log_cannot_be_read(monkeypatch):
    monkeypatch.setitem(sys.modules, "inspect_ai.log", None)
    with pytest.raises(InputError, match=r"^run\.eval: reading Inspect logs needs inspect_ai"):
        inspect_log.read_log("run.eval")

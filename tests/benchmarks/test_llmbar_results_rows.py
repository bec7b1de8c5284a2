"""LLMBar recorded runs, item by item on hand-made files: the names a run's path gives, the second order's
winner flipped into swapped positions, unusable winners as failures, and the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.errors import ConfigError, InputError
from judgebench.importers import llmbar_results as lr


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("Dataset/LLMBar/Natural/evaluators/gpt-4/vanilla/result.json", ("vanilla", "gpt-4")),
        ("/x/evaluators/PaLM2/rules+metrics/sub/result.json", ("rules+metrics", "PaLM2")),
        ("/x/evaluators/gpt-4/result.json", (None, None)),  # no strategy folder
        ("/x/LLMBar/Natural/vanilla/result.json", (None, None)),
    ],
)
def test_run_names(path, names):
    assert lr.run_names(path) == names


def test_output_name():
    path = "/d/LLMBar/Adversarial/GPTOut/evaluators/gpt-4/swap/result.json"
    assert lr.output_name(path) == "dataset=llmbar-adversarial-gptout,judge_name=swap,judge_model=gpt-4.jsonl"


def item(winners, label=1, results_before=()):
    last = {"swap = False": {"winner": winners[0]}, "swap = True": {"winner": winners[1]}}
    return {"input": "q", "output_1": "one", "output_2": "two", "label": label, "results": [*results_before, last]}


def run_file(tmp_path: Path, items, rel="LLMBar/Natural/evaluators/gpt-4/vanilla/result.json") -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items))
    return path


def test_both_orders_in_judgebench_positions(tmp_path):
    path = run_file(tmp_path, [item(["1", "1"]), item(["2", "1"], label=2), item([2, "2"])])
    judged = lr.import_result(path)
    assert [[j["decision"] for j in jp.judgments] for jp in judged] == [["A>B", "B>A"], ["B>A", "B>A"], ["B>A", "A>B"]]
    assert [jp.pair.label for jp in judged] == ["A>B", "B>A", "A>B"]
    assert {jp.judge_name for jp in judged} == {"vanilla"} and judged[0].pair.source == "llmbar-natural"
    assert judged[0].judgments[0] == {"judgment": {"judge_model": "gpt-4", "winner": "1"}, "decision": "A>B"}
    assert judged[0].judgments[1] == {"judgment": {"judge_model": "gpt-4", "winner": "1"}, "decision": "B>A"}


@pytest.mark.parametrize("winner", [None, "3", "", 0])
def test_an_unusable_winner_is_a_failure_with_the_reason(tmp_path, winner):
    (jp,) = lr.import_result(run_file(tmp_path, [item([winner, "2"])]))
    first, second = jp.judgments
    assert first["decision"] is None and first["error"] == f"LLMBar recorded no usable winner ({winner!r})"
    assert second["decision"] == "A>B" and "error" not in second


def test_names_from_options_when_the_path_gives_none(tmp_path):
    path = run_file(tmp_path, [item(["1", "2"])], rel="run/result.json")
    with pytest.raises(InputError) as e:
        lr.import_result(path)
    assert str(e.value) == (
        f"{path}: not under Dataset/<set>/evaluators/<evaluator>/<strategy>/: give --option judge_name=..., "
        "--option judge_model=..., --option source=..."
    )
    with pytest.raises(InputError, match=r"give --option source=\.\.\.$"):
        lr.import_result(path, judge_name="j", judge_model="m")
    (jp,) = lr.import_result(path, judge_name="j", judge_model="m", source="s")
    assert (jp.judge_name, jp.judgments[0]["judgment"]["judge_model"], jp.pair.source) == ("j", "m", "s")


def test_refusals(tmp_path):
    path = run_file(tmp_path, {"input": "q"})
    with pytest.raises(InputError) as e:
        lr.import_result(path)
    assert str(e.value) == f"{path}: expected a JSON list of LLMBar result items"
    with pytest.raises(ConfigError, match=r"needs a result\.json or a folder of LLMBar runs"):
        lr.run_llmbar_results(None, {})
    with pytest.raises(ConfigError, match=r"unknown option x \(known: judge_name, judge_model, source\)"):
        lr.run_llmbar_results(str(path), {"x": "1"})
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no result\.json under this folder"):
        lr.run_llmbar_results(str(tmp_path / "empty"), {})


def test_a_folder_of_runs_gives_one_file_each(tmp_path):
    run_file(tmp_path, [item(["1", "1"])], rel="LLMBar/Natural/evaluators/gpt-4/vanilla/result.json")
    run_file(tmp_path, [item(["2", "2"]), item(["1", "2"])], rel="Processed/FairEval/evaluators/m/swap/result.json")
    result = lr.run_llmbar_results(str(tmp_path), {})
    assert list(result.files) == [
        "dataset=llmbar-natural,judge_name=vanilla,judge_model=gpt-4.jsonl",
        "dataset=faireval,judge_name=swap,judge_model=m.jsonl",
    ]  # sorted by path: LLMBar/ before Processed/
    assert [len(v) for v in result.files.values()] == [1, 2] and len(result.records) == 3
    one = lr.run_llmbar_results(str(tmp_path / "LLMBar/Natural/evaluators/gpt-4/vanilla/result.json"), {})
    assert one.files == {} and [r["judgments"][1]["decision"] for r in one.records] == ["B>A"]

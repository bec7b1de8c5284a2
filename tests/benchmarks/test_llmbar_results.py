"""LLMBar's recorded runs as judged pairs; their statistics.json reproduced by import + score."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from judgebench.analysis.llmbar_check import check_run, expected_average, expected_counts, run_dirs
from judgebench.cli.main import main
from judgebench.importers.llmbar import import_llmbar
from judgebench.importers.llmbar_results import import_result
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "llmbar" / "Dataset"
NATURAL = FIXTURES / "LLMBar" / "Natural" / "evaluators" / "GPT-4"
MANUAL = FIXTURES / "LLMBar" / "Adversarial" / "Manual" / "evaluators" / "GPT-4" / "Vanilla_1shot"


def test_names_come_from_the_path_and_orders_are_recorded_as_judgebench_does() -> None:
    judged = import_result(NATURAL / "Rating" / "result.json")
    assert {(j.judge_name, j.pair.source) for j in judged} == {("Rating", "llmbar-natural")}
    raw = json.loads((NATURAL / "Rating" / "result.json").read_text())
    for item, j in zip(raw, judged, strict=True):
        winners = [item["results"][-1][k]["winner"] for k in ("swap = False", "swap = True")]
        # the first order in place, the second in swapped positions: LLMBar's winner 1 there is response B
        assert j.decisions == [{"1": "A>B", "2": "B>A"}[winners[0]], {"1": "B>A", "2": "A>B"}[winners[1]]]
        assert j.judgments[0] is not None and j.judgments[0]["judgment"]["judge_model"] == "GPT-4"
        assert j.judgments[0]["judgment"]["score_1"] == item["results"][-1]["score_1"]
    assert judged[1].decisions == ["B>A", "B>A"]  # item 33: label 2, winners 2 then 1: position-inconsistent


def test_pair_ids_match_the_dataset_import() -> None:
    natural = {p.pair_id: p for p in import_llmbar(SHARED / "benchmarks" / "llmbar" / "LLMBar" / "Natural")}
    judged = import_result(NATURAL / "Metrics_Reference" / "result.json")
    assert [natural[j.pair.pair_id].original_id for j in judged] == [20, 85]  # the items the excerpt took
    assert all(natural[j.pair.pair_id].question == j.pair.question for j in judged)


def test_string_results_and_auxiliary_entries() -> None:
    judged = import_result(NATURAL / "Metrics_Reference" / "result.json")
    raw = json.loads((NATURAL / "Metrics_Reference" / "result.json").read_text())
    assert isinstance(raw[1]["results"], str)
    aux = judged[1].judgments[0]["judgment"]["auxiliary"]  # type: ignore[index]
    assert len(aux) == 2 and isinstance(aux[0][0], str)  # the generated metrics and reference output
    assert judged[1].decisions == ["A>B", "B>A"]


def test_missing_winner_is_a_null_decision_with_a_reason() -> None:
    judged = import_result(MANUAL / "result.json")
    assert judged[0].decisions == [None, None]
    assert judged[0].judgments[0]["error"] == "LLMBar recorded no usable winner (None)"  # type: ignore[index]


def test_options_override_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = tmp_path / "result.json"
    shutil.copy(MANUAL / "result.json", run)
    out = tmp_path / "o.jsonl"
    assert main(["import", "llmbar-results", str(run), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "give --option judge_name=..., --option judge_model=..., --option source=..." in err
    argv = ["--option", "judge_name=vanilla", "--option", "judge_model=gpt-4-0613"]
    argv += ["--option", "source=llmbar-adversarial-manual"]
    assert main(["import", "llmbar-results", str(run), "--out", str(out), *argv]) == 0
    rec = json.loads(out.read_text().splitlines()[1])
    assert (rec["judge_name"], rec["judgments"][0]["judgment"]["judge_model"], rec["source"]) == (
        "vanilla",
        "gpt-4-0613",
        "llmbar-adversarial-manual",
    )


@pytest.mark.parametrize("run", sorted(run_dirs(FIXTURES)), ids=lambda p: "/".join(p.parts[-4:]))
def test_fixture_statistics_reproduced(run: Path, tmp_path: Path) -> None:
    check = check_run(run, tmp_path)
    assert check.expected == expected_counts(run / "statistics.json")
    assert check.got == check.expected
    assert check.average_got == pytest.approx(check.average_expected, abs=1e-9) and check.ok


def test_average_rule_is_llmbars_acc_through_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Rating excerpt: first order 3/3 right, second 2/3 (item 33 flips) -> vote 2/3, Acc. (3 + 2) / 2 / 3 = 83.33
    out = tmp_path / "runs"
    assert main(["import", "llmbar-results", str(NATURAL / "Rating"), "--out", str(out)]) == 0
    capsys.readouterr()
    rating = out / "dataset=llmbar-natural,judge_name=Rating,judge_model=GPT-4.jsonl"
    got = {}
    for rule in ("vote", "first", "second", "average"):
        assert main(["score", str(rating), "--rule", rule, "--json", "--bootstrap", "0"]) == 0
        overall = json.loads(capsys.readouterr().out)["results"][0]["categories"]["Overall"]
        got[rule] = (overall["correct"], overall["n"], overall["accuracy"])
    assert got == {
        "vote": (2, 3, 66.67),
        "first": (3, 3, 100.0),
        "second": (2, 3, 66.67),
        "average": (5, 6, 83.33),  # orders right / orders
    }
    assert expected_average(NATURAL / "Rating" / "statistics.json") == pytest.approx(500 / 6)


def test_statistics_through_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "runs"
    assert main(["import", "llmbar-results", str(FIXTURES), "--out", str(out)]) == 0
    assert f"7 records -> 3 files in {out}/" in capsys.readouterr().out
    rating = out / "dataset=llmbar-natural,judge_name=Rating,judge_model=GPT-4.jsonl"
    got = {}
    for rule in ("first", "agree"):
        main(["score", str(rating), "--rule", rule, "--json", "--bootstrap", "0"])
        overall = json.loads(capsys.readouterr().out)["results"][0]["categories"]["Overall"]
        got[rule] = (overall["correct"], overall["n"])
    main(["analyze", "position", str(rating), "--json", "--bootstrap", "0"])
    agreement = json.loads(capsys.readouterr().out)["results"][0]["categories"]["Overall"]["agreement"]
    expected = expected_counts(rating_stats := NATURAL / "Rating" / "statistics.json")
    assert got == {"first": expected["correct_False"], "agree": expected["correct_both"]}, rating_stats
    assert (agreement["k"], agreement["n"]) == expected["equal"] == (2, 3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"input": "q", "output_1": "a", "output_2": "b", "label": 1, "results": []}]', "must be a list ending"),
        ('[{"input": "q", "output_1": "a", "output_2": "b", "label": 1, "results": "[{"}]', "not a Python literal"),
        (
            '[{"input": "q", "output_1": "a", "output_2": "b", "label": 1, "results": [{"swap = False": {}}]}]',
            "lacks 'swap = False' with a 'winner'",
        ),
    ],
)
def test_bad_results_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    run = tmp_path / "Dataset" / "LLMBar" / "Natural" / "evaluators" / "GPT-4" / "Vanilla" / "result.json"
    run.parent.mkdir(parents=True)
    run.write_text(content)
    assert main(["import", "llmbar-results", str(run), "--out", str(tmp_path / "o.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "item 0" in err


REPO = os.environ.get("JUDGEBENCH_LLMBAR_REPO")


@pytest.mark.skipif(not REPO, reason="JUDGEBENCH_LLMBAR_REPO (a checkout of princeton-nlp/LLMBar) is not set")
def test_every_statistics_json_of_the_repository_is_reproduced(tmp_path: Path) -> None:
    runs = run_dirs(REPO or "")
    assert runs, f"no runs under {REPO}"
    failed = [c for c in (check_run(r, tmp_path) for r in runs) if not c.ok]
    assert not failed, f"{len(failed)}/{len(runs)} runs differ, first: {failed[0]}"


@pytest.mark.skipif(not REPO, reason="JUDGEBENCH_LLMBAR_REPO (a checkout of princeton-nlp/LLMBar) is not set")
def test_native_adversarial_is_the_mean_of_the_four_subsets_acc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adversarial = Path(REPO or "") / "Dataset" / "LLMBar" / "Adversarial"
    runs = [
        adversarial / s / "evaluators" / "GPT-4" / "Vanilla_NoRules"
        for s in ("Neighbor", "GPTInst", "GPTOut", "Manual")
    ]
    files = []
    for i, run in enumerate(runs):
        files.append(tmp_path / f"{i}.jsonl")
        assert main(["import", "llmbar-results", str(run / "result.json"), "--out", str(files[-1])]) == 0
    capsys.readouterr()
    assert main(["benchmarks", *map(str, files), "--json", "--bootstrap", "0", "--protocol", "native"]) == 0
    cell = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["llmbar-adversarial"]
    subsets = [expected_average(run / "statistics.json") for run in runs]
    assert [round(v, 2) for v in subsets] == [cell["categories"][c]["accuracy"] for c in cell["categories"]]
    assert cell["accuracy"] == round(sum(subsets) / 4, 2) == 73.10  # the vote rule's pooled 65.83 before

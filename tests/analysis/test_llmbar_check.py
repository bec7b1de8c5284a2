"""Checking an imported LLMBar run against its statistics.json: the parsing, the verdict and the run folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.analysis.llmbar_check import RunCheck, check_run, expected_average, expected_counts, run_dirs
from judgebench.errors import InputError

FIXTURES = Path(__file__).parents[1] / "benchmarks" / "fixtures" / "llmbar" / "Dataset"
RATING = FIXTURES / "LLMBar" / "Natural" / "evaluators" / "GPT-4" / "Rating"
MANUAL = FIXTURES / "LLMBar" / "Adversarial" / "Manual" / "evaluators" / "GPT-4" / "Vanilla_1shot"

STATS = {
    "correct_False": "92 / 100 = 92.0%",
    "correct_True": " 88/100=88.0%",
    "correct_average": " 90.0% ",
    "correct_both": "85 / 100 = 85.0%",
    "equal": "90 / 100 = 90.0%",
}


def write_stats(path: Path, stats: object) -> Path:
    path.write_text(json.dumps(stats))
    return path


def test_counts_and_average_parsed_from_llmbar_strings(tmp_path: Path) -> None:
    stats = write_stats(tmp_path / "statistics.json", STATS)
    assert expected_counts(stats) == {
        "correct_False": (92, 100),
        "correct_True": (88, 100),
        "correct_both": (85, 100),
        "equal": (90, 100),
    }
    assert expected_average(stats) == 90.0
    assert expected_average(write_stats(tmp_path / "e.json", {"correct_average": "8.3333e1%"})) == 83.333
    assert expected_average(RATING / "statistics.json") == 83.33333333333334


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"equal": None}, "equal"),  # missing
        ({"correct_both": "85.0%"}, "correct_both"),  # no counts
        ({"correct_True": "88 of 100 = 88.0%"}, "correct_True"),
        ({"correct_False": "x92 / 100 = 92.0%"}, "correct_False"),
    ],
)
def test_a_statistic_without_counts_names_itself_and_the_file(tmp_path: Path, change: dict, key: str) -> None:
    stats = {k: v for k, v in {**STATS, **change}.items() if v is not None}
    path = write_stats(tmp_path / "statistics.json", stats)
    with pytest.raises(InputError, match=f"no '{key}' of the form 'k / n = p%'") as err:
        expected_counts(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("average", [None, "90.0", "about 90%", "90.0% (rounded)"])
def test_an_average_without_percent_is_refused(tmp_path: Path, average: str | None) -> None:
    stats = {k: v for k, v in {**STATS, "correct_average": average}.items() if v is not None}
    path = write_stats(tmp_path / "statistics.json", stats)
    with pytest.raises(InputError, match="no 'correct_average' of the form 'p%'") as err:
        expected_average(path)
    assert str(path) in str(err.value)


def test_statistics_that_are_not_an_object_are_refused(tmp_path: Path) -> None:
    path = write_stats(tmp_path / "statistics.json", ["92 / 100 = 92.0%"])
    with pytest.raises(InputError, match="no 'correct_False'"):
        expected_counts(path)
    with pytest.raises(InputError, match="no 'correct_average'"):
        expected_average(path)


def test_ok_only_when_every_count_and_the_average_agree() -> None:
    counts = {"correct_False": (3, 3), "correct_True": (2, 3), "correct_both": (2, 3), "equal": (2, 3)}
    assert RunCheck("r", counts, dict(counts), 500 / 6, 100.0 * 5 / 6).ok
    assert RunCheck("r", counts, dict(counts), 83.33333333333334, 83.33333333333334 + 5e-10).ok
    assert not RunCheck("r", counts, {**counts, "equal": (3, 3)}, 50.0, 50.0).ok
    assert not RunCheck("r", counts, dict(counts), 83.33, 500 / 6).ok  # LLMBar's rounding is not ours
    assert not RunCheck("r", counts, dict(counts), 50.0, 50.0 - 2e-9).ok
    assert not RunCheck("r", counts, dict(counts)).ok  # no average: NaN never agrees
    assert not RunCheck("r", counts, dict(counts), 1e-9, 0.0).ok  # a difference of 1e-9 is already too much
    assert RunCheck("r", counts, dict(counts), 9e-10, 0.0).ok


def test_check_run_counts_each_rule_of_the_rating_run(tmp_path: Path) -> None:
    # first order 3/3, second 2/3 (item 33 flips), both 2/3, orders agree on 2/3; Acc. (3 + 2) / 6
    check = check_run(RATING, tmp_path)
    assert check.run == str(RATING)
    assert check.got == {"correct_False": (3, 3), "correct_True": (2, 3), "correct_both": (2, 3), "equal": (2, 3)}
    assert check.average_got == pytest.approx(500 / 6, abs=1e-12) and check.ok
    assert (tmp_path / "run.jsonl").is_file()


def test_check_run_on_a_run_with_a_missing_winner(tmp_path: Path) -> None:
    check = check_run(MANUAL, tmp_path)
    assert check.got == {"correct_False": (1, 2), "correct_True": (1, 2), "correct_both": (1, 2), "equal": (2, 2)}
    assert check.average_got == 50.0 and check.ok


def test_check_run_reports_a_statistic_that_differs(tmp_path: Path) -> None:
    run = tmp_path / "Dataset" / "LLMBar" / "Natural" / "evaluators" / "GPT-4" / "Rating"
    run.mkdir(parents=True)
    (run / "result.json").write_text((RATING / "result.json").read_text())
    stats = json.loads((RATING / "statistics.json").read_text())
    write_stats(run / "statistics.json", {**stats, "correct_True": "3 / 3 = 100.0%"})
    check = check_run(run, tmp_path)
    assert check.got == check_run(RATING, tmp_path).got
    assert check.expected["correct_True"] == (3, 3) and check.got["correct_True"] == (2, 3) and not check.ok


def test_run_dirs_are_the_folders_with_both_files_sorted(tmp_path: Path) -> None:
    for name in ("b", "a/x", "c"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "statistics.json").write_text("{}")
    (tmp_path / "b" / "result.json").write_text("[]")
    (tmp_path / "a" / "x" / "result.json").write_text("[]")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "result.json").write_text("[]")  # no statistics.json
    (tmp_path / "c" / "result.json").mkdir()  # not a file
    assert run_dirs(tmp_path) == [tmp_path / "a" / "x", tmp_path / "b"]
    assert run_dirs(FIXTURES) == sorted(
        [RATING, RATING.parent / "Metrics_Reference", MANUAL],
    )

"""``judgebench benchmarks --protocol native``: each benchmark scored by its authors' protocol, by hand.

LLMBar (princeton-nlp/LLMBar ``LLMEvaluator/evaluate.py``): a set's "Acc." is
``(correct_False + correct_True) / 2 / n``, the mean of the two orders' accuracies, and the paper's Adversarial
is the plain mean of its four subsets' Acc. JudgeBench's vote rule gives a pair right in one order and wrong in
the other nothing; LLMBar gives it half.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgebench.cli.main import main
from judgebench.errors import ConfigError
from judgebench.importers.llmbar import import_llmbar
from judgebench.metrics.protocols import PROTOCOLS, ScoringProtocol, protocol_for
from judgebench.records import JudgedPair, flip, write_pairs
from tests.conftest import SHARED

ADVERSARIAL = SHARED / "benchmarks" / "llmbar" / "LLMBar" / "Adversarial"


def _judged(pair_source: str, outcomes: list[tuple[bool, bool]]) -> list[JudgedPair]:
    """Pairs of a set judged so that each order is right or wrong as given (the second recorded swapped)."""
    pairs = import_llmbar(ADVERSARIAL / pair_source / "dataset.json")[: len(outcomes)]
    out = []
    for p, (first_right, second_right) in zip(pairs, outcomes, strict=True):
        first = p.label if first_right else flip(p.label)
        second = flip(p.label) if second_right else p.label  # in swapped positions
        out.append(
            JudgedPair(p, "Vanilla", [{"judgment": {"judge_model": "m"}, "decision": first}, {"decision": second}])
        )
    return out


@pytest.fixture
def adversarial_run(tmp_path: Path) -> Path:
    # Neighbor: 1 pair right in the first order only (Acc. 50.0, vote 0/1)
    # GPTOut: 2 pairs right in both orders, 1 right in the second only (Acc. (1 + 1 + .5) / 3 = 83.33, vote 2/3)
    judged = _judged("Neighbor", [(True, False)]) + _judged("GPTOut", [(True, True), (True, True), (False, True)])
    out = tmp_path / "run.jsonl"
    write_pairs(out, judged)
    return out


def _cell(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict:
    assert main(["benchmarks", str(path), "--json", "--bootstrap", "200", *extra]) == 0
    table = json.loads(capsys.readouterr().out)
    return table


def test_native_llmbar_is_the_mean_of_subset_order_averages(
    adversarial_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uniform = _cell(capsys, adversarial_run)
    cell = uniform["rows"][0]["benchmarks"]["llmbar-adversarial"]
    assert (cell["accuracy"], cell["correct"], cell["n"]) == (50.0, 2, 4)  # vote: pooled pairs
    assert "protocol" not in uniform  # the uniform JSON is unchanged
    native = _cell(capsys, adversarial_run, "--protocol", "native")
    assert native["protocol"] == "native" and native["protocols"] == {"llmbar-adversarial": "llmbar"}
    cell = native["rows"][0]["benchmarks"]["llmbar-adversarial"]
    cats = {k: (v["accuracy"], v["correct"], v["n"]) for k, v in cell["categories"].items()}
    assert cats == {"Neighbor": (50.0, 1, 2), "GPTOut": (83.33, 5, 6)}  # orders right / orders
    # the mean of the subsets, not the pooled orders (6/8 = 75.0) nor the vote (50.0)
    assert cell["accuracy"] == round((50.0 + 250 / 3) / 2, 2) == 66.67
    lo, hi = cell["ci95"]
    assert lo <= 66.67 <= hi
    baselines = {r["judge_name"]: r["benchmarks"]["llmbar-adversarial"]["n"] for r in native["rows"] if r["baseline"]}
    # baselines count pairs in both views
    assert baselines == {"always A (vote)": 4, "always A (first order)": 4, "longer wins": 4, "random": 4}


def test_score_rule_average_on_the_same_run(adversarial_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(adversarial_run), "--rule", "average", "--json", "--bootstrap", "200"]) == 0
    overall = json.loads(capsys.readouterr().out)["results"][0]["categories"]["Overall"]
    assert (overall["accuracy"], overall["correct"], overall["n"]) == (75.0, 6, 8)  # pooled, as one LLMBar set
    lo, hi = overall["ci95"]
    assert lo <= 75.0 <= hi


def test_protocol_registry() -> None:
    assert protocol_for("llmbar", "native").rule == "average"
    assert protocol_for("llmbar", "uniform").name == "judgebench"
    with pytest.raises(ConfigError, match="unknown protocol view 'own'"):
        protocol_for("llmbar", "own")
    with pytest.raises(ConfigError, match="must be a ScoringProtocol"):
        PROTOCOLS.add("bad", object())
    PROTOCOLS.add("first-only", ScoringProtocol("first-only", "first"))
    try:
        assert protocol_for("first-only", "native").rule == "first"
    finally:
        PROTOCOLS.remove("first-only")

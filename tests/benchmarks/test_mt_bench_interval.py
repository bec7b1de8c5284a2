"""The native MT-Bench cell's interval: a cluster bootstrap over comparisons, not binomial over expert-vote trials.

FastChat's agreement counts one trial per expert vote, and every trial of a comparison is scored against the
judge's one vote on it: the trials are not independent, so the interval resamples comparisons (with their
(agreeing trials, trials)) and takes the pooled ratio, FastChat's own statistic.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from judgebench.analysis.benchmark_cells import score_cell as _score
from judgebench.catalog import BENCHMARKS
from judgebench.cli.main import main
from judgebench.metrics.bootstrap import proportion_ci, ratio_ci
from judgebench.metrics.protocols import PROTOCOLS
from judgebench.records import iter_judged

FIXTURES = Path(__file__).parent / "fixtures" / "mt_bench_no_majority"


def test_several_votes_per_comparison_widen_the_interval() -> None:
    # 40 comparisons of 3 expert votes each; the experts agree with each other, so the judge gets all 3 or none
    per_pair = {"mt-bench-human-writing": [(3, 3)] * 24 + [(0, 3)] * 16}
    cell = _score(BENCHMARKS.get("mt-bench-human"), {"mt-bench-human-writing": [72, 120]}, 2000, 0, per_pair=per_pair)
    assert (cell.accuracy, cell.correct, cell.n) == (60.0, 72, 120)  # the point estimate and k/n unchanged
    trials = proportion_ci(72, 120, iterations=2000, seed=0)  # the old interval: 120 independent trials
    assert cell.ci95 is not None and trials is not None
    clustered, binomial = cell.ci95[1] - cell.ci95[0], trials[1] - trials[0]
    # the effective sample is 40 comparisons, not 120 trials: about sqrt(3) times wider (30 vs 18.3 points)
    assert clustered > 1.5 * binomial
    assert cell.categories["writing"]["ci95"] == list(cell.ci95)


def test_one_trial_per_pair_is_the_plain_pair_bootstrap() -> None:
    # 600 pairs, 420 agreeing: resampling pairs of one trial each has the distribution Binomial(600, 0.7)/600,
    # which proportion_ci draws directly; the two use different generators, so compare within Monte Carlo noise.
    # With 20000 draws the 2.5% and 97.5% quantiles have a standard error of about 0.035 points (sd of the
    # estimate 1.87 points; sqrt(q(1-q)/B) / density), 0.05 for the difference; the quantiles also move on the
    # grid of 1/600 = 0.167 points. A tolerance of 0.35 points is about 6 standard errors plus one grid step,
    # far below the width (7.3 points) and below the change several trials per pair would make.
    pairs = [(1, 1)] * 420 + [(0, 1)] * 180
    clustered = ratio_ci(pairs, iterations=20000, seed=3)
    plain = proportion_ci(420, 600, iterations=20000, seed=3)
    assert clustered is not None and plain is not None
    assert clustered[0] == pytest.approx(plain[0], abs=0.35)
    assert clustered[1] == pytest.approx(plain[1], abs=0.35)


def test_order_does_not_matter_and_empty_pairs_add_nothing() -> None:
    pairs = [(2, 3), (0, 2), (1, 1), (3, 3), (0, 1), (1, 2)] * 10
    shuffled = [pairs[i] for i in np.random.default_rng(7).permutation(len(pairs))]
    assert ratio_ci(pairs, seed=5) == ratio_ci(shuffled, seed=5) == ratio_ci(list(reversed(pairs)), seed=5)
    assert ratio_ci(pairs, seed=5) != ratio_ci(pairs, seed=6)
    # a comparison of no trial (S2: the judge's tie) changes neither sum: it is not resampled either
    assert ratio_ci([*pairs, (0, 0), (0, 0)], seed=5) == ratio_ci(pairs, seed=5)
    assert ratio_ci([(0, 0)], seed=5) is None and ratio_ci(pairs, iterations=0) is None


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "judged-keep.jsonl"
    judgments = f"judgments={FIXTURES / 'gpt4_pair.jsonl'}"
    argv = ["import", "mt-bench", str(FIXTURES / "human.jsonl"), "--option", judgments]
    assert main([*argv, "--option", "no_majority=keep", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def _cell(path: Path, view: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["benchmarks", str(path), "--json", "--seed", "0", "--bootstrap", "1000", "--protocol", view]) == 0
    cell: dict[str, object] = json.loads(capsys.readouterr().out)["rows"][0]["benchmarks"]["mt-bench-human"]
    return cell


def test_fixture_cell_is_clustered_and_uniform_view_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = _import(tmp_path, capsys)
    score = PROTOCOLS.get("fastchat-s2").pair_score
    assert score is not None
    pairs = [score(jp) for jp in iter_judged(keep, unlabelled=True)]
    native = _cell(keep, "native", capsys)
    assert (native["accuracy"], native["correct"], native["n"]) == (50.0, 4, 8)  # as before
    expected = ratio_ci(pairs, iterations=1000, seed=0)
    assert expected is not None and native["ci95"] == list(expected)
    assert native["ci95"] != list(proportion_ci(4, 8, iterations=1000, seed=0) or ())  # the old, over 8 trials
    # the uniform view (the vote rule, one decision per labelled pair) keeps its binomial interval
    uniform = _cell(keep, "uniform", capsys)
    assert (uniform["accuracy"], uniform["correct"], uniform["n"]) == (50.0, 1, 2)
    assert uniform["ci95"] == list(proportion_ci(1, 2, iterations=1000, seed=0) or ())


def test_one_comparison_has_no_interval() -> None:
    # resampling a single comparison always returns it: a zero-width interval would claim false certainty
    from judgebench.metrics.bootstrap import ratio_ci

    assert ratio_ci([(1, 2)], iterations=1000, seed=0) is None
    assert ratio_ci([(1, 2), (0, 0)], iterations=1000, seed=0) is None  # a comparison of no trial adds nothing
    assert ratio_ci([(1, 2), (2, 3)], iterations=1000, seed=0) is not None

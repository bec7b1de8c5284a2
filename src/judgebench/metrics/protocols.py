"""Scoring protocols: how a benchmark's own authors turn judgments into its score.

``judgebench benchmarks`` scores every benchmark the same way by default (the uniform view: JudgeBench's
vote over both orders, every pair once, RewardBench's own section weighting). With ``--protocol native`` each
benchmark is scored by the protocol it names (:attr:`judgebench.catalog.Benchmark.native`), so its
figures are the ones its paper reports. A protocol names the aggregation rule a pair is scored by (a rule of
:data:`~judgebench.metrics.vote.AGGREGATIONS`) and how the benchmark's categories combine.

Third-party packages add protocols through the ``judgebench.protocols`` entry-point group (a
:class:`ScoringProtocol`), and a benchmark of theirs names one in its ``native``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from judgebench.best_of_k import JudgedPrompt
from judgebench.errors import InputError
from judgebench.metrics.mt_bench_agreement import expert_votes, judge_side, judge_vs_human
from judgebench.metrics.rewardbench2 import rewardbench2_score
from judgebench.metrics.rewardbench_rules import UNITS as REWARDBENCH_UNITS
from judgebench.metrics.rewardbench_rules import rewardbench_pair
from judgebench.metrics.rm_bench import rm_bench_score
from judgebench.records import JudgedPair
from judgebench.registry import Registry

#: a judged pair → (credit earned, credit units) where the protocol does not score by a pair rule
PairScore = Callable[[JudgedPair], tuple[int, int]]
#: a judged best-of-K set → the benchmark's own score (``{"score", "subsets", ...}``)
SetScore = Callable[[Sequence[JudgedPrompt]], dict[str, Any]]

UNIFORM = "uniform"
NATIVE = "native"
#: the choices of ``judgebench benchmarks --protocol``
VIEWS = (UNIFORM, NATIVE)


@dataclass(frozen=True, slots=True)
class ScoringProtocol:
    """One benchmark family's own scoring.

    Attributes:
        name: the registry name (``llmbar``).
        rule: the aggregation rule each pair is scored by (``average``: LLMBar's mean of the two orders).
        mean_of_categories: True: the score is the plain mean of the category scores (LLMBar Adversarial's four
            subsets); None: as the benchmark declares (every pair once, or RewardBench's sections).
        reference: where the definition comes from, in words (the authors' code).
        pair_score: scores a judged pair itself (MT-Bench's agreement counts one trial per expert vote);
            ``rule`` is then not used; an unweighted benchmark's interval resamples the pairs (a cluster bootstrap
            of the pooled ratio, :func:`judgebench.metrics.bootstrap.ratio_ci`), not the trials.
        units: the credit units ``pair_score`` counts per trial (RewardBench: 2, half-points).
        set_score: scores a judged best-of-K set as a whole (RewardBench 2), for ``judgebench score``.
        unlabelled: ``pair_score`` needs no label, so it also counts the pairs labelled ``no-majority``
            (MT-Bench's comparisons without an expert majority); every other protocol leaves them out.
    """

    name: str
    rule: str = "vote"
    mean_of_categories: bool | None = None
    reference: str = ""
    pair_score: PairScore | None = None
    units: int = 1
    set_score: SetScore | None = None
    unlabelled: bool = False


def _adapt(name: str, obj: object) -> ScoringProtocol:
    if isinstance(obj, ScoringProtocol):
        return obj
    from judgebench.errors import ConfigError

    raise ConfigError(f"scoring protocol {name!r} must be a ScoringProtocol, got {type(obj).__name__}")


PROTOCOLS: Registry[ScoringProtocol] = Registry("scoring protocol", "judgebench.protocols", adapt=_adapt)

JUDGEBENCH = ScoringProtocol(
    "judgebench",
    "vote",
    None,
    "ScalerLab/JudgeBench utils/metrics.py: +1/-1 per order, correct when the sum is positive",
)
LLMBAR = ScoringProtocol(
    "llmbar",
    "average",
    True,
    "princeton-nlp/LLMBar LLMEvaluator/evaluate.py: correct_average = (correct_False + correct_True) / 2 / n; "
    "the paper's Adversarial is the mean of its four subsets",
)


def mt_bench_agreement(setup: str, jp: JudgedPair) -> tuple[int, int]:
    """FastChat's judge-vs-human agreement on one imported MT-Bench human comparison."""
    extra = jp.pair.extra
    votes, model_a, model_b = extra.get("votes"), extra.get("model_A"), extra.get("model_B")
    if not isinstance(votes, dict) or not isinstance(model_a, str) or not isinstance(model_b, str):
        raise InputError(
            f"pair {jp.pair.pair_id}: no expert 'votes', 'model_A', 'model_B' (judgebench import mt-bench)"
        )
    return judge_vs_human(judge_side(model_a, model_b, jp.decisions), expert_votes(votes), setup)


_FASTCHAT = "lm-sys/FastChat fastchat/llm_judge/compute_agreement.py: one trial per expert vote"
FASTCHAT_S1 = ScoringProtocol(
    "fastchat-s1",
    reference=f"{_FASTCHAT}, ties kept (setup S1)",
    pair_score=partial(mt_bench_agreement, "S1"),
    unlabelled=True,
)
FASTCHAT_S2 = ScoringProtocol(
    "fastchat-s2",
    reference=f"{_FASTCHAT}, the judge's ties and the experts' tie votes left out (setup S2)",
    pair_score=partial(mt_bench_agreement, "S2"),
    unlabelled=True,
)
REWARDBENCH = ScoringProtocol(
    "rewardbench",
    reference="allenai/reward-bench scripts/run_rm.py (reward models: chosen > rejected, a tie is wrong) and "
    "scripts/run_generative.py (one random order per prompt: chosen 1, rejected 0, tie or error 0.5); sections "
    "as rewardbench/utils.py calculate_scores_per_section, Prior Sets at half weight",
    pair_score=rewardbench_pair,
    units=REWARDBENCH_UNITS,
)
REWARDBENCH_2 = ScoringProtocol(
    "rewardbench-2",
    reference="allenai/reward-bench scripts/run_v2.py, scripts/run_generative_v2.py, rewardbench/utils.py: top "
    "score shared 1/k, an all-failed prompt 0.25, Ties by process_single_model, the mean of the subset scores",
    set_score=rewardbench2_score,
)
RM_BENCH = ScoringProtocol(
    "rm-bench",
    reference="THU-KEG/RM-Bench scripts/utils.py compute_accuracy: the 3x3 chosen-style x rejected-style matrix "
    "(strictly greater wins); hard = upper triangle, normal = diagonal, easy = lower triangle; domains averaged",
    set_score=rm_bench_score,
)
for _p in (JUDGEBENCH, LLMBAR, FASTCHAT_S1, FASTCHAT_S2, REWARDBENCH, REWARDBENCH_2, RM_BENCH):
    PROTOCOLS.add(_p.name, _p)

#: best-of-K record ``source`` → the protocol its own score comes from (``judgebench score`` adds it as ``native``)
BEST_OF_K_NATIVE = {"reward-bench-2": "rewardbench-2", "rm-bench": "rm-bench"}


def protocol_for(native: str, view: str) -> ScoringProtocol:
    """The protocol a benchmark is scored by: its ``native`` one under the native view, else JudgeBench's."""
    if view not in VIEWS:
        from judgebench.errors import ConfigError

        raise ConfigError(f"unknown protocol view {view!r} (known: {', '.join(VIEWS)})")
    return PROTOCOLS.get(native) if view == NATIVE else JUDGEBENCH

"""JudgeBench pairs as best-of-2 sets, and judged pairs as judged best-of-2 sets.

A pair (``response_A``, ``response_B``, ``label``) becomes one best-of-K record with the correct response in
``chosen`` and the incorrect one in ``rejected``; ``id`` is the ``pair_id``, ``subset`` the pair's category
(Knowledge, Reasoning, Math, Coding).

A *judged* pair (a recorded-outputs file) also gets ``judge_name``, ``judge_model``, ``scores_chosen`` and
``scores_rejected``:

- reward models (judgments with ``scores``): the two recorded scores, read from the first order (its
  positions are the stored ones), else from the second order swapped back;
- pairwise judges: each response's points over the orders that gave a decision, 1 for a win and ½ for a tie
  (``A>B`` in order 0 is a win for the stored A; order 1 speaks of swapped positions), divided by the number
  of such orders, so the two scores sum to 1. An order without a decision adds nothing; a pair with no
  decision at all gets null scores and its ``errors`` say why.

Scored with :mod:`judgebench.metrics.best_of_k`, a reward model's top-1 on these sets is its one-order pair
accuracy with ties counted ½, and a pairwise judge's top-1 is its two-order vote with a split vote counted ½.
"""

from __future__ import annotations

from typing import Any

from judgebench.best_of_k import new_record
from judgebench.errors import ConfigError
from judgebench.importers.base import IMPORTERS, Importer, ImportResult
from judgebench.records import Pair, flip, iter_judged, read_pairs


def best_of_2(pair: Pair) -> dict[str, Any]:
    """One pair as an unjudged best-of-2 record."""
    good, bad = pair.correct_first()
    return new_record(
        pair.pair_id,
        pair.question,
        [good],
        [bad],
        str(pair.category),
        pair.source,
        pair.response_model,
        original_id=pair.original_id,
    )


def _reward_scores(judgments: list[dict[str, Any] | None]) -> tuple[float, float] | None:
    """Stored-position (A, B) scores from the first order that recorded them."""
    for order, entry in enumerate(judgments):
        inner = entry.get("judgment") if isinstance(entry, dict) else None
        scores = inner.get("scores") if isinstance(inner, dict) else None
        if isinstance(scores, list) and len(scores) == 2 and all(isinstance(s, int | float) for s in scores):
            a, b = (scores[0], scores[1]) if order == 0 else (scores[1], scores[0])
            return float(a), float(b)
    return None


def _points(decisions: list[str | None]) -> tuple[float, float] | None:
    """Stored-position (A, B) win shares over the orders that decided."""
    a = b = 0.0
    decided = 0
    for order, d in enumerate(decisions):
        aligned = d if order == 0 else flip(d)
        if aligned == "A>B":
            a += 1
        elif aligned == "B>A":
            b += 1
        elif aligned == "A=B":
            a += 0.5
            b += 0.5
        else:
            continue
        decided += 1
    return (a / decided, b / decided) if decided else None


def judged_best_of_2(path: str) -> ImportResult:
    """A recorded-outputs file as judged best-of-2 records (see the module docstring)."""
    result = ImportResult([])
    for jp in iter_judged(path):
        rec = best_of_2(jp.pair)
        is_reward = any(
            isinstance(e, dict) and isinstance(e.get("judgment"), dict) and "scores" in e["judgment"]
            for e in jp.judgments
        )
        ab = _reward_scores(jp.judgments) if is_reward else _points(jp.decisions)
        model = next(
            (e["judgment"].get("judge_model") for e in jp.judgments if isinstance(e, dict) and e.get("judgment")),
            None,
        )
        rec["judge_name"], rec["judge_model"] = jp.judge_name, model
        if ab is None:
            rec["scores_chosen"], rec["scores_rejected"] = [None], [None]
            rec["errors"] = ["no order recorded scores" if is_reward else "no order gave a decision"]
            result.leave_out("unscored pairs")
        else:
            good, bad = ab if jp.pair.label == "A>B" else (ab[1], ab[0])
            rec["scores_chosen"], rec["scores_rejected"] = [good], [bad]
        result.records.append(rec)
    return result


def run(source: str | None, options: dict[str, str]) -> ImportResult:
    """A pair file (or recorded outputs: judged) as best-of-2 records."""
    if source is None:
        raise ConfigError("import pairs needs a pair or recorded-outputs file")
    from judgebench.best_of_k import first_record

    first = first_record(source)
    if first is not None and "judgments" in first:
        return judged_best_of_2(source)
    return ImportResult([best_of_2(p) for p in read_pairs(source)])


IMPORTER = Importer(
    help="JudgeBench pairs as best-of-2 sets (recorded judge outputs: judged, with each response's score)",
    run=run,
    source_help="a pair file, or a recorded-outputs file (judged pairs)",
)
IMPORTERS.add("pairs", IMPORTER)

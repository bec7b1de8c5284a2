"""MT-Bench human judgments (``lmsys/mt_bench_human_judgments``, CC-BY-4.0) as JudgeBench pairs.

Rows: ``question_id, model_a, model_b, winner, judge, conversation_a, conversation_b, turn``, one per vote;
``winner`` is ``model_a``, ``model_b`` or a tie (``tie``, ``tie (bothbad)``, ``tie (inconsistent)``). The
``human`` split holds several experts' votes on the same comparison: the votes on one (question, turn,
model pair) are pooled as FastChat's ``compute_agreement.py`` pools them (models in either order, every
``tie...`` one tie; only ``expert_*`` judges are human there, so ``author_*`` votes are kept apart in
``author_votes`` and not counted) and the pair is labelled by the model with more votes than the other model
and than the ties. A comparison where the ties are as many as the leading model's votes, or the two models
tie, has no majority and is left out, as is one where ties lead or no expert voted (the convention LLMBar
used for its processed MT-Bench: ties and splits removed). Response A is the ``model_a`` of the first
vote seen. With ``no_majority=True`` (``--option no_majority=keep``) the comparisons with expert votes but no
majority are kept too, labelled ``no-majority`` (:data:`judgebench.records.NO_MAJORITY`): FastChat counts every
comparison the experts voted on, so ``judgebench benchmarks --protocol native`` counts them (its agreement needs
the votes, not a label), while the vote rule and every other scorer have no right answer there and leave them out
(``benchmarks``) or refuse the file (the other readers). Turn 1 pairs hold the first question and answers;
turn 2 pairs hold both turns, marked ``### Turn 1`` / ``### Turn 2``, since the second answer follows from the
first. Categories follow MT-Bench's question ids (81-90 writing, ..., 151-160 humanities).

The ``gpt4_pair`` split holds GPT-4's verdicts on the same comparisons; :func:`judged_by` attaches them to the
human-labelled pairs as a judged file (one order), so GPT-4's agreement with the experts scores like any judge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from judgebench.catalog import PAIRS_ONLY, Benchmark, SourceInfo, declare, declare_benchmark
from judgebench.errors import ConfigError, InputError
from judgebench.hub_rows import field as row_field
from judgebench.importers.base import IMPORTERS, Importer, ImportResult, check_options, records_result
from judgebench.importers.pair_records import make_pair
from judgebench.records import NO_MAJORITY, JudgedPair, Pair

#: MT-Bench's eight question categories, ten questions each, by question id (81-160).
MT_BENCH_CATEGORIES = ("writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities")
HUB_DATASET = "lmsys/mt_bench_human_judgments"
SPLITS = ("human", "gpt4_pair")


def category(question_id: int, where: str, index: int) -> str:
    """MT-Bench's category of a question id (81-160, ten per category)."""
    if not 81 <= question_id <= 160:
        raise InputError(f"row {index}: question_id {question_id} is outside MT-Bench's 81-160", where)
    return MT_BENCH_CATEGORIES[(question_id - 81) // 10]


def _turns(conversation: Any, turn: int, where: str, index: int) -> tuple[str, str]:
    """(question, answer) text up to ``turn`` of one conversation."""
    ok = isinstance(conversation, list) and len(conversation) >= 2 * turn
    ok = ok and all(isinstance(m, dict) and isinstance(m.get("content"), str) for m in conversation[: 2 * turn])
    if not ok:
        raise InputError(f"row {index}: conversation shorter than turn {turn} or not a list of messages", where)
    users = [conversation[2 * t]["content"] for t in range(turn)]
    answers = [conversation[2 * t + 1]["content"] for t in range(turn)]
    if turn == 1:
        return users[0], answers[0]
    mark = "\n\n".join
    return (
        mark(f"### Turn {t + 1}\n{u}" for t, u in enumerate(users)),
        mark(f"### Turn {t + 1}\n{a}" for t, a in enumerate(answers)),
    )


@dataclass
class _Comparison:
    question: str
    model_a: str
    model_b: str
    answer_a: str
    answer_b: str
    qid: int
    turn: int
    votes: Counter[str] = field(default_factory=Counter)
    author_votes: Counter[str] = field(default_factory=Counter)


Key = tuple[int, int, frozenset[str]]


def _comparisons(rows: list[dict[str, Any]], where: str, *, experts: bool = False) -> dict[Key, _Comparison]:
    """The votes of every row pooled by (question, turn, model pair), validated.

    ``experts``: the human split; a vote counts in ``votes`` only when its ``judge`` is an ``expert_*`` (FastChat's
    human), others (``author_*``) go to ``author_votes``.
    """
    comparisons: dict[Key, _Comparison] = {}
    for i, row in enumerate(rows, 1):
        qid = row_field(row, "question_id", int, where, i)
        turn = row_field(row, "turn", int, where, i)
        model_a = row_field(row, "model_a", str, where, i)
        model_b = row_field(row, "model_b", str, where, i)
        winner = row_field(row, "winner", str, where, i)
        if turn not in (1, 2):
            raise InputError(f"row {i}: turn must be 1 or 2, got {turn}", where)
        if winner not in ("model_a", "model_b") and not winner.startswith("tie"):
            raise InputError(f"row {i}: unknown winner {winner!r} (model_a, model_b or tie)", where)
        category(qid, where, i)
        key = (qid, turn, frozenset((model_a, model_b)))
        comp = comparisons.get(key)
        if comp is None:
            question, answer_a = _turns(row.get("conversation_a"), turn, where, i)
            _, answer_b = _turns(row.get("conversation_b"), turn, where, i)
            comp = comparisons[key] = _Comparison(question, model_a, model_b, answer_a, answer_b, qid, turn)
        expert = True
        if experts:
            judge = row_field(row, "judge", str, where, i)
            expert = judge.startswith("expert")
        counts = comp.votes if expert else comp.author_votes
        counts[model_a if winner == "model_a" else model_b if winner == "model_b" else "tie"] += 1
    return comparisons


def majority(a: int, b: int, ties: int) -> str | None:
    """``A>B`` or ``B>A`` when one model has more expert votes than the other and than the ties, else None."""
    if a > max(b, ties):
        return "A>B"
    if b > max(a, ties):
        return "B>A"
    return None


def import_mt_bench(
    rows: list[dict[str, Any]], where: str, *, no_majority: bool = False
) -> tuple[list[Pair], dict[str, int]]:
    """Pairs labelled by the majority of the expert votes on each comparison, and counts of what was dropped.

    Dropped: ``tie`` (the ties outnumber each model), ``split`` (no majority: the models tie, or the ties are
    as many as the leading model), ``no expert`` (only ``author_*`` votes). ``no_majority``: keep the ``tie``
    and ``split`` comparisons as pairs labelled ``no-majority`` (FastChat's agreement counts them).
    """
    pairs: list[Pair] = []
    dropped = {"tie": 0, "split": 0, "no expert": 0}
    for comp in _comparisons(rows, where, experts=True).values():
        a, b, ties = comp.votes[comp.model_a], comp.votes[comp.model_b], comp.votes["tie"]
        label = majority(a, b, ties)
        if label is None and no_majority and comp.votes:
            label = NO_MAJORITY
        if label is None:
            dropped["no expert" if not comp.votes else "tie" if ties > max(a, b) else "split"] += 1
            continue
        extra: dict[str, Any] = {"turn": comp.turn, "model_A": comp.model_a, "model_B": comp.model_b}
        extra["votes"] = dict(comp.votes)
        if comp.author_votes:
            extra["author_votes"] = dict(comp.author_votes)
        pairs.append(
            make_pair(
                f"mt-bench-human-{category(comp.qid, where, 0)}",
                comp.qid,
                comp.question,
                comp.answer_a,
                comp.answer_b,
                label,
                response_model="mixed",
                extra=extra,
                unlabelled=True,
            )
        )
    return pairs, dropped


def judged_by(
    pairs: list[Pair], judge_rows: list[dict[str, Any]], where: str, *, judge_model: str = "gpt-4"
) -> tuple[list[JudgedPair], int]:
    """The human-labelled pairs with a judge's recorded verdicts (the ``gpt4_pair`` split) as one-order judgments.

    A verdict for the model at A is ``A>B``, for B ``B>A``, a tie (``tie``, ``tie (inconsistent)``) ``A=B``;
    several rows on one comparison are pooled by majority (an even split is ``A=B``). Pairs the judge did not
    see are left out; their number is returned.
    """
    verdicts = _comparisons(judge_rows, where)
    names = {str(r.get("judge")) for r in judge_rows}
    judge_name = names.pop() if len(names) == 1 else "mt_bench_judge"
    out: list[JudgedPair] = []
    missing = 0
    for pair in pairs:
        key = (
            int(pair.original_id),
            int(pair.extra["turn"]),
            frozenset((pair.extra["model_A"], pair.extra["model_B"])),
        )
        comp = verdicts.get(key)
        if comp is None:
            missing += 1
            continue
        a, b = comp.votes[pair.extra["model_A"]], comp.votes[pair.extra["model_B"]]
        decision = "A>B" if a > b else "B>A" if b > a else "A=B"
        judgment = {"judge_model": judge_model, "votes": dict(comp.votes)}
        out.append(JudgedPair(pair, judge_name, [{"judgment": judgment, "decision": decision}]))
    return out, missing


def run_mt_bench(source: str | None, options: dict[str, str]) -> ImportResult:
    """MT-Bench human judgments (the ``human`` split), labelled by majority; ``judgments=`` adds a judge's votes."""
    from judgebench.hub_rows import hub_rows, read_rows

    check_options(options, ("judgments", "judge_model", "no_majority"), "mt-bench")
    keep = options.get("no_majority", "drop")
    if keep not in ("drop", "keep"):
        raise ConfigError(f"import mt-bench: no_majority must be keep or drop, got {keep!r}")
    rows, where = (read_rows(source), source) if source else hub_rows(HUB_DATASET, "human")
    pairs, dropped = import_mt_bench(rows, where, no_majority=keep == "keep")
    left_out = {
        "tied comparisons": dropped["tie"],
        "evenly split comparisons": dropped["split"],
        "comparisons without expert votes": dropped["no expert"],
    }
    judgments = options.get("judgments")
    if judgments is None:
        return records_result(pairs, left_out)
    judge_rows, judge_where = (
        hub_rows(HUB_DATASET, "gpt4_pair") if judgments == "gpt4_pair" else (read_rows(judgments), judgments)
    )
    judged, missing = judged_by(pairs, judge_rows, judge_where, judge_model=options.get("judge_model", "gpt-4"))
    return records_result(judged, {**left_out, "pairs the judge did not see": missing})


IMPORTERS.add(
    "mt-bench",
    Importer(
        "MT-Bench human judgments as pairs labelled by majority (--option judgments=FILE|gpt4_pair: judged by GPT-4)",
        run_mt_bench,
        "a JSONL/Parquet of lmsys/mt_bench_human_judgments split human; none: download it",
    ),
)
for _category in MT_BENCH_CATEGORIES:
    declare(
        SourceInfo(
            f"mt-bench-human-{_category}",
            PAIRS_ONLY,
            _category,
            description="lmsys/mt_bench_human_judgments (human, majority)",
        )
    )
declare_benchmark(
    Benchmark(
        "mt-bench-human",
        "MT-Bench human",
        tuple(f"mt-bench-human-{c}" for c in MT_BENCH_CATEGORIES),
        origin="lmsys/mt_bench_human_judgments (split human)",
        native="fastchat-s2",  # FastChat's agreement without ties (paper's headline); fastchat-s1 keeps them
    )
)

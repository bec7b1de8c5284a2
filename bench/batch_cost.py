"""Requests and cost of the README's example runs, at live and at batch prices (``--batch``, ``batch export``).

Renders every request exactly as the runs send them (the Arena-Hard judge's system and user turns over both
orders of each pair; a probe's perturbed arms through ``judgebench.probes.perturb``), counts input tokens as
characters / 4 (the usual English estimate; no tokenizer is downloaded here) and output tokens from the release's
recorded Arena-Hard replies (median reply length / 4, per request), and prices both with the packaged price
table; batch prices are half (OpenAI Batch, Anthropic Message Batches). Arena-Hard's continuation turns (a reply
without a verdict) are not counted: they are rare and add a turn each.

    JUDGEBENCH_DATA=../shared/judgebench python bench/batch_cost.py
"""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

from judgebench.batch.protocols import BATCH_PRICE_FACTOR
from judgebench.datasets import load_pairs
from judgebench.engine.accounting import PriceTable
from judgebench.judges.prompted import ArenaHardJudge
from judgebench.probes.perturb import arm_pairs
from judgebench.records import Pair

RECORDED = (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl"
)


def input_chars(pairs: list[Pair]) -> list[int]:
    judge = ArenaHardJudge.__new__(ArenaHardJudge)
    sizes = []
    for pair in pairs:
        for a, b in ((pair.response_A, pair.response_B), pair.swapped()):
            sizes.append(sum(len(m.content) for m in judge.messages(pair.question, a, b)))
    return sizes


def reply_tokens() -> float:
    path = Path(os.environ.get("JUDGEBENCH_DATA", "../shared/judgebench")) / "outputs" / RECORDED
    lengths = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for judgment in json.loads(line)["judgments"]:
            text = (judgment or {}).get("judgment", {}).get("response") if isinstance(judgment, dict) else None
            if isinstance(text, str) and text:
                lengths.append(len(text))
    return statistics.median(lengths) / 4


def main() -> None:
    prices = PriceTable.default()
    out_tokens = reply_tokens()
    gpt = load_pairs("gpt")
    runs = {
        "judge --judge arena_hard --model openai/gpt-4o-mini --pairs gpt": input_chars(gpt),
        "probe ... --pairs gpt --probes padding,authority,position": [
            n
            for arm in ("original", "pad_correct", "pad_incorrect", "assert_correct", "assert_incorrect")
            for n in input_chars(arm_pairs(gpt, arm, 0))
        ],
    }
    print(f"output tokens per request (median recorded Arena-Hard reply / 4): {out_tokens:.0f}")
    print(f"{'run':<64} {'requests':>8} {'in tok':>10} {'out tok':>10} {'live $':>8} {'batch $':>8}")
    for model in ("openai/gpt-4o-mini", "openai/gpt-4o", "anthropic/claude-3-5-haiku"):
        provider, name = model.split("/", 1)
        price = prices.lookup(provider, name)
        assert price is not None
        for run, sizes in runs.items():
            tin = sum(sizes) / 4
            tout = out_tokens * len(sizes)
            live = (tin * price.input + tout * price.output) / 1e6
            label = run.replace("openai/gpt-4o-mini", model)
            print(
                f"{label:<64} {len(sizes):>8} {tin:>10.0f} {tout:>10.0f} {live:>8.2f} {live * BATCH_PRICE_FACTOR:>8.2f}"
            )


if __name__ == "__main__":
    main()

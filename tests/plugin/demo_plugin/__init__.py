"""A third-party judgebench plugin: every seam extended from outside, through entry points.

- chat backend ``demo/<any>``: answers "What is a + b?" with the sum, or the sum plus one when the request's
  seed is odd; asked which of two answers is longer (``<A>...</A><B>...</B>``), names the longer one;
- judge ``demo_longer`` (kind ``fine-tuned``): asks the backend which response is longer and takes that one;
- source ``demo-arith`` (category Math, its pairs ``demo-arith-easy`` and ``demo-arith-hard``) and its verifier
  ``demo-last-int`` (the last integer of the response against the sum);
- analysis ``demo-count``: pairs per category, with a terminal view;
- command ``demo-hello FILE``: the category of each pair's source, as judgebench's catalog tells it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from judgebench.analysis.registry import Analysis, Option
from judgebench.backends.base import ChatRequest, ChatResponse, Usage
from judgebench.catalog import Category, Recipe, SourceInfo
from judgebench.judges.base import JudgeContext, JudgeOptions
from judgebench.judges.engine_judge import EngineJudge, Trace, build
from judgebench.verifiers.base import Check, Outcome, Question

_SUM = re.compile(r"What is (\d+) \+ (\d+)\?")
_PAIR = re.compile(r"<A>(.*)</A>\s*<B>(.*)</B>", re.S)


class DemoBackend:
    """A deterministic stand-in model."""

    provider = "demo"
    cacheable = True
    api_key: str | None = None

    def __init__(self, model: str, *, base_url: str | None = None, **endpoint: Any) -> None:
        self.model = model
        self.base_url = base_url

    async def chat(self, request: ChatRequest) -> ChatResponse:
        text = request.messages[-1].content
        pair = _PAIR.search(text)
        if pair:
            reply = "A" if len(pair.group(1)) >= len(pair.group(2)) else "B"
        else:
            m = _SUM.search(text)
            total = int(m.group(1)) + int(m.group(2)) if m else 0
            reply = f"The answer is {total + (request.seed or 0) % 2}"
        return ChatResponse(reply, "stop", Usage(len(text.split()), 4), self.model)

    async def complete(self, request: ChatRequest) -> ChatResponse:
        return await self.chat(request)

    async def aclose(self) -> None:
        pass


class LongerJudge(EngineJudge):
    """Takes whichever response the model calls longer."""

    name = "demo_longer"

    async def run(self, question: str, response_a: str, response_b: str, ctx: JudgeContext, trace: Trace) -> str:
        from judgebench.backends.base import Message

        prompt = f"Which answer is longer?\n<A>{response_a}</A>\n<B>{response_b}</B>"
        trace.judgment["prompt"] = prompt
        reply = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0)
        trace.judgment["response"] = reply
        return "A>B" if reply.strip() == "A" else "B>A"


def demo_longer(options: JudgeOptions) -> LongerJudge:
    """The judge factory; ``kind`` is what the leaderboard groups it by."""
    return build(LongerJudge, options)


demo_longer.kind = "fine-tuned"  # type: ignore[attr-defined]


class ArithSource:
    name = "demo-arith"

    def __init__(self, path: str | None = None, n: int = 6) -> None:
        self.n = n

    def questions(self) -> Iterator[Question]:
        for i in range(self.n):
            level = "easy" if i % 2 == 0 else "hard"
            a, b = 10 * i + 3, 7 * i + (100 if level == "hard" else 1)
            yield Question(str(i), f"demo-arith-{level}", level, f"What is {a} + {b}?", str(a + b), "demo-last-int")


def make_source(path: str | None = None, **options: Any) -> ArithSource:
    return ArithSource(path, int(options.get("n", 6)))


SOURCE = SourceInfo(
    "demo-arith",
    make_source,
    Category.MATH,
    recipe=Recipe(questions_per_group=2),
    description="sums, easy and hard",
)


class LastInteger:
    name = "demo-last-int"

    def check(self, question: Question, response: str) -> Check:
        found = re.findall(r"-?\d+", response)
        if not found:
            return Check(Outcome.UNVERIFIABLE, None, "no-integer")
        ok = found[-1] == question.ground_truth
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, found[-1], "last-integer")


@dataclass
class Counts:
    categories: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"categories": self.categories}


def count_files(paths: list[str], *, iterations: int = 1000, seed: int = 0, by: str = "category") -> Counts:
    from judgebench.records import read_judged

    out: dict[str, int] = {}
    for path in paths:
        for judged in read_judged(path):
            key = judged.pair.category if by == "category" else judged.pair.source
            out[key] = out.get(key, 0) + 1
    return Counts(out)


def show_counts(result: Counts, console: Any) -> None:
    for name, n in sorted(result.categories.items()):
        console.print(f"{name}: {n} pairs")


ANALYSIS = Analysis(
    "demo-count",
    "pairs per category",
    count_files,
    show_counts,
    options=(Option("by", "count by category or by source", "category"),),
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo-hello", help="the category of each pair's source")
    p.add_argument("pairs")
    p.set_defaults(func=_hello)


def _hello(args: Any) -> int:
    from judgebench.catalog import category_of
    from judgebench.records import read_pairs

    for pair in read_pairs(args.pairs):
        print(pair.source, category_of(pair.source))
    return 0

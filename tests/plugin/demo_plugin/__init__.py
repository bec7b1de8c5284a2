"""A third-party judgebench plugin: every seam extended from outside, through ``judgebench.extend`` only.

It imports nothing from judgebench but :mod:`judgebench.extend`; each object registers itself with a
``register_*`` decorator and is published as an entry point (``tests/test_plugin.py`` writes them):

- chat backend ``demo/<any>``: answers "What is a + b?" with the sum, or the sum plus one when the request's
  seed is odd; asked which of two answers is longer (``<A>...</A><B>...</B>``), names the longer one;
- reward backend ``demo-rm/<any>``: a response's score is its length;
- judge ``demo_longer`` (kind ``fine-tuned``): asks the backend which response is longer and takes that one;
- source ``demo-arith`` (category Math, its pairs ``demo-arith-easy`` and ``demo-arith-hard``) and its verifier
  ``demo-last-int`` (the last integer of the response against the sum);
- importer ``demo-import``: a text file of ``a + b`` lines as labelled pairs of the source ``demo-sums``
  (category Sums); pair set ``demo-sums-N``: N such pairs;
- benchmark ``demo-bench`` (the source ``demo-sums``), scored natively by protocol ``demo-proto``, whose
  aggregation rule ``demo-label-a`` credits every pair labelled ``A>B`` (whatever the judge said);
- analysis ``demo-count``: pairs per category, with a terminal view;
- command ``demo-hello FILE``: the category of each pair's source, as judgebench's catalog tells it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.extend import (
    Benchmark,
    Category,
    ChatRequest,
    ChatResponse,
    Check,
    EngineJudge,
    ImportResult,
    JudgeContext,
    JudgeOptions,
    Message,
    Option,
    Outcome,
    Pair,
    Question,
    Recipe,
    RewardItem,
    ScoringProtocol,
    Trace,
    Usage,
    build_judge,
    category_of,
    read_judged,
    read_pairs,
    register_aggregation,
    register_analysis,
    register_backend,
    register_benchmark,
    register_command,
    register_importer,
    register_judge,
    register_pair_set,
    register_protocol,
    register_reward_backend,
    register_source,
    register_verifier,
)

_SUM = re.compile(r"What is (\d+) \+ (\d+)\?")
_PAIR = re.compile(r"<A>(.*)</A>\s*<B>(.*)</B>", re.S)


@register_backend("demo")
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
        prompt = f"Which answer is longer?\n<A>{response_a}</A>\n<B>{response_b}</B>"
        trace.judgment["prompt"] = prompt
        reply = await self.chat(trace, [Message("user", prompt)], ctx, temperature=0.0)
        trace.judgment["response"] = reply
        return "A>B" if reply.strip() == "A" else "B>A"


@register_judge("demo_longer", kind="fine-tuned")
def demo_longer(options: JudgeOptions) -> LongerJudge:
    """The judge factory; ``kind`` is what the leaderboard groups it by."""
    return build_judge(LongerJudge, options)


@register_reward_backend("demo-rm")
class LengthRewards:
    """A reward model that likes long answers."""

    def __init__(self, model: str, **options: Any) -> None:
        self.model = model

    async def score(self, items: list[RewardItem]) -> list[float]:
        return [float(len(item.response)) for item in items]

    async def aclose(self) -> None:
        pass


class ArithSource:
    name = "demo-arith"

    def __init__(self, path: str | None = None, n: int = 6) -> None:
        self.n = n

    def questions(self) -> Iterator[Question]:
        for i in range(self.n):
            level = "easy" if i % 2 == 0 else "hard"
            a, b = 10 * i + 3, 7 * i + (100 if level == "hard" else 1)
            yield Question(str(i), f"demo-arith-{level}", level, f"What is {a} + {b}?", str(a + b), "demo-last-int")


@register_source("demo-arith", Category.MATH, recipe=Recipe(questions_per_group=2), description="sums, easy and hard")
def arith(path: str | None = None, **options: Any) -> ArithSource:
    return ArithSource(path, int(options.get("n", 6)))


@register_verifier("demo-last-int")
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


def show_counts(result: Counts, console: Any) -> None:
    for name, n in sorted(result.categories.items()):
        console.print(f"{name}: {n} pairs")


@register_analysis(
    "demo-count",
    "pairs per category",
    options=(Option("by", "count by category or by source", "category"),),
    view=show_counts,
)
def demo_count(paths: list[str], *, iterations: int = 1000, seed: int = 0, by: str = "category") -> Counts:
    out: dict[str, int] = {}
    for path in paths:
        for judged in read_judged(path):
            key = judged.pair.category if by == "category" else judged.pair.source
            out[key] = out.get(key, 0) + 1
    return Counts(out)


@register_command("demo-hello")
def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo-hello", help="the category of each pair's source")
    p.add_argument("pairs")
    p.set_defaults(func=_hello)


def _hello(args: Any) -> int:
    for pair in read_pairs(args.pairs):
        print(pair.source, category_of(pair.source))
    return 0


@register_aggregation("demo-label-a")
def label_a(label: str, decisions: Any) -> float:
    """Credit for every pair labelled A>B, whatever the decisions."""
    return 1.0 if label == "A>B" else 0.0


PROTOCOL = register_protocol(ScoringProtocol("demo-proto", "demo-label-a", reference="the demo plugin"))
BENCHMARK = register_benchmark(Benchmark("demo-bench", "Demo sums", ("demo-sums",), native="demo-proto"))


@register_source("demo-sums", "Sums", description="labelled sums, as pairs only")
def sums(path: str | None = None, **options: Any) -> ArithSource:
    return ArithSource(path)


def _pair(i: int, a: int, b: int) -> Pair:
    right, wrong = f"The answer is {a + b}", f"The answer is {a + b + 1}"
    first = i % 2 == 0
    return Pair.from_dict(
        {
            "pair_id": f"demo-{i}-{a}-{b}",
            "original_id": str(i),
            "source": "demo-sums",
            "question": f"What is {a} + {b}?",
            "response_model": "demo",
            "response_A": right if first else wrong,
            "response_B": wrong if first else right,
            "label": "A>B" if first else "B>A",
        }
    )


@register_importer("demo-import", "a text file of 'a + b' lines as pairs", "a text file")
def import_sums(source: str | None, options: dict[str, str]) -> ImportResult:
    lines = Path(source or "").read_text(encoding="utf-8").splitlines()
    sums = [tuple(int(x) for x in line.split("+")) for line in lines if line.strip()]
    return ImportResult([_pair(i, a, b).to_dict() for i, (a, b) in enumerate(sums)])


@register_pair_set("demo-sums")
def demo_sums(spec: str) -> list[Pair] | None:
    """``demo-sums-N``: N pairs."""
    if not spec.startswith("demo-sums-"):
        return None
    return [_pair(i, i, 2 * i) for i in range(int(spec.removeprefix("demo-sums-")))]

r"""LiveBench reasoning rules (livebench/reasoning; White et al. 2024, arXiv 2406.19314).

Versioned by the question's ``livebench_release_date`` as LiveBench does:

- ``web_of_lies_v2``: the last ``**bold**`` span equals the GT (case-insensitive), or holds exactly three
  yes/no words and contains the GT.
- ``zebra_puzzle`` released before 2024-11-25: the last ``***word***`` (``\\w+`` only, so
  ``***police-officer***`` is missed, as in LiveBench), else the last word; equal to the GT, or its number
  word, or with `` movies`` appended. From 2024-11-25: ``<solution>a, b</solution>``, every item must match
  (LiveBench's partial credit is binarised: only a full match is *correct*).
- ``spatial``: one of the last three bold spans equals the GT (or its number word, or for shape GTs contains
  it without being much longer), else the last ``\\boxed{}`` equals it.
- ``house_traversal``: the GT names one per trailing bold span, or all in order in the last bold span.
- ``web_of_lies_v3`` (2025): ``<solution>``, else a bold or boxed triple; binary (all three right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.livebench_boxed import last_boxed

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_SHAPES = ("tetrahedra", "tetrahedron", "triangle", "square")
ZEBRA_SOLUTION_SINCE = "2024-11-25"


def _number_word(text: str) -> str | None:
    return NUMBER_WORDS[int(text)] if text.isdigit() and int(text) < len(NUMBER_WORDS) else None


def web_of_lies_v2(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted)."""
    bold = re.findall(r"\*\*(.*?)\*\*", response)
    if not bold:
        return False, "no-bold", None
    last = bold[-1].lower()
    ok = last == gt.lower() or (last.count("yes") + last.count("no") == 3 and gt.lower() in last)
    return ok, "last-bold", bold[-1]


def web_of_lies_v3(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted): all three answers right."""
    tag = re.findall(r"<solution>(.*?)</solution>", response, re.S)
    source, rule = (tag[-1], "solution-tag") if tag else (None, "")
    if source is None:
        bold = [b for b in re.findall(r"\*\*(.*?)\*\*", response) if b.strip().lower() in ("yes", "no", "unknown")]
        if len(bold) >= 3:
            source, rule = ", ".join(bold[-3:]), "bold-words"
        else:
            source, rule = last_boxed(response), "boxed"
    if source is None:
        return False, "no-answer", None
    words = [w.strip(" *.").lower() for w in source.split(",")]
    want = [w.strip().lower() for w in gt.split(",")]
    return words == want, rule, source


def zebra_old(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted) for zebra puzzles released before 2024-11-25."""
    bold = re.findall(r"\*\*\*(\w+)\*\*\*", response)
    if bold:
        word, rule = bold[-1], "triple-bold"
    else:
        words = re.findall(r"\b\w+\b", response)
        if not words:
            return False, "no-answer", None
        word, rule = words[-1], "last-word"
    w, g = word.lower(), gt.lower()
    ok = w == g or _number_word(w) == g or w + " movies" == g
    return ok, rule, word


def zebra_solution(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted) for ``<solution>`` zebra puzzles; only a full match passes."""
    tag = re.findall(r"<solution>(.*?)</solution>", response, re.S)
    if not tag:
        return False, "no-solution-tag", None
    got = [x.strip().lower().replace("-", " ").replace("position", "").strip() for x in tag[-1].split(",")]
    want = [x.strip().lower().replace("-", " ").replace("position", "").strip() for x in gt.split(",")]
    ok = len(got) == len(want) and all(w == g or w in g for w, g in zip(want, got, strict=True))
    return ok, "solution-tag", tag[-1]


def spatial(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted)."""
    g = gt.strip().lower()
    bold = re.findall(r"\*\*([^\*]+)\*\*", response)
    for word in [b.strip().lower() for b in bold[-3:]]:
        if word == g or (word in NUMBER_WORDS and str(NUMBER_WORDS.index(word)) == g):
            return True, "bold", word
        if g in _SHAPES and g in word and len(word) < 2 * len(g) + 5:
            return True, "bold-shape", word
    boxed = last_boxed(response)
    if boxed is not None and boxed.strip().lower() == g:
        return True, "boxed", boxed
    return False, "no-match", bold[-1] if bold else boxed


def house_traversal(gt: str, response: str) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted)."""
    spans = [m[1].strip() for m in re.findall(r"(\*{2,})(.*?)\1", response.lower())]
    names = gt.lower().split()
    if not spans:
        return False, "no-bold", None
    if len(spans) >= len(names) and all(n in s for n, s in zip(names, spans[-len(names) :], strict=True)):
        return True, "bold-per-name", " ".join(spans[-len(names) :])
    last, pos = spans[-1], -1
    for n in names:
        nxt = last.find(n, pos + 1)
        if nxt <= pos:
            return False, "last-bold-order", last
        pos = nxt
    return True, "last-bold-order", last


@dataclass(slots=True)
class LiveBenchReasoningVerifier:
    """LiveBench's reasoning rules, chosen by task and release date."""

    name: str = "livebench-reasoning"

    def check(self, question: Question, response: str) -> Check:
        """Dispatch on the question's task (and release date for zebra puzzles)."""
        gt = str(question.ground_truth)
        task = question.task
        released = str(question.metadata.get("livebench_release_date") or "")
        if task == "web_of_lies_v2":
            ok, rule, got = web_of_lies_v2(gt, response)
        elif task == "web_of_lies_v3":
            ok, rule, got = web_of_lies_v3(gt, response)
        elif task == "zebra_puzzle":
            rule_fn = zebra_solution if released >= ZEBRA_SOLUTION_SINCE else zebra_old
            ok, rule, got = rule_fn(gt, response)
        elif task == "spatial":
            ok, rule, got = spatial(gt, response)
        elif task == "house_traversal":
            ok, rule, got = house_traversal(gt, response)
        else:
            return Check(Outcome.UNVERIFIABLE, None, "unknown-task", f"no LiveBench reasoning rule for {task!r}")
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, got, rule)

r"""LiveBench's olympiad rule (``process_results/math/olympiad/utils.py``): proof rearrangement.

The question lists numbered expressions to fill into a proof; the ground truth is their order, e.g.
``"1,6,7,2,3,4,5"``. LiveBench scores imo/usamo answers ``1 - edit_distance(answer, gt) / max(lengths)``
(partial credit); a verifier here is binary, so an answer is *correct* only when that score is 1 (the order
is exact) and the score goes into ``detail``.

Reading the order, in LiveBench's order (``2025-08``, fc6c6080; ``2024`` has only the last step, splitting on
a case-sensitive ``Answer``):

1. ``answer-line``: the last line containing ``answer:`` (case-insensitive); the text after its first
   ``answer:`` (or the next line, if empty), each comma-separated item's last word with ``$ { } \ < >`` and
   ``boxed`` removed, read as an integer (else a ``NO ANSWER`` placeholder);
2. ``boxed``: the last box's content (``\text{``, ``}``, ``\`` removed) split on commas;
3. ``last-line``: the last line's comma-separated items, each cut to its first run of digits;
4. ``after-answer``: the text after the last ``answer:``, items cut to their first run of digits, stopping
   after the first item past the first that needed cutting.

Steps 1-3 count only when they read at least one integer.
"""

from __future__ import annotations

from typing import Literal

from judgebench.errors import VerificationError
from judgebench.verifiers.livebench_boxed import last_boxed_only_string, remove_boxed

Version = Literal["2024", "2025-08"]
Item = int | str
NO_ANSWER = "NO ANSWER"


def first_digit_run(text: str) -> tuple[str, int]:
    """The first run of digits in ``text`` and how many characters were dropped around it."""
    start = 0
    while start < len(text) and not text[start].isdigit():
        start += 1
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[start:end], len(text) - (end - start)


def _as_int(text: str) -> Item:
    try:
        return int(text)
    except ValueError:
        return NO_ANSWER


def _useful(items: list[Item]) -> list[Item] | None:
    return items if items and set(items) != {NO_ANSWER} else None


def _answer_line(generation: str) -> list[Item] | None:
    lines = generation.lower().strip().split("\n")
    index = max(i for i, line in enumerate(lines) if "answer:" in line)
    cleanup = ("answer:", "**", ".")

    def clean(text: str) -> str:
        for junk in cleanup:
            text = text.replace(junk, "")
        return text.strip()

    found = clean(lines[index].split("answer:")[1])
    if found == "" and index < len(lines) - 1:
        found = clean(lines[index + 1])
    items: list[Item] = []
    for part in found.split(","):
        word = part.strip().split(" ")[-1]
        for junk in ("$", "{", "}", "\\", "boxed", "<", ">"):
            word = word.replace(junk, "")
        items.append(_as_int(word))
    return _useful(items)


def _boxed(generation: str) -> list[Item] | None:
    found = last_boxed_only_string(generation)
    text = remove_boxed(found) if found is not None else generation
    text = text.replace("\\text{", "").replace("}", "").replace("\\", "")
    return _useful([_as_int(part.strip()) for part in text.strip().split(",")])


def _last_line(generation: str) -> list[Item] | None:
    line = generation.strip().lower().split("\n")[-1]
    items: list[Item] = []
    for part in line.strip().split(","):
        digits, _ = first_digit_run(part)
        if digits.strip():
            items.append(_as_int(digits.strip()))
    return _useful(items)


def _after_answer(generation: str, version: Version) -> list[Item]:
    tail = generation.split("Answer")[-1] if version == "2024" else generation.lower().split("answer:")[-1]
    items: list[Item] = []
    for i, part in enumerate(k.strip() for k in tail.split(",")):
        digits, dropped = first_digit_run(part)
        if digits != "" and (version == "2024" or digits != "₂"):
            try:
                items.append(int(digits))
            except ValueError:  # e.g. a superscript digit: isdigit() but not int(); LiveBench crashes here
                raise VerificationError(f"LiveBench's olympiad scorer fails on {digits!r}") from None
        if i > 0 and dropped > 0:
            break
    return items


def expression_order(generation: str, version: Version) -> tuple[list[Item], str]:
    """The answer's expression order and the step that read it."""
    if version == "2025-08":
        if "answer:" in generation.lower() and (found := _answer_line(generation)) is not None:
            return found, "answer-line"
        if "\\boxed" in generation and (found := _boxed(generation)) is not None:
            return found, "boxed"
        if (found := _last_line(generation)) is not None:
            return found, "last-line"
    return _after_answer(generation, version), "after-answer"


def edit_distance(a: list[Item], b: list[Item]) -> int:
    """Levenshtein distance between two sequences (insert, delete, substitute: cost 1)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def proof_score(gt: str, generation: str, version: Version) -> tuple[float, list[Item], str]:
    """LiveBench's partial-credit score for imo/usamo, the order read and the step that read it."""
    want: list[Item] = [int(n) for n in gt.split(",")]
    order, step = expression_order(generation, version)
    score = 1 - edit_distance(order, want) / max(len(order), len(want))
    return score, order, step

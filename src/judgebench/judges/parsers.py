"""Verdict parsers: one per reply format, each returning ``A>B``, ``B>A`` or ``A=B`` or raising ParseError.

A parser never guesses. Where upstream JudgeBench turned an unreadable reply into a decision (PandaLM and
JudgeLM into a tie, Skywork-Critic into whichever letter occurs first), ours raises :class:`ParseError`
with the raw reply, and a ``upstream_*`` function beside it reproduces upstream's rule so a judgment
record can report both (``judgment["upstream_decision"]``). Arena-Hard's and vanilla's rules are
upstream's exactly: their recorded decisions must replay unchanged.

Where ours departs from upstream (all listed in ``docs/judges.md``):

- ``pandalm``: only ``1``, ``2`` or ``tie`` on the first line decide (the line stripped); anything else
  fails (upstream: a tie).
- ``judge_lm``: the first line must hold exactly two finite numbers (split on commas and any whitespace);
  else it fails (upstream: ``[-1, -1]``, a tie).
- ``prometheus_2``: the ``[RESULT]`` family decides when present, else the looser patterns; two different
  letters fail (upstream took the first match anywhere, e.g. a ``[Response A`` mentioned in the feedback).
- ``auto_j``: a last "final decision is" followed by the instructions' own option list
  (``Response 1 / Response 2 / Tie``) is a quote, not a decision, and fails (upstream: Response 1).
- ``skywork_critic``: exactly one distinct ``[[A]]`` / ``[[B]]`` label (upstream: ``"A" in reply``, so
  "Assistant B is better: [[B]]" counted as A).
"""

from __future__ import annotations

import re

from judgebench.errors import ParseError
from judgebench.records import DECISIONS

_SHOWN = 200


class NoVerdictError(ParseError):
    """The reply holds no verdict at all (Arena-Hard then asks the model to continue)."""


def _fail(cls: type[ParseError], why: str, reply: str) -> ParseError:
    shown = reply if len(reply) <= _SHOWN else "…" + reply[-_SHOWN:]
    return cls(f"{why}: {shown!r}", raw=reply)


# -- vanilla (LLMBar) ----------------------------------------------------------------------------------------
def parse_vanilla(reply: str) -> str:
    """The stripped reply must be exactly ``Output (a)`` (A>B) or ``Output (b)`` (B>A)."""
    text = reply.strip()
    if text == "Output (a)":
        return "A>B"
    if text == "Output (b)":
        return "B>A"
    raise _fail(ParseError, "reply is neither 'Output (a)' nor 'Output (b)'", reply)


# -- arena_hard / compass_judger ----------------------------------------------------------------------------
ARENA_HARD_LABEL = re.compile(r"\[\[([AB<>=]+)\]\]")


def parse_arena_hard(text: str) -> str:
    """Upstream's rule on the whole judgment text: one distinct ``[[...]]`` label, ``>>`` folded to ``>``.

    Raises:
        NoVerdictError: no label at all.
        ParseError: several distinct labels (``[[A>>B]]`` and ``[[A>B]]`` count as two, as upstream), or a
            label that is no decision (``[[A<B]]``).
    """
    labels = {m for m in ARENA_HARD_LABEL.findall(text) if m}
    if not labels:
        raise _fail(NoVerdictError, "no [[verdict]] label", text)
    if len(labels) > 1:
        raise _fail(ParseError, f"several different verdict labels {sorted(labels)}", text)
    label: str = labels.pop()
    decision = label.strip("\n").replace(">>", ">").strip()
    if decision not in DECISIONS:
        raise _fail(ParseError, f"unknown verdict label [[{label}]]", text)
    return decision


# -- prometheus_2 -------------------------------------------------------------------------------------------
_PROMETHEUS_ANY = re.compile(
    r"""
    (?:
        \[RESULT\]|\[RESULT:\s*|
        \[Response\s+|
        \[Result\](?:\s+Response)?|
        \[Result:\s*|
        (?:^|\n)Result:?\s*
    )
    \s*
    (A|B)
    (?:\]|\s|$)
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_PROMETHEUS_RESULT = re.compile(r"\[RESULT(?:\]:?|:)(?:\s+Response)?\s*(A|B)(?:\]|\s|$)", re.IGNORECASE | re.MULTILINE)
_LETTER = {"A": "A>B", "B": "B>A"}


def upstream_prometheus(reply: str) -> str | None:
    """Upstream's rule: the first match of the pattern family anywhere; None when none."""
    m = _PROMETHEUS_ANY.search(reply)
    return _LETTER[m.group(1).upper()] if m else None


def parse_prometheus(reply: str) -> str:
    """``[RESULT] A`` / ``[RESULT] B`` (the explicit family first, then the looser ones); no tie."""
    for pattern in (_PROMETHEUS_RESULT, _PROMETHEUS_ANY):
        letters = {m.upper() for m in pattern.findall(reply)}
        if len(letters) == 1:
            return _LETTER[letters.pop()]
        if len(letters) > 1:
            raise _fail(ParseError, "two different results (A and B)", reply)
    raise _fail(ParseError, "no [RESULT] A or B", reply)


# -- auto_j -------------------------------------------------------------------------------------------------
_AUTOJ_MARK = "final decision is "
_AUTOJ_OPTIONS = ("response 1", "A>B"), ("response 2", "B>A"), ("tie", "A=B")


def upstream_auto_j(reply: str) -> str | None:
    """Upstream's rule: what follows the last "final decision is "; None when nothing readable."""
    text = reply.strip()
    pos = text.rfind(_AUTOJ_MARK)
    if pos == -1:
        return None
    rest = text[pos + len(_AUTOJ_MARK) :].strip().lower()
    return next((d for prefix, d in _AUTOJ_OPTIONS if rest.startswith(prefix)), None)


def parse_auto_j(reply: str) -> str:
    """The last "final decision is" followed by Response 1, Response 2 or Tie (the option list is a quote)."""
    text = reply.strip()
    pos = text.rfind(_AUTOJ_MARK)
    if pos == -1:
        raise _fail(ParseError, "no 'final decision is'", reply)
    rest = text[pos + len(_AUTOJ_MARK) :].strip().lower()
    if re.match(r"response 1\s*/\s*response 2", rest):
        raise _fail(ParseError, "the last 'final decision is' quotes the option list, not a decision", reply)
    for prefix, decision in _AUTOJ_OPTIONS:
        if rest.startswith(prefix):
            return decision
    raise _fail(ParseError, "'final decision is' not followed by Response 1, Response 2 or Tie", reply)


# -- skywork_critic -----------------------------------------------------------------------------------------
_SKYWORK_LABEL = re.compile(r"\[\[([AB])\]\]")


def upstream_skywork(reply: str) -> str | None:
    """Upstream's loose rule: ``A>B`` if the letter A occurs anywhere, else ``B>A`` if B does, else None."""
    if "A" in reply:
        return "A>B"
    if "B" in reply:
        return "B>A"
    return None


def parse_skywork(reply: str) -> str:
    """Strict: exactly one distinct ``[[A]]`` or ``[[B]]`` label."""
    letters = set(_SKYWORK_LABEL.findall(reply))
    if len(letters) == 1:
        return _LETTER[letters.pop()]
    if letters:
        raise _fail(ParseError, "both [[A]] and [[B]]", reply)
    raise _fail(ParseError, "no [[A]] or [[B]] label", reply)


# -- pandalm ------------------------------------------------------------------------------------------------
def upstream_pandalm(text: str) -> str:
    """Upstream's rule: first line ``1`` → A>B, ``2`` → B>A, anything else a tie."""
    first = text.strip().split("\n")[0]
    return {"1": "A>B", "2": "B>A"}.get(first, "A=B")


def parse_pandalm(text: str) -> str:
    """The first line is ``1`` (A>B), ``2`` (B>A) or ``Tie`` (A=B)."""
    first = text.strip().split("\n")[0].strip()
    if first == "1":
        return "A>B"
    if first == "2":
        return "B>A"
    if first.lower() == "tie":
        return "A=B"
    raise _fail(ParseError, "first line is not 1, 2 or Tie", text)


# -- judge_lm -----------------------------------------------------------------------------------------------
def _compare(a: float, b: float) -> str:
    return "A>B" if a > b else "B>A" if b > a else "A=B"


def upstream_judge_lm(text: str) -> str:
    """Upstream's rule: the first line split on single spaces (commas as spaces); else ``[-1, -1]`` (a tie)."""
    parts = text.split("\n")[0].replace(",", " ").split(" ")
    try:
        if len(parts) == 2:
            return _compare(float(parts[0]), float(parts[1]))
    except ValueError:
        pass
    return "A=B"


def judge_lm_scores(text: str) -> tuple[float, float]:
    """The two scores on the first line (commas or any whitespace between them)."""
    parts = text.split("\n")[0].replace(",", " ").split()
    if len(parts) != 2:
        raise _fail(ParseError, "first line does not hold exactly two scores", text)
    try:
        a, b = float(parts[0]), float(parts[1])
    except ValueError:
        raise _fail(ParseError, "first line's scores are not numbers", text) from None
    if a != a or b != b or abs(a) == float("inf") or abs(b) == float("inf"):
        raise _fail(ParseError, "first line's scores are not finite", text)
    return a, b


def parse_judge_lm(text: str) -> str:
    """Higher first-line score wins; equal scores are a tie (a real one: both numbers were read)."""
    return _compare(*judge_lm_scores(text))


# -- chat_eval referees -------------------------------------------------------------------------------------
def parse_referee(reply: str) -> str:
    """A ChatEval referee's verdict: one distinct ``[[A>B]]``/``[[B>A]]``/``[[A=B]]`` on the last non-empty line.

    Labels earlier in the reply (quoting another referee, say) do not count.
    """
    lines = [line for line in reply.strip().splitlines() if line.strip()]
    if not lines:
        raise _fail(ParseError, "empty reply", reply)
    labels = set(ARENA_HARD_LABEL.findall(lines[-1]))
    if not labels:
        raise _fail(ParseError, "no [[verdict]] label on the last line", reply)
    if len(labels) > 1:
        raise _fail(ParseError, f"several verdict labels on the last line {sorted(labels)}", reply)
    label: str = labels.pop()
    decision = label.replace(">>", ">")
    if decision not in DECISIONS:
        raise _fail(ParseError, f"unknown verdict label [[{label}]]", reply)
    return decision

r"""LiveBench math rules (livebench/math; White et al. 2024, arXiv 2406.19314), as scored in JudgeBench's era.

Dispatch follows LiveBench's ``task_or_subtask`` (``subtask`` when present, else ``task``):

- ``amc*`` / ``smc`` / ``updated_amc*``: the GT letter four times anywhere in the response, else the last
  ``\\boxed{}`` equal to the letter, else the answer's *value* (read from the question's ``\\textbf{(X) }v``
  choices) within the last ``20 + len(v)`` characters. ``version="head"`` first tries ``<solution>`` tags.
- ``aime*``: the three-digit GT within the last 20 characters (``head``: ``<solution>``, then 50).
- ``*amps_hard*``: the last ``\\boxed{}`` (``+C`` removed), normalised as Minerva/LiveBench do, parsed from
  LaTeX with latex2sympy2 and compared with sympy: ``simplify(gt - ans) == 0`` or, for numbers, an absolute
  difference below 1e-3 (LiveBench's tolerance). A comparison that runs past ``timeout_s`` (60 s, as LiveBench
  HEAD) is *unverifiable*.
- ``olympiad`` / ``imo`` / ``usamo``: the comma-separated expression order after the last ``Answer``; LiveBench
  gives partial credit (edit distance), here only an exact order is *correct*.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any, Literal

from judgebench.build.base import Check, Outcome, Question
from judgebench.build.verifiers.timeouts import CheckTimeout, time_limit

Version = Literal["2024", "head"]


def last_boxed(text: str) -> str | None:
    r"""The content of the last ``\\boxed{...}`` / ``\\fbox{...}`` (braces matched), or None."""
    if "\\boxed " in text:
        return text.split("\\boxed ")[-1].split("$")[0].strip()
    start = max(text.rfind("\\boxed"), text.rfind("\\fbox"))
    if start < 0:
        return None
    brace = text.find("{", start)
    if brace < 0:
        return None
    depth = 0
    for i in range(brace, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[brace + 1 : i]
    return None


def _solution_tag(text: str) -> str | None:
    found = re.findall(r"<solution>(.*?)</solution>", text, re.S)
    return found[-1].strip() if found else None


def _choice_values(question_text: str) -> dict[str, str]:
    pairs = re.findall(r"\\textbf{\(([A-E])\)\s?}(.*?)(?:\\qquad|\$)", question_text)
    return {letter: value.strip().replace("$", "").replace("~", "") for letter, value in pairs}


def amc_check(gt: str, response: str, question_text: str, version: Version) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted) for AMC/SMC multiple choice."""
    if version == "head":
        tag = _solution_tag(response)
        if tag:
            letters = tag.replace("*", "").strip().upper()
            return bool(letters) and set(letters) == {gt}, "solution-tag", tag
    if gt * 4 in response:
        return True, "letter-x4", gt * 4
    boxed = last_boxed(response)
    if boxed is not None and boxed == gt:
        return True, "boxed-letter", boxed
    value = _choice_values(question_text).get(gt, "FAILURE")
    if value and value in response[-(20 + len(value)) :]:
        return True, "answer-value-in-tail", value
    return False, "no-match", boxed


def aime_check(gt: str, response: str, version: Version) -> tuple[bool, str, str | None]:
    """(passed, rule, extracted) for AIME three-digit answers."""
    if version == "head":
        tag = _solution_tag(response)
        if tag is not None:
            return tag == gt, "solution-tag", tag
        return gt in response[-50:], "tail-50", response[-50:]
    return gt in response[-20:], "tail-20", response[-20:]


_SIMPLE_MARKUP = (r"\\text\{(.*?)\}", r"\\textbf\{(.*?)\}", r"\\overline\{(.*?)\}")


def normalize_final_answer(answer: str) -> str:
    """LiveBench's (Minerva-derived) normalisation of a boxed answer."""
    answer = answer.split("=")[-1]
    answer = re.sub(r"(.*?)(\$)(.*?)(\$)(.*)", r"$\3$", answer)
    for pattern in _SIMPLE_MARKUP:
        answer = re.sub(pattern, r"\1", answer)
    answer = re.sub(r"\\boxed\{(.*)\}", r"\1", answer)
    answer = re.sub(r"(frac)([^{])(.)", r"frac{\2}{\3}", answer)
    answer = re.sub(r"(sqrt)([^{])", r"sqrt{\2}", answer)
    answer = answer.replace("$", "").strip()
    if answer.replace(",", "").isdigit():
        answer = answer.replace(",", "")
    return answer


def parse_tex(text: str) -> Any:
    """A sympy expression from LaTeX (latex2sympy2, the parser Math-Verify uses)."""
    return importlib.import_module("latex2sympy2_extended").latex2sympy(text)


def tex_equivalent(gt: str, answer: str) -> bool:
    """LiveBench's ``is_equiv``: zero symbolic difference, or a numeric one below 1e-3 in absolute value."""
    import sympy

    try:
        diff = sympy.simplify(parse_tex(gt) - parse_tex(answer))
    except CheckTimeout:
        raise
    except Exception:  # a parse or algebra failure: LiveBench scores it 0
        return False
    if diff == 0:
        return True
    if getattr(diff, "is_number", False):
        try:
            return bool(abs(complex(sympy.N(diff))) < 1e-3)
        except (TypeError, ValueError):
            return False
    return False


def olympiad_order(response: str) -> list[int]:
    """The expression indices after the last ``Answer`` (LiveBench 2024's proof-rearrangement parsing)."""
    tail = response.split("Answer")[-1]
    out: list[int] = []
    for token in tail.split(","):
        digits = "".join(ch for ch in token if ch.isdigit())
        if not digits:
            continue
        out.append(int(digits))
        if digits != token.strip():
            break
    return out


@dataclass(slots=True)
class LiveBenchMathVerifier:
    """LiveBench's math rules; ``version`` picks the 2024 scorer (JudgeBench's) or LiveBench HEAD's extras."""

    name: str = "livebench-math"
    version: Version = "2024"
    timeout_s: float = 60.0

    def check(self, question: Question, response: str) -> Check:
        """Dispatch on the question's subtask/task like LiveBench's ``gen_ground_truth_judgment``."""
        gt = str(question.ground_truth)
        kind = str(question.metadata.get("subtask") or question.task)
        if kind.startswith(("amc", "smc", "updated_amc")) or kind.split("_")[:2][-1:] == ["amc"]:
            if gt not in tuple("ABCDE"):
                return Check(Outcome.UNVERIFIABLE, None, "bad-ground-truth", f"AMC answer must be A-E, got {gt!r}")
            ok, rule, got = amc_check(gt, response, question.prompt, self.version)
        elif kind.startswith("aime"):
            ok, rule, got = aime_check(gt, response, self.version)
        elif "amps_hard" in kind.lower():
            return self._amps(gt, response)
        elif kind in ("olympiad", "imo", "usamo"):
            order = olympiad_order(response)
            want = [int(x) for x in gt.split(",")]
            ok, rule, got = order == want, "answer-order", ",".join(map(str, order))
        else:
            return Check(Outcome.UNVERIFIABLE, None, "unknown-task", f"no LiveBench math rule for {kind!r}")
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, got, rule)

    def _amps(self, gt: str, response: str) -> Check:
        cleaned = response.replace("+C", "").replace("+ C", "")
        if self.version == "head":
            cleaned = cleaned.replace("+ c", "").replace("+c", "")
        boxed = last_boxed(cleaned)
        if boxed is None:
            return Check(Outcome.INCORRECT, None, "no-boxed-answer")
        answer = normalize_final_answer(boxed)
        try:
            with time_limit(self.timeout_s):
                ok = tex_equivalent(gt, answer)
        except CheckTimeout:
            return Check(Outcome.UNVERIFIABLE, answer, "sympy-equivalence", f"sympy ran past {self.timeout_s:g} s")
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, answer, "sympy-equivalence")

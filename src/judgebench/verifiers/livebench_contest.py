r"""LiveBench's math_comp rules (``process_results/math/math_competitions/utils.py``): AMC/SMC and AIME.

Two versions, each rule in LiveBench's order; the first that fires decides (``rule`` names it):

======================  ===========================================  ==========================================
rule                    ``2024`` (ed36110, JudgeBench's era)          ``2025-08`` (fc6c6080, the shared questions)
======================  ===========================================  ==========================================
``solution-tag``        –                                            last ``<solution>…</solution>`` (one line)
                                                                     made of one character, the GT letter in
                                                                     either case
``letter-x4``           the GT letter four times anywhere            same
``boxed-letter``        last box content ``== gt`` exactly           last box with ``\text{``, ``}`` and ``\``
                                                                     removed, lowercased, one of a-e, ``== gt``
``answer-value-in-tail``  the GT choice's value (from the question's  same
                        ``\textbf{(X) }value``) in the last
                        ``20 + len(value)`` characters
``last-line``           –                                            the last line without ``*`` equals the
                                                                     letter, or its first ``(…)`` holds it
======================  ===========================================  ==========================================

AIME: the GT digits within the last 20 (``2024``) or 50 (``2025-08``) characters.
"""

from __future__ import annotations

import re
from typing import Literal

from judgebench.verifiers.livebench_boxed import last_boxed_only_string, remove_boxed

Version = Literal["2024", "2025-08"]
Verdict = tuple[bool, str, "str | None"]

_CHOICE = re.compile(r"\\textbf{\(([A-E])\)\s?}(.*?)(?:\\qquad|\$)")
_SOLUTION = re.compile(r"<solution>(.*?)</solution>")


def choice_value(question_text: str, letter: str) -> str:
    """The text of answer choice ``letter`` as LiveBench's ``extract_answer`` reads it (``FAILURE`` if absent)."""
    values = {found[0]: found[1].strip() for found in _CHOICE.findall(question_text)}
    value = values.get(letter) or "FAILURE"
    return value.strip().strip("$").strip("~")


def _solution_tag(gt: str, response: str) -> bool:
    found = _SOLUTION.findall(response)
    if not found:
        return False
    chars = set(found[-1])
    return len(chars) == 1 and next(iter(chars)).lower() == gt.lower()


def _boxed_letter(gt: str, response: str, version: Version) -> tuple[bool, str | None]:
    found = last_boxed_only_string(response)
    if not found:
        return False, None
    content = remove_boxed(found)
    if version == "2024":
        return content == gt, content
    letter = content.replace("\\text{", "").replace("}", "").replace("\\", "").lower()
    return letter in ("a", "b", "c", "d", "e") and letter == gt.lower(), letter


def _last_line(gt: str, response: str) -> bool:
    line = response.strip().split("\n")[-1]
    if line.strip().replace("*", "").lower() == gt.lower():
        return True
    if "(" in line and ")" in line:
        return line.split("(")[1].split(")")[0].lower() == gt.lower()
    return False


def amc_check(gt: str, response: str, question_text: str, version: Version) -> Verdict:
    """(passed, rule, extracted) for AMC/SMC; ``gt`` must be one letter A-E (the caller checks)."""
    if version == "2025-08" and _solution_tag(gt, response):
        return True, "solution-tag", gt
    if gt * 4 in response:
        return True, "letter-x4", gt * 4
    # LiveBench replaces a literal double-backslash fbox here; kept, since later rules read the same text
    response = response.replace("\\\\fbox{", "\\\\boxed{")
    ok, boxed = _boxed_letter(gt, response, version)
    if ok:
        return True, "boxed-letter", boxed
    value = choice_value(question_text, gt)
    if value in response[-(20 + len(value)) :]:
        return True, "answer-value-in-tail", value
    if version == "2025-08" and _last_line(gt, response):
        return True, "last-line", response.strip().split("\n")[-1][-40:]
    return False, "no-match", boxed


def aime_check(gt: str, response: str, version: Version) -> Verdict:
    """(passed, rule, extracted) for AIME three-digit answers."""
    span = 20 if version == "2024" else 50
    tail = response[-span:]
    return gt in tail, f"tail-{span}", tail

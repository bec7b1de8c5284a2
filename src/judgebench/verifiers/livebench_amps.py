r"""LiveBench's AMPS_Hard rule (``process_results/math/AMPS_Hard/utils.py``, after lm-eval's minerva_math).

``2024`` (ed36110, JudgeBench's era): drop ``+C`` / ``+ C``; take the last box (none: incorrect); normalise
(:func:`normalize_final_answer`); correct iff ``|simplify(gt - answer)| < 1e-3`` (a symbolic difference
cannot be compared, so it is incorrect).

``2025-08`` (fc6c6080, the commit of the shared questions), in LiveBench's order:

1. clean the response: drop ``+C``, ``+ C``, ``+ c``, ``+c``; ``\dfrac``/``\tfrac`` → ``\frac``; drop
   ``\left``, ``\right``, ``\bigl``, ``\bigr``, ``\Bigl``, ``\Bigr``, ``\,``, ``\;`` and newlines;
   ``\cdot`` → ``*``. Clean the ground truth: drop ``\left``/``\right``, ``" ^"`` → ``^``, ``"\ "`` → ``*``;
2. ``boxed``: the last box, normalised;
3. ``last-dollar``: else the last ``$…$`` (or ``$$…$$``) of the (now single-line) response: its right-hand
   side after the last ``=``, or after ``\quad \text{or} \quad``, normalised;
4. ``sympy-equivalence``: for steps 2-3, every reading of both sides (sympy's lark LaTeX parser returns
   all parses of an ambiguous input) is compared: ``simplify(gt - answer) == 0`` or
   ``|simplify(gt - answer)| < 1e-3``; any pair that matches makes the answer correct;
5. ``gt-tail``: with neither, the answer (minus one trailing ``.``) must end with the ground truth.

Parsing is LiveBench's chain: ``parse_latex(x, backend="lark")``, then the same with ``\\`` → ``\``, then a
third parser. LiveBench's third parser is sympy's ANTLR backend, which needs ``antlr4-python3-runtime``
4.11 exactly; Math-Verify needs 4.13, so the third parser here is latex2sympy2 (which LiveBench itself
switched to later). LiveBench's last resort, asking an OpenAI model when sympy says no (only with
``OPENAI_API_KEY`` set), is not followed: a verdict here never depends on a network call.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable
from typing import Any, Literal

Version = Literal["2024", "2025-08"]

_RESPONSE_DROPS = ("+C", "+ C", "+ c", "+c")
_RESPONSE_EDITS = (
    ("\\\\fbox{", "\\\\boxed{"),
    ("\\dfrac", "\\frac"),
    ("\\tfrac", "\\frac"),
    ("\\left", ""),
    ("\\right", ""),
    ("\\bigl", ""),
    ("\\bigr", ""),
    ("\\Bigl", ""),
    ("\\Bigr", ""),
    ("\\,", ""),
    ("\\;", ""),
    ("\n", ""),
    ("\\cdot", "*"),
)
_GT_EDITS = (("\\left", ""), ("\\right", ""), (" ^", "^"), ("\\ ", "*"))
_OR = "\\quad \\text{or} \\quad"


def clean_response(response: str, version: Version) -> str:
    """The response after LiveBench's textual clean-up (step 1)."""
    drops = _RESPONSE_DROPS if version == "2025-08" else _RESPONSE_DROPS[:2]
    for junk in drops:
        response = response.replace(junk, "")
    edits = _RESPONSE_EDITS if version == "2025-08" else _RESPONSE_EDITS[:1]
    for old, new in edits:
        response = response.replace(old, new)
    return response


def clean_ground_truth(gt: str) -> str:
    """The ground truth after LiveBench 2025-08's clean-up."""
    for old, new in _GT_EDITS:
        gt = gt.replace(old, new)
    return gt


def normalize_final_answer(answer: str, version: Version = "2025-08") -> str:
    """Minerva's normalisation (Lewkowycz et al. 2022, App. D) as LiveBench applies it."""
    answer = answer.split("=")[-1]
    answer = re.sub(r"(.*?)(\$)(.*?)(\$)(.*)", "$\\3$", answer)
    answer = re.sub(r"(\\text\{)(.*?)(\})", "\\2", answer)
    answer = re.sub(r"(\\textbf\{)(.*?)(\})", "\\2", answer)
    answer = re.sub(r"(\\overline\{)(.*?)(\})", "\\2", answer)
    answer = re.sub(r"(\\boxed\{)(.*)(\})", "\\2", answer)
    answer = re.sub(r"(frac)([^{])(.)", "frac{\\2}{\\3}", answer)
    answer = re.sub(r"(sqrt)([^{\[])" if version == "2025-08" else r"(sqrt)([^{])", "sqrt{\\2}", answer)
    answer = answer.replace("$", "")
    if answer.replace(",", "").isdigit():
        answer = answer.replace(",", "")
    return answer


def last_dollar_math(response: str) -> str | None:
    """Step 3: the last ``$…$`` block of the response's last line, right-hand side only (None: no block)."""
    line = response.split("\n")[-1]
    if line.count("$") < 2:
        return None
    close = line.rfind("$")
    if line[close - 1] == "$":
        close -= 1
    math = line[line.rfind("$", 0, close) + 1 : close]
    if "=" in math:
        math = math.split("=")[-1].strip()
    elif _OR in math:
        math = math.split(_OR)[-1].strip()
    return math


def _lark_parse(text: str) -> list[Any]:
    from sympy.parsing.latex import parse_latex

    parsed = parse_latex(text, backend="lark")
    lark = importlib.import_module("lark")
    return list(parsed.children) if isinstance(parsed, lark.Tree) else [parsed]


def _latex2sympy(text: str) -> list[Any]:
    return [importlib.import_module("latex2sympy2_extended").latex2sympy(text)]


def parse_readings(text: str, version: Version) -> list[Any]:
    """Every sympy reading of a LaTeX string ([] when no parser can read it)."""
    attempts: list[tuple[Callable[[str], list[Any]], str]] = [(_latex2sympy, text)]
    if version == "2025-08":
        attempts = [(_lark_parse, text), (_lark_parse, text.replace("\\\\", "\\")), (_latex2sympy, text)]
    for parser, source in attempts:
        try:
            return parser(source)
        except Exception:  # a parse failure: LiveBench tries the next parser
            continue
    return []


def _matches(diff: Any, version: Version) -> bool:
    import sympy

    try:
        simple = sympy.simplify(diff)
    except Exception:  # LiveBench simplifies in both tests below: the error repeats, and neither holds
        return False
    if version == "2025-08":
        try:
            if simple == 0:
                return True
        except Exception:  # LiveBench collects the error and goes on to the tolerance test
            pass
    try:
        return bool(sympy.Abs(simple) < 0.001)
    except Exception:  # a symbolic difference has no truth value: not equal
        return False


def is_equiv(gt: str, answer: str, version: Version) -> bool:
    """LiveBench's ``is_equiv``: some reading of each side differs by 0 or by less than 1e-3."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        answers: list[Any] | None = None  # read once, and only when the ground truth has a reading
        for left in parse_readings(gt, version):
            if answers is None:
                answers = parse_readings(answer, version)
            for right in answers:
                try:
                    diff = left - right
                except Exception:  # e.g. a matrix minus a number: LiveBench skips the pair
                    continue
                if _matches(diff, version):
                    return True
    return False

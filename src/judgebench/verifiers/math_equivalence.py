"""Math-Verify as a second opinion for math answers (huggingface/Math-Verify).

Math-Verify extracts the final answer more robustly than LiveBench (unboxed LaTeX, plain expressions, sets,
intervals, matrices) and compares with sympy, but it is not LiveBench's rule: it rounds floats to 6 places
instead of allowing an absolute error of 1e-3, keeps ``+C`` as a symbol, and may pick another expression than
the last box. So it is used to *report disagreements* with the primary rule, never to relabel. Before
comparing, ``+C`` is dropped (LiveBench does), and boxed answers get the top priority as its README advises
when models were asked to box. Multiple-choice ground truths (a letter A-E) are matched as strings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from judgebench.errors import MissingExtraError
from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.timeouts import CheckTimeout, time_limit


def _math_verify() -> Any:
    try:
        import math_verify
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise MissingExtraError("math-verify", "math") from exc
    # it warns on every call that its own timeouts are off; ours (time_limit) wrap each check instead
    for name in ("math_verify", "math_verify.parser", "math_verify.grader"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return math_verify


@dataclass(slots=True)
class MathVerifyVerifier:
    """Math-Verify's verdict on a math response (a second opinion next to the LiveBench rules)."""

    name: str = "math-verify"
    timeout_s: float = 10.0

    def _configs(self, mv: Any, gt: str) -> tuple[list[Any], list[Any]]:
        if len(gt) == 1 and gt in "ABCDE":
            strings = mv.StringExtractionConfig(strings=tuple("ABCDE"), lowercase=False)
            return [strings], [strings]
        latex = mv.LatexExtractionConfig(boxed_match_priority=0)
        return [mv.LatexExtractionConfig(), mv.ExprExtractionConfig()], [latex, mv.ExprExtractionConfig()]

    def check(self, question: Question, response: str) -> Check:
        """Correct iff Math-Verify finds the response's answer equivalent to the ground truth."""
        mv = _math_verify()
        gt = str(question.ground_truth).strip()
        gold_cfg, pred_cfg = self._configs(mv, gt)
        inner = None  # its own SIGALRM timeouts fail outside the main thread; ours wraps the whole check
        response = response.replace("+C", "").replace("+ C", "")
        try:
            with time_limit(self.timeout_s):
                gold = mv.parse(gt if len(gt) == 1 else f"${gt}$", extraction_config=gold_cfg, parsing_timeout=inner)
                pred = mv.parse(response, extraction_config=pred_cfg, parsing_timeout=inner)
                if not gold:
                    return Check(Outcome.UNVERIFIABLE, None, "math-verify", f"cannot parse the ground truth {gt!r}")
                ok = mv.verify(gold, pred, timeout_seconds=inner, raise_on_error=False)
        except CheckTimeout:
            return Check(Outcome.UNVERIFIABLE, None, "math-verify", f"ran past {self.timeout_s:g} s")
        except Exception as exc:  # Math-Verify's own failure is the checker's, not the response's
            return Check(Outcome.UNVERIFIABLE, None, "math-verify", f"{type(exc).__name__}: {exc}"[:200])
        extracted = str(pred[-1]) if pred else None
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, extracted, "math-verify")

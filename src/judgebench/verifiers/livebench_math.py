r"""LiveBench math rules (livebench/math; White et al. 2024, arXiv 2406.19314), ported branch by branch.

``version`` picks the scorer: ``"2024"`` is LiveBench at ed36110, the one JudgeBench's labels follow (the
default, used by ``build`` and ``audit``); ``"2025-08"`` is LiveBench at fc6c6080, the commit the shared
question files come from and what ``judgebench verify`` uses, so its verdicts agree with LiveBench's own
``gen_ground_truth_judgment`` on those questions. Dispatch follows LiveBench's ``task_or_subtask``
(``subtask`` when present, else ``task``), split on ``_``:

- ``amc*`` / ``smc*`` / ``*_amc_*`` (e.g. ``updated_amc_12a_2023``): :mod:`.livebench_contest`; the ground
  truth must be one letter A-E (else *unverifiable*, where LiveBench raises);
- ``aime*``: :mod:`.livebench_contest`;
- ``imo*`` / ``usamo*`` (olympiad): :mod:`.livebench_olympiad`, *correct* only at LiveBench score 1;
- anything containing ``amps_hard``: :mod:`.livebench_amps`.

``2025-08`` first removes ``<think>…</think>`` blocks, as LiveBench's dispatcher does. A comparison that runs
past ``timeout_s`` (60 s), or a response on which LiveBench's own scorer raises (e.g. its ``remove_boxed``
assertion), is *unverifiable*, never *incorrect*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from judgebench.errors import VerificationError
from judgebench.verifiers.base import Check, Outcome, Question
from judgebench.verifiers.livebench_amps import (
    clean_ground_truth,
    clean_response,
    is_equiv,
    last_dollar_math,
    normalize_final_answer,
)
from judgebench.verifiers.livebench_boxed import last_boxed_only_string, remove_boxed
from judgebench.verifiers.livebench_contest import aime_check, amc_check
from judgebench.verifiers.livebench_olympiad import proof_score
from judgebench.verifiers.timeouts import CheckTimeout, time_limit

Version = Literal["2024", "2025-08"]
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


def task_kind(question: Question) -> str:
    """Which rule family LiveBench's dispatcher picks: amc, aime, proof, amps or '' (none)."""
    name = str(question.metadata.get("subtask") or question.task)
    parts = name.split("_")
    if parts[0] in ("amc", "smc") or (len(parts) > 1 and parts[1] == "amc"):
        return "amc"
    if parts[0] == "aime":
        return "aime"
    if parts[0] in ("imo", "usamo") or name == "olympiad":
        return "proof"
    if "amps_hard" in name.lower():
        return "amps"
    return ""


@dataclass(slots=True)
class LiveBenchMathVerifier:
    """LiveBench's math rules at one of two commits (see the module docstring)."""

    name: str = "livebench-math"
    version: Version = "2024"
    timeout_s: float = 60.0

    def check(self, question: Question, response: str) -> Check:
        """Dispatch on the question's subtask/task like LiveBench's ``gen_ground_truth_judgment``."""
        gt = str(question.ground_truth)
        kind = task_kind(question)
        if self.version == "2025-08":
            response = _THINK.sub("", response)
        try:
            if kind == "amc":
                if len(gt) != 1 or gt not in "ABCDE":
                    return Check(Outcome.UNVERIFIABLE, None, "bad-ground-truth", f"AMC answer must be A-E, got {gt!r}")
                ok, rule, got = amc_check(gt, response, question.prompt, self.version)
            elif kind == "aime":
                ok, rule, got = aime_check(gt, response, self.version)
            elif kind == "proof":
                score, order, rule = proof_score(gt, response, self.version)
                got, ok = ",".join(map(str, order)), score == 1
                outcome = Outcome.CORRECT if ok else Outcome.INCORRECT
                return Check(outcome, got, rule, f"LiveBench score {score:.4f}")
            elif kind == "amps":  # LiveBench takes the last of a list of ground truths here
                truth = question.ground_truth
                return self._amps(str(truth[-1]) if isinstance(truth, list) and truth else gt, response)
            else:
                name = question.metadata.get("subtask") or question.task
                return Check(Outcome.UNVERIFIABLE, None, "unknown-task", f"no LiveBench math rule for {name!r}")
        except VerificationError as exc:
            return Check(Outcome.UNVERIFIABLE, None, "livebench-scorer-error", str(exc))
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, got, rule)

    def _amps(self, gt: str, response: str) -> Check:
        cleaned = clean_response(response, self.version)
        if self.version == "2025-08":
            gt = clean_ground_truth(gt)
        found = last_boxed_only_string(cleaned)
        answer, rule = None, "boxed"
        if found:
            answer = normalize_final_answer(remove_boxed(found), self.version)
        elif self.version == "2025-08" and (math := last_dollar_math(cleaned)) is not None:
            answer, rule = normalize_final_answer(math, self.version), "last-dollar"
        if answer is None:
            if self.version == "2024":
                return Check(Outcome.INCORRECT, None, "no-boxed-answer")
            tail = cleaned[:-1] if cleaned.endswith(".") else cleaned
            ok = gt == tail[-len(gt) :]
            return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, tail[-len(gt) :], "gt-tail")
        try:
            with time_limit(self.timeout_s):
                ok = is_equiv(gt, answer, self.version)
        except CheckTimeout:
            return Check(Outcome.UNVERIFIABLE, answer, rule, f"sympy ran past {self.timeout_s:g} s")
        return Check(Outcome.CORRECT if ok else Outcome.INCORRECT, answer, rule)

"""The built-in verifiers' registrations (loaded by :data:`judgebench.verifiers.base.VERIFIERS` on first use)."""

from __future__ import annotations

from functools import partial

from judgebench.verifiers.base import VERIFIERS
from judgebench.verifiers.code_execution import CodeExecutionVerifier
from judgebench.verifiers.livebench_math import LiveBenchMathVerifier
from judgebench.verifiers.livebench_reasoning import LiveBenchReasoningVerifier
from judgebench.verifiers.math_equivalence import MathVerifyVerifier
from judgebench.verifiers.mmlu_pro import MmluProVerifier

__all__ = [
    "CodeExecutionVerifier",
    "LiveBenchMathVerifier",
    "LiveBenchReasoningVerifier",
    "MathVerifyVerifier",
    "MmluProVerifier",
]

VERIFIERS.add("mmlu-pro", MmluProVerifier)
VERIFIERS.add("mmlu-pro-strict", partial(MmluProVerifier, name="mmlu-pro-strict", rule="strict"))
VERIFIERS.add("mmlu-pro-official", partial(MmluProVerifier, name="mmlu-pro-official", rule="official"))
VERIFIERS.add("livebench-math", LiveBenchMathVerifier)
VERIFIERS.add("livebench-math-2025", partial(LiveBenchMathVerifier, name="livebench-math-2025", version="2025-08"))
VERIFIERS.add("livebench-reasoning", LiveBenchReasoningVerifier)
VERIFIERS.add("math-verify", MathVerifyVerifier)
VERIFIERS.add("livecodebench", CodeExecutionVerifier)
VERIFIERS.add("livecodebench-2024", partial(CodeExecutionVerifier, name="livecodebench-2024", extraction="first"))

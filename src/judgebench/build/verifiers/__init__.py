"""Built-in verifiers, registered in :data:`judgebench.build.base.VERIFIERS` on import.

=====================  ==========================================================================
name                   checks
=====================  ==========================================================================
``mmlu-pro``           the last run of five identical letters A-J (JudgeBench's rule)
``mmlu-pro-strict``    the same with word boundaries (the public pipeline template)
``mmlu-pro-official``  MMLU-Pro's own ``answer is (X)`` extraction chain
``livebench-math``     LiveBench's math_comp (AMC/SMC, AIME), AMPS_Hard and olympiad rules (2024, ed36110)
``livebench-math-2025``  the same rules at fc6c6080 (2025-08, the shared questions' commit; ``verify``)
``livebench-reasoning``  web_of_lies v2/v3, zebra_puzzle (by release date), spatial, house_traversal
``math-verify``        Math-Verify's equivalence (a second opinion for math)
``livecodebench``      runs the code against the tests in the sandbox (LCB's comparison)
``livecodebench-2024``   the same with LCB's 2024 code extraction (first fenced block)
=====================  ==========================================================================

Every factory takes no arguments and returns a picklable, stateless verifier, so a process pool can carry
it; construct the classes directly for other options.
"""

from __future__ import annotations

from functools import partial

from judgebench.build.base import VERIFIERS
from judgebench.build.verifiers.code_execution import CodeExecutionVerifier
from judgebench.build.verifiers.livebench_math import LiveBenchMathVerifier
from judgebench.build.verifiers.livebench_reasoning import LiveBenchReasoningVerifier
from judgebench.build.verifiers.math_equivalence import MathVerifyVerifier
from judgebench.build.verifiers.mmlu_pro import MmluProVerifier

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

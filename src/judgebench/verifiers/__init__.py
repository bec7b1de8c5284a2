"""Verifiers: the seam (:mod:`.base`), the built-ins (registered by :mod:`.builtin`), label audits, the LLM checker.

The built-in verifiers:

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

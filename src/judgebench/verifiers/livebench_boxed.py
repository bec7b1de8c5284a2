r"""LiveBench's ``\\boxed{}`` helpers (``livebench/process_results/util.py``), with their exact edge cases.

LiveBench's scorers find "the answer" with two small functions whose quirks decide many verdicts:

- :func:`last_boxed_only_string`: if ``"\\boxed "`` (a space after ``boxed``) occurs anywhere, the answer is
  everything after its *last* occurrence up to the next ``$``; otherwise brace counting starts at the last
  ``\\boxed`` (or, without one, the last ``\\fbox``) and counts every brace from there, so ``\\boxed\\text{B}``
  yields ``\\boxed\\text{B}``. ``$`` signs are dropped and ``fbox`` becomes ``boxed``.
- :func:`remove_boxed`: strips ``\\boxed `` or ``\\boxed{`` … ``}``. LiveBench *asserts* the shape, so a
  string like ``\\boxed\\text{B}`` makes LiveBench's whole judging run fail; here that raises
  :class:`~judgebench.errors.VerificationError`, which the verifiers report as *unverifiable*.
"""

from __future__ import annotations

from judgebench.errors import VerificationError

_SPACE = "\\boxed "
_BRACE = "\\boxed{"


def last_boxed_only_string(text: str) -> str | None:
    r"""The last ``\\boxed ...`` / ``\\boxed{...}`` (or ``\\fbox{...}``) as LiveBench slices it, or None."""
    if _SPACE in text:
        return _SPACE + text.split(_SPACE)[-1].split("$")[0]
    start = text.rfind("\\boxed")
    if start < 0:
        start = text.rfind("\\fbox")
        if start < 0:
            return None
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1].replace("$", "").replace("fbox", "boxed")
    return None


def remove_boxed(boxed: str) -> str:
    r"""The content of a :func:`last_boxed_only_string` result; raises where LiveBench's asserts fail."""
    if _SPACE in boxed:
        if not boxed.startswith(_SPACE):
            raise VerificationError(f"LiveBench's remove_boxed rejects {boxed[:60]!r} (boxed-space not at start)")
        return boxed[len(_SPACE) :]
    if not (boxed.startswith(_BRACE) and boxed.endswith("}")):
        raise VerificationError(f"LiveBench's remove_boxed rejects {boxed[:60]!r} (not \\boxed{{...}})")
    return boxed[len(_BRACE) : -1]


def last_boxed(text: str) -> str | None:
    r"""The content of the last ``\\boxed{...}`` / ``\\fbox{...}``, braces matched from its first ``{``, or None.

    A lenient reader (the reasoning rules use it); the math scorers use the exact pair above.
    """
    if _SPACE in text:
        return text.split(_SPACE)[-1].split("$")[0].strip()
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

"""One colour per judge, shared by every chart of a report (and by any chart added later).

:func:`judge_colors` is the only place colours are given to judges: sort the judges' names, give them the
palette in that order (Okabe-Ito first, readable by colour-blind readers, then Paul Tol's muted set), and
cycle past its end. A judge therefore keeps its colour in every chart of one report, and in every report
drawn from the same set of judges. Things that are not judges (a solver, a reference line) use
:data:`NEUTRAL`, which no judge gets.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Okabe-Ito without its grey and yellow (too pale on white), then Paul Tol's muted palette.
JUDGE_PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#882255",
    "#117733",
    "#332288",
    "#999933",
    "#AA4499",
    "#44AA99",
)
#: For what is not a judge.
NEUTRAL = "#8C8C8C"


def judge_colors(names: Iterable[str]) -> dict[str, str]:
    """``{judge name: colour}``: names sorted, the palette taken in order (cycling when there are more)."""
    ordered = sorted(set(names))
    return {name: JUDGE_PALETTE[i % len(JUDGE_PALETTE)] for i, name in enumerate(ordered)}

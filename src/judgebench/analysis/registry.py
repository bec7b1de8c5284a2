"""The analyses registry: each analysis declares its name, help, options and computation.

An :class:`Analysis` computes from files (``compute(files, *, iterations, seed, **options)``, returning an
object with ``to_dict()``: what ``--json`` prints). ``judgebench analyze NAME FILE...`` and
:func:`judgebench.analyze` both come from this registry; a third-party package adds an analysis by publishing
an :class:`Analysis` in the ``judgebench.analyses`` entry-point group. Built-ins are declared at the bottom and
imported on first use. Analysis knows nothing of how results are drawn: the built-ins' terminal views register
themselves by analysis name in :mod:`judgebench.reporting.analysis_views` (one way: reporting → analysis); a
plugin's analysis may carry its own ``view``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from judgebench.errors import ConfigError
from judgebench.registry import Registry, load_target


class Result(Protocol):
    """What an analysis returns: anything with a JSON form."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``judgebench analyze ... --json``)."""
        ...


R = TypeVar("R", bound=Result)


@dataclass(slots=True)
class Results(Generic[R]):
    """One result per file, in the order the files were given."""

    items: list[R]

    def to_dict(self) -> dict[str, Any]:
        """``{"results": [...]}``."""
        return {"results": [r.to_dict() for r in self.items]}

    def __iter__(self) -> Iterator[R]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> R:
        return self.items[i]


@dataclass(frozen=True, slots=True)
class Option:
    """An option of an analysis beyond files, ``--bootstrap`` and ``--seed`` (a keyword of ``compute``)."""

    name: str
    help: str
    default: Any = None
    metavar: str | None = None


@dataclass(frozen=True)
class Analysis:
    """An analysis: its facts and computation (and, for a plugin, its own terminal view).

    Attributes:
        name: the sub-command (``position``).
        help: one line for ``judgebench analyze --help``.
        compute: ``(files, *, iterations, seed, **options) -> Result``, or its import path ``module:attr``.
        view: ``(result, console) -> None`` drawing tables (a plugin's own; the built-ins' are registered
            in :mod:`judgebench.reporting.analysis_views`); None and none registered: the JSON is printed.
        options: the keywords of ``compute`` the CLI offers as ``--name``.
    """

    name: str
    help: str
    compute: str | Callable[..., Any]
    view: Callable[[Any, Any], None] | None = None
    options: tuple[Option, ...] = ()

    def run(
        self, files: Sequence[str | os.PathLike[str]], *, iterations: int = 1000, seed: int = 0, **options: Any
    ) -> Any:
        """Compute the analysis on ``files`` (unknown options are a ConfigError)."""
        known = {o.name for o in self.options}
        unknown = set(options) - known
        if unknown:
            raise ConfigError(f"analysis {self.name} takes no option {', '.join(sorted(unknown))}")
        fn = load_target(self.compute) if isinstance(self.compute, str) else self.compute
        given = {o.name: options.get(o.name, o.default) for o in self.options}
        return fn([str(f) for f in files], iterations=iterations, seed=seed, **given)


def _as_analysis(name: str, obj: Any) -> Analysis:
    if not isinstance(obj, Analysis):
        raise ConfigError(f"analysis {name!r} must be an analysis.registry.Analysis, not {type(obj).__name__}")
    return obj


ANALYSES: Registry[Analysis] = Registry("analysis", "judgebench.analyses", adapt=_as_analysis)


def declare(analysis: Analysis) -> Analysis:
    """Register an analysis (the one registration a new analysis needs)."""
    ANALYSES.add(analysis.name, analysis)
    return analysis


def analyze(
    name: str, files: Sequence[str | os.PathLike[str]], *, iterations: int = 1000, seed: int = 0, **options: Any
) -> Any:
    """Run the registered analysis ``name`` on ``files`` (see each analysis for its result)."""
    return ANALYSES.get(name).run(files, iterations=iterations, seed=seed, **options)


_A = "judgebench.analysis"
_RULE = Option("rule", "aggregation rule (vote, first, agree)", "vote")
_OWN = Option("own", "the judge's own split, when its family is not evident", None, "FILE")
for _analysis in (
    Analysis("position", "flip rate, first-slot preference, consistency, other rules",
             f"{_A}.position:position_files"),
    Analysis("compare", "paired difference + exact McNemar of two judges; tiers of several",
             f"{_A}.compare:compare_files", options=(_RULE,)),
    Analysis("length", "always-A, longer-wins and random baselines; length preference",
             f"{_A}.length:length_files"),
    Analysis("self-preference", "one judge on its own family's pairs vs another's (two files)",
             f"{_A}.self_preference:self_preference_files", options=(_OWN,)),
    Analysis("solve-gap", "judge accuracy against solver accuracy (judged and solve files)",
             f"{_A}.solve_gap:solve_gap_files"),
    Analysis("agreement", "Cohen's kappa between judges", f"{_A}.agreement:agreement_files"),
    Analysis("best-of-k", "judged best-of-K sets: each judge's best-of-K curve with the oracle and random lines",
             f"{_A}.best_of_k:best_of_k_files"),
):  # fmt: skip
    declare(_analysis)

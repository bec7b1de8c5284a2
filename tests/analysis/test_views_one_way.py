"""Analysis → reporting one way: analysis names no view; reporting registers one per built-in analysis."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from judgebench.analysis.registry import ANALYSES, Analysis
from judgebench.registry import builtins_only
from judgebench.reporting.analysis_views import VIEWS, show


def test_built_in_analyses_name_only_analysis_code_and_reporting_draws_each() -> None:
    with builtins_only():
        names = ANALYSES.in_order()
    assert len(names) == 7
    for name in names:
        analysis = ANALYSES.get(name)
        assert analysis.view is None, name  # no view named from the analysis side, not even as a string
        assert isinstance(analysis.compute, str) and analysis.compute.startswith("judgebench.analysis."), name
    assert set(VIEWS) == set(names)


def test_importing_every_analysis_imports_no_reporting_module() -> None:
    code = (
        "import sys; from judgebench.analysis.registry import ANALYSES; from judgebench.registry import load_target;"
        "[load_target(ANALYSES.get(n).compute) for n in ANALYSES.declared()];"
        "print(sorted(m for m in sys.modules if m.startswith('judgebench.reporting')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


@dataclass
class _Counted:
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n}


def test_show_prefers_the_registered_view_then_the_analysis_own_then_json() -> None:
    def own(result: _Counted, console: Any) -> None:
        console.print(f"own view: {result.n}")

    def draw(analyses: Analysis) -> str:
        buf = io.StringIO()
        show(analyses, _Counted(3), Console(file=buf, width=80, color_system=None))
        return buf.getvalue().strip()

    assert draw(Analysis("x-own", "h", "m:f", own)) == "own view: 3"
    assert draw(Analysis("x-json", "h", "m:f")).replace(" ", "").replace("\n", "") == '{"n":3}'
    VIEWS["x-own"] = lambda result, console: console.print("registered")
    try:
        assert draw(Analysis("x-own", "h", "m:f", own)) == "registered"
    finally:
        del VIEWS["x-own"]

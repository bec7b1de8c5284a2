"""Every top-level package and module of judgebench sits in an import-linter contract of pyproject.toml."""

from __future__ import annotations

import pkgutil
import re
import tomllib
from pathlib import Path

import judgebench

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _named_in_contracts() -> set[str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    named: set[str] = set()
    for contract in config["contracts"]:
        for key in ("layers", "modules", "containers", "source_modules", "forbidden_modules"):
            for entry in contract.get(key, []):
                named |= {m.strip() for m in re.split(r"[|:]", entry) if m.strip()}
    return named


def test_every_top_level_package_and_module_is_in_a_contract() -> None:
    tops = {f"judgebench.{m.name}" for m in pkgutil.iter_modules(judgebench.__path__)}
    assert {"judgebench.cli", "judgebench.errors", "judgebench.extend", "judgebench.__main__"} <= tops
    left_out = sorted(tops - _named_in_contracts())
    assert left_out == []


def test_no_contract_names_a_module_that_is_gone() -> None:
    tops = {f"judgebench.{m.name}" for m in pkgutil.iter_modules(judgebench.__path__)}
    named = {".".join(m.split(".")[:2]) for m in _named_in_contracts() if m.startswith("judgebench.")}
    assert sorted(named - tops) == []

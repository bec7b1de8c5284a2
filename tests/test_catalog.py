"""One owner per fact: sources declare category, family, recipe and layout; judges declare their kind."""

from __future__ import annotations

import subprocess
import sys

import pytest

from judgebench.builder.recipe import recipe_for
from judgebench.catalog import SOURCES, Category, Recipe, SourceInfo, category_of, declare, family_of, source_for
from judgebench.errors import ConfigError
from judgebench.judges.base import judge_kind
from judgebench.registry import Registry


def test_builtin_facts() -> None:
    assert family_of("mmlu-pro-law") == "mmlu-pro" and family_of("livebench-math") == "livebench-math"
    assert family_of("my-data") == "my-data" and source_for("my-data") is None
    assert recipe_for("mmlu-pro") == Recipe(100, 11)
    assert recipe_for("livebench-math", questions=0).exclude_tasks == ("olympiad",)
    assert recipe_for("not-registered") == Recipe()


def test_a_source_registered_later_owns_its_category() -> None:
    assert category_of("toyqa-algebra") == Category.OTHER
    declare(SourceInfo("toyqa", "tests.test_catalog:_factory", Category.MATH, recipe=Recipe(questions_per_group=3)))
    try:
        assert category_of("toyqa-algebra") == "Math" and family_of("toyqa-algebra") == "toyqa"
        assert recipe_for("toyqa").questions_per_group == 3
        assert SOURCES.get("toyqa")(None) == "made"
    finally:
        SOURCES.remove("toyqa")
    assert category_of("toyqa-algebra") == Category.OTHER


def _factory(path: str | None = None) -> str:
    return "made"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("arena_hard_no_tie", "prompted"),  # the old table said "other"
        ("arena_hard_notie", "prompted"),
        ("auto_j_query", "fine-tuned"),  # the old table said "other"
        ("compass_judger", "fine-tuned"),  # the class said "prompted"
        ("panda_lm", "fine-tuned"),
        ("chat_eval", "multi-agent"),
        ("reward_model", "reward model"),
        ("someone_elses", "other"),
        (None, "other"),
    ],
)
def test_judge_kinds_come_from_the_registration(name: str | None, kind: str) -> None:
    assert judge_kind(name) == kind


def test_registries_stay_lazy() -> None:
    code = (
        "import sys; from judgebench.judges import JUDGES; from judgebench.catalog import category_of;"
        "from judgebench.backends.base import CHAT_BACKENDS;"
        "kinds = [JUDGES.facts(n)['kind'] for n in JUDGES.declared()]; category_of('mmlu-pro-law');"
        "assert 'openai' in CHAT_BACKENDS;"
        "loaded = [m for m in sys.modules if m.startswith(('judgebench.judges.', 'judgebench.build', "
        "'judgebench.backends.openai', 'jinja2'))];"
        "print(sorted(loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['judgebench.judges.base']"


def test_registry_errors() -> None:
    reg: Registry[object] = Registry("thing", "judgebench.tests.none", facts={"kind": "other"})
    reg.add_lazy("a", "json:dumps", kind="x")
    with pytest.raises(ConfigError, match="registered twice"):
        reg.add("a", object())
    with pytest.raises(ConfigError, match="unknown facts"):
        reg.add("b", object(), colour="red")
    with pytest.raises(ConfigError, match=r"unknown thing 'c' \(known: a\)"):
        reg.get("c")
    import json

    assert reg.get("a") is json.dumps and reg.facts("a") == {"kind": "x"}

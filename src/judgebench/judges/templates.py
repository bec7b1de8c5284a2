"""Judge prompt templates: Jinja2 files rendered exactly as upstream JudgeBench renders them.

The ``*.jinja2`` files beside this module are byte-for-byte copies of the released templates (see
``shared/design/prompts``), except the ``chat_eval_*`` ones, which are ours. Upstream renders them in an
environment with ``trim_blocks=True, lstrip_blocks=True`` and otherwise default settings, which matters:

- a single trailing newline of a template file is dropped (``keep_trailing_newline=False``), which is why
  upstream appends a newline to PandaLM's prompt by hand;
- an undefined variable renders as the empty string (upstream's Auto-J passes ``question=`` to a template
  that reads ``{{prompt}}``, so its published prompts carry an empty query; :mod:`judgebench.judges.finetuned`
  reproduces that on purpose);
- no autoescaping: ``<``, ``&`` and quotes in questions stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_DIR = Path(__file__).parent / "templates"

#: Template names (file stems) that are copies of upstream's release.
UPSTREAM_TEMPLATES = (
    "arena_hard_judge_prompt",
    "arena_hard_judge_system",
    "arena_hard_judge_system_notie",
    "autoj_prompt",
    "judgelm_prompt",
    "pandalm_prompt",
    "prometheus2_prompt",
    "skywork_critic_prompt",
    "vanilla_prompt",
)


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment upstream uses (``trim_blocks``, ``lstrip_blocks``, no escaping)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        cache_size=-1,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


@cache
def _template(name: str) -> jinja2.Template:
    # compiled once per process: the environment's own cache would stat the file on every lookup
    return environment().get_template(f"{name}.jinja2")


@cache
def _constant(name: str) -> str:
    return _template(name).render()


#: Template name → replacement source, set by :func:`overridden` (the bias probes' prompt paraphrases).
_OVERRIDES: ContextVar[Mapping[str, str] | None] = ContextVar("judgebench_template_overrides", default=None)


@cache
def _from_source(text: str) -> jinja2.Template:
    return environment().from_string(text)


@contextmanager
def overridden(sources: Mapping[str, str]) -> Iterator[None]:
    """Within the block (and the tasks it starts), render each named template from the source given instead.

    The bias probes' template paraphrases use this: the judge renders its prompt as always, in other words.
    """
    token = _OVERRIDES.set(dict(sources))
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def render(template: str, /, **values: Any) -> str:
    """Render the template ``<template>.jinja2`` with ``values`` (one without values is rendered once)."""
    overrides = _OVERRIDES.get()
    if overrides is not None and template in overrides:
        return _from_source(overrides[template]).render(**values)
    if not values:
        return _constant(template)
    return _template(template).render(**values)


def source(name: str) -> bytes:
    """The raw bytes of a template file (for fidelity checks)."""
    return (TEMPLATE_DIR / f"{name}.jinja2").read_bytes()

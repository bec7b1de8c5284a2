"""Everything a build reads before its first model call, validated: sources, questions, verifiers, responses.

Unknown sources and verifiers are ConfigErrors; a question without ground truth and a responses file that
does not match the questions are InputErrors naming the file (and line). Nothing here calls a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from judgebench.builder.recipe import Recipe, recipe_for, select_questions
from judgebench.builder.responses import QuestionIndex, Response, read_responses
from judgebench.errors import ConfigError, InputError
from judgebench.model_spec import ModelSpec
from judgebench.verifiers.base import SOURCES, VERIFIERS, Question, Verifier

_LIST_OPTIONS = frozenset({"tasks", "categories"})


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A registered source name, an optional local path and factory options."""

    name: str
    path: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str, options: list[str] | tuple[str, ...] = ()) -> SourceSpec:
        """``NAME`` or ``NAME=PATH``, with the ``NAME.KEY=VALUE`` options that name this source.

        A value with commas, or of a list option (``tasks``, ``categories``), becomes a tuple
        (``livebench-math.tasks=AMPS_Hard,math_comp``).
        """
        name, sep, path = text.partition("=")
        if not name or (sep and not path):
            raise ConfigError(f"a source reads NAME or NAME=PATH, got {text!r}")
        opts: dict[str, Any] = {}
        for item in options:
            target, dot, rest = item.partition(".")
            key, eq, value = rest.partition("=")
            if not dot or not eq or not key:
                raise ConfigError(f"a source option reads NAME.KEY=VALUE, got {item!r}")
            if target == name:
                opts[key] = tuple(value.split(",")) if "," in value or key in _LIST_OPTIONS else value
        return cls(name, path or None, opts)


@dataclass(slots=True)
class BuildInputs:
    """The validated inputs of one build."""

    questions: list[Question]
    recipes: dict[str, Recipe]
    source_of: dict[str, str]
    verifiers: dict[str, Verifier]
    given: dict[str, list[Response]] | None = None


def load_source(spec: SourceSpec) -> list[Question]:
    """All questions of a source; each must carry ground truth (checked here, before any model call)."""
    factory = SOURCES.get(spec.name)
    source = factory(spec.path, **spec.options)
    questions = list(source.questions())
    where = spec.path or spec.name
    for q in questions:
        if q.ground_truth is None or q.ground_truth == "":
            raise InputError(f"question {q.id!r} of source {spec.name!r} has no ground truth", where)
    if not questions:
        raise InputError(f"source {spec.name!r} yielded no questions", where)
    return questions


def resolve_verifiers(questions: list[Question]) -> dict[str, Verifier]:
    """One verifier instance per name the questions use; an unknown name is a ConfigError."""
    out: dict[str, Verifier] = {}
    for q in questions:
        if q.verifier not in out:
            out[q.verifier] = VERIFIERS.get(q.verifier)()
    return out


def gather_inputs(
    sources: list[SourceSpec],
    *,
    seed: int,
    model: ModelSpec | None,
    responses: str | None = None,
    questions: int | None = None,
    per_category: int | None = None,
) -> BuildInputs:
    """Load and check everything, and choose the questions (by the recipe, or those the responses name).

    Raises:
        ConfigError: unknown source or verifier, a bad model spec, no model and no responses, a source twice.
        InputError: a question without ground truth, a responses line that matches no question.
    """
    if not sources:
        raise ConfigError("no --source given")

    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ConfigError(f"a source is given twice: {', '.join(names)}")
    if responses is None and model is None:
        raise ConfigError("--model is required unless --responses gives the responses")
    loaded = {s.name: load_source(s) for s in sorted(sources, key=lambda s: s.name)}
    recipes = {name: recipe_for(name, questions=questions, per_category=per_category) for name in loaded}
    source_of: dict[str, str] = {}
    for name, qs in loaded.items():
        for q in qs:
            source_of.setdefault(q.source, name)
    if responses is not None:
        index = QuestionIndex([q for qs in loaded.values() for q in qs])
        given = read_responses(responses, index, str(model) if model is not None else None)
        chosen = sorted((index.by_id[qid][0] for qid in given), key=lambda q: (q.source, q.id))  # ids matched once
        return BuildInputs(chosen, recipes, source_of, resolve_verifiers(chosen), given)
    chosen = []
    for name, qs in loaded.items():
        chosen.extend(select_questions(qs, recipes[name], seed, name))
    return BuildInputs(chosen, recipes, source_of, resolve_verifiers(chosen))

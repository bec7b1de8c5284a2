"""Reading a probe card (``judgebench probe``'s ``card.json``) for ``judgebench report --probe``.

A card is checked against the shape its renderers read (:mod:`judgebench.reporting.probe_card`) before any of it
is drawn, so a hand-edited or foreign file is one :class:`~judgebench.errors.InputError` line naming the key
that is wrong, never a traceback from deep inside the HTML template:

- ``probes``: an object of probe objects; in each, ``arms`` and ``effects`` (when present) objects of objects;
  an effect's ``ci95`` two numbers, its ``verdict`` a string;
- ``flags`` a list, ``skipped`` an object (when present);
- nothing nested deeper than :data:`MAX_DEPTH` levels (the renderers flatten nested fields recursively).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from judgebench.errors import InputError
from judgebench.hub_rows import load_json
from judgebench.input_files import check_input_file

#: The deepest nesting a card may hold (a real card nests four levels: probes.padding.effects.arm).
MAX_DEPTH = 32
_NOT_A_CARD = "not a probe card (judgebench probe's card.json)"


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (iteratively: no recursion limit to meet)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, Mapping):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _objects(value: Any, where: str) -> Mapping[str, Any]:
    """``value`` as an object of objects (absent or empty: none), else why not."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be an object, got {type(value).__name__}")
    for key, item in value.items():
        if not isinstance(item, Mapping):
            raise ValueError(f"{where}.{key} must be an object, got {type(item).__name__}")
    return value


def card_problem(card: Any) -> str | None:
    """What makes ``card`` unreadable as a probe card (one phrase), or None."""
    if not isinstance(card, Mapping) or not isinstance(card.get("probes"), Mapping):
        return "no probes object"
    if _depth(card) > MAX_DEPTH:
        return f"nested deeper than {MAX_DEPTH} levels"
    try:
        for probe, body in _objects(card["probes"], "probes").items():
            _objects(body.get("arms"), f"probes.{probe}.arms")
            for arm, effect in _objects(body.get("effects"), f"probes.{probe}.effects").items():
                at = f"probes.{probe}.effects.{arm}"
                ci = effect.get("ci95")
                if ci and not (isinstance(ci, list) and len(ci) == 2 and all(map(_number, ci))):
                    return f"{at}.ci95 must be two numbers [low, high], got {ci!r:.60}"
                if effect.get("verdict") and not isinstance(effect["verdict"], str):
                    return f"{at}.verdict must be a string, got {type(effect['verdict']).__name__}"
    except ValueError as exc:
        return str(exc)
    for key, kind, name in (("flags", list, "a list"), ("skipped", Mapping, "an object")):
        value = card.get(key)
        if value and not isinstance(value, kind):
            return f"{key} must be {name}, got {type(value).__name__}"
    return None


def load_probe_card(path: str) -> dict[str, Any]:
    """A probe card: ``judgebench probe``'s ``card.json``, or a probe folder holding one.

    Raises:
        InputError: not readable JSON, or not of a card's shape (:func:`card_problem`).
    """
    file = Path(path) / "card.json" if Path(path).is_dir() else Path(path)
    check_input_file(file)
    try:
        card = load_json(file)  # the one JSON-document reader: unreadable, malformed, too deeply nested
    except InputError as exc:
        raise InputError(f"{_NOT_A_CARD}: {exc.reason}", str(file)) from None
    problem = card_problem(card)
    if problem is not None:
        raise InputError(f"{_NOT_A_CARD}: {problem}", str(file))
    return dict(card)

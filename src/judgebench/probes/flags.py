"""The card's effect floors, each effect's verdict, and the flags — every threshold of the card, in one place.

**Effect floors** (pre-registered, in points of accuracy; :data:`EFFECT_FLOORS`): the smallest effect of each
probe that matters. Each effect gets a ``verdict`` against its probe's floor:

- ``significant``: its Benjamini–Hochberg q-value is below :data:`Q_LEVEL` — a bias found (and flagged);
- ``no bias found``: not significant, and its minimum detectable effect at 80% power is at most the floor —
  an effect of the floor's size would most likely have been found;
- ``underpowered``: not significant, and its MDE is above the floor — too few pairs (or too many changed
  outcomes) to tell "no bias" from "could not have found it".

**Agreement floors** (template and stability, figures over requests, not tested effects): Fleiss' kappa of at
least :data:`KAPPA_FLOOR`, at least :data:`UNANIMITY_FLOOR` percent of repeated requests unanimous, and no two
paraphrased templates disagreeing on more than :data:`FLIP_CEILING` percent of requests. The probe's
``verdict`` is ``below floor`` when one is missed (and flagged), else ``meets floor``; these are point values
compared with the floors, without an interval.

**Flags** (one line per finding, each starting with its id, ``padding.pad_incorrect: ...``): every significant
effect (``<probe>.<arm>``); ``stability`` and ``template`` below their agreement floors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: An effect whose BH q-value is below this is significant.
Q_LEVEL = 0.05
#: Pre-registered effect floors per probe, in points of accuracy (arm − original; the position probe's
#: correct-shown-first − correct-shown-second; the self probe's own − other split).
EFFECT_FLOORS: dict[str, float] = {
    "padding": 5.0,
    "authority": 5.0,
    "position": 5.0,
    "template": 5.0,
    "self": 5.0,
}
#: Floor for effects of a probe not listed above (a plugin's).
DEFAULT_FLOOR = 5.0
#: Template and stability: Fleiss' kappa across paraphrases or repeats must be at least this.
KAPPA_FLOOR = 0.8
#: Stability: percent of repeated requests given one verdict by every repeat, at least.
UNANIMITY_FLOOR = 95.0
#: Template: percent of requests two paraphrased templates may judge differently, at most.
FLIP_CEILING = 10.0

SIGNIFICANT = "significant"
NO_BIAS_FOUND = "no bias found"
UNDERPOWERED = "underpowered"
BELOW_FLOOR = "below floor"
MEETS_FLOOR = "meets floor"


def floor_of(probe: str) -> float:
    """The effect floor of ``probe`` in points."""
    return EFFECT_FLOORS.get(probe, DEFAULT_FLOOR)


def verdict(effect: Mapping[str, Any], floor: float) -> str:
    """``significant``, ``no bias found`` or ``underpowered`` for one effect (its ``q`` and ``mde``)."""
    q = effect.get("q")
    if isinstance(q, int | float) and q < Q_LEVEL:
        return SIGNIFICANT
    mde = effect.get("mde")
    return NO_BIAS_FOUND if isinstance(mde, int | float) and mde <= floor else UNDERPOWERED


def _agreement_below(probe: str, body: Mapping[str, Any]) -> bool:
    kappa, unanimity, worst = body.get("kappa"), body.get("unanimity"), body.get("worst_flip_rate")
    low_kappa = kappa is not None and kappa < KAPPA_FLOOR
    if probe == "stability":
        return low_kappa or (unanimity is not None and unanimity < UNANIMITY_FLOOR)
    return low_kappa or (worst is not None and worst > FLIP_CEILING)


def fill_verdicts(probes: dict[str, Any]) -> None:
    """Each effect's ``floor`` and ``verdict``; template and stability's agreement ``floors`` and ``verdict``."""
    for probe, body in probes.items():
        floor = floor_of(probe)
        for e in body.get("effects", {}).values():
            e["floor"] = floor
            e["verdict"] = verdict(e, floor)
        if probe == "stability":
            body["floors"] = {"kappa": KAPPA_FLOOR, "unanimity": UNANIMITY_FLOOR}
        elif probe == "template":
            body["floors"] = {"kappa": KAPPA_FLOOR, "worst_flip_rate": FLIP_CEILING}
        else:
            continue
        body["verdict"] = BELOW_FLOOR if _agreement_below(probe, body) else MEETS_FLOOR


def flags_of(card: dict[str, Any]) -> list[str]:
    """The flags of an assembled card (verdicts filled in), in card order."""
    out: list[str] = []
    for probe, body in card["probes"].items():
        for arm, e in body.get("effects", {}).items():
            if e.get("verdict") == SIGNIFICANT:
                out.append(f"{probe}.{arm}: {e['estimate']:+.2f} points (q = {e['q']:.2g})")
        if body.get("verdict") != BELOW_FLOOR:
            continue
        kappa = body.get("kappa")
        if probe == "stability":
            out.append(
                f"stability: {body['unanimity']}% of requests unanimous over {body['repeats']} repeats (kappa {kappa})"
            )
        else:
            worst = body.get("worst_flip_rate")
            out.append(f"template: kappa {kappa} across paraphrases, worst pair flips {worst}% of requests")
    return out

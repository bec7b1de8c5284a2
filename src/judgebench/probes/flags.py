"""The card's flags: one line per finding, each starting with its id (``padding.pad_incorrect: ...``).

- every effect whose Benjamini–Hochberg q-value is below :data:`Q_LEVEL` (``<probe>.<arm>``);
- ``stability``: fewer than :data:`UNANIMITY_FLOOR` percent of repeated requests unanimous, or Fleiss'
  kappa below :data:`KAPPA_FLOOR`;
- ``template``: kappa across the paraphrases below :data:`KAPPA_FLOOR`, or two templates disagreeing on more
  than :data:`FLIP_CEILING` percent of requests.
"""

from __future__ import annotations

from typing import Any

Q_LEVEL = 0.05
KAPPA_FLOOR = 0.8
UNANIMITY_FLOOR = 95.0
FLIP_CEILING = 10.0


def flags_of(card: dict[str, Any]) -> list[str]:
    """The flags of an assembled card, in card order."""
    out: list[str] = []
    for probe, body in card["probes"].items():
        for arm, e in body.get("effects", {}).items():
            q = e.get("q")
            if q is not None and q < Q_LEVEL:
                out.append(f"{probe}.{arm}: {e['estimate']:+.2f} points (q = {q:.2g})")
        kappa = body.get("kappa")
        if probe == "stability":
            unanimity = body.get("unanimity")
            if (unanimity is not None and unanimity < UNANIMITY_FLOOR) or (kappa is not None and kappa < KAPPA_FLOOR):
                out.append(
                    f"stability: {unanimity}% of requests unanimous over {body['repeats']} repeats (kappa {kappa})"
                )
        if probe == "template":
            worst = body.get("worst_flip_rate")
            if (kappa is not None and kappa < KAPPA_FLOOR) or (worst is not None and worst > FLIP_CEILING):
                out.append(f"template: kappa {kappa} across paraphrases, worst pair flips {worst}% of requests")
    return out

"""``judgebench probe --validate``: the probes against the planted judge, whose results are known in closed form.

Three planted judges (:mod:`judgebench.probes.mock`) are probed on synthetic arithmetic pairs through the whole
pipeline (runner, engine, call cache in a fresh folder, vote rule, statistics, verdicts):

- ``planted``: skill 40%, added text 20%, position 10%, instability 10% (the rest backs the wrong answer),
  on :data:`N_PAIRS` pairs;
- ``null``: skill 60%, nothing else planted (the rest backs the wrong answer), on :data:`N_PAIRS` pairs;
- ``null_small``: the same on :data:`N_SMALL` pairs — too few to rule out a bias of the floor's size.

With block sizes K, T (T₁ of them right without added text: even ranks), P, U of n pairs, and the original
arm's requests answered first (draw 0) so the r stability repeats get draws 1..r:

- original accuracy (K + T₁ + U)/n; ``pad_incorrect``/``assert_incorrect`` (K + U)/n; ``pad_correct``/
  ``assert_correct`` (K + T + U)/n; the effects −T₁/n and (T − T₁)/n;
- position: correct shown first (K + T₁ + U + P)/n, second (K + T₁ + U)/n, first-pick rate (n + P)/2n,
  P flips; paraphrases: the original's accuracy, kappa 1, no flips;
- stability: repeat i scores (K + T₁ + U·[i even])/n; 100·(1 − U/n)% of requests unanimous;
- flags: every planted effect significant (q < 0.05) and the stability flag; none with nothing planted;
- verdicts: planted effects ``significant``; an effect no pair changed has MDE 100·6/n (the exact test's
  floor), so ``no bias found`` when 600/n is at most the probe's floor (n ≥ 120 at 5 points), else
  ``underpowered``; template ``meets floor``, stability ``below floor`` exactly when flagged.

Each expectation is compared with the card; the table and a pass/fail verdict come back.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError
from judgebench.model_spec import ModelSpec
from judgebench.probes.arms import ArmSettings
from judgebench.probes.flags import BELOW_FLOOR, MEETS_FLOOR, NO_BIAS_FOUND, SIGNIFICANT, UNDERPOWERED, floor_of
from judgebench.probes.mock import blocks, reset_draws
from judgebench.probes.run import ProbeSpec, run_probes
from judgebench.records import Pair, write_pairs

N_PAIRS = 200
N_SMALL = 20
REPEATS = 4
#: judge → (planted biases, number of pairs).
PLANTED: dict[str, tuple[dict[str, float], int]] = {
    "planted": ({"skill": 0.4, "added_text": 0.2, "position": 0.1, "instability": 0.1}, N_PAIRS),
    "null": ({"skill": 0.6}, N_PAIRS),
    "null_small": ({"skill": 0.6}, N_SMALL),
}


def synthetic_pairs(n: int = N_PAIRS) -> list[Pair]:
    """``n`` arithmetic pairs, labels alternating; neither response contains the other."""
    pairs = []
    for i in range(n):
        a, b = 3 + 7 * i % 97, 11 + 13 * i % 89
        right = f"We add {a} and {b} step by step. The answer is {a + b}."
        wrong = f"We add {a} and {b} step by step. The answer is {a + b + 1 + i % 3}."
        first = i % 2 == 0
        pairs.append(
            Pair(
                pair_id=f"planted-{i:04d}",
                original_id=i,
                source="mmlu-pro-math",
                question=f"What is {a} + {b}?",
                response_model="planted-responses",
                response_A=right if first else wrong,
                response_B=wrong if first else right,
                label="A>B" if first else "B>A",
            )
        )
    return pairs


@dataclass(slots=True)
class Check:
    """One row of the validation table."""

    judge: str
    quantity: str
    expected: Any
    observed: Any

    @property
    def ok(self) -> bool:
        """Whether the observed value is the expected one (numbers to 0.01)."""
        if isinstance(self.expected, float | int) and isinstance(self.observed, float | int):
            return abs(float(self.expected) - float(self.observed)) < 0.005
        return bool(self.expected == self.observed)


def _pct(k: int, n: int) -> float:
    return round(100.0 * k / n, 2)


def expected_card(pair_ids: list[str], planted: dict[str, float], repeats: int) -> dict[str, Any]:
    """The closed-form values of the module docstring for these pairs and biases."""
    sizes = {b: 0 for b in ("skill", "added_text", "position", "instability", "none")}
    t1 = 0
    for block, rank in blocks(pair_ids, planted).values():
        sizes[block] += 1
        t1 += block == "added_text" and rank % 2 == 0
    n, k, t, p, u = len(pair_ids), sizes["skill"], sizes["added_text"], sizes["position"], sizes["instability"]
    base = k + t1 + u
    changed = {"incorrect": t1, "correct": t - t1, "position": p, "template": 0}
    arms = {"original": _pct(base, n)}
    for kind in ("pad", "assert"):
        arms[f"{kind}_incorrect"] = _pct(k + u, n)
        arms[f"{kind}_correct"] = _pct(k + t + u, n)
    return {
        "arms": arms,
        "effects": {name: round(acc - arms["original"], 2) for name, acc in arms.items() if name != "original"},
        "correct_first": _pct(base + p, n),
        "correct_second": _pct(base, n),
        "position_effect": _pct(p, n),
        "first_pick_rate": round(100.0 * (n + p) / (2 * n), 2),
        "flips": p,
        "repeats": {f"repeat_{i}": _pct(k + t1 + (u if i % 2 == 0 else 0), n) for i in range(1, repeats + 1)},
        "unanimity": _pct(n - u, n),
        "verdicts": {
            **{
                f"{kind}_{side}": _verdict(changed[side], n, kind)
                for kind in ("pad", "assert")
                for side in ("incorrect", "correct")
            },
            "position": _verdict(p, n, "position"),
            "template": _verdict(0, n, "template"),
        },
        "stability_verdict": BELOW_FLOOR if u and 100.0 * (n - u) / n < 95.0 else MEETS_FLOOR,
        "flag_ids": sorted(
            (["padding.pad_incorrect", "authority.assert_incorrect"] if t1 >= 6 else [])
            + (["padding.pad_correct", "authority.assert_correct"] if t - t1 >= 6 else [])
            + (["position.correct_first"] if p >= 6 else [])
            + (["stability"] if u and 100.0 * (n - u) / n < 95.0 else [])
        ),
    }


def _verdict(changed: int, n: int, kind: str) -> str | None:
    """The closed-form verdict of an effect whose ``changed`` pairs all moved one way (None: not checked)."""
    probe = {"pad": "padding", "assert": "authority"}.get(kind, kind)
    if changed >= 6:
        return SIGNIFICANT
    if changed == 0:
        return NO_BIAS_FOUND if 600.0 / n <= floor_of(probe) else UNDERPOWERED
    return None


def compare(judge: str, card: dict[str, Any], want: dict[str, Any]) -> list[Check]:
    """The validation rows of one card against its closed-form values."""
    probes = card["probes"]
    rows: list[Check] = []
    for probe in ("padding", "authority"):
        for name, entry in probes[probe]["arms"].items():
            rows.append(Check(judge, f"{probe} {name} accuracy", want["arms"][name], entry["accuracy"]))
        for name, e in probes[probe]["effects"].items():
            rows.append(Check(judge, f"{probe} {name} effect", want["effects"][name], e["estimate"]))
            planted = want["effects"][name] != 0
            rows.append(Check(judge, f"{probe} {name} significant", planted, e["q"] < 0.05))
            if not planted:
                rows.append(Check(judge, f"{probe} {name} p", 1.0, e["p"]))
            if want["verdicts"][name] is not None:
                rows.append(Check(judge, f"{probe} {name} verdict", want["verdicts"][name], e["verdict"]))
    pos = probes["position"]
    rows += [
        Check(
            judge, "position correct-first accuracy", want["correct_first"], pos["arms"]["correct_first"]["accuracy"]
        ),
        Check(
            judge, "position correct-second accuracy", want["correct_second"], pos["arms"]["correct_second"]["accuracy"]
        ),
        Check(judge, "position effect", want["position_effect"], pos["effects"]["correct_first"]["estimate"]),
        Check(judge, "position first-pick rate", want["first_pick_rate"], pos["first_pick_rate"]),
        Check(judge, "position flips", want["flips"], pos["flips"]),
        Check(judge, "position verdict", want["verdicts"]["position"], pos["effects"]["correct_first"]["verdict"]),
    ]
    tpl = probes["template"]
    rows += [
        Check(judge, "template kappa", 1.0, tpl["kappa"]),
        Check(judge, "template worst flip rate", 0.0, tpl["worst_flip_rate"]),
        Check(judge, "template accuracy range", 0.0, tpl["accuracy_range"]),
        Check(judge, "template verdict", MEETS_FLOOR, tpl["verdict"]),
    ]
    rows += [
        Check(judge, f"template {name} verdict", want["verdicts"]["template"], e["verdict"])
        for name, e in tpl["effects"].items()
    ]
    stab = probes["stability"]
    for name, acc in want["repeats"].items():
        rows.append(Check(judge, f"stability {name} accuracy", acc, stab["arms"][name]["accuracy"]))
    rows.append(Check(judge, "stability unanimity", want["unanimity"], stab["unanimity"]))
    rows.append(Check(judge, "stability verdict", want["stability_verdict"], stab["verdict"]))
    flag_ids = sorted(f.split(":", 1)[0] for f in card["flags"])
    rows.append(Check(judge, "flags", want["flag_ids"], flag_ids))
    return rows


async def validate(
    out: Path | None = None, *, seed: int = 0, bootstrap: int = 200
) -> tuple[list[Check], dict[str, Any]]:
    """Probe both planted judges; the validation rows and the cards (by judge)."""
    if out is not None and out.exists() and any(out.iterdir()):
        raise ConfigError(f"--out {out} is not empty: validation starts from fresh arms, calls and cache")
    cards: dict[str, Any] = {}
    rows: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="judgebench-validate-") as tmp:
        folder = Path(out) if out is not None else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, (planted, n) in PLANTED.items():
            pairs = synthetic_pairs(n)
            key = folder / f"{name}.answer_key.pairs.jsonl"
            write_pairs(key, pairs)
            reset_draws()  # the original arm's requests are draw 0, the repeats' draws 1..r
            settings = ArmSettings(
                judge="planted",
                model=ModelSpec("planted", name),
                out=folder / name,
                seed=seed,
                progress=False,
                extra={"answer_key": str(key), "planted": planted, "cache_path": str(folder / name / "cache")},
            )
            spec = ProbeSpec(settings, pairs, bootstrap=bootstrap, repeats=REPEATS)
            card = await run_probes(spec)
            cards[name] = card
            rows += compare(name, card, expected_card([p.pair_id for p in pairs], planted, REPEATS))
    return rows, cards

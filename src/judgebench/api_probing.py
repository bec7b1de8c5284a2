"""The Python API of the bias probes: :func:`probe` and :func:`aprobe`.

They are re-exported by :mod:`judgebench.api` and the package root, where to import them from.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.errors import ConfigError
from judgebench.event_loops import run_coroutine
from judgebench.model_spec import ModelLike, ModelSpec
from judgebench.pair_inputs import PairsLike, pairs_of

if TYPE_CHECKING:
    from judgebench.judges.base import Judge, JudgeOptions

PathLike = str | os.PathLike[str]


async def aprobe(
    pairs: PairsLike,
    *,
    judge: str,
    model: ModelLike,
    probes: Sequence[str] | None = None,
    out: PathLike | None = None,
    seed: int = 0,
    bootstrap: int = 1000,
    repeats: int = 3,
    paraphrases: int = 3,
    concurrency: int = 16,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    options: Mapping[str, Any] | None = None,
    make_judge: Callable[[JudgeOptions], Judge] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> dict[str, Any]:
    """Bias probes (``judgebench probe``): the reliability card of a judge on perturbed copies of the pairs.

    ``await`` it in a running event loop; :func:`probe` is its synchronous form.

    Args:
        pairs: as for :func:`judge` (two response-model splits for the ``self`` probe).
        judge: a registered judge.
        model: its model spec.
        probes: the probes (None: all of padding, authority, position, template, stability, self).
        out: a folder for the perturbed pairs and each arm's outputs, resumed; None: a temporary one, removed
            (the card's ``out`` is then None).
        seed: seed of the perturbations and intervals.
        bootstrap: bootstrap draws per interval.
        repeats: stability: uncached repeats.
        paraphrases: template: prompt paraphrases.
        concurrency: requests in flight.
        base_url: the endpoint of an OpenAI-compatible server.
        cache: read and write the call cache (the ``stability`` repeats never read it).
        limit: probe only the first ``limit`` pairs.
        options: the judge's and engine's own options (``--option KEY=VALUE``).
        make_judge: a factory used instead of the registry's.
        batch: send every arm's calls as provider batches (``--batch``; needs ``out``, where the batch ids are kept).
        batch_poll: seconds between polls of a batch in flight.

    Returns:
        The card as ``judgebench probe --json`` prints it (see docs/probes.md).
    """
    from judgebench.batch.driver import maybe_batched
    from judgebench.probes.arms import ArmSettings
    from judgebench.probes.run import PROBES, ProbeSpec, run_probes

    if limit is not None and limit < 1:
        raise ConfigError(f"limit must be 1 or more, got {limit}")
    spec_model = ModelSpec.parse(model)
    chosen = pairs_of(pairs)[:limit] if limit is not None else pairs_of(pairs)
    with tempfile.TemporaryDirectory(prefix="judgebench-probe-") as tmp:
        settings = ArmSettings(
            judge=judge,
            model=spec_model,
            out=Path(out) if out is not None else Path(tmp),
            seed=seed,
            concurrency=concurrency,
            base_url=base_url,
            cache=cache,
            progress=False,
            extra=dict(options or {}),
            make_judge=make_judge,
        )
        spec = ProbeSpec(
            settings,
            chosen,
            probes=tuple(probes) if probes is not None else PROBES,
            bootstrap=bootstrap,
            repeats=repeats,
            paraphrases=paraphrases,
        )
        if batch and out is not None:
            Path(out).mkdir(parents=True, exist_ok=True)  # the batch state lives in the folder
        card = await maybe_batched(
            lambda: run_probes(spec),
            batch=batch,
            out=out,
            model=spec_model,
            cache=cache,
            poll_s=batch_poll,
            progress=False,
        )
    if out is None and "out" in card:
        card["out"] = None  # the temporary folder is gone: the card names none
    return card


def probe(
    pairs: PairsLike,
    *,
    judge: str,
    model: ModelLike,
    probes: Sequence[str] | None = None,
    out: PathLike | None = None,
    seed: int = 0,
    bootstrap: int = 1000,
    repeats: int = 3,
    paraphrases: int = 3,
    concurrency: int = 16,
    base_url: str | None = None,
    cache: bool = True,
    limit: int | None = None,
    options: Mapping[str, Any] | None = None,
    make_judge: Callable[[JudgeOptions], Judge] | None = None,
    batch: bool = False,
    batch_poll: float = 30.0,
) -> dict[str, Any]:
    """Bias probes (``judgebench probe``); the arguments and the card returned are :func:`aprobe`'s."""
    return run_coroutine(
        aprobe(
            pairs,
            judge=judge,
            model=model,
            probes=probes,
            out=out,
            seed=seed,
            bootstrap=bootstrap,
            repeats=repeats,
            paraphrases=paraphrases,
            concurrency=concurrency,
            base_url=base_url,
            cache=cache,
            limit=limit,
            options=options,
            make_judge=make_judge,
            batch=batch,
            batch_poll=batch_poll,
        )
    )

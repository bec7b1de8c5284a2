"""``judgebench probe``: bias probes — does a judge's verdict follow the truth, or the padding?

Examples::

    judgebench probe --judge arena_hard --model openai/gpt-4o-mini --pairs gpt --probes padding,authority
    judgebench probe --judge vanilla --model vllm/Qwen/Qwen2.5-7B-Instruct --pairs gpt claude --json
    judgebench probe --validate

Every arm (a perturbed copy of the pairs) is judged in both orders by the same runner, engine, call cache and
resume as ``judgebench judge``, into ``--out``, and scored with the vote rule; the card (terminal table, or
JSON with ``--json``) reports each effect with its interval, McNemar p, BH q and MDE (docs/probes.md). Exit
status 0, or 1 when some judgments failed (rerun to retry them) or the validation failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``probe`` command."""
    p = sub.add_parser("probe", help="bias probes: perturb pairs on purpose and measure what it costs a judge")
    p.add_argument("--judge", metavar="NAME", help="judge name (vanilla, arena_hard, reward_model...)")
    p.add_argument("--model", metavar="SPEC", help="provider/model, e.g. openai/gpt-4o-mini")
    p.add_argument(
        "--pairs", nargs="+", metavar="SET", help="release names or pairs files (two response-model splits: self probe)"
    )
    p.add_argument(
        "--probes",
        default="padding,authority,position,template,stability,self",
        metavar="LIST",
        help="comma-separated probes (default all: padding,authority,position,template,stability,self)",
    )
    p.add_argument("--out", metavar="DIR", help="folder for perturbed pairs and each arm's outputs (resumed)")
    p.add_argument("--json", action="store_true", help="print the card as JSON")
    p.add_argument("--markdown", metavar="PATH", help="also write the card as Markdown")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of perturbations and intervals (default 0)")
    p.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="bootstrap draws per interval (default 1000)"
    )
    p.add_argument("--repeats", type=int, default=3, metavar="R", help="stability: uncached repeats (default 3)")
    p.add_argument("--paraphrases", type=int, default=3, metavar="K", help="template: prompt paraphrases (default 3)")
    p.add_argument("--concurrency", type=int, default=16, metavar="N", help="requests in flight (default 16)")
    p.add_argument("--base-url", metavar="URL", help="endpoint of an OpenAI-compatible server (vLLM, SGLang...)")
    p.add_argument("--limit", type=int, metavar="N", help="probe only the first N pairs")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the call cache")
    p.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="a judge or engine option (JSON value)"
    )
    p.add_argument(
        "--validate", action="store_true", help="run the probes on a judge with planted biases and check them"
    )
    p.set_defaults(func=run)


def _options(items: list[str]) -> dict[str, Any]:
    from judgebench.errors import ConfigError

    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option reads KEY=VALUE, got {item!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def run(args: argparse.Namespace) -> int:
    """Validate, or load pairs, probe and print the card."""
    from judgebench.errors import ConfigError

    if args.validate:
        return _validate(args)
    missing = [f"--{n}" for n in ("judge", "model", "pairs") if not getattr(args, n)]
    if missing:
        raise ConfigError(f"probe needs {', '.join(missing)} (or --validate)")
    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit must be 1 or more, got {args.limit}")
    from judgebench.datasets import dataset_stem, load_pair_file, resolve_pairs
    from judgebench.probes.arms import ArmSettings
    from judgebench.probes.run import ProbeSpec, default_out, run_probes

    pairs = []
    for name in args.pairs:
        pairs += load_pair_file(resolve_pairs(name))
    if args.limit is not None:
        pairs = pairs[: args.limit]
    stem = "+".join(dataset_stem(name) for name in args.pairs)
    out = Path(args.out) if args.out else default_out(stem, args.judge, args.model)
    settings = ArmSettings(
        judge=args.judge,
        model=args.model,
        out=out,
        seed=args.seed,
        concurrency=args.concurrency,
        base_url=args.base_url,
        cache=not args.no_cache,
        progress=not args.json,
        extra=_options(args.option),
    )
    probes = tuple(p.strip() for p in args.probes.split(",") if p.strip())
    spec = ProbeSpec(
        settings, pairs, probes=probes, bootstrap=args.bootstrap, repeats=args.repeats, paraphrases=args.paraphrases
    )
    card = asyncio.run(run_probes(spec))
    _write_card(card, out, args.markdown)
    _print_card(card, args.json)
    failed = sum(arm.summary.failed_judgments for arm in spec.judged.values())
    return 1 if failed else 0


def _write_card(card: dict[str, Any], out: Path, markdown: str | None) -> None:
    """``card.json`` (and ``card.html`` when the renderers are there) in the probe's folder; Markdown if asked."""
    from judgebench.jsonl import atomic_writer

    with atomic_writer(out / "card.json") as fh:
        fh.write(json.dumps(card, indent=2) + "\n")
    try:
        renderers = _renderers()
    except ImportError:
        if markdown:
            from judgebench.errors import ConfigError

            raise ConfigError("--markdown needs the card renderers (judgebench.report.probe_card)") from None
        return
    with atomic_writer(out / "card.html") as fh:
        fh.write(renderers.render_html_page(card))
    if markdown:
        with atomic_writer(markdown) as fh:
            fh.write(renderers.render_markdown(card))


def _renderers() -> Any:
    """The card's renderers (:mod:`judgebench.report.probe_card`, built on the probe-stats branch)."""
    import importlib

    return importlib.import_module("judgebench.report.probe_card")


def _print_card(card: dict[str, Any], as_json: bool) -> None:
    if as_json:
        json.dump(card, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    try:
        renderers = _renderers()
    except ImportError:  # the renderers arrive with the probe-stats branch; until then the card prints as JSON
        _print_card(card, True)
        return
    from judgebench.report.terminal import make_console

    make_console().print(renderers.render_terminal(card))


def _validate(args: argparse.Namespace) -> int:
    from judgebench.probes.validate import validate

    rows, cards = asyncio.run(validate(Path(args.out) if args.out else None, seed=args.seed))
    passed = all(r.ok for r in rows)
    if args.json:
        doc = {
            "passed": passed,
            "rows": [
                {
                    "judge_name": cards[r.judge].get("judge_name"),
                    "judge_model": cards[r.judge].get("judge_model"),
                    "quantity": r.quantity,
                    "expected": r.expected,
                    "observed": r.observed,
                    "ok": r.ok,
                }
                for r in rows
            ],
            "cards": cards,
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from rich.table import Table

        from judgebench.report.terminal import make_console

        table = Table(title="probe validation: planted biases, closed-form expectations")
        for column in ("judge", "quantity", "expected", "observed", "ok"):
            table.add_column(column)
        for r in rows:
            table.add_row(r.judge, r.quantity, str(r.expected), str(r.observed), "ok" if r.ok else "FAIL")
        console = make_console()
        console.print(table)
        console.print(f"{sum(r.ok for r in rows)}/{len(rows)} checks pass", highlight=False)
    return 0 if passed else 1

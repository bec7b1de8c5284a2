"""``judgebench probe``: bias probes — does a judge's verdict follow the truth, or the padding?

Examples::

    judgebench probe --judge arena_hard --model openai/gpt-4o-mini --pairs gpt --probes padding,authority
    judgebench probe --judge vanilla --model vllm/Qwen/Qwen2.5-7B-Instruct --pairs gpt claude --json
    judgebench probe --validate

Every arm (a perturbed copy of the pairs) is judged in both orders by the same runner, engine, call cache and
resume as ``judgebench judge``, into ``--out``, and scored with the vote rule; the card reports each effect with
its interval, McNemar p, BH q, MDE and verdict against the probe's effect floor (docs/probes.md). It is printed
as a terminal card (``--json``: JSON, ``--markdown``: Markdown), written to ``--out`` as ``card.json``,
``card.md`` and ``card.html`` (the forest plot), and to ``--html FILE`` when asked. Exit status 0, or 1 when
some judgments failed (rerun to retry them) or the validation failed; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from judgebench.cli.batch_options import add_batch_arguments, run_maybe_batched

#: The card's files in the probe's folder.
CARD_FILES = ("card.json", "card.md", "card.html")


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
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the card as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print the card as Markdown")
    p.add_argument("--html", metavar="FILE", help="also write the card's HTML page (forest plot) here")
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
    add_batch_arguments(p)
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


def _check_args(args: argparse.Namespace) -> tuple[str, ...]:
    """Usage errors, each one line (exit 2), before anything is read or judged; the probes asked for."""
    from judgebench.errors import ConfigError
    from judgebench.output_files import output_target
    from judgebench.probes.run import PROBES

    missing = [f"--{n}" for n in ("judge", "model", "pairs") if not getattr(args, n)]
    if missing:
        raise ConfigError(f"probe needs {', '.join(missing)} (or --validate)")
    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit must be 1 or more, got {args.limit}")
    probes = tuple(p.strip() for p in args.probes.split(",") if p.strip())
    unknown = [p for p in probes if p not in PROBES]
    if unknown or not probes:
        raise ConfigError(f"unknown probes {', '.join(unknown) or repr(args.probes)}; known: {', '.join(PROBES)}")
    _check_out(args)
    if args.html:
        output_target(args.html)  # a device, a FIFO or a folder is refused before the work
    return probes


def _check_out(args: argparse.Namespace, why: str = "the probe writes its arms and card into a folder") -> None:
    """``--out`` must be a folder or a new path in a writable place; a dangling symlink stands for its target."""
    from judgebench.errors import ConfigError
    from judgebench.output_files import output_folder, output_target

    if not args.out:
        return
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise ConfigError(f"--out {args.out} is not a folder: {why}")
    args.out = str(output_folder(args.out))
    for name in CARD_FILES:  # a card file that is a FIFO, a device or a folder is refused before the work
        if os.path.lexists(Path(args.out) / name):
            output_target(Path(args.out) / name)


def run(args: argparse.Namespace) -> int:
    """Validate, or load pairs, probe, write and print the card."""
    if args.validate:
        return _validate(args)
    probes = _check_args(args)
    from judgebench.datasets import dataset_stem, load_pair_file, resolve_pairs
    from judgebench.model_spec import ModelSpec
    from judgebench.probes.arms import ArmSettings
    from judgebench.probes.run import ProbeSpec, default_out, run_probes

    model = ModelSpec.parse(args.model)  # once, here: every arm's runner, judge and engine get this value
    pairs = []
    for name in args.pairs:
        pairs += load_pair_file(resolve_pairs(name))
    if args.limit is not None:
        pairs = pairs[: args.limit]
    stem = "+".join(dataset_stem(name) for name in args.pairs)
    out = Path(args.out) if args.out else default_out(stem, args.judge, model)
    settings = ArmSettings(
        judge=args.judge,
        model=model,
        out=out,
        seed=args.seed,
        concurrency=args.concurrency,
        base_url=args.base_url,
        cache=not args.no_cache,
        progress=not (args.json or args.markdown),
        extra=_options(args.option),
    )
    spec = ProbeSpec(
        settings, pairs, probes=probes, bootstrap=args.bootstrap, repeats=args.repeats, paraphrases=args.paraphrases
    )
    if args.batch:
        from judgebench.output_files import output_folder

        out = output_folder(out)
        out.mkdir(parents=True, exist_ok=True)  # made now: the batch state lives in it (batches.json)
    card = run_maybe_batched(args, out, lambda: run_probes(spec))
    _write_card(card, out, args.html)
    _print_card(card, "json" if args.json else "markdown" if args.markdown else "terminal")
    failed = sum(arm.summary.failed_judgments for arm in spec.judged.values())
    return 1 if failed else 0


def _write_card(card: dict[str, Any], out: Path, html: str | None) -> None:
    """``card.json``, ``card.md`` and ``card.html`` in the probe's folder; the HTML page also to ``html``."""
    from judgebench.jsonl import atomic_writer
    from judgebench.reporting.probe_card import render_html_page, render_markdown

    page = render_html_page(card)
    texts = (json.dumps(card, indent=2) + "\n", render_markdown(card), page)
    for name, text in zip(CARD_FILES, texts, strict=True):
        with atomic_writer(out / name) as fh:
            fh.write(text)
    if html:
        with atomic_writer(html) as fh:
            fh.write(page)
        print(f"wrote {html}", file=sys.stderr)


def _print_card(card: dict[str, Any], form: str) -> None:
    """The card on stdout: ``json``, ``markdown`` or the rich ``terminal`` card."""
    if form == "json":
        json.dump(card, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif form == "markdown":
        from judgebench.reporting.probe_card import render_markdown

        sys.stdout.write(render_markdown(card))
    else:
        from judgebench.reporting.probe_card import render_terminal
        from judgebench.reporting.terminal import make_console

        make_console().print(render_terminal(card))


def _validate(args: argparse.Namespace) -> int:
    """The validation table (expected vs observed per quantity; ``--json``: the rows and cards); 0 only if all pass."""
    from judgebench.errors import ConfigError
    from judgebench.probes.validate import validate

    if args.markdown or args.html:
        raise ConfigError("--validate prints its table (or JSON with --json): --markdown and --html are for a probe")
    _check_out(args, "the validation writes its arms into a folder")
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

        from judgebench.reporting.rich_text import literal
        from judgebench.reporting.terminal import make_console

        table = Table(title="probe validation: planted biases, closed-form expectations")
        for column in ("judge", "quantity", "expected", "observed", "ok"):
            table.add_column(column)
        for r in rows:
            cells = (r.judge, r.quantity, _cell(r.expected), _cell(r.observed), "ok" if r.ok else "FAIL")
            table.add_row(*(literal(c) for c in cells), style=None if r.ok else "bold red")
        console = make_console()
        console.print(table)
        console.print(f"{sum(r.ok for r in rows)}/{len(rows)} checks pass", highlight=False)
    return 0 if passed else 1


def _cell(value: Any) -> str:
    """A validation value: a list (the flags) as its items, one a line (``none`` when empty)."""
    if isinstance(value, list):
        return "\n".join(map(str, value)) or "none"
    return str(value)

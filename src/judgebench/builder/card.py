"""The dataset card of a build, in JSON (``pairs.card.json``) and Markdown (``pairs.card.md``).

It records what a reader needs to trust and reproduce the pairs: the response model and sampling settings,
the seed and recipe, counts per source, category and task (questions, mixed questions, pairs), verifier
statistics (outcomes and the rules that fired, with each verifier's version), why responses were dropped,
label balance, token usage and the pair file's digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.jsonl import atomic_writer
from judgebench.verifiers.base import Check, Question
from judgebench.version import __version__

if TYPE_CHECKING:
    from judgebench.builder.config import BuildConfig
    from judgebench.builder.inputs import BuildInputs
    from judgebench.builder.select import Labeled


def _counts() -> dict[str, int]:
    return {"questions": 0, "mixed": 0, "pairs": 0, "correct": 0, "incorrect": 0, "dropped": 0}


@dataclass(slots=True)
class BuildCard:
    """Counts gathered during a build; :meth:`to_dict` and :meth:`to_markdown` render them."""

    header: dict[str, Any]
    verifiers: dict[str, dict[str, Any]] = field(default_factory=dict)
    usage: Counter[str] = field(default_factory=Counter)
    failed_calls: int = 0
    errors: list[str] = field(default_factory=list)
    body: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, cfg: BuildConfig, inputs: BuildInputs) -> BuildCard:
        """The settings part of the card."""
        if inputs.given is not None:
            models = sorted({r.model for rs in inputs.given.values() for r in rs})
            sampling: dict[str, Any] = {"responses_file": cfg.responses}
        else:
            models = [str(cfg.model) if cfg.model is not None else ""]
            sampling = {"k": cfg.k, "temperature": cfg.temperature, "max_tokens": cfg.max_tokens}
        header = {
            "format": cfg.format,
            "best_of": cfg.best_of,
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "judgebench_version": __version__,
            "response_model": models[0] if len(models) == 1 else models,
            "sampling": sampling,
            "seed": cfg.seed,
            "sources": [{"name": s.name, "path": s.path} for s in cfg.sources],
            "recipe": {  # with given responses, the questions are the ones the responses name
                name: {
                    "questions_per_group": None if inputs.given is not None else r.questions_per_group,
                    "pairs_per_group": r.pairs_per_group,
                    "exclude_tasks": [] if inputs.given is not None else list(r.exclude_tasks),
                }
                for name, r in inputs.recipes.items()
            },
            "checker": str(cfg.checker) if cfg.checker is not None else None,
        }
        verifiers: dict[str, dict[str, Any]] = {
            name: {"version": getattr(v, "version", None), "outcomes": Counter(), "rules": Counter()}
            for name, v in inputs.verifiers.items()
        }
        return cls(header=header, verifiers=verifiers)

    def add_usage(self, usage: dict[str, int]) -> None:
        """Sum a sampled response's token usage."""
        self.usage.update({k: v for k, v in usage.items() if isinstance(v, int)})

    def note_error(self, error: str | None) -> None:
        """Keep the first few distinct call failures for the report."""
        if error and error not in self.errors and len(self.errors) < 10:
            self.errors.append(error)

    def add_verdict(self, question: Question, check: Check) -> None:
        """Count a rule verdict under its verifier."""
        stats = self.verifiers[question.verifier]
        stats["outcomes"][str(check.outcome)] += 1
        stats["rules"][check.rule or "(none)"] += 1

    def finish(self, labeled: list[Labeled], pairs: list[dict[str, Any]], out: Path) -> None:
        """The counts part of the card, from the labeled questions and the pairs (or best-of-K records) written.

        For best-of-K records (``--format best-of-k``) the ``pairs`` counts are records kept, ``labels``
        counts the responses kept as chosen and rejected, and ``best_of_k`` says what was kept.
        """
        best_of_k = self.header["format"] == "best-of-k"
        kept = {p["prompt"] if best_of_k else p["question"] for p in pairs}
        by: dict[str, dict[str, dict[str, int]]] = {"source": {}, "category": {}, "task": {}}
        dropped: Counter[str] = Counter()
        for item in labeled:
            q = item.question
            for axis, name in (("source", q.source), ("category", str(q.category)), ("task", q.task)):
                c = by[axis].setdefault(name, _counts())
                c["questions"] += 1
                c["mixed"] += int(item.mixed)
                c["pairs"] += int((best_of_k or item.mixed) and q.prompt in kept)
                c["correct"] += len(item.correct)
                c["incorrect"] += len(item.incorrect)
                c["dropped"] += sum(item.dropped.values())
            dropped.update(item.dropped)
        self.body = {
            "counts": {
                "questions": len(labeled),
                "responses": sum(len(i.correct) + len(i.incorrect) + sum(i.dropped.values()) for i in labeled),
                "mixed_questions": sum(i.mixed for i in labeled),
                "pairs": len(pairs),
                "failed_calls": self.failed_calls,
            },
            "dropped_responses": dict(sorted(dropped.items())),
            "labels": (
                {"chosen": sum(p["num_correct"] for p in pairs), "rejected": sum(p["num_incorrect"] for p in pairs)}
                if best_of_k
                else dict(sorted(Counter(p["label"] for p in pairs).items()))
            ),
            "by_source": dict(sorted(by["source"].items())),
            "by_category": dict(sorted(by["category"].items())),
            "by_task": dict(sorted(by["task"].items())),
            "pairs_file": {"name": out.name, "sha256": hashlib.sha256(out.read_bytes()).hexdigest()},
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON card."""
        verifiers: dict[str, dict[str, Any]] = {
            name: {"version": v["version"], "outcomes": dict(v["outcomes"]), "rules": dict(sorted(v["rules"].items()))}
            for name, v in sorted(self.verifiers.items())
        }
        return {**self.header, **self.body, "verifiers": verifiers, "usage": dict(self.usage), "errors": self.errors}

    def to_markdown(self) -> str:
        """The Markdown card."""
        d = self.to_dict()
        c = d["counts"]
        lines = [
            f"# Dataset card: {d['pairs_file']['name']}",
            "",
            f"Built {d['created']} with judgebench {d['judgebench_version']} (JudgeBench method, arXiv 2410.12784).",
            "",
            f"- Response model: `{d['response_model']}`",
            f"- Format: {d['format']}" + (f", best of {d['best_of']}" if d["best_of"] else ""),
            f"- Sampling: {json.dumps(d['sampling'])}; seed {d['seed']}",
            f"- Sources: {', '.join(s['name'] for s in d['sources'])}; recipe {json.dumps(d['recipe'])}",
            f"- LLM answer checker: {d['checker'] or 'none (rule verdicts only)'}",
            f"- {c['questions']} questions, {c['responses']} responses, {c['mixed_questions']} with both a correct and "
            f"an incorrect response, **{c['pairs']} {'records' if d['format'] == 'best-of-k' else 'pairs'}** "
            f"(labels {json.dumps(d['labels'])}); "
            f"{c['failed_calls']} failed calls",
            f"- Dropped responses: {json.dumps(d['dropped_responses'])}",
            f"- Pair file sha256: `{d['pairs_file']['sha256']}`",
        ]
        for axis in ("category", "source", "task"):
            lines += [
                "",
                f"## By {axis}",
                "",
                f"| {axis} | questions | mixed | pairs | correct | incorrect | dropped |",
            ]
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
            for name, n in d[f"by_{axis}"].items():
                cells = " | ".join(
                    str(n[k]) for k in ("questions", "mixed", "pairs", "correct", "incorrect", "dropped")
                )
                lines.append(f"| {name} | {cells} |")
        lines += ["", "## Verifiers", "", "| verifier | version | outcomes | rules fired |", "|---|---|---|---|"]
        for name, v in d["verifiers"].items():
            lines.append(f"| {name} | {v['version'] or '-'} | {json.dumps(v['outcomes'])} | {json.dumps(v['rules'])} |")
        return "\n".join(lines) + "\n"

    def write(self, out: Path) -> tuple[Path, Path]:
        """Write ``<out>.card.json`` and ``<out>.card.md`` beside the pair file."""
        stem = out.name.removesuffix(".jsonl")
        jpath, mpath = out.with_name(stem + ".card.json"), out.with_name(stem + ".card.md")
        with atomic_writer(jpath) as fh:
            json.dump(self.to_dict(), fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        with atomic_writer(mpath) as fh:
            fh.write(self.to_markdown())
        return jpath, mpath

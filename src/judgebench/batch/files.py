"""``batch export`` / ``batch ingest``: a run's calls as an OpenAI batch-format file, run anywhere, read back.

``export`` runs the command with every OpenAI-protocol call (``openai/``, ``together/``, ``vllm/``) collected
instead of sent and writes them to ``FILE`` (``{"custom_id", "method", "url", "body"}`` per line, what ``vllm
run-batch`` and OpenAI Batch take) and a manifest beside it, ``FILE.manifest.json``: the command, and per line
its provider, model, endpoint and the items it serves (pair id and order; best-of-K prompt and comparison).
The custom id is the call's cache key: content-hashed, so a request asked by several items is written once,
and only calls missing from the cache and from the outputs are written.

``ingest`` reads a results file (OpenAI's batch output format, error lines included), stores each answer to a
line of the manifest in the call cache, and runs the command again with the same collection on: every
answered call is a cache hit, so its outputs are those of a live run. Calls still missing (failed lines, or a
judge's next call that depended on this answer) are written to ``FILE`` again, to run and ingest once more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.batch.protocols import BATCH_PRICE_FACTOR, openai_line, read_openai_result
from judgebench.config import load_config
from judgebench.engine.accounting import PriceTable
from judgebench.engine.cache import Cache, default_cache_path
from judgebench.engine.deferral import Deferred
from judgebench.errors import ConfigError, InputError
from judgebench.jsonl import iter_jsonl
from judgebench.output_files import atomic_writer

#: Providers whose calls ``export`` collects: those speaking the OpenAI protocol.
OPENAI_PROTOCOL = frozenset({"openai", "together", "vllm"})


@dataclass(slots=True)
class Manifest:
    """What ``ingest`` needs to know about an exported file."""

    command: list[str]
    lines: dict[str, dict[str, Any]] = field(default_factory=dict)

    @staticmethod
    def path_of(requests: str | Path) -> Path:
        """The manifest beside a requests file."""
        requests = Path(requests)
        return requests.with_name(requests.name + ".manifest.json")

    @classmethod
    def read(cls, requests: str | Path) -> Manifest:
        """The manifest of ``requests`` (an InputError when it is missing or not one)."""
        path = cls.path_of(requests)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(list(raw["command"]), dict(raw["lines"]))
        except FileNotFoundError:
            raise InputError(f"{path}: no manifest: pass the requests file `batch export` wrote (--requests)") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a judgebench batch manifest ({exc})") from None


def write_export(requests: str | Path, calls: list[Deferred], command: list[str]) -> int:
    """Write ``calls`` (deduplicated by cache key) and their manifest; returns the number of lines."""
    ordered = sorted(calls, key=lambda c: (c.items[:1], c.key))
    manifest = Manifest(list(command))
    with atomic_writer(requests) as fh:
        for call in ordered:
            fh.write(json.dumps(openai_line(call), ensure_ascii=False) + "\n")
            manifest.lines[call.key] = {
                "provider": call.provider,
                "model": call.model,
                "base_url": call.base_url,
                "items": [list(item) for item in call.items],
            }
    with atomic_writer(Manifest.path_of(requests)) as fh:
        json.dump({"command": manifest.command, "lines": manifest.lines}, fh, indent=1)
        fh.write("\n")
    return len(ordered)


@dataclass(slots=True)
class Ingested:
    """What a results file held: answers stored, failed lines, lines of no manifest line (ignored)."""

    answered: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    unknown: int = 0
    costs: dict[str, float | None] = field(default_factory=dict)


def ingest_results(results: str | Path, manifest: Manifest, cache_path: str | None = None) -> Ingested:
    """Store the answers of ``results`` to the manifest's lines in the call cache."""
    cache = Cache(Path(cache_path) if cache_path else default_cache_path())
    if cache.broken is not None:
        raise ConfigError(f"batch ingest keeps the answers in the call cache, which cannot be used: {cache.broken}")
    prices = PriceTable.default(load_config().prices)
    out = Ingested()
    try:
        for lineno, row in iter_jsonl(results):
            result = read_openai_result(row, label=f"{results}:{lineno}")
            line = manifest.lines.get(result.key)
            if line is None:
                out.unknown += 1  # never trusted into the cache: not a call this run asked for
                continue
            if result.response is None:
                out.failed[result.key] = result.error or "no answer"
                continue
            cache.put(result.key, line["provider"], line["model"], result.response)
            price = prices.cost(line["provider"], line["model"], result.response.usage)
            out.costs[result.key] = None if price is None else price * BATCH_PRICE_FACTOR
            out.answered += 1
        cache.flush()
    finally:
        cache.close()
    return out

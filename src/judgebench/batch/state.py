"""What a batched run keeps beside its ``--out``: the batches in flight, so a rerun polls instead of resubmitting.

``<out>.batches.json`` holds each submitted batch (provider, model, endpoint, id, the cache keys it carries,
its last known state), the batch-priced costs of answers ingested but not yet written to the outputs, and
how many batch lines failed per call. It is written atomically after every submit and every ingest, so a
run killed at any point (``kill -9`` between submit and completion included) resumes from it. It holds no
key or secret: ids and content hashes only.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import InputError
from judgebench.output_files import atomic_writer

VERSION = 1


@dataclass(slots=True)
class Submitted:
    """One provider batch."""

    provider: str
    model: str
    base_url: str | None
    id: str
    keys: list[str]
    state: str = "submitted"
    ingested: bool = False
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class BatchState:
    """The state file's content (see the module docstring)."""

    path: Path
    batches: list[Submitted] = field(default_factory=list)
    costs: dict[str, float | None] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def for_output(cls, out: str | os.PathLike[str]) -> BatchState:
        """The state of the run writing ``out`` (empty when there is none yet); a folder (a probe's) holds it."""
        out = Path(out)
        path = out / "batches.json" if out.is_dir() else out.with_name(out.name + ".batches.json")
        if not path.exists():
            return cls(path)
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") != VERSION:
                raise ValueError(f"version {raw.get('version')!r}")
            batches = [Submitted(**b) for b in raw.get("batches", [])]
            return cls(path, batches, dict(raw.get("costs", {})), dict(raw.get("attempts", {})))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}: not a judgebench batch state file ({exc}); move it away to start over") from None

    @property
    def pending(self) -> list[Submitted]:
        """Batches whose results are not in the cache yet."""
        return [b for b in self.batches if not b.ingested]

    def save(self) -> None:
        """Write the file atomically."""
        doc = {
            "version": VERSION,
            "batches": [asdict(b) for b in self.batches],
            "costs": self.costs,
            "attempts": self.attempts,
        }
        with atomic_writer(self.path) as fh:  # an OSError becomes one OutputError line
            json.dump(doc, fh, indent=1)
            fh.write("\n")

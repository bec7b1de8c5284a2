"""One build's settings: :class:`BuildConfig` (the ``judgebench build`` flags)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.builder.inputs import SourceSpec
from judgebench.model_spec import ModelSpec

__all__ = ["BuildConfig"]


@dataclass(slots=True)
class BuildConfig:
    """One build's settings (the CLI's flags); ``engine_options`` go to ``open_engine`` (``rpm``, ...).

    ``model`` and ``checker`` are parsed specs (text given here is parsed here).
    """

    sources: list[SourceSpec]
    out: Path
    model: ModelSpec | None = None
    k: int = 5
    questions: int | None = None
    per_category: int | None = None
    seed: int = 0
    temperature: float = 1.0
    max_tokens: int | None = None
    responses: str | None = None
    executor: str = "local"
    workers: int | None = None
    ray_address: str | None = None
    base_url: str | None = None
    concurrency: int = 16
    cache: bool = True
    cache_path: str | None = None
    checker: ModelSpec | None = None
    checker_base_url: str | None = None
    fresh: bool = False
    format: str = "pairs"
    best_of: int | None = None
    engine_options: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self.model = ModelSpec.parse(self.model) if self.model is not None else None
        self.checker = ModelSpec.parse(self.checker) if self.checker is not None else None

    @property
    def workdir(self) -> Path:
        """The stage folder beside the output."""
        return self.out.with_name(self.out.name.removesuffix(".jsonl") + ".build")

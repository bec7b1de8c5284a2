"""Where judgebench finds its reference data and keeps its per-user cache (environment variables only)."""

from __future__ import annotations

import os
from pathlib import Path

from judgebench.errors import DataUnavailableError

__all__ = ["cache_dir", "data_root"]


def data_root() -> Path | None:
    """``$JUDGEBENCH_DATA`` as a Path, or None when unset; a set but missing folder is an error."""
    value = os.environ.get("JUDGEBENCH_DATA")
    if not value:
        return None
    root = Path(value).expanduser()
    if not root.is_dir():
        raise DataUnavailableError(f"JUDGEBENCH_DATA={value} is not a directory")
    return root


def cache_dir() -> Path:
    """The per-user cache folder (not created here)."""
    if value := os.environ.get("JUDGEBENCH_CACHE"):
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "judgebench"

"""Names that reach the Hugging Face hub and the cache: dataset ids, configs, splits and file names, checked first.

Each name becomes part of a hub URL and of a path under the per-user cache, so none may hold a path separator,
climb (``..``) or start with a dot. A name the user gave is a :class:`ConfigError`; a name the hub listed that
breaks the rules is a :class:`DataUnavailableError` (the hub's answer cannot be used).
"""

from __future__ import annotations

import re
from pathlib import Path

from judgebench.errors import ConfigError, DataUnavailableError
from judgebench.locations import cache_dir

__all__ = ["cache_path", "check_config", "check_dataset_id", "check_listed_path", "check_split", "dataset_folder"]

# The hub's rule for owners and names: letters, digits, '_', '-', '.'; 1-96 characters; starts and ends with a
# letter, digit or '_'; no '--' or '..'.
_REPO_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_DATASET_ID = re.compile(rf"({_REPO_PART})/({_REPO_PART})")
# A split name as the datasets library allows it: words joined by single dots ('test', 'train.clean').
_SPLIT = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
# A config (subset) name or one segment of a file path in a repository: no leading dot, no separators.
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+=,-]{0,199}")


def check_dataset_id(dataset_id: str) -> str:
    """``dataset_id`` if it reads ``owner/name`` by the hub's rules; a ConfigError otherwise."""
    m = _DATASET_ID.fullmatch(dataset_id)
    if m is None or any("--" in part or ".." in part for part in m.groups()):
        raise ConfigError(f"not a hub dataset id: {dataset_id!r} (expected owner/name: letters, digits, '-', '_', '.')")
    return dataset_id


def check_split(split: str) -> str:
    """``split`` if it is a split name (words joined by dots, no path separators); a ConfigError otherwise."""
    if len(split) > 200 or _SPLIT.fullmatch(split) is None:
        raise ConfigError(f"not a split name: {split!r} (letters, digits, '_', single dots between words)")
    return split


def check_config(config: str) -> str:
    """``config`` if it is a config (subset) name without path separators or a leading dot; a ConfigError."""
    if _SEGMENT.fullmatch(config) is None or ".." in config:
        raise ConfigError(f"not a dataset config name: {config!r}")
    return config


def check_listed_path(path: str, folder: str, dataset_id: str) -> str:
    """``path`` if it names a file directly in ``folder`` of the repository, every part of it a plain name.

    Raises:
        DataUnavailableError: anything else (a path that climbs, an absolute one, one in another folder).
    """
    head, _, _ = path.rpartition("/")
    if head != folder or not all(_SEGMENT.fullmatch(p) and ".." not in p for p in path.split("/")):
        raise DataUnavailableError(f"the hub listed {path!r} in {folder!r} of {dataset_id!r}: not a file name to use")
    return path


def dataset_folder(dataset_id: str) -> str:
    """The cache folder name of a dataset (``owner__name``), the id checked first."""
    return check_dataset_id(dataset_id).replace("/", "__")


def cache_path(*parts: str) -> Path:
    """``cache_dir() / parts...``, refused unless every part is one plain name and the result stays inside.

    Raises:
        ConfigError: a part is empty, ``.`` or ``..``, or holds a separator, or the path leaves the cache.
    """
    root = cache_dir()
    for part in parts:
        if part in ("", ".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise ConfigError(f"refusing the cache path part {part!r}: not a plain file name")
    path = root.joinpath(*parts)
    if not path.resolve().is_relative_to(root.resolve()):
        raise ConfigError(f"refusing {path}: it is outside the cache {root}")
    return path

"""Named registries for the project's seams, extensible through entry points.

Each seam (chat backends, reward backends, judges, verifiers, sources, metrics) keeps one
:class:`Registry`. Built-ins register themselves on import; third-party packages add entries
through an entry-point group such as ``judgebench.judges``, loaded the first time a name is missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from judgebench.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """A name → object map with entry-point discovery.

    Args:
        kind: what the entries are, for error messages ("judge", "verifier", ...).
        group: the entry-point group third-party packages publish to.
    """

    def __init__(self, kind: str, group: str) -> None:
        self.kind = kind
        self.group = group
        self._items: dict[str, T] = {}
        self._aliases: dict[str, str] = {}
        self._loaded_entry_points = False

    def register(self, name: str, *aliases: str) -> Callable[[T], T]:
        """Decorator registering ``obj`` under ``name`` (and optional aliases)."""

        def deco(obj: T) -> T:
            self.add(name, obj, *aliases)
            return obj

        return deco

    def add(self, name: str, obj: T, *aliases: str) -> None:
        """Register ``obj`` under ``name``; a name already taken is an error."""
        if name in self._items and self._items[name] is not obj:
            raise ConfigError(f"{self.kind} {name!r} is registered twice")
        self._items[name] = obj
        for alias in aliases:
            self._aliases[alias] = name

    def _load_entry_points(self) -> None:
        if self._loaded_entry_points:
            return
        self._loaded_entry_points = True
        for ep in entry_points(group=self.group):
            if ep.name not in self._items:
                self._items[ep.name] = ep.load()

    def get(self, name: str) -> T:
        """The entry called ``name``; raises ConfigError listing the known names."""
        name = self._aliases.get(name, name)
        if name not in self._items:
            self._load_entry_points()
        if name not in self._items:
            known = ", ".join(sorted(self._items)) or "none"
            raise ConfigError(f"unknown {self.kind} {name!r} (known: {known})")
        return self._items[name]

    def names(self) -> list[str]:
        """All registered names, entry points included, sorted."""
        self._load_entry_points()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        try:
            self.get(name)
        except ConfigError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

"""Named registries for the project's seams, extensible through entry points, loaded lazily.

Each seam (chat backends, reward backends, judges, verifiers, sources, analyses, commands) keeps one
:class:`Registry`. An entry is registered once, with the facts other code needs about it, in one of
three ways:

- ``add_lazy(name, "package.module:attr", **facts)``: built-ins; the module is imported on first use, so
  listing names or reading facts (a judge's ``kind``) imports nothing;
- ``add(name, obj, **facts)`` or the ``register`` decorator: an object already in hand (tests, notebooks);
- an entry point in the registry's group (``judgebench.judges``, ...): third-party packages; loaded the
  first time its name is asked for. Facts of an entry-point entry are read from the loaded object's
  attributes of the same names (a plugin judge's factory carries ``kind = "prompted"``), unless loading its
  module registered the name itself (the decorators of :mod:`judgebench.extend`): that entry is kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from judgebench.errors import ConfigError

if TYPE_CHECKING:  # importlib.metadata loads only when entry points are scanned
    from importlib.metadata import EntryPoint

T = TypeVar("T")
_BUILTINS_ONLY: ContextVar[bool] = ContextVar("judgebench_builtins_only", default=False)


@contextmanager
def builtins_only() -> Iterator[None]:
    """Within the block, :meth:`Registry.in_order` lists no entry points (scanning them costs start-up time)."""
    token = _BUILTINS_ONLY.set(True)
    try:
        yield
    finally:
        _BUILTINS_ONLY.reset(token)


def load_target(target: str) -> Any:
    """The object an import path ``package.module:attr`` names (imports the module)."""
    module, sep, attr = target.partition(":")
    if not sep or not module or not attr:
        raise ConfigError(f"an import path reads package.module:attr, got {target!r}")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """A name → object map with lazy built-ins and entry-point discovery.

    Args:
        kind: what the entries are, for error messages ("judge", "verifier", ...).
        group: the entry-point group third-party packages publish to.
        facts: the facts every entry has, with their defaults (``{"kind": "other"}`` for judges).
        adapt: turns an object given to :meth:`add` or loaded from an entry point into an entry
            (sources wrap a bare factory in a :class:`~judgebench.catalog.SourceInfo`).
        builtins: a module that registers the built-in entries, imported before the first lookup.
    """

    def __init__(
        self,
        kind: str,
        group: str,
        *,
        facts: Mapping[str, Any] | None = None,
        adapt: Callable[[str, Any], T] | None = None,
        builtins: str | None = None,
    ) -> None:
        self.kind = kind
        self.group = group
        self.fact_defaults: dict[str, Any] = dict(facts or {})
        self._adapt = adapt
        self._items: dict[str, T] = {}
        self._lazy: dict[str, str] = {}
        self._facts: dict[str, dict[str, Any]] = {}
        self._aliases: dict[str, str] = {}
        self._order: list[str] = []
        self._entry_points: dict[str, EntryPoint] | None = None
        self._builtins = builtins
        #: bumped whenever an entry is added, so caches of derived facts know to refresh
        self.generation = 0

    def register(self, name: str, *aliases: str, **facts: Any) -> Callable[[T], T]:
        """Decorator registering ``obj`` under ``name`` (and optional aliases)."""

        def deco(obj: T) -> T:
            self.add(name, obj, *aliases, **facts)
            return obj

        return deco

    def add(self, name: str, obj: Any, *aliases: str, **facts: Any) -> None:
        """Register ``obj`` under ``name``; a name already taken by another object is an error."""
        entry: T = self._adapt(name, obj) if self._adapt is not None else obj
        if name in self._items and self._items[name] is not entry and self._items[name] is not obj:
            raise ConfigError(f"{self.kind} {name!r} is registered twice")
        if name in self._lazy:
            raise ConfigError(f"{self.kind} {name!r} is registered twice")
        self._note(name, aliases, {**self._facts_of(obj), **facts})
        self._items[name] = entry

    def add_lazy(self, name: str, target: str, *aliases: str, **facts: Any) -> None:
        """Register the object at import path ``target`` (``package.module:attr``), imported on first use."""
        if name in self._items or (name in self._lazy and self._lazy[name] != target):
            raise ConfigError(f"{self.kind} {name!r} is registered twice")
        self._note(name, aliases, facts)
        self._lazy[name] = target

    def _note(self, name: str, aliases: tuple[str, ...], facts: dict[str, Any]) -> None:
        unknown = set(facts) - set(self.fact_defaults)
        if unknown:
            raise ConfigError(f"{self.kind} {name!r}: unknown facts {', '.join(sorted(unknown))}")
        self._facts[name] = {**self.fact_defaults, **facts}
        if name not in self._order:
            self._order.append(name)
        for alias in aliases:
            self._aliases[alias] = name
        self.generation += 1

    def remove(self, name: str) -> None:
        """Forget ``name`` and its aliases (tests, notebooks re-registering an entry)."""
        for table in (self._items, self._lazy, self._facts):
            table.pop(name, None)
        self._order = [n for n in self._order if n != name]
        self._aliases = {a: n for a, n in self._aliases.items() if n != name}
        self.generation += 1

    def _eps(self) -> dict[str, EntryPoint]:
        if self._entry_points is None:
            from importlib.metadata import entry_points

            self._entry_points = {ep.name: ep for ep in entry_points(group=self.group)}
        return self._entry_points

    def _load_builtins(self) -> None:
        if self._builtins is not None:
            module, self._builtins = self._builtins, None
            importlib.import_module(module)

    def _resolve(self, name: str) -> str | None:
        self._load_builtins()
        name = self._aliases.get(name, name)
        if name in self._items or name in self._lazy or name in self._eps():
            return name
        return None

    def get(self, name: str) -> T:
        """The entry called ``name`` (imported now if lazy); raises ConfigError listing the known names."""
        key = self._resolve(name)
        if key is None:
            raise ConfigError(f"unknown {self.kind} {name!r} (known: {', '.join(self.names()) or 'none'})")
        if key not in self._items:
            if key in self._lazy:
                self._items[key] = load_target(self._lazy[key])
            else:
                obj = self._eps()[key].load()
                if key not in self._items:  # a module that registered the name as it loaded keeps its entry
                    self._items[key] = self._adapt(key, obj) if self._adapt is not None else obj
                    self._facts.setdefault(key, self._facts_of(obj))
        return self._items[key]

    def _facts_of(self, obj: Any) -> dict[str, Any]:
        out = dict(self.fact_defaults)
        for fact, default in self.fact_defaults.items():
            value = getattr(obj, fact, None)
            if value is not None and (default is None or isinstance(value, type(default))):
                out[fact] = value
        return out

    def facts(self, name: str) -> dict[str, Any]:
        """What was declared about ``name`` (an entry point is loaded to read its attributes)."""
        key = self._resolve(name)
        if key is None:
            raise ConfigError(f"unknown {self.kind} {name!r} (known: {', '.join(self.names()) or 'none'})")
        if key not in self._facts:
            self.get(key)
        return dict(self._facts.get(key, self.fact_defaults))

    def declared(self) -> list[str]:
        """The names registered in code (built-ins and :meth:`add`), in registration order; no entry-point scan."""
        self._load_builtins()
        return [*self._order, *(n for n in self._items if n not in self._order)]

    def in_order(self) -> list[str]:
        """Every name: those registered in code in registration order, then entry points by name.

        Inside :func:`builtins_only`, only the names registered in code.
        """
        declared = self.declared()
        if _BUILTINS_ONLY.get():
            return declared
        return declared + sorted(n for n in self._eps() if n not in declared)

    def names(self) -> list[str]:
        """All registered names, entry points included (none imported), sorted."""
        self._load_builtins()
        return sorted({*self._items, *self._lazy, *self._eps()})

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._resolve(name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

"""``judgebench cache stats | clear | path``: inspect or empty the model-call cache."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    """Register the ``cache`` command."""
    p = sub.add_parser("cache", help="inspect or clear the model-call cache")
    p.add_argument("action", choices=("stats", "clear", "path"), help="stats: entries per model; clear; path")
    p.add_argument("--cache-path", metavar="FILE", help="the cache file (default $JUDGEBENCH_CACHE/calls.sqlite)")
    p.add_argument("--model", metavar="PROVIDER/MODEL", help="clear only this model's entries")
    p.add_argument("--json", action="store_true", help="stats as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the path, the stats, or clear."""
    from pathlib import Path

    from judgebench.engine.cache import Cache, default_cache_path

    path = Path(args.cache_path) if args.cache_path else default_cache_path()
    if args.action == "path":
        print(path)
        return 0
    if not path.exists():
        if args.action == "clear":
            print(f"no cache at {path}")
            return 0
        stats: dict[str, Any] = {"path": str(path), "entries": 0, "size_bytes": 0, "by_model": {}}
    else:
        cache = Cache(path, warn=False)
        try:
            if args.action == "clear":
                removed = cache.clear(args.model)
                print(f"removed the damaged cache {path}" if removed < 0 else f"removed {removed} entries from {path}")
                return 0
            stats = cache.stats().to_dict()
        finally:
            cache.close()
    if args.json:
        json.dump(stats, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"cache: {stats['path']}")
    print(f"entries: {stats['entries']}  size: {stats['size_bytes'] / 1e6:.2f} MB")
    for model, count in stats["by_model"].items():
        print(f"  {model}: {count}")
    return 0

"""The user's config file: API keys and price overrides, read only when a user names it.

Secrets come from the environment first; a config file is read only when named, by ``--config`` (a
``config_path`` argument) or ``$JUDGEBENCH_CONFIG``. It is TOML::

    [keys]                          # provider -> API key (the environment wins when both are set)
    openai = "sk-..."
    anthropic = "sk-ant-..."

    [prices]                        # USD per million tokens; overrides the built-in table
    "openai/gpt-4o" = { input = 2.5, output = 10.0 }
    "vllm/*" = { input = 0.0, output = 0.0 }

Nothing here ever logs or writes a key; :class:`Config` hides them from ``repr``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError

CONFIG_ENV = "JUDGEBENCH_CONFIG"


@dataclass(frozen=True, slots=True)
class Config:
    """What a config file holds.

    Attributes:
        path: the file read, or None when there was none.
        keys: provider → API key (never shown in ``repr``).
        prices: model key → ``{"input": usd_per_mtok, "output": usd_per_mtok}``.
    """

    path: Path | None = None
    keys: Mapping[str, str] = field(default_factory=dict, repr=False)
    prices: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the config file named by ``path`` or ``$JUDGEBENCH_CONFIG``; an empty Config when neither is set."""
    raw_path = path if path is not None else os.environ.get(CONFIG_ENV)
    if not raw_path:
        return Config()
    file = Path(raw_path).expanduser()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {file} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None
    return Config(path=file, keys=_keys(file, data.get("keys", {})), prices=_prices(file, data.get("prices", {})))


def _keys(file: Path, section: Any) -> dict[str, str]:
    if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
        raise ConfigError(f"{file}: [keys] must map provider names to strings")
    return {str(k): v for k, v in section.items()}


def _prices(file: Path, section: Any) -> dict[str, dict[str, float]]:
    if not isinstance(section, dict):
        raise ConfigError(f"{file}: [prices] must be a table")
    out: dict[str, dict[str, float]] = {}
    for model, entry in section.items():
        if (
            not isinstance(entry, dict)
            or set(entry) - {"input", "output"}
            or not all(isinstance(v, int | float) and v >= 0 for v in entry.values())
        ):
            raise ConfigError(f"{file}: prices.{model!r} must read {{ input = <usd/Mtok>, output = <usd/Mtok> }}")
        out[str(model)] = {k: float(v) for k, v in entry.items()}
    return out


def api_key(provider: str, env_var: str, config: Config | None = None) -> str | None:
    """The key for ``provider``: ``$env_var`` first, then the config file's ``[keys]``; None when neither."""
    value = os.environ.get(env_var)
    if value:
        return value
    if config is not None:
        return config.keys.get(provider) or None
    return None

"""What every SDK chat backend shares: its identity, key and endpoint lookup, label and repr.

The OpenAI (and Together), vLLM wire, Anthropic and Gemini backends each declare where their key and endpoint
come from (``key_env``, ``base_url_env``, ``default_base_url``) and call :meth:`ChatBackendBase._identify` first;
the SDK clients of the Stainless family (openai, anthropic) take :func:`stainless_options`: no SDK retries (the
engine owns them), the per-attempt timeout, and the aiohttp transport where installed. The key is held for the
call and for redaction only: neither the label nor the repr holds it.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from judgebench.config import Config, api_key
from judgebench.errors import ConfigError, MissingExtraError


def http_client(transport: str, sdk: Any) -> Any:
    """An async HTTP client for a Stainless SDK: aiohttp when asked or available, else None (SDK default)."""
    if transport not in ("auto", "aiohttp", "httpx"):
        raise ConfigError(f"transport must be auto, aiohttp or httpx, got {transport!r}")
    if transport == "httpx":
        return None
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        if transport == "aiohttp":
            raise MissingExtraError("aiohttp", "openai") from None
        return None
    return sdk.DefaultAioHttpClient()


def stainless_options(sdk: Any, *, timeout_s: float, transport: str) -> dict[str, Any]:
    """The client settings shared by the openai and anthropic SDKs: no retries of their own, the timeout, transport."""
    return {"max_retries": 0, "timeout": timeout_s, "http_client": http_client(transport, sdk)}


class ChatBackendBase:
    """The shared part of an SDK chat backend (see the module docstring).

    Attributes:
        provider: the registry name (``openai``...).
        key_env: the environment variable of the key (also named in messages as where to set it).
        base_url_env: the environment variable of the endpoint, or None when there is none.
        default_base_url: the endpoint when neither is given (None: the SDK's default).
    """

    provider: str = ""
    key_env: ClassVar[str] = ""
    base_url_env: ClassVar[str | None] = None
    default_base_url: ClassVar[str | None] = None
    cacheable: bool = True

    model: str
    base_url: str | None
    api_key: str | None
    key_hint: str
    label: str

    def _identify(self, model: str, *, api_key: str | None, config: Config | None, base_url: str | None) -> None:
        """Set the model, the key (given, else the environment or the config's ``[keys]``) and the endpoint."""
        self.model = model
        self.key_hint = self.key_env
        self.api_key = api_key or self.lookup_key(config)
        from_env = os.environ.get(self.base_url_env) if self.base_url_env else None
        self.base_url = base_url or from_env or self.default_base_url
        self.label = f"{self.provider}/{model}"

    @classmethod
    def lookup_key(cls, config: Config | None) -> str | None:
        """The key from ``$key_env``, else the config file's ``[keys]``; None when neither holds one."""
        return api_key(cls.provider, cls.key_env, config)

    def _require_key(self) -> str:
        """The key, or a ConfigError naming where to set it."""
        if self.api_key is None:
            raise ConfigError(f"{self.provider}: no API key: set {self.key_env} (or [keys] in a config file)")
        return self.api_key

    def _at(self, base_url: str | None) -> None:
        """Record the endpoint the client settled on (trailing slash dropped) in ``base_url`` and the label."""
        self.base_url = base_url.rstrip("/") if base_url is not None else None
        self.label = f"{self.provider}/{self.model} at {self.base_url}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model!r}, base_url={self.base_url!r})"

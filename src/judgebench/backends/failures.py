"""Classifying provider failures: a short reason, retryable or not, and a message that says what to fix.

Backends turn SDK exceptions into :class:`ProviderRetryableError` or :class:`ProviderFatalError` (subclasses
of the package's Retryable/FatalBackendError carrying a ``reason``) through :func:`classify_http` and
friends. Every message passes through :func:`redact` with the backend's key, so no key leaks into an error,
a log or an output file even when a server echoes it back.

Reasons: ``rate_limit``, ``server_error``, ``timeout``, ``connection``, ``refused`` (nothing listens at the
address), ``malformed`` (retryable); ``auth``, ``permission``, ``not_found``, ``context_length``,
``bad_request``, ``no_text`` (fatal). The engine stops a whole run on ``auth`` and ``permission``, and on
``refused`` while the endpoint has answered nothing yet (:class:`~judgebench.errors.EndpointError`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from judgebench.errors import BackendError, FatalBackendError, RetryableBackendError

_CONTEXT_MARKERS = (
    "context_length_exceeded",
    "maximum context length",
    "context length",
    "context window",
    "prompt is too long",
    "too many tokens",
    "input is too long",
)


class ProviderRetryableError(RetryableBackendError):
    """A retryable failure with a short ``reason``."""

    def __init__(self, reason: str, message: str, *, status: int | None = None, retry_after: float | None = None):
        self.reason = reason
        super().__init__(message, status=status, retry_after=retry_after)


class ProviderFatalError(FatalBackendError):
    """A failure retrying cannot fix, with a short ``reason``."""

    def __init__(self, reason: str, message: str, *, status: int | None = None) -> None:
        self.reason = reason
        super().__init__(message, status=status)


def reason_of(exc: BaseException) -> str:
    """The short reason of a failure (derived from the status for errors raised elsewhere)."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str):
        return reason
    if isinstance(exc, BackendError):
        if exc.status == 429:
            return "rate_limit"
        if exc.status is not None and exc.status >= 500:
            return "server_error"
        return "retryable" if exc.retryable else "fatal"
    return type(exc).__name__


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret (and any bearer token) replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date); None when absent."""
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        import email.utils  # an HTTP date: rare, and the email package costs ~10 ms to import

        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


def classify_http(
    status: int,
    server_message: str,
    *,
    label: str,
    key_hint: str,
    headers: Mapping[str, str] | None = None,
    secret: str | None = None,
) -> BackendError:
    """The error for an HTTP failure ``status`` of endpoint ``label`` (``provider/model at url``).

    ``key_hint`` says where the key comes from (e.g. ``OPENAI_API_KEY``); ``secret`` is redacted.
    """
    detail = redact(server_message.strip(), secret)[:500]
    where = f"{label}: HTTP {status}"
    if status == 429:
        return ProviderRetryableError(
            "rate_limit", f"{where} rate limited: {detail}", status=status, retry_after=parse_retry_after(headers)
        )
    if status >= 500 or status in (408, 409):
        return ProviderRetryableError(
            "server_error", f"{where} server error: {detail}", status=status, retry_after=parse_retry_after(headers)
        )
    if status == 401:
        return ProviderFatalError("auth", f"{where} authentication failed: check {key_hint} ({detail})", status=status)
    if status == 403:
        return ProviderFatalError(
            "permission", f"{where} permission denied: the key in {key_hint} has no access ({detail})", status=status
        )
    if status == 404:
        return ProviderFatalError(
            "not_found", f"{where} not found: check the model name and base URL ({detail})", status=status
        )
    lowered = detail.lower()
    if any(marker in lowered for marker in _CONTEXT_MARKERS):
        return ProviderFatalError(
            "context_length",
            f"{where} the request exceeds the model's context window: shorten the prompt or lower max_tokens "
            f"({detail})",
            status=status,
        )
    return ProviderFatalError(
        "bad_request", f"{where} bad request: fix the call's parameters ({detail})", status=status
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: set[int] = set()
    out: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        out.append(link)
        link = link.__cause__ or link.__context__
    return out


def refused(exc: BaseException) -> bool:
    """True when a connection was refused (ECONNREFUSED anywhere in the chain): nothing listens there.

    The OpenAI SDK's aiohttp transport reports a refused connection as a connect *timeout*; the chain still
    holds the ``ConnectionRefusedError``.
    """
    return any(isinstance(link, ConnectionRefusedError) for link in _chain(exc))


def connection_error(exc: BaseException, label: str, secret: str | None = None) -> ProviderRetryableError:
    """The error of a connection that failed: ``refused`` (nothing listens) or ``connection`` (failed, dropped)."""
    if refused(exc):
        return ProviderRetryableError(
            "refused", f"{label}: connection refused: nothing listens there (is the server running? check --base-url)"
        )
    cause = redact(str(exc) or type(exc).__name__, secret)[:300]
    return ProviderRetryableError("connection", f"{label}: connection failed or dropped ({cause})")


def _dropped(exc: BaseException) -> bool:
    """True when a "timeout" is really a dropped connection (the SDKs' aiohttp transport reports one as the other)."""
    for link in _chain(exc):
        name = type(link).__name__
        if "Disconnect" in name or "ConnectionReset" in name or "RemoteProtocol" in name:
            return True
    return False


def classify_sdk_error(
    exc: Exception, sdk: Any, *, label: str, key_hint: str, secret: str | None = None
) -> BackendError:
    """Map an exception of a Stainless-generated SDK (``openai``, ``anthropic``; passed as ``sdk``) to ours."""
    if isinstance(exc, sdk.APIConnectionError) and refused(exc):  # APITimeoutError is an APIConnectionError
        return connection_error(exc, label, secret)
    if isinstance(exc, sdk.APITimeoutError) and not _dropped(exc):
        return ProviderRetryableError("timeout", f"{label}: the request timed out")
    if isinstance(exc, sdk.APIConnectionError):
        cause = redact(str(exc.__cause__ or exc), secret)[:300]
        return ProviderRetryableError("connection", f"{label}: connection failed or dropped ({cause})")
    if isinstance(exc, sdk.APIResponseValidationError):
        return ProviderRetryableError("malformed", f"{label}: the reply did not match the protocol")
    if isinstance(exc, sdk.APIStatusError):
        return classify_http(
            exc.status_code,
            str(exc.message),
            label=label,
            key_hint=key_hint,
            headers=exc.response.headers,
            secret=secret,
        )
    if isinstance(exc, ValueError):  # a body that is not JSON (json.JSONDecodeError is a ValueError)
        return ProviderRetryableError("malformed", f"{label}: the reply is not valid JSON")
    raise exc

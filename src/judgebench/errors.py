"""The exceptions judgebench raises.

Every error a user can cause or meet derives from :class:`JudgeBenchError`; the CLI turns these into a
one-line message and exit code 2 (``--debug`` shows the traceback). The tree::

    JudgeBenchError
    ├── InputError                  bad input named by file and line
    │   ├── MalformedRecordError    not JSON, truncated, a missing key, a bad value
    │   └── DuplicatePairError      the same pair_id twice in one file
    ├── DataUnavailableError        a data set is neither local nor downloadable (offline, not found)
    ├── ConfigError                 an unknown name in a registry, a bad model spec or option
    ├── MissingExtraError           an optional dependency is not installed (names the pip extra)
    ├── OutputError                 an output that cannot be written: not a regular file, no folder, disk full
    ├── BackendError                a model call failed; ``retryable`` says whether trying again may help
    │   ├── RetryableBackendError   429, 5xx, timeouts, dropped connections
    │   └── FatalBackendError       authentication, bad request, context length: fix the call first
    │       └── EndpointError       nothing listens at the address, or the key is rejected: the run stops
    ├── ParseError                  a judge's reply holds no readable verdict (keeps the raw text)
    └── VerificationError           a checker could not run (a verdict of *unverifiable*, never *incorrect*)
"""

from __future__ import annotations

__all__ = [
    "BackendError",
    "ConfigError",
    "DataUnavailableError",
    "DuplicatePairError",
    "EndpointError",
    "FatalBackendError",
    "InputError",
    "JudgeBenchError",
    "MalformedRecordError",
    "MissingExtraError",
    "OutputError",
    "ParseError",
    "RetryableBackendError",
    "VerificationError",
]


class JudgeBenchError(Exception):
    """Base class of every error judgebench raises on purpose."""


class InputError(JudgeBenchError):
    """Bad input data; the message names the file and, where known, the line.

    Attributes:
        path: the file, or None for in-memory data.
        line: the 1-based line number, or None when the error concerns the whole file.
        reason: what is wrong, without the location.
    """

    def __init__(self, reason: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {reason}")


class MalformedRecordError(InputError):
    """A line that is not a JSON object, is truncated, misses a key or holds a bad value."""


class DuplicatePairError(InputError):
    """A pair_id that occurs twice in one file."""


class DataUnavailableError(JudgeBenchError):
    """A data set that is neither on disk nor downloadable right now."""


class ConfigError(JudgeBenchError):
    """An unknown registry name, a malformed model spec or an invalid option."""


class OutputError(JudgeBenchError):
    """An output path that judgebench refuses or fails to write (a device, a FIFO, a folder, a full disk).

    Nothing at the path is replaced or damaged when this is raised.
    """


class MissingExtraError(ConfigError):
    """An optional dependency is missing; the message says which extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"{package} is not installed: pip install 'judgebench[{extra}]'")


class BackendError(JudgeBenchError):
    """A model call that failed.

    Attributes:
        retryable: whether trying the same call again may succeed.
        status: the HTTP status, when there was one.
    """

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class RetryableBackendError(BackendError):
    """Rate limits, server errors, timeouts and dropped connections."""

    retryable = True


class FatalBackendError(BackendError):
    """Authentication, bad requests and context-length errors: retrying cannot help."""


class ParseError(JudgeBenchError):
    """A judge reply without a readable verdict; ``raw`` keeps the reply."""

    def __init__(self, message: str, raw: str = "") -> None:
        self.raw = raw
        super().__init__(message)


class VerificationError(JudgeBenchError):
    """A checker that could not reach a verdict (timeout, crash, missing ground truth)."""


class EndpointError(FatalBackendError):
    """Nothing can succeed at this endpoint (a refused connection, a rejected key): the whole run stops.

    Judges and the runner let it through instead of recording one failed judgment, so a run ends at once
    (exit 2) with the finished work kept. ``reason`` is the underlying failure's (``refused``, ``auth``...).
    """

    def __init__(self, reason: str, message: str, *, status: int | None = None) -> None:
        self.reason = reason
        super().__init__(message, status=status)

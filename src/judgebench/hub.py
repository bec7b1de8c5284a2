"""Downloads: hub datasets through ``huggingface_hub``, GitHub files streamed with httpx; all atomic, all cached.

A hub split is read from the hub's Parquet conversion (revision ``refs/convert/parquet``: the files the dataset
viewer serves, ``{config}/{split}/*.parquet``): ``HfApi.list_repo_tree`` lists them, ``hf_hub_download`` fetches
each, and the rows are written as one JSONL file in the per-user cache. ``HF_ENDPOINT``, ``HF_TOKEN`` (or the
saved login) and ``HF_HUB_OFFLINE`` are read when a download starts. Names are checked before anything is asked
(:mod:`judgebench.hub_names`), and the token goes to the hub's own origin only (scheme, host and port): not to a
page a listing links to, nor to a redirect target elsewhere. Every failure is one :class:`DataUnavailableError`.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from judgebench.errors import DataUnavailableError
from judgebench.hub_names import (
    cache_path,
    check_config,
    check_dataset_id,
    check_listed_path,
    check_split,
    dataset_folder,
)

__all__ = ["HUB_PAIRS_FIX", "RELEASE_FIX", "SOURCE_FIX", "download", "hf_endpoint", "hub_file", "hub_unreachable"]

#: Where the hub keeps the Parquet conversion of every public dataset.
PARQUET_REVISION = "refs/convert/parquet"
#: What to do when the release data cannot be downloaded (the default hint: the caller's data is the release's).
RELEASE_FIX = "Set JUDGEBENCH_DATA to a local copy laid out as data/ and outputs/, or pass a file path."
#: A source dataset of ``build`` / ``solve`` (``--source NAME`` without a path).
SOURCE_FIX = (
    "Pass a local copy as --source NAME=PATH (docs/build.md gives each source's layout), "
    "or set HF_ENDPOINT to a reachable hub mirror."
)
#: A hub split named as ``--pairs hf:owner/name:split``.
HUB_PAIRS_FIX = (
    "Set HF_ENDPOINT to a reachable hub mirror, or download the split yourself and pass its .jsonl or .parquet path."
)
T = TypeVar("T")


def hf_endpoint() -> str:
    """The hub's base URL (``$HF_ENDPOINT`` overrides it, as in huggingface_hub)."""
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def _offline_by_env() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _connect_error(timeout_s: float) -> OSError | None:
    """Why the hub's host takes no connection within ``timeout_s``; None when it does or a proxy is set."""
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return None  # a direct connection says nothing then
    url = urlsplit(hf_endpoint())
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as exc:
        return exc
    return None


def hub_unreachable(timeout_s: float = 3.0) -> bool:
    """True when ``HF_HUB_OFFLINE`` is set or the hub's host takes no connection within ``timeout_s``.

    With a proxy configured the hub is assumed reachable (a direct connection says nothing then).
    """
    return _offline_by_env() or _connect_error(timeout_s) is not None


def _unavailable(url: str, exc: BaseException, fix: str | None = None) -> DataUnavailableError:
    host = urlsplit(url).hostname
    return DataUnavailableError(
        f"cannot download {url}: {type(exc).__name__} reaching {host} (offline?). {fix or RELEASE_FIX}"
    )


# -- the token stays on the hub's origin ---------------------------------------------------------------------

_HUB_ORIGIN: ContextVar[tuple[str, str, int] | None] = ContextVar("judgebench_hub_origin", default=None)


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme, 0)


def _drop_foreign_token(request: Any) -> None:
    """A request hook on huggingface_hub's client: inside :func:`_on_hub`, no Authorization off the hub's origin.

    huggingface_hub drops the token on a redirect to a CDN, but follows a listing's ``Link: rel="next"`` to any
    host with the token; this hook covers every request, redirects included.
    """
    origin = _HUB_ORIGIN.get()
    if origin is not None and _origin(str(request.url)) != origin:
        request.headers.pop("authorization", None)


@contextmanager
def _on_hub(endpoint: str) -> Iterator[None]:
    """Within: huggingface_hub's requests carry the token only to ``endpoint``'s scheme, host and port."""
    from huggingface_hub import get_session

    session = get_session()
    hooks = session.event_hooks
    if _drop_foreign_token not in hooks["request"]:
        session.event_hooks = {**hooks, "request": [*hooks["request"], _drop_foreign_token]}
    mark = _HUB_ORIGIN.set(_origin(endpoint))
    try:
        yield
    finally:
        _HUB_ORIGIN.reset(mark)


class _NotFound(DataUnavailableError):
    """The hub has no such file or folder (HTTP 404 ``EntryNotFound``)."""


def _hub_call(call: Callable[[], T], url: str, fix: str | None, missing: str) -> T:
    """``call()`` against the hub; its failures become one DataUnavailableError (``missing``: for a 404 entry)."""
    import httpx2
    from huggingface_hub import errors as hf

    endpoint = hf_endpoint()
    if _offline_by_env():
        raise DataUnavailableError(f"cannot download {url}: HF_HUB_OFFLINE is set. {fix or RELEASE_FIX}")
    if (refused := _connect_error(10.0)) is not None:  # at once, not after huggingface_hub's retries
        raise _unavailable(url, refused, fix)
    try:
        with _on_hub(endpoint):
            return call()
    except hf.RepositoryNotFoundError as exc:
        status = exc.response.status_code
        raise DataUnavailableError(
            f"cannot download {url}: HTTP {status}, no such dataset (a private or gated one needs HF_TOKEN)"
        ) from None
    except hf.RevisionNotFoundError:
        raise DataUnavailableError(f"cannot download {url}: HTTP 404, no such revision") from None
    except hf.RemoteEntryNotFoundError:
        raise _NotFound(f"{missing} (HTTP 404 for {url})") from None
    except hf.HfHubHTTPError as exc:
        code = exc.response.status_code if exc.response is not None else "error"
        raise DataUnavailableError(f"cannot download {url}: HTTP {code}") from None
    except (hf.OfflineModeIsEnabled, hf.LocalEntryNotFoundError, httpx2.TransportError) as exc:
        raise _unavailable(url, exc.__cause__ or exc, fix) from None
    except httpx2.HTTPError as exc:
        raise DataUnavailableError(f"cannot download {url}: {type(exc).__name__} ({exc})") from None
    except (ValueError, KeyError, TypeError, AttributeError, hf.FileMetadataError) as exc:
        # a body that is not JSON, or JSON of another shape, or a file reply without the hub's headers
        raise DataUnavailableError(
            f"cannot download {url}: the reply from {endpoint} is not the hub's ({type(exc).__name__})"
        ) from None


# -- hub datasets ------------------------------------------------------------------------------------------------


def _parquet_files(dataset_id: str, config: str, split: str, fix: str | None) -> list[str]:
    """The Parquet files of one split in the hub's conversion (``{config}/{split}``, else ``partial-{split}``)."""
    from huggingface_hub import HfApi, RepoFile

    api = HfApi(endpoint=hf_endpoint(), library_name="judgebench")
    url = f"{hf_endpoint()}/api/datasets/{dataset_id}/tree/{PARQUET_REVISION}/{config}/{split}"
    missing = f"hub dataset {dataset_id!r} has no split {split!r} in config {config!r}"
    for folder in (f"{config}/{split}", f"{config}/partial-{split}"):

        def listing(folder: str = folder) -> list[Any]:
            return list(api.list_repo_tree(dataset_id, folder, repo_type="dataset", revision=PARQUET_REVISION))

        try:
            entries = _hub_call(listing, url, fix, missing)
        except _NotFound:
            if folder.endswith("/partial-" + split):
                raise
            continue  # a large split is converted only in part, as partial-{split}
        names = sorted(
            check_listed_path(e.path, folder, dataset_id)
            for e in entries
            if isinstance(e, RepoFile) and e.path.endswith(".parquet")
        )
        if names:
            return names
    raise DataUnavailableError(f"{missing}: the hub lists no Parquet file for it")


def hub_file(dataset_id: str, filename: str, dest: Path, *, revision: str, fix: str | None = None) -> Path:
    """Download one file of a hub dataset repository to ``dest`` (a path the caller checked), atomically."""
    from huggingface_hub import hf_hub_download

    check_dataset_id(dataset_id)
    check_listed_path(filename, filename.rpartition("/")[0], dataset_id)
    url = f"{hf_endpoint()}/datasets/{dataset_id}/resolve/{revision}/{filename}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}.") as tmp:

        def fetch() -> str:
            return hf_hub_download(
                dataset_id, filename, repo_type="dataset", revision=revision, endpoint=hf_endpoint(), local_dir=tmp
            )

        got = _hub_call(fetch, url, fix, f"hub dataset {dataset_id!r} has no file {filename!r} at {revision!r}")
        os.replace(got, dest)
    return dest


def _check_names(dataset_id: str, split: str, config: str) -> None:
    check_dataset_id(dataset_id)
    check_split(split)
    check_config(config)


def split_to_jsonl(dataset_id: str, split: str, dest: Path, config: str = "default", *, fix: str | None = None) -> Path:
    """Download one split of a hub dataset (its Parquet files) and write it as JSONL at ``dest``, atomically.

    ``fix`` is what an offline error advises (default: set ``JUDGEBENCH_DATA``, right for the release data).
    """
    import pyarrow.parquet as pq

    from judgebench.jsonl import write_jsonl

    _check_names(dataset_id, split, config)
    rows: list[dict[str, Any]] = []
    for i, name in enumerate(_parquet_files(dataset_id, config, split, fix)):
        part = hub_file(
            dataset_id, name, dest.with_name(f".{dest.stem}.{i}.parquet"), revision=PARQUET_REVISION, fix=fix
        )
        try:
            rows.extend(pq.read_table(part).to_pylist())
        except Exception as exc:  # pyarrow raises several unrelated types
            raise DataUnavailableError(
                f"hub dataset {dataset_id!r}: {name} is not a readable Parquet file ({exc})"
            ) from None
        finally:
            part.unlink(missing_ok=True)
    write_jsonl(dest, rows)
    return dest


def cached_split(
    folder: str,
    dataset_id: str,
    split: str,
    config: str = "default",
    *,
    name: str | None = None,
    fix: str | None = None,
) -> Path:
    """One hub split as JSONL at ``cache/<folder>/<owner>__<name>/<name or split.jsonl>``, downloaded once.

    The names are checked before the path is built, so a split such as ``../../x`` is refused, never looked up.
    """
    _check_names(dataset_id, split, config)
    dest = cache_path(folder, dataset_folder(dataset_id), name or f"{split}.jsonl")
    return dest if dest.is_file() else split_to_jsonl(dataset_id, split, dest, config, fix=fix)


# -- GitHub (and any other plain URL): no token is ever sent ---------------------------------------------------


def download(url: str, dest: Path, *, quiet: bool = False, fix: str | None = None) -> Path:
    """Stream ``url`` to ``dest`` atomically (a partial download never takes the final name); no credentials."""
    import httpx
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with httpx.stream("GET", url, timeout=httpx.Timeout(30.0, connect=10.0), follow_redirects=True) as r:
            r.raise_for_status()
            total = int(r.headers.get("content-length") or 0) or None
            with (
                open(tmp, "wb") as fh,
                Progress(
                    TextColumn("[bold]downloading[/]"),
                    TextColumn("{task.description}", markup=False),  # the file's name is literal text
                    BarColumn(),
                    DownloadColumn(),
                    TransferSpeedColumn(),
                    disable=quiet,
                    transient=True,
                ) as progress,
            ):
                task = progress.add_task(dest.name[:60], total=total)
                for chunk in r.iter_bytes(1 << 16):
                    fh.write(chunk)
                    progress.advance(task, len(chunk))
        os.replace(tmp, dest)
    except httpx.HTTPStatusError as exc:
        tmp.unlink(missing_ok=True)
        raise DataUnavailableError(f"cannot download {url}: HTTP {exc.response.status_code}") from None
    except httpx.HTTPError as exc:
        tmp.unlink(missing_ok=True)
        raise _unavailable(url, exc, fix) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest

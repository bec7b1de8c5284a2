"""Downloads from the Hugging Face hub and GitHub: streamed, atomic, with a progress bar.

Only :mod:`judgebench.datasets` calls this; tests never reach it (they set ``JUDGEBENCH_DATA``).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judgebench.errors import DataUnavailableError

if TYPE_CHECKING:
    import httpx


def hf_endpoint() -> str:
    """The hub's base URL (``$HF_ENDPOINT`` overrides it, as in huggingface_hub)."""
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_unreachable(timeout_s: float = 3.0) -> bool:
    """True when ``HF_HUB_OFFLINE`` is set or the hub's host takes no connection within ``timeout_s``.

    With a proxy configured the hub is assumed reachable (a direct connection says nothing then).
    """
    from urllib.parse import urlsplit

    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        return True
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return False
    url = urlsplit(hf_endpoint())
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError:
        return True
    return False


def _timeout() -> httpx.Timeout:
    import httpx

    return httpx.Timeout(30.0, connect=10.0)


def _headers(url: str) -> dict[str, str]:
    token = os.environ.get("HF_TOKEN")
    if token and url.startswith(hf_endpoint()):
        return {"Authorization": f"Bearer {token}"}
    return {}


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


def _unavailable(url: str, exc: Exception, fix: str | None = None) -> DataUnavailableError:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname
    return DataUnavailableError(
        f"cannot download {url}: {type(exc).__name__} reaching {host} (offline?). {fix or RELEASE_FIX}"
    )


def get_json(url: str, *, fix: str | None = None) -> Any:
    """GET a JSON document; network failures become DataUnavailableError (``fix``: what the message advises)."""
    import httpx

    try:
        r = httpx.get(url, headers=_headers(url), timeout=_timeout(), follow_redirects=True)
        r.raise_for_status()
        return r.json()
    except httpx.HTTPStatusError as exc:
        raise DataUnavailableError(f"cannot download {url}: HTTP {exc.response.status_code}") from None
    except httpx.HTTPError as exc:
        raise _unavailable(url, exc, fix) from None


def download(url: str, dest: Path, *, quiet: bool = False, fix: str | None = None) -> Path:
    """Stream ``url`` to ``dest`` atomically (a partial download never takes the final name)."""
    import httpx
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with httpx.stream("GET", url, headers=_headers(url), timeout=_timeout(), follow_redirects=True) as r:
            r.raise_for_status()
            total = int(r.headers.get("content-length") or 0) or None
            with (
                open(tmp, "wb") as fh,
                Progress(
                    TextColumn("[bold]downloading[/] {task.description}"),
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


def hub_parquet_urls(dataset_id: str, split: str, config: str = "default", *, fix: str | None = None) -> list[str]:
    """The Parquet files of one split of a hub dataset (the hub's Parquet listing API)."""
    urls = get_json(f"{hf_endpoint()}/api/datasets/{dataset_id}/parquet/{config}/{split}", fix=fix)
    if not isinstance(urls, list) or not urls:
        raise DataUnavailableError(f"hub dataset {dataset_id!r} has no split {split!r}")
    return [str(u) for u in urls]


def split_to_jsonl(dataset_id: str, split: str, dest: Path, config: str = "default", *, fix: str | None = None) -> Path:
    """Download one split of a hub dataset (its Parquet files) and write it as JSONL at ``dest``, atomically.

    ``fix`` is what an offline error advises (default: set ``JUDGEBENCH_DATA``, right for the release data).
    """
    import pyarrow.parquet as pq

    from judgebench.jsonl import write_jsonl

    rows: list[dict[str, Any]] = []
    for i, url in enumerate(hub_parquet_urls(dataset_id, split, config, fix=fix)):
        part = download(url, dest.with_name(f".{dest.stem}.{i}.parquet"), fix=fix)
        try:
            rows.extend(pq.read_table(part).to_pylist())
        finally:
            part.unlink(missing_ok=True)
    write_jsonl(dest, rows)
    return dest

"""Publishing to the Hugging Face hub (``judgebench push``): what a path holds decides what the repository gets.

- a pairs file (``build``'s, or any pairs JSONL/Parquet) or a best-of-K set: a **dataset** repository with the
  records as Parquet (``data/<split>-00000-of-00001.parquet``) and the build card beside the file
  (``<stem>.card.md``) as its ``README.md`` under a YAML header naming the split (``<stem>.card.json`` is pushed too);
  without a card, a short one counting the records by source;
- judged outputs (a judged-pairs or judged best-of-K file, or a folder of them such as ``evaluate``'s): a
  **dataset** repository with the files as they are under ``outputs/`` (and ``evaluate``'s ``results*.json``),
  and a README with each file's score;
- a trained verifier (``train``'s folder: ``config.json`` and its model card ``README.md``): a **model**
  repository with the folder, less ``checkpoints/``.

The token comes from ``HF_TOKEN`` or the saved login (:func:`huggingface_hub.get_token`); without one the push is
refused before anything is read or sent. It is passed to huggingface_hub only, sent to the hub's own origin only
(``HF_ENDPOINT``), and never printed or written: a hub error is reported as its status and the hub's message,
with the token blanked out should the hub echo it.
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgebench.errors import ConfigError, InputError, OutputError

#: Folders of a trained model left out of the push (resumable checkpoints: large, and not the model).
MODEL_IGNORE = ["checkpoints/*", "checkpoints/**"]
NO_TOKEN = (
    "push needs a Hugging Face token with write access: set HF_TOKEN or log in with `hf auth login` "
    "(HF_ENDPOINT names another hub)"
)


@dataclass(slots=True)
class Pushed:
    """What :func:`push` published: the kind of thing, the repository (type and id), its URL and the files sent."""

    kind: str
    repo_type: str
    repo_id: str
    url: str
    files: list[str]
    commit: str | None


def push(
    path: str | os.PathLike[str], *, repo: str, private: bool = False, split: str = "train", message: str | None = None
) -> Pushed:
    """Publish a pair set, best-of-K set, judged outputs or trained model folder to the hub (``judgebench push``).

    Raises:
        ConfigError: no token, or a bad repository id or split name.
        InputError: a path that holds none of these.
        OutputError: the hub refused (its status and message, never the token).
    """
    from huggingface_hub import get_token

    from judgebench.hub_names import check_dataset_id, check_split

    check_dataset_id(repo)
    check_split(split)
    token = get_token()
    if not token:
        raise ConfigError(NO_TOKEN)
    kind, files = _contents(Path(path), split)
    repo_type = "model" if kind == "trained model" else "dataset"
    where = Path(path)
    return _upload(kind, files, where, repo=repo, repo_type=repo_type, private=private, token=token, message=message)


def _contents(path: Path, split: str) -> tuple[str, dict[str, bytes] | None]:
    """The kind of ``path`` and the files to commit (None: a model folder, uploaded as it is)."""
    if path.is_dir():
        if (path / "config.json").is_file():
            if not (path / "README.md").is_file():
                raise InputError("a model folder without its model card (README.md): not judgebench train's", str(path))
            return "trained model", None
        judged = sorted(p for p in path.glob("*.jsonl") if p.is_file() and _judged(p))
        if not judged:
            raise InputError("no judged outputs (.jsonl) and no model (config.json) in this folder", str(path))
        extra = sorted(p for p in path.glob("results*.json") if p.is_file())
        return "judged outputs", _outputs_files(judged, extra)
    from judgebench.input_files import input_file_problem

    problem = input_file_problem(path)
    if problem is not None:
        raise InputError(problem, str(path))
    if path.suffix == ".jsonl" and _judged(path):
        return "judged outputs", _outputs_files([path], [])
    return _set_files(path, split)


def _judged(path: Path) -> bool:
    from judgebench.best_of_k import first_record, is_judged_best_of_k

    first = first_record(path)
    return first is not None and ("judgments" in first or is_judged_best_of_k(first))


def _set_files(path: Path, split: str) -> tuple[str, dict[str, bytes]]:
    """A pairs file or best-of-K set: Parquet data, the card as README (and its JSON), read and checked first."""
    from judgebench.best_of_k import first_record, is_best_of_k, read_best_of_k

    if path.suffix == ".jsonl" and (first := first_record(path)) is not None and is_best_of_k(first):
        kind, rows = "best-of-K set", read_best_of_k(path)
    else:
        from judgebench.datasets import load_pair_file

        kind, rows = "pair set", [p.to_dict() for p in load_pair_file(path, unlabelled=True)]
    data = f"data/{split}-00000-of-00001.parquet"
    stem = path.name.removesuffix(".jsonl").removesuffix(".parquet")
    card_md, card_json = path.with_name(stem + ".card.md"), path.with_name(stem + ".card.json")
    body = card_md.read_text(encoding="utf-8") if card_md.is_file() else _summary(kind, path.name, rows)
    header = {"tags": ["judgebench", "llm-as-a-judge", kind.replace(" ", "-").lower()]}
    config = {"config_name": "default", "data_files": [{"split": split, "path": data}]}
    readme = _front_matter({**header, "configs": [config]}) + body
    files = {"README.md": readme.encode(), data: _parquet(rows, path)}
    if card_json.is_file():
        files["judgebench_card.json"] = card_json.read_bytes()
    return kind, files


def _outputs_files(judged: list[Path], extra: list[Path]) -> dict[str, bytes]:
    from judgebench.metrics.by_shape import score_by_shape

    lines = ["| file | judge | model | Overall | k/n |", "|---|---|---|---:|---:|"]
    for p in judged:
        d = score_by_shape(p, bootstrap=0).to_dict()
        overall = d.get("categories", {}).get("Overall", {})
        k_n = f"{overall.get('correct', '-')}/{overall.get('n', '-')}"
        lines.append(
            f"| `{p.name}` | {d.get('judge_name') or '-'} | {d.get('judge_model') or '-'} | "
            f"{overall.get('accuracy', '-')} | {k_n} |"
        )
    readme = (
        _front_matter({"tags": ["judgebench", "llm-as-a-judge", "judged-outputs"]})
        + "# Judged outputs\n\nJudge outputs written by judgebench (one JSONL record per pair: both orders' judgments, "
        "JudgeBench's outputs format). Score them with `judgebench score outputs/*.jsonl`.\n\n"
        + "\n".join(lines)
        + "\n"
    )
    files = {"README.md": readme.encode()}
    files.update({f"outputs/{p.name}": p.read_bytes() for p in [*judged, *extra]})
    return files


def _front_matter(meta: dict[str, Any]) -> str:
    """The README's YAML header, each value in JSON (flow style, which YAML reads as it is)."""
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n\n"


def _summary(kind: str, name: str, rows: list[dict[str, Any]]) -> str:
    counts = Counter(str(r.get("source", r.get("subset", "-"))) for r in rows)
    lines = [f"# {name}", "", f"A {kind} of {len(rows)} records written by judgebench.", ""]
    lines += ["| source | records |", "|---|---:|", *(f"| {s} | {n} |" for s, n in sorted(counts.items())), ""]
    return "\n".join(lines)


def _parquet(rows: list[dict[str, Any]], path: Path) -> bytes:
    """The rows as one Parquet file; a column whose values pyarrow cannot type together is written as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = list(dict.fromkeys(k for r in rows for k in r))
    columns: dict[str, Any] = {}
    for key in keys:
        values = [r.get(key) for r in rows]
        try:
            columns[key] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types (an id both int and str)
            columns[key] = pa.array([v if v is None or isinstance(v, str) else json.dumps(v) for v in values])
    buf = io.BytesIO()
    try:
        pq.write_table(pa.table(columns), buf)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise InputError(f"cannot write these records as Parquet ({exc})", str(path)) from None
    return buf.getvalue()


def _upload(
    kind: str,
    files: dict[str, bytes] | None,
    path: Path,
    *,
    repo: str,
    repo_type: str,
    private: bool,
    token: str,
    message: str | None,
) -> Pushed:
    from huggingface_hub import CommitOperationAdd, HfApi

    from judgebench.hub import hf_endpoint

    endpoint = hf_endpoint()
    api = HfApi(endpoint=endpoint, token=token, library_name="judgebench")
    summary = message or f"judgebench push: {kind} {path.name}"
    with _hub_errors(repo, token, endpoint):
        url = str(api.create_repo(repo, repo_type=repo_type, private=private, exist_ok=True))
        if files is None:
            info = api.upload_folder(
                repo_id=repo,
                folder_path=path,
                repo_type=repo_type,
                commit_message=summary,
                ignore_patterns=MODEL_IGNORE,
            )
            sent = sorted(
                p.relative_to(path).as_posix()
                for p in path.rglob("*")
                if p.is_file() and p.relative_to(path).parts[0] != "checkpoints"
            )
        else:
            ops = [CommitOperationAdd(path_in_repo=name, path_or_fileobj=data) for name, data in files.items()]
            info = api.create_commit(repo, ops, commit_message=summary, repo_type=repo_type)
            sent = list(files)
    return Pushed(kind, repo_type, repo, url, sent, getattr(info, "oid", None))


@contextmanager
def _hub_errors(repo: str, token: str, endpoint: str) -> Iterator[None]:
    """huggingface_hub's failures as one OutputError naming the status and the hub's message, never the token."""
    import httpx2
    from huggingface_hub import errors as hf

    from judgebench.hub import _on_hub

    try:
        with _on_hub(endpoint):
            yield
    except hf.HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "error"
        said = (exc.server_message or "").strip().splitlines()
        detail = f": {said[0][:200]}" if said else ""
        raise OutputError(_blank(f"push to {repo}: the hub answered HTTP {status}{detail}", token)) from None
    except httpx2.HTTPError as exc:
        raise OutputError(_blank(f"push to {repo}: cannot reach {endpoint} ({type(exc).__name__})", token)) from None
    except ValueError as exc:  # huggingface_hub's own checks (a README's metadata the hub calls invalid)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OutputError(_blank(f"push to {repo}: {first}", token)) from None


def _blank(text: str, token: str) -> str:
    return text.replace(token, "***") if token else text

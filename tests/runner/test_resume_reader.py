"""Resume reads an outputs file with the project's one JSON reader (:func:`judgebench.jsonl.loads`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from judgebench.errors import MalformedRecordError
from judgebench.runner.resume import read_existing


def test_a_line_nested_too_deeply_is_a_located_error_not_a_recursion_traceback(tmp_path: Path) -> None:
    out = tmp_path / "judged.jsonl"
    out.write_text('{"a": ' * 200_000 + "1" + "}" * 200_000 + "\n{}\n", encoding="utf-8")
    with pytest.raises(MalformedRecordError) as err:
        read_existing(out)
    assert err.value.line == 1
    assert "not a judged-pairs file" in str(err.value)


def test_a_torn_last_line_is_dropped_and_a_nan_score_is_read(tmp_path: Path) -> None:
    seen: list[float] = []

    def key_of(record: dict[str, object], path: str, lineno: int) -> str:
        seen.append(record["score"])  # type: ignore[arg-type]
        return str(record["id"])

    out = tmp_path / "judged.jsonl"
    out.write_text('{"id": 1, "score": NaN}\n{"id": 2, "sc', encoding="utf-8")
    found = read_existing(out, key_of)
    assert list(found.records) == ["1"] and found.torn and found.lines == 1
    assert seen[0] != seen[0]  # NaN, which orjson refuses and the standard library reads

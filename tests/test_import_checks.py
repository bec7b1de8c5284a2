"""The one checked path from an importer to a file (``run_importer`` / ``check_result``), called directly: the
exact message for each refusal, what passes, and which errors are turned into one line and which stay loud."""

from __future__ import annotations

import pytest

from judgebench.best_of_k import new_record
from judgebench.errors import ConfigError, DuplicatePairError, InputError, MalformedRecordError
from judgebench.importers import IMPORTERS
from judgebench.importers.base import Importer, ImportResult
from judgebench.importers.checked import check_result, run_importer


def pair(pid, label="A>B", **more):
    return {"pair_id": pid, "original_id": 1, "source": "mmlu-pro-law", "question": "q", "response_model": "m",
            "response_A": "a", "response_B": "b", "label": label, **more}  # fmt: skip


def bok(rid, **more):
    return {**new_record(rid, "p", ["right"], ["wrong"], "Math", "ppe-math", None), **more}


IMP = Importer(help="h", run=lambda s, o: ImportResult([]), source_help="a file of rows")


def test_nothing_to_write_names_what_was_left_out_and_what_is_read():
    with pytest.raises(InputError) as e:
        check_result("x", ImportResult([], {"zeta": 2, "alpha": 1}), "src.jsonl", IMP)
    assert str(e.value) == "src.jsonl: nothing to import as x (left out: 1 alpha, 2 zeta); it reads a file of rows"
    with pytest.raises(InputError) as e:
        check_result("x", ImportResult([]), "src.jsonl")
    assert str(e.value) == "src.jsonl: nothing to import as x"
    with pytest.raises(InputError) as e:
        check_result("x", ImportResult([]), "src", Importer(help="h", run=IMP.run))
    assert str(e.value) == "src: nothing to import as x"


def test_valid_results_pass():
    check_result("x", ImportResult([pair("1"), pair("2", "B>A")]), "w")
    check_result("x", ImportResult([pair("1", "no-majority")]), "w")  # the importers may write comparisons without one
    judged = pair("1", "no-majority", judgments=[{"judgment": {}, "decision": "A>B"}, None])
    check_result("x", ImportResult([judged]), "w")
    check_result("x", ImportResult([bok("a"), bok(2)]), "w")
    check_result("x", ImportResult([bok("a", scores_chosen=[1.0], scores_rejected=[0.5])]), "w")


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([pair("1"), pair("1")], "w: duplicate pair_id '1' (imported records 1 and 2); ids must be unique"),
        ([bok("a"), bok("b"), bok("a")], "w: duplicate id 'a' (imported records 1 and 3); ids must be unique"),
        ([bok(1), bok("1")], "w: duplicate id '1' (imported records 1 and 2); ids must be unique"),
        ([pair("1"), bok("a")], "w: imported record 2: mixes best-of-K records and pairs in one file"),
        ([bok("a"), pair("b")], "w: imported record 2: mixes best-of-K records and pairs in one file"),
        ([pair("1"), pair("2", "A=B")], "w: imported record 2 (pair_id '2'): "),
        ([pair(3)], "w: imported record 1 (pair_id 3): "),
        ([pair(None)], "w: imported record 1: "),
        ([pair("1", judgments=[{"decision": "X"}])], "w: imported record 1 (pair_id '1'): unknown decision 'X'"),
        ([bok("a", subset=None)], "w: imported record 1 (id 'a'): 'subset' must be a string, got NoneType"),
        ([bok("a", source=3)], "w: imported record 1 (id 'a'): 'source' must be a string, got int"),
        ([bok("a", prompt=1)], "w: imported record 1 (id 'a'): 'prompt' must be a string"),
        ([bok(True)], "w: imported record 1 (id True): 'id' must be a string"),
        ([bok(["a"])], "w: imported record 1: 'id' must be a string"),
        ([bok("a", scores_chosen=[1.0])], "w: imported record 1 (id 'a'): "),
        ([bok("a", scores_rejected=["x"])], "w: imported record 1 (id 'a'): "),
    ],
)
def test_refusals_name_the_record(records, message):
    with pytest.raises(InputError) as e:
        check_result("x", ImportResult(records), "w")
    assert str(e.value).startswith(message), str(e.value)
    duplicate = "duplicate" in message
    assert isinstance(e.value, DuplicatePairError) == duplicate
    assert isinstance(e.value, MalformedRecordError) == (not duplicate)


def test_a_result_split_into_files_is_checked_file_by_file():
    # the same pair_id in two files is fine: ids are unique per output file
    check_result("x", ImportResult([pair("1")], files={"a.jsonl": [pair("1")], "b.jsonl": [pair("1")]}), "w")
    with pytest.raises(DuplicatePairError) as e:
        check_result("x", ImportResult([pair("1")], files={"a.jsonl": [pair("1"), pair("1")]}), "w")
    assert str(e.value) == "w: duplicate pair_id '1' for a.jsonl (imported records 1 and 2); ids must be unique"
    with pytest.raises(InputError) as e:
        check_result("x", ImportResult([pair("1")], files={"a.jsonl": [pair("1")], "b.jsonl": []}), "w")
    assert str(e.value) == "w: nothing to import as x for b.jsonl"
    with pytest.raises(MalformedRecordError) as e:
        check_result("x", ImportResult([pair("1")], files={"a.jsonl": [pair("1", "C")]}), "w")
    assert str(e.value).startswith("w: imported record 1 for a.jsonl (pair_id '1'): ")


def _register(run, source_help="rows"):
    IMPORTERS.add("checks-test", Importer(help="h", run=run, source_help=source_help))


@pytest.fixture
def registered():
    yield _register
    IMPORTERS.remove("checks-test")


def test_run_importer_returns_the_checked_result(registered):
    seen = []
    registered(lambda s, o: seen.append((s, o)) or ImportResult([pair("1")], {"ties": 2}))
    result = run_importer("checks-test", "f.jsonl", {"k": "v"})
    assert seen == [("f.jsonl", {"k": "v"})] and result.records == [pair("1")] and result.left_out == {"ties": 2}
    registered_empty = ImportResult([])
    IMPORTERS.remove("checks-test")
    registered(lambda s, o: registered_empty)
    with pytest.raises(InputError) as e:
        run_importer("checks-test", None, {})
    assert str(e.value) == "import checks-test: nothing to import as checks-test; it reads rows"


@pytest.mark.parametrize("exc", [TypeError("t"), KeyError("k"), AttributeError("a"), IndexError("i"), ValueError("v")])
def test_input_the_importer_cannot_take_apart_is_one_line(registered, exc):
    def run(source, options):
        raise exc

    registered(run)
    with pytest.raises(InputError) as e:
        run_importer("checks-test", "f.jsonl", {})
    assert str(e.value) == f"f.jsonl: not what import checks-test reads ({type(exc).__name__}: {exc}); it reads rows"
    assert e.value.__cause__ is exc
    IMPORTERS.remove("checks-test")
    registered(run, source_help="")
    with pytest.raises(InputError) as e:
        run_importer("checks-test", None, {})
    assert str(e.value) == f"import checks-test: not what import checks-test reads ({type(exc).__name__}: {exc})"


def test_deep_input_and_judgebench_errors(registered):
    def deep(source, options):
        raise RecursionError

    registered(deep)
    with pytest.raises(InputError) as e:
        run_importer("checks-test", "deep.json", {})
    assert str(e.value) == "deep.json: nested too deeply to read (over a thousand levels of lists or objects)"
    own = ConfigError("import checks-test: unknown option z")
    IMPORTERS.remove("checks-test")
    registered(lambda s, o: (_ for _ in ()).throw(own))
    with pytest.raises(ConfigError) as e2:
        run_importer("checks-test", "f", {})
    assert e2.value is own


def test_a_bug_in_an_importer_stays_loud(registered):
    def buggy(source, options):
        raise RuntimeError("bug")

    registered(buggy)
    with pytest.raises(RuntimeError, match="bug"):
        run_importer("checks-test", "f", {})


def test_an_unknown_importer_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown importer 'no-such'"):
        run_importer("no-such", None, {})

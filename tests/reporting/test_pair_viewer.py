"""The report's per-pair viewer: its data against the scorer, and the page itself in headless Chromium.

The browser tests run a copy of the report with a small script appended (as test_browser.py measures layout):
it works the viewer's controls like a reader would, and writes what the page then shows into a ``<pre>``
that ``--dump-dom`` returns. ``--virtual-time-budget`` lets the asynchronous decompression of an opened pair
finish before the DOM is dumped.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from judgebench.metrics.scorecard import score_file
from judgebench.metrics.vote import is_inconsistent, pair_outcome
from judgebench.records import category_of, read_judged
from judgebench.reporting import pair_details
from judgebench.reporting.html import render_html
from judgebench.reporting.pair_details import OUTCOMES, build_pair_details, embed_json, pair_chunk, viewer_section
from judgebench.reporting.report_data import build_report
from tests.conftest import GRM, O1_MINI, SKYWORK
from tests.reporting.test_browser import CHROMIUM, chromium

REAL = (O1_MINI, SKYWORK, GRM)
JUDGES = ("o1-mini-2024-09-12", "Skywork/Skywork-Reward-Llama-3.1-8B", "Ray2333/GRM-Gemma-2B-rewardmodel-ft")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (CI: apt-get install -y chromium, as .ci/run does)"
)
HOSTILE = '</script><script>document.title = "pwned"</script><img src=x onerror="document.title = \'pwned2\'">'


def test_rows_agree_with_the_scorer():
    details = build_pair_details([str(p) for p in REAL])
    assert details is not None
    index = details.index
    assert index["judges"] == list(JUDGES)
    assert index["splits"] == ["gpt-4o-2024-05-13"]
    assert len(index["pairs"]) == 350 and details.n_rows == 1050
    assert len(details.chunks) == 22  # 350 pairs in blocks of 16: 21 full, one of 14
    assert [pair_chunk(details, i)["question"] for i in (0, 15, 16, 349)] == [
        p.pair.question for p in (read_judged(O1_MINI)[i] for i in (0, 15, 16, 349))
    ]
    for j, path in enumerate(REAL):
        rows = [r for r in index["rows"] if r[1] == j]
        score = score_file(path, bootstrap=0)  # the columnar scan: another reading of the same file
        got = Counter(OUTCOMES[r[2]] for r in rows)
        assert {k: got[k] for k in score.outcomes} == score.outcomes, path
        assert sum(r[3] for r in rows) == score.inconsistent_pairs


def test_a_chunk_holds_what_the_judge_saw_and_said():
    details = build_pair_details([str(O1_MINI), str(GRM)])
    assert details is not None
    first = read_judged(O1_MINI)[0]
    chunk = json.loads(gzip.decompress(base64.b64decode(details.chunks[0])))[0]  # what the browser decodes
    assert chunk == pair_chunk(details, 0)
    assert (chunk["question"], chunk["A"], chunk["B"]) == (
        first.pair.question,
        first.pair.response_A,
        first.pair.response_B,
    )
    o1, grm = chunk["judges"]["0"], chunk["judges"]["1"]
    assert [o["decision"] for o in o1] == first.decisions
    assert o1[0]["reply"] == first.judgments[0]["judgment"]["response"]  # type: ignore[index]
    assert grm[0]["prompt"] is None and grm[0]["reply"] is None  # a reward model records neither
    assert len(grm[0]["fields"]["scores"]) == 2


def test_embedded_json_cannot_close_its_script_element():
    value = {"text": HOSTILE + " & <!-- -->"}
    text = embed_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_no_judged_files_no_section():
    assert build_pair_details([]) is None
    assert viewer_section([]) == ""


def expected_counts(category: str, outcome: str) -> dict[str, int]:
    """Per judge, the pairs of a category with this vote outcome, straight from the judged files."""
    out = {}
    for name, path in zip(JUDGES, REAL, strict=True):
        out[name] = sum(
            1
            for jp in read_judged(path)
            if category_of(jp.pair.source) == category
            and (
                is_inconsistent(jp.decisions)
                if outcome == "inconsistent"
                else pair_outcome(jp.pair.label, jp.decisions) == outcome
            )
        )
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("viewer") / "report.html"
    path.write_text(render_html(build_report([str(p) for p in REAL], iterations=0)), encoding="utf-8")
    return path


def run_in_page(page: Path, tmp_path: Path, script: str) -> dict:
    """Append ``script`` to a copy of the page; it must write its JSON result with ``done(value)``."""
    done = (
        'function done(v) { var p = document.createElement("pre"); p.id = "result"; '
        "p.textContent = JSON.stringify(v); document.body.appendChild(p); }"
    )
    probe = tmp_path / "probe.html"
    html = page.read_text(encoding="utf-8")
    probe.write_text(html.replace("</body>", f"<script>{done}\n{script}</script></body>"), encoding="utf-8")
    dom = chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", probe.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'<pre id="result">(.*?)</pre>', dom.stdout, re.S)
    assert found, "the probe script did not finish"
    return json.loads(
        found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


FILTER = """
function pick(id, value) {
  var s = document.getElementById(id); s.value = value; s.dispatchEvent(new Event("change")); return s.value;
}
var out = {total: document.getElementById("pv-count").textContent, math: {}, inconsistent: {}, shown: {}};
pick("pv-category", "Math");
JUDGES.forEach(function (j) {
  pick("pv-judge", j);
  pick("pv-outcome", "incorrect");
  out.math[j] = Number(document.getElementById("pv-count").textContent);
  out.shown[j] = Array.prototype.map.call(document.querySelectorAll("#pv-rows tr.pv-row"), function (tr) {
    return [tr.cells[0].textContent, tr.cells[2].textContent, tr.cells[3].textContent];
  });
  pick("pv-outcome", "inconsistent");
  out.inconsistent[j] = Number(document.getElementById("pv-count").textContent);
});
done(out);
"""


@needs_chromium
def test_browser_filters_to_a_judges_incorrect_math_pairs(page, tmp_path):
    got = run_in_page(page, tmp_path, f"var JUDGES = {json.dumps(JUDGES)};\n{FILTER}")
    incorrect = expected_counts("Math", "incorrect")
    assert incorrect["o1-mini-2024-09-12"] > 0 and all(n > 0 for n in incorrect.values())
    assert got["total"] == "1050"
    assert got["math"] == incorrect
    assert got["inconsistent"] == expected_counts("Math", "inconsistent")
    for judge, rows in got["shown"].items():  # the list holds exactly the matching rows (fewer than a page)
        assert len(rows) == incorrect[judge]
        assert all(r[0] == judge and r[1] == "Math" and r[2].startswith("incorrect") for r in rows)


@needs_chromium
def test_a_link_with_filters_opens_the_filtered_list(page, tmp_path):
    link = page.as_uri() + "#pairs:judge=o1-mini-2024-09-12&category=Math&outcome=incorrect"
    dom = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", link)
    found = re.search(r'<strong id="pv-count">(\d+)</strong>', dom.stdout)
    assert found and int(found.group(1)) == expected_counts("Math", "incorrect")["o1-mini-2024-09-12"]


def hostile_report(folder: Path) -> Path:
    first = read_judged(O1_MINI)[0].to_dict()
    first["question"] = "Q " + HOSTILE
    first["response_A"] = "A " + HOSTILE
    first["response_B"] = "<b>bold?</b> B"
    first["judgments"][0]["judgment"]["prompt"] = "P " + HOSTILE
    first["judgments"][0]["judgment"]["response"] = "R " + HOSTILE + " [[A>B]]"
    judged = folder / "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,judge_model=x.jsonl"
    judged.write_text(json.dumps(first) + "\n", encoding="utf-8")
    page = folder / "hostile.html"
    page.write_text(render_html(build_report([str(judged)], iterations=0)), encoding="utf-8")
    return page


OPEN = """
var scripts = document.scripts.length;
document.querySelector("#pv-rows tr.pv-row").click();
setTimeout(function () {
  var cell = document.querySelector("td.pv-detail");
  var texts = Array.prototype.map.call(cell.querySelectorAll(".pv-text"), function (d) { return d.textContent; });
  done({loaded: cell.dataset.loaded || null, title: document.title, texts: texts, scripts: scripts,
        scriptsNow: document.scripts.length, images: cell.querySelectorAll("img, b, script").length});
}, 200);
"""


@needs_chromium
def test_model_text_is_shown_as_text(tmp_path):
    page = hostile_report(tmp_path)
    assert page.read_text(encoding="utf-8").count("</script>") == 3  # index, chunks, viewer script: nothing else
    got = run_in_page(page, tmp_path, OPEN)
    assert got["loaded"] == "1"
    assert got["title"] == "JudgeBench report"  # no injected script or handler ran
    assert got["images"] == 0 and got["scriptsNow"] == got["scripts"]
    assert got["texts"][:3] == ["Q " + HOSTILE, "A " + HOSTILE, "<b>bold?</b> B"]
    assert "P " + HOSTILE in got["texts"] and "R " + HOSTILE + " [[A>B]]" in got["texts"]


def test_a_page_embeds_at_most_max_rows(monkeypatch):
    monkeypatch.setattr(pair_details, "MAX_ROWS", 400)
    details = build_pair_details([str(p) for p in REAL])
    assert details is not None
    assert (details.n_rows, details.left_out) == (400, 650)
    # the room shared: 400 // 3, then what is left // 2, then the rest, each file's first rows
    assert Counter(r[1] for r in details.index["rows"]) == {0: 133, 1: 133, 2: 134}
    ids = [p["pair_id"] for p in map(json.loads, O1_MINI.read_text().splitlines())]
    assert [details.index["pairs"][r[0]][0] for r in details.index["rows"] if r[1] == 2] == ids[:134]
    assert "650 rows are not in this page" in str(viewer_section([str(p) for p in REAL]))


def test_a_small_file_leaves_its_share_to_the_next(monkeypatch, tmp_path):
    monkeypatch.setattr(pair_details, "MAX_ROWS", 400)
    small = tmp_path / "small,judge_name=arena_hard,judge_model=tiny.jsonl"
    small.write_text("".join(O1_MINI.read_text().splitlines(keepends=True)[:50]))
    details = build_pair_details([str(small), str(SKYWORK), str(GRM)])
    assert details is not None
    # 50 of its 133; then (400 - 50) // 2 = 175 and the remaining 175
    assert Counter(r[1] for r in details.index["rows"]) == {0: 50, 1: 175, 2: 175}
    assert details.left_out == 350 - 175 + 350 - 175


def test_the_cyclic_collector_is_back_on_after_the_viewer_even_on_a_bad_record(tmp_path):
    import gc

    from judgebench.errors import MalformedRecordError

    bad = tmp_path / "bad.jsonl"
    lines = O1_MINI.read_text().splitlines(keepends=True)
    bad.write_text(lines[0] + lines[1].replace('"judgments"', '"judgment_list"'))
    assert gc.isenabled()
    with pytest.raises(MalformedRecordError) as err:
        build_pair_details([str(bad)])
    assert err.value.line == 2 and "judgments" in str(err.value)  # the record readers' own error, with its line
    assert gc.isenabled()
    assert build_pair_details([str(O1_MINI)]) is not None and gc.isenabled()

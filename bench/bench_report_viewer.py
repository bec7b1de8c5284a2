"""The HTML report with its per-pair viewer: size, build time and open time in headless Chromium.

Three reports:

- ``recorded``: the three recorded judge outputs of the GPT-4o split as they are (350 pairs × 3 judges; the
  o1-mini file records short prompts, the reward models none);
- ``mixed 3x620``: both splits (350 + 270 pairs) × 3 judges shaped like the recorded ones, one prompted judge
  recording judgebench's full Arena-Hard prompt (question and both responses) and a reply per order, two reward
  models recording scores;
- ``prompted 3x620``: the worst case, three prompted judges each recording full prompts and replies.

The synthetic judgments are seeded (decisions drawn per pair id); the questions and responses are the real pairs.
Open time: Chromium's navigation timing (DOMContentLoaded, load, first contentful paint) and the viewer's own
``pair-viewer-ready`` mark, read by a script appended to a copy of the page; then the time to open one pair
(decompress and render its texts) and to apply a filter. Medians of ``--runs`` page loads, one fresh profile each.

    python bench/bench_report_viewer.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from judgebench.judges.templates import render  # noqa: E402
from judgebench.records import read_pairs  # noqa: E402
from judgebench.reporting.html import render_html  # noqa: E402
from judgebench.reporting.report_data import build_report  # noqa: E402

DATA = ROOT.parent / "shared" / "judgebench"
SPLITS = ("gpt-4o-2024-05-13", "claude-3-5-sonnet-20240620")
PROMPTED = ("gpt-4o-mini-bench", "claude-3-haiku-bench", "llama-3.1-70b-bench")
REWARD = ("Skywork/Skywork-Reward-Llama-3.1-8B", "Ray2333/GRM-Gemma-2B-rewardmodel-ft")
PROBE = """<script>
(function () {
  function report() {
    var nav = performance.getEntriesByType("navigation")[0], paint = performance.getEntriesByType("paint");
    var fcp = paint.filter(function (p) { return p.name === "first-contentful-paint"; })[0];
    var ready = performance.getEntriesByName("pair-viewer-ready")[0];
    var out = {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd || performance.now(),
               fcp: fcp ? fcp.startTime : null, ready: ready ? ready.startTime : null};
    var t = performance.now(), s = document.getElementById("pv-outcome");
    if (!s) { done(out); return; }  // the same report without the viewer
    s.value = "incorrect"; s.dispatchEvent(new Event("change"));
    out.filter = performance.now() - t;
    t = performance.now();
    document.querySelector("#pv-rows tr.pv-row").click();
    var cell = document.querySelector("td.pv-detail");
    (function wait() {
      if (cell.dataset.loaded) { out.open = performance.now() - t; done(out); } else setTimeout(wait, 1);
    })();
  }
  function done(v) { var p = document.createElement("pre"); p.id = "bench"; p.textContent = JSON.stringify(v);
    document.body.appendChild(p); }
  window.addEventListener("load", function () { setTimeout(report, 0); });
})();
</script>"""


def reply_text(rng: random.Random, question: str, verdict: str) -> str:
    """A judge reply of realistic length: its own answer, an evaluation of each response, a verdict label."""
    body = " ".join(question.split()[:60])
    words = ["the", "response", "correctly", "computes", "misses", "step", "answer", "final", "because", "value"]
    evaluation = " ".join(rng.choice(words) for _ in range(220))
    return f"\nMy own answer: {body}\n\nEvaluation: {evaluation}\n\nMy final verdict is: [[{verdict}]]"


def decision(rng: random.Random, label: str) -> str:
    wrong = "B>A" if label == "A>B" else "A>B"
    return rng.choices([label, wrong, "A=B"], [0.6, 0.3, 0.1])[0]


def swap(d: str) -> str:
    return {"A>B": "B>A", "B>A": "A>B"}.get(d, d)


def write_judged(folder: Path, split: str, judge: str, prompted: bool) -> Path:
    kind = "arena_hard" if prompted else "reward_model"
    path = (
        folder
        / f"dataset=judgebench,response_model={split},judge_name={kind},judge_model={judge.replace('/', '_')}.jsonl"
    )
    pairs = read_pairs(DATA / "data" / f"dataset=judgebench,response_model={split}.jsonl")
    with path.open("w", encoding="utf-8") as fh:
        for p in pairs:
            rng = random.Random(f"{judge}/{p.pair_id}")
            first, second = decision(rng, p.label), swap(decision(rng, p.label))  # the second in swapped slots
            judgments = []
            for order, (a, b, dec) in enumerate(
                ((p.response_A, p.response_B, first), (p.response_B, p.response_A, second))
            ):
                if prompted:
                    prompt = render("arena_hard_judge_prompt", prompt=p.question, answer_a=a, answer_b=b)
                    label = {"A>B": "A>B", "B>A": "B>A", "A=B": "A=B"}[dec]
                    inner = {"judge_model": judge, "prompt": prompt, "response": reply_text(rng, p.question, label)}
                else:
                    scores = [rng.gauss(0, 4), rng.gauss(0, 4)]
                    scores.sort(reverse=dec == "A>B")
                    inner = {"judge_model": judge, "prompt": "", "response": "", "scores": scores}
                del order
                judgments.append({"judgment": inner, "decision": dec})
            row = {**p.to_dict(), "judge_name": kind, "judgments": judgments}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def open_times(page: Path, runs: int, work: Path) -> dict[str, float]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {}
    probe = work / f"probe-{page.name}"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    found: dict[str, list[float]] = {}
    for i in range(runs):
        profile = work / f"profile-{i}"
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
               "--virtual-time-budget=20000", "--dump-dom", probe.as_uri()]  # fmt: skip
        t = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True).stdout
        found.setdefault("process_s", []).append(time.perf_counter() - t)
        m = re.search(r'<pre id="bench">(.*?)</pre>', out)
        if m:
            for k, v in json.loads(m.group(1)).items():
                if v is not None:
                    found.setdefault(k, []).append(v)
        shutil.rmtree(profile, ignore_errors=True)
    return {k: statistics.median(v) for k, v in found.items()}


def measure(name: str, files: list[Path], runs: int, work: Path) -> dict[str, object]:
    t = time.perf_counter()
    html = render_html(build_report([str(f) for f in files], iterations=1000))
    build_s = time.perf_counter() - t
    page = work / f"{name.replace(' ', '-')}.html"
    page.write_text(html, encoding="utf-8")
    without = work / f"{name.replace(' ', '-')}-without-viewer.html"
    without.write_text(re.sub(r'<section id="pairs">.*?</section>\n?', "", html, flags=re.S), encoding="utf-8")
    before = open_times(without, runs, work)
    index = re.search(r'<script type="application/json" id="pv-index">(.*?)</script>', html, re.S)
    chunks = re.search(r'<script type="application/json" id="pv-chunks">(.*?)</script>', html, re.S)
    inputs = sum(f.stat().st_size for f in files)
    return {
        "report": name,
        "rows": len(json.loads(index.group(1))["rows"]) if index else 0,
        "inputs_mb": round(inputs / 1e6, 2),
        "html_mb": round(len(html.encode()) / 1e6, 2),
        "html_without_viewer_mb": round(without.stat().st_size / 1e6, 3),
        "index_kb": round(len(index.group(1)) / 1e3, 1) if index else 0,
        "chunks_mb": round(len(chunks.group(1)) / 1e6, 2) if chunks else 0,
        "build_s (report command, 1000 bootstrap draws)": round(build_s, 2),
        **timings(open_times(page, runs, work)),
        **timings(before, "without viewer: "),
    }


def timings(found: dict[str, float], prefix: str = "") -> dict[str, float]:
    """Milliseconds as ``dcl_ms``...; the whole Chromium process (start, load, dump) in seconds."""
    return {
        prefix + (k if k == "process_s" else f"{k}_ms"): round(v, 2 if k == "process_s" else 1)
        for k, v in found.items()
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the reports and synthetic files here")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-viewer-"))
    work.mkdir(parents=True, exist_ok=True)
    recorded = sorted((DATA / "outputs").glob("*.jsonl"))
    mixed = [write_judged(work, s, PROMPTED[0], True) for s in SPLITS]
    mixed += [write_judged(work, s, j, False) for s in SPLITS for j in REWARD]
    prompted = [write_judged(work, s, j, True) for s in SPLITS for j in PROMPTED]
    for name, files in (("recorded", recorded), ("mixed 3x620", mixed), ("prompted 3x620", prompted)):
        print(json.dumps(measure(name, files, args.runs, work)), flush=True)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

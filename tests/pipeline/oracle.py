"""An OpenAI-compatible response model for build tests: a real HTTP server on 127.0.0.1 that answers each
question right or wrong, deterministically by (prompt, seed), and counts every call it answered.

Right and wrong answers are found per question by asking the question's own verifier which candidate text
it accepts, so the server speaks every source's answer format without knowing it. The server can also
*hold* every request after the first ``hold_after`` answers (to kill a client at a known point: held calls
are never answered, so they do not count as made).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from judgebench.verifiers.base import VERIFIERS, Outcome, Question

WRONG = "I guess **zzz, zzz, zzz** ***zzz*** \\boxed{zzz} ZZZZZ 99999 qqq"


def _candidates(gt: Any) -> list[str]:
    g = str(gt)
    return [
        f"Thinking it through, the answer is {g * 5}.",
        f"So: **{g}**",
        f"So: ***{g}***",
        f"The final answer is $\\boxed{{{g}}}$",
        f"The answer is {g}",
    ]


def answer_key(questions: Iterable[Question]) -> dict[str, tuple[str | None, str]]:
    """prompt → (a response the verifier calls correct or None, one it calls incorrect)."""
    verifiers: dict[str, Any] = {}
    out: dict[str, tuple[str | None, str]] = {}
    for q in questions:
        v = verifiers.setdefault(q.verifier, VERIFIERS.get(q.verifier)())
        right = next((c for c in _candidates(q.ground_truth) if v.check(q, c).outcome is Outcome.CORRECT), None)
        wrong = WRONG if v.check(q, WRONG).outcome is Outcome.INCORRECT else "no answer"
        out[q.prompt] = (right, wrong)
    return out


def oracle_reply(key: dict[str, tuple[str | None, str]], prompt: str, seed: Any) -> str:
    """The server's answer to ``prompt`` with ``seed``: right or wrong by their hash (bench/bench_build.py too)."""
    right, wrong = key.get(prompt, (None, "unknown question"))
    h = hashlib.sha256(f"{prompt}\x1f{seed}".encode()).digest()
    body = right if (right is not None and h[0] % 2 == 0) else wrong
    return f"Sample {h[1:4].hex()}.\n{body}"


class OracleServer:
    """``with OracleServer(key, latency_s=0.05) as srv: srv.base_url``; ``srv.answered`` counts calls."""

    def __init__(self, key: dict[str, tuple[str | None, str]], latency_s: float = 0.0) -> None:
        self.key = key
        self.latency_s = latency_s
        self.answered: Counter[tuple[str, Any]] = Counter()
        self.hold_after: int | None = None
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def total(self) -> int:
        return sum(self.answered.values())

    def reply(self, prompt: str, seed: Any) -> str:
        return oracle_reply(self.key, prompt, seed)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                prompt = body["messages"][-1]["content"]
                with srv.lock:
                    held = srv.hold_after is not None and srv.total >= srv.hold_after
                if held:
                    srv.release.wait()
                    self.close_connection = True
                    return  # never answered
                if srv.latency_s:
                    time.sleep(srv.latency_s)
                text = srv.reply(prompt, body.get("seed"))
                payload = json.dumps(
                    {
                        "id": "chatcmpl-oracle",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "oracle"),
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                        ],
                        "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": 8, "total_tokens": 0},
                    }
                ).encode()
                with srv.lock:
                    if srv.hold_after is not None and srv.total >= srv.hold_after:
                        held = True
                    else:
                        srv.answered[(prompt, body.get("seed"))] += 1
                if held:
                    srv.release.wait()
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def __enter__(self) -> OracleServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

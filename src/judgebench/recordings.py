"""Reading recorded-outputs files for replay: the lookups the replay backends are given.

``replay/<file>`` names a recorded-outputs file (a path, or a name under ``$JUDGEBENCH_DATA/outputs``). For
chat judges the file's replies become a :class:`~judgebench.backends.replay.ChatRecording`; for reward models
its scores become a :class:`~judgebench.backends.reward_replay.RewardRecording`, each score mapped back to the
pair's stored position (``A`` is ``scores[0]`` of order 0 and ``scores[1]`` of order 1). The factories here are
what the ``replay`` entries of the backend registries name.
"""

from __future__ import annotations

import math
from typing import Any

from judgebench.backends.replay import ChatRecording, ReplayBackend, recorded_replies
from judgebench.backends.reward import POSITIONS
from judgebench.backends.reward_replay import RecordedPair, RewardRecording, RewardReplayBackend
from judgebench.datasets import recorded_output
from judgebench.errors import ConfigError, InputError, MalformedRecordError
from judgebench.jsonl import iter_jsonl
from judgebench.records import filename_fields, iter_judged


def read_chat_recording(spec: str) -> ChatRecording:
    """The replies of a recorded-outputs file by ``(pair_id, order)``; orders whose call failed are noted."""
    path = recorded_output(spec)
    replies: dict[tuple[str, int], list[str]] = {}
    failed: set[tuple[str, int]] = set()
    model: str | None = None
    judge_name: str | None = None
    for _, record in iter_jsonl(path):
        pair_id = record.get("pair_id")
        judgments = record.get("judgments")
        if not isinstance(pair_id, str) or not isinstance(judgments, list):
            continue
        judge_name = judge_name or record.get("judge_name")
        for order, entry in enumerate(judgments):
            judgment = entry.get("judgment") if isinstance(entry, dict) else None
            if not isinstance(judgment, dict):
                failed.add((pair_id, order))
                continue
            model = model or judgment.get("judge_model")
            replies[(pair_id, order)] = recorded_replies(judgment, record.get("judge_name"))
    if not replies and not failed:
        raise InputError("no judged records to replay", str(path))
    name = str(model or filename_fields(path).get("judge_model", path.stem))
    return ChatRecording(path.name, name, judge_name, replies, frozenset(failed))


def _score(value: Any, path: str, pair_id: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedRecordError(f"pair {pair_id}: recorded score {value!r} is not a finite number", path)
    return float(value)


def read_reward_recording(spec: str) -> RewardRecording:
    """The recorded score of each pair's stored positions; a file without scores is a ConfigError."""
    path = recorded_output(spec)
    pairs: dict[str, RecordedPair] = {}
    model: str | None = None
    for judged in iter_judged(path):
        p = judged.pair
        rec = RecordedPair(p.question, {"A": p.response_A, "B": p.response_B})
        for order, entry in enumerate(judged.judgments):
            judgment = entry.get("judgment") if entry else None
            if not isinstance(judgment, dict) or judgment.get("scores") is None:
                continue  # a failed call: nothing recorded for this order
            scores = judgment["scores"]
            if not isinstance(scores, list) or len(scores) != 2:
                raise MalformedRecordError(f"pair {p.pair_id}: 'scores' must hold two numbers", str(path))
            model = model or judgment.get("judge_model")
            for i, pos in enumerate(POSITIONS if order == 0 else POSITIONS[::-1]):
                rec.scores.setdefault(pos, []).append(_score(scores[i], str(path), p.pair_id))
        pairs[p.pair_id] = rec
    if not any(rec.scores for rec in pairs.values()):
        raise ConfigError(f"{path} records no reward scores: not a reward-model outputs file")
    name = model if model is not None else filename_fields(path).get("judge_model", path.stem)
    return RewardRecording(path.name, name, pairs)


def replay_backend(model: str, **options: Any) -> ReplayBackend:
    """Factory for ``replay/<file>``; endpoint options (``base_url``, ``timeout_s``, ``config``) are ignored."""
    unknown = {k for k, v in options.items() if k not in ("base_url", "timeout_s", "config") and v is not None}
    if unknown:
        raise ConfigError(f"replay takes no options, got {', '.join(sorted(unknown))}")
    if options.get("base_url"):
        raise ConfigError("replay takes no --base-url: it answers from the recorded file")
    return ReplayBackend(read_chat_recording(model))


def reward_replay_backend(model: str, **options: Any) -> RewardReplayBackend:
    """Factory for reward ``replay/<recorded file>``; takes no options."""
    if options:
        raise ConfigError(f"reward replay takes no options, got {', '.join(sorted(options))}")
    return RewardReplayBackend(read_reward_recording(model))

"""Each judge against an in-process engine double: the calls it makes, what it records, how it fails."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from judgebench.backends.base import ChatRequest
from judgebench.backends.failures import ProviderFatalError, ProviderRetryableError
from judgebench.judges import JUDGES, JudgeContext, JudgeOptions
from judgebench.judges.chat_eval import ChatEvalJudge, majority
from judgebench.judges.finetuned import JudgeLMJudge, PandaLMJudge
from judgebench.judges.prompted import CONTINUE
from judgebench.judges.truncation import fit_responses
from tests.judges.fake_engine import FakeEngine

CTX = JudgeContext("pair-1", 1, seed=7)


def make(name: str, engine: FakeEngine, **extra: Any) -> Any:
    return JUDGES.get(name)(JudgeOptions("openai/judge-x", extra={"engine": engine, **extra}))


def run(judge: Any, q: str = "Q?", a: str = "answer one", b: str = "answer two") -> Any:
    return asyncio.run(judge.judge(q, a, b, CTX))


def test_vanilla_settings_record_and_parse() -> None:
    engine = FakeEngine(["Output (b)"])
    judge = make("vanilla", engine)
    v = run(judge)
    (req,) = engine.requests
    assert (req.temperature, req.top_p, req.max_tokens) == (0.0, 1.0, 1024)
    assert [m.role for m in req.messages] == ["user"]
    assert req.metadata == {"pair_id": "pair-1", "order": 1, "turn": 0}
    assert v.decision == "B>A" and v.error is None
    assert v.judgment == {"judge_model": "judge-x", "prompt": req.messages[0].content, "response": "Output (b)"}
    assert v.usage.input_tokens == 10 and v.cost_usd == pytest.approx(0.001)


def test_unreadable_reply_is_no_verdict_with_the_raw_text_not_a_tie() -> None:
    v = run(make("vanilla", FakeEngine(["Both are good."])))
    assert v.decision is None and v.error is None  # the model answered: no verdict, not a failed call
    assert v.no_verdict is not None and "neither 'Output (a)'" in v.no_verdict
    assert v.judgment["response"] == "Both are good."


def test_failed_call_is_a_failure_with_the_reason() -> None:
    v = run(make("arena_hard", FakeEngine([ProviderFatalError("context_length", "prompt is too long")])))
    assert v.decision is None and v.error == "call failed (context_length): prompt is too long"
    v = run(make("vanilla", FakeEngine([ProviderRetryableError("rate_limit", "429 after retries")])))
    assert v.decision is None and "rate_limit" in (v.error or "")


def test_arena_hard_one_call_when_the_label_is_there() -> None:
    engine = FakeEngine(["Thinking... My final verdict is [[B>>A]]"])
    v = run(make("arena_hard", engine))
    (req,) = engine.requests
    assert [m.role for m in req.messages] == ["system", "user"]
    assert (req.temperature, req.max_tokens) == (0.0, 4096)
    assert v.decision == "B>A"
    assert v.judgment["response"] == "\nThinking... My final verdict is [[B>>A]]"  # upstream's newline prefix
    assert v.judgment["prompt"].startswith("<|User Prompt|>\nQ?\n\n<|The Start of Assistant A's Answer|>\nanswer one")
    assert "replies" not in v.judgment


def test_arena_hard_continuation_turn() -> None:
    engine = FakeEngine(["Let me think about A.", "Final: [[A>B]]"])
    v = run(make("arena_hard", engine))
    first, second = engine.requests
    assert [m.role for m in second.messages] == ["system", "user", "assistant", "user"]
    assert second.messages[2].content == "Let me think about A."
    assert second.messages[3].content == CONTINUE
    assert (first.metadata["turn"], second.metadata["turn"]) == (0, 1)
    assert v.decision == "A>B"
    assert v.judgment["response"] == "\nLet me think about A.\nFinal: [[A>B]]"
    assert v.judgment["replies"] == ["Let me think about A.", "Final: [[A>B]]"]
    assert v.usage.input_tokens == 20  # both calls counted


def test_arena_hard_gives_up_after_two_attempts_and_stops_at_conflicting_labels() -> None:
    engine = FakeEngine(["no label", "still none"])
    v = run(make("arena_hard", engine))
    assert v.decision is None and len(engine.requests) == 2 and "no [[verdict]]" in (v.no_verdict or "")
    engine = FakeEngine(["[[A>B]] or [[B>A]]"])
    v = run(make("arena_hard", engine))
    assert v.decision is None and len(engine.requests) == 1


def test_arena_hard_no_tie_and_compass_judger() -> None:
    engine = FakeEngine(["[[A>B]]"])
    assert run(make("arena_hard_notie", engine)).decision == "A>B"
    assert "[[A=B]]" not in engine.requests[0].messages[0].content
    engine = FakeEngine(["no label"])
    v = run(make("compass_judger", engine))
    assert v.decision is None and len(engine.requests) == 1 and engine.requests[0].max_tokens == 2048


def test_prometheus_auto_j_skywork_settings_and_upstream_decision() -> None:
    engine = FakeEngine(["[Response A] has an error. [RESULT] B"])
    v = run(make("prometheus_2", engine))
    req = engine.requests[0]
    assert req.messages[0].role == "system" and req.messages[0].content.startswith("You are a fair judge")
    assert "[Are the model's responses factually correct and well-supported by evidence?]" in req.messages[1].content
    assert (req.temperature, req.max_tokens) == (0.0, 1024)
    assert v.decision == "B>A" and v.judgment["upstream_decision"] == "A>B"

    engine = FakeEngine(["So, the final decision is Tie"])
    v = run(make("auto_j", engine), q="the question")
    assert v.decision == "A=B"
    assert "[Query]: \n" in v.judgment["prompt"] and "the question" not in v.judgment["prompt"]  # as upstream
    engine = FakeEngine(["So, the final decision is Tie"])
    assert "[Query]: the question\n" in run(make("auto_j_query", engine), q="the question").judgment["prompt"]

    engine = FakeEngine(["Assistant B is better: [[B]]"])
    v = run(make("skywork_critic", engine))
    assert v.decision == "B>A" and v.judgment["upstream_decision"] == "A>B"
    assert (engine.requests[0].temperature, engine.requests[0].max_tokens) == (0.0, 2048)


class CharTokenizer:
    """One token per character, a BOS id in front when asked for special tokens."""

    def __call__(self, text: str, add_special_tokens: bool = True, **_: Any) -> Any:
        ids = ([0] if add_special_tokens else []) + [ord(c) for c in text]
        return type("Enc", (), {"input_ids": ids})()

    def decode(self, ids: list[int]) -> str:
        return "".join(chr(i) for i in ids)


def test_fit_responses_is_upstreams_rule() -> None:
    tok = CharTokenizer()
    template = "x" * 1000  # 1001 tokens with BOS
    # (2048 - 16 - 1001) // 2 - 2 = 513 tokens each
    a, b = fit_responses(tok, template, "a" * 600, "b" * 10, context_limit=2048, max_new_tokens=16, side="right")
    assert (a, b) == ("a" * 513, "b" * 10)
    a, _ = fit_responses(tok, template, "0123456789" * 60, "", context_limit=2048, max_new_tokens=150, side="left")
    assert a == ("0123456789" * 60)[-446:]  # (2048 - 150 - 1001) // 2 - 2, the last tokens kept


def test_pandalm_completion_truncation_and_failure() -> None:
    engine = FakeEngine(["\n2\n\n### Reason: B is right", "### Reason: unsure"])
    judge = make("panda_lm", engine, tokenizer=CharTokenizer())
    assert isinstance(judge, PandaLMJudge)
    long_a = "<s>" + "A" * 5000
    v = asyncio.run(judge.judge("Q?", long_a, "short </s>", CTX))
    (req,) = engine.requests
    assert req.prompt is not None and req.prompt.endswith("### Evaluation:\n")
    assert (req.temperature, req.top_p, req.max_tokens) == (0.0, 1.0, 150)
    assert req.extra == {"use_beam_search": True, "best_of": 4, "early_stopping": True, "repetition_penalty": 1.2}
    assert "<s>" not in req.prompt and "</s>" not in req.prompt and "### Response 2:\nshort\n" in req.prompt
    assert len(req.prompt) < 2048  # left-truncated to fit
    assert v.decision == "B>A" and v.judgment["response"] == "2\n\n### Reason: B is right"
    v = run(judge)
    assert v.decision is None and v.judgment["upstream_decision"] == "A=B"


def test_judge_lm_completion() -> None:
    engine = FakeEngine([" 8 9\nAssistant 2 is better"])
    judge = make("judge_lm", engine, tokenizer=False)
    assert isinstance(judge, JudgeLMJudge) and judge.truncator.tokenizer is None
    v = run(judge)
    (req,) = engine.requests
    assert (req.temperature, req.max_tokens) == (0.0, 16) and req.prompt is not None
    assert req.prompt.endswith("### Response:")
    assert v.decision == "B>A" and v.judgment["upstream_decision"] == "A=B"


def test_tokenizer_from_a_local_folder(tmp_path: Any) -> None:
    pytest.importorskip("transformers")
    tokenizers = pytest.importorskip("tokenizers")
    from transformers import PreTrainedTokenizerFast

    from judgebench.judges.truncation import load_tokenizer

    words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"]
    vocab = {"[UNK]": 0, "<s>": 1, **{w: i + 2 for i, w in enumerate(words)}}
    core = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = tokenizers.pre_tokenizers.WhitespaceSplit()
    core.decoder = tokenizers.decoders.WordPiece()
    PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", bos_token="<s>").save_pretrained(tmp_path)
    tok = load_tokenizer(str(tmp_path), local_only=True)
    assert tok is not None
    a, b = fit_responses(tok, "the", "the quick brown fox", "dog", context_limit=16, max_new_tokens=4, side="right")
    assert (a, b) == ("the quick brown", "dog")  # (16 - 4 - 1) // 2 - 2 = 3 tokens each
    assert load_tokenizer(str(tmp_path / "missing"), local_only=True) is None


def _debate_reply(verdicts: dict[str, str]) -> Any:
    def reply(request: ChatRequest) -> str:
        agent = request.metadata["agent"]
        return f"My view as {agent}.\n{verdicts[agent]}"

    return reply


def test_chat_eval_protocol() -> None:
    verdicts = {"General Public": "[[A>B]]", "Critic": "[[B>A]]", "Scientist": "[[B>A]]"}
    engine = FakeEngine(_debate_reply(verdicts))
    judge = make("chat_eval", engine)
    assert isinstance(judge, ChatEvalJudge)
    v = run(judge)
    reqs = engine.requests
    assert [r.metadata["agent"] for r in reqs] == ["General Public", "Critic", "Scientist"] * 2
    assert [r.metadata["turn"] for r in reqs] == list(range(6))
    assert all(r.messages[0].role == "system" and len(r.messages) == 2 for r in reqs)
    # one-by-one: each referee sees every earlier turn, in order, and nothing later
    for i, r in enumerate(reqs):
        shown = r.messages[1].content
        for j, earlier in enumerate(reqs[:i]):
            assert f"{earlier.metadata['agent']} (round {j // 3 + 1}): My view" in shown
        assert shown.count("): My view as") == i
    assert v.decision == "B>A" and v.error is None
    assert v.judgment["votes"] == {"General Public": "A>B", "Critic": "B>A", "Scientist": "B>A"}
    assert len(v.judgment["replies"]) == 6 and v.judgment["prompt"] == reqs[0].messages[1].content


def test_chat_eval_majority_rules() -> None:
    assert majority(["A>B", "A>B", None]) == "A>B"
    assert majority(["A>B", "B>A", "A=B"]) == "A=B"  # a split panel (every referee voted) is a tie
    with pytest.raises(Exception, match="no majority"):
        majority(["A>B", "B>A", None])  # an unreadable vote never becomes a tie
    verdicts = {"General Public": "[[A>B]]", "Critic": "I refuse.", "Scientist": "[[B>A]]"}
    v = run(make("chat_eval", FakeEngine(_debate_reply(verdicts))))
    assert v.decision is None and v.error is None and "no majority" in (v.no_verdict or "")
    assert v.judgment["votes"]["Critic"] is None and "Critic" in v.judgment["vote_errors"]


def test_chat_eval_failed_call_fails_the_judgment() -> None:
    replies: list[Any] = ["ok\n[[A>B]]"] * 3 + [ProviderFatalError("bad_request", "nope")]
    v = run(make("chat_eval", FakeEngine(replies)))
    assert v.decision is None and "bad_request" in (v.error or "")
    assert len(v.judgment["replies"]) == 3


def test_registry_names_and_alias() -> None:
    names = set(JUDGES.names())
    expected = {"vanilla", "arena_hard", "arena_hard_no_tie", "compass_judger", "pandalm", "judge_lm"}
    assert expected | {"prometheus_2", "auto_j", "skywork_critic", "chat_eval", "reward_model"} <= names
    assert JUDGES.get("panda_lm") is JUDGES.get("pandalm")
    engine = FakeEngine([])
    judge = make("vanilla", engine)
    asyncio.run(judge.aclose())
    assert engine.closed

"""MT-Bench human judgments as pairs, by hand: turn-1 and turn-2 texts, votes pooled over both model orders,
expert and author votes kept apart, the majority rule, what is dropped and counted, GPT-4's verdicts attached,
and the rows refused (naming the row)."""

from __future__ import annotations

import json

import pytest

from judgebench.errors import ConfigError, InputError
from judgebench.importers import mt_bench as mt


def conv(question, answer, q2=None, a2=None):
    out = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    if q2 is not None:
        out += [{"role": "user", "content": q2}, {"role": "assistant", "content": a2}]
    return out


def vote(a, b, winner, judge="expert_1", qid=81, turn=1):
    return {"question_id": qid, "model_a": a, "model_b": b, "winner": winner, "judge": judge, "turn": turn,
            "conversation_a": conv("Q1", f"{a} 1", "Q2", f"{a} 2"),
            "conversation_b": conv("Q1", f"{b} 1", "Q2", f"{b} 2")}  # fmt: skip


def test_turn_1_holds_the_first_question_and_answers():
    (pair,), dropped = mt.import_mt_bench([vote("x", "y", "model_a")], "h")
    assert (pair.question, pair.response_A, pair.response_B, pair.label) == ("Q1", "x 1", "y 1", "A>B")
    assert pair.source == "mt-bench-human-writing" and pair.original_id == 81 and pair.response_model == "mixed"
    assert pair.extra == {"turn": 1, "model_A": "x", "model_B": "y", "votes": {"x": 1}}
    assert dropped == {"tie": 0, "split": 0, "no expert": 0}


def test_turn_2_holds_both_turns_marked():
    (pair,), _ = mt.import_mt_bench([vote("x", "y", "model_b", turn=2, qid=160)], "h")
    assert pair.question == "### Turn 1\nQ1\n\n### Turn 2\nQ2"
    assert pair.response_A == "### Turn 1\nx 1\n\n### Turn 2\nx 2"
    assert pair.response_B == "### Turn 1\ny 1\n\n### Turn 2\ny 2"
    assert pair.label == "B>A" and pair.extra["turn"] == 2 and pair.source == "mt-bench-human-humanities"


def test_turns_of_a_conversation():
    c = conv("a", "b", "c", "d")
    assert mt._turns(c, 1, "w", 1) == ("a", "b")
    assert mt._turns(c, 2, "w", 1) == ("### Turn 1\na\n\n### Turn 2\nc", "### Turn 1\nb\n\n### Turn 2\nd")
    assert mt._turns(conv("a", "b"), 1, "w", 1) == ("a", "b")  # exactly the messages turn 1 needs
    assert mt._turns([*c, {"role": "user", "content": "more"}], 2, "w", 1)[0].endswith("c")


@pytest.mark.parametrize(
    ("conversation", "turn"),
    [
        (conv("a", "b"), 2),
        ([{"role": "user", "content": "a"}], 1),
        ("a b", 1),
        (None, 1),
        ([{"role": "user", "content": "a"}, {"role": "assistant", "content": None}], 1),
        ([{"role": "user", "content": "a"}, "b"], 1),
        ([*conv("a", "b"), {"role": "user", "content": "c"}, {"role": "assistant"}], 2),
    ],
)
def test_a_conversation_too_short_or_not_messages_is_refused(conversation, turn):
    with pytest.raises(InputError) as e:
        mt._turns(conversation, turn, "human.jsonl", 4)
    assert str(e.value) == f"human.jsonl: row 4: conversation shorter than turn {turn} or not a list of messages"


def test_a_later_message_of_the_wrong_type_does_not_matter_to_turn_1():
    c = [*conv("a", "b"), "junk", None]
    assert mt._turns(c, 1, "w", 1) == ("a", "b")


def test_votes_are_pooled_over_both_model_orders():
    rows = [
        vote("x", "y", "model_a", "expert_1"),
        vote("y", "x", "model_b", "expert_2"),  # x again, with the models the other way round
        vote("y", "x", "model_a", "expert_3"),  # y
        vote("x", "y", "tie (bothbad)", "expert_4"),
        vote("x", "y", "model_b", "author_0"),  # not an expert: kept apart
    ]
    (pair,), _ = mt.import_mt_bench(rows, "h")
    assert pair.label == "A>B" and pair.extra["model_A"] == "x"  # A is the first vote's model_a
    assert pair.extra["votes"] == {"x": 2, "y": 1, "tie": 1} and pair.extra["author_votes"] == {"y": 1}


@pytest.mark.parametrize(
    ("a", "b", "ties", "label"),
    [(2, 1, 1, "A>B"), (1, 2, 0, "B>A"), (2, 2, 0, None), (2, 1, 2, None), (1, 1, 3, None), (0, 0, 0, None),
     (1, 0, 0, "A>B"), (0, 1, 0, "B>A"), (3, 2, 3, None), (2, 3, 2, "B>A")],
)  # fmt: skip
def test_majority(a, b, ties, label):
    assert mt.majority(a, b, ties) == label


def test_what_is_dropped_and_counted():
    rows = [
        vote("x", "y", "tie", qid=81),  # ties lead
        vote("x", "y", "model_a", qid=82),
        vote("x", "y", "model_b", "expert_2", qid=82),  # models tie: split
        vote("x", "y", "model_a", qid=83),
        vote("x", "y", "tie (inconsistent)", "expert_2", qid=83),  # the ties as many as the leader: split
        vote("x", "y", "model_a", "author_1", qid=84),  # no expert
        vote("x", "y", "model_a", qid=85),
    ]
    pairs, dropped = mt.import_mt_bench(rows, "h")
    assert [p.original_id for p in pairs] == [85]
    assert dropped == {"tie": 1, "split": 2, "no expert": 1}
    kept, dropped = mt.import_mt_bench(rows, "h", no_majority=True)
    assert [(p.original_id, p.label) for p in kept] == [(81, "no-majority"), (82, "no-majority"),
                                                        (83, "no-majority"), (85, "A>B")]  # fmt: skip
    assert dropped == {"tie": 0, "split": 0, "no expert": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"turn": 3}, "row 2: turn must be 1 or 2, got 3"),
        ({"turn": 0}, "row 2: turn must be 1 or 2, got 0"),
        ({"winner": "model_c"}, "row 2: unknown winner 'model_c' (model_a, model_b or tie)"),
        ({"winner": "a tie"}, "row 2: unknown winner 'a tie' (model_a, model_b or tie)"),
        ({"question_id": 80}, "row 2: question_id 80 is outside MT-Bench's 81-160"),
        ({"question_id": 161}, "row 2: question_id 161 is outside MT-Bench's 81-160"),
        ({"question_id": "81"}, "row 2: 'question_id' must be int, got str"),
        ({"turn": "1"}, "row 2: 'turn' must be int, got str"),
        ({"model_a": None}, "row 2: 'model_a' must be str, got NoneType"),
        ({"model_b": 1}, "row 2: 'model_b' must be str, got int"),
        ({"winner": None}, "row 2: 'winner' must be str, got NoneType"),
        ({"judge": None}, "row 2: 'judge' must be str, got NoneType"),
        ({"conversation_b": conv("Q1", "y")[:1]}, "row 2: conversation shorter than turn 1"),
    ],
)
def test_bad_rows_name_their_row(change, message):
    rows = [vote("x", "y", "model_a"), {**vote("x", "z", "model_a"), **change}]
    with pytest.raises(InputError) as e:
        mt.import_mt_bench(rows, "human.jsonl")
    assert str(e.value).startswith(f"human.jsonl: {message}")


def test_the_judge_of_a_vote_matters_only_in_the_human_split():
    rows = [{k: v for k, v in vote("x", "y", "model_a").items() if k != "judge"}]
    with pytest.raises(InputError, match="row 1: 'judge' must be str"):
        mt.import_mt_bench(rows, "h")
    (pair,), _ = mt.import_mt_bench([vote("x", "y", "model_a")], "h")
    judged, missing = mt.judged_by([pair], rows, "g")  # the judge's rows need no judge name
    assert missing == 0 and judged[0].judgments[0]["decision"] == "A>B"


def test_gpt4_verdicts_attached_to_the_human_pairs():
    human = [vote("x", "y", "model_a", qid=81), vote("x", "y", "model_b", qid=82), vote("x", "y", "model_a", qid=83),
             vote("x", "y", "model_a", qid=84), vote("x", "y", "model_a", qid=84, turn=2)]  # fmt: skip
    pairs, _ = mt.import_mt_bench(human, "h")
    gpt4 = [
        vote("y", "x", "model_a", "gpt4_pair", qid=81),  # y, in the other model order
        vote("x", "y", "model_a", "gpt4_pair", qid=82),
        vote("x", "y", "model_b", "gpt4_pair", qid=82),  # an even split: a tie
        vote("x", "y", "tie", "gpt4_pair", qid=83),
        vote("x", "y", "model_a", "gpt4_pair", qid=84, turn=2),
        vote("x", "y", "model_a", "gpt4_pair", qid=85),  # no human pair: ignored
    ]
    judged, missing = mt.judged_by(pairs, gpt4, "g", judge_model="gpt-4-0613")
    assert missing == 1  # qid 84 turn 1
    assert [(j.pair.original_id, j.pair.extra["turn"], j.judgments[0]["decision"]) for j in judged] == [
        (81, 1, "B>A"), (82, 1, "A=B"), (83, 1, "A=B"), (84, 2, "A>B")]  # fmt: skip
    assert {j.judge_name for j in judged} == {"gpt4_pair"}
    assert judged[0].judgments == [{"judgment": {"judge_model": "gpt-4-0613", "votes": {"y": 1}}, "decision": "B>A"}]
    two_judges = [{**gpt4[0], "judge": "a"}, {**gpt4[1], "judge": "b"}]
    assert mt.judged_by(pairs, two_judges, "g")[0][0].judge_name == "mt_bench_judge"
    assert mt.judged_by(pairs, two_judges, "g")[0][0].judgments[0]["judgment"]["judge_model"] == "gpt-4"


def test_run_options(tmp_path, monkeypatch):
    human = tmp_path / "human.jsonl"
    human.write_text("".join(json.dumps(r) + "\n" for r in [vote("x", "y", "model_a"), vote("x", "y", "tie", qid=90)]))
    result = mt.run_mt_bench(str(human), {})
    assert [r["original_id"] for r in result.records] == [81] and result.left_out == {"tied comparisons": 1}
    result = mt.run_mt_bench(str(human), {"no_majority": "keep"})
    assert [r["label"] for r in result.records] == ["A>B", "no-majority"] and result.left_out == {}
    assert len(mt.run_mt_bench(str(human), {"no_majority": "drop"}).records) == 1
    with pytest.raises(ConfigError, match="no_majority must be keep or drop, got 'yes'"):
        mt.run_mt_bench(str(human), {"no_majority": "yes"})
    with pytest.raises(ConfigError, match=r"unknown option x \(known: judgments, judge_model, no_majority\)"):
        mt.run_mt_bench(str(human), {"x": "1"})
    gpt4 = tmp_path / "gpt4.jsonl"
    gpt4.write_text(json.dumps(vote("x", "y", "model_b", "gpt4_pair", qid=99)) + "\n")
    result = mt.run_mt_bench(str(human), {"judgments": str(gpt4), "judge_model": "g4"})
    assert result.records == [] and result.left_out == {"tied comparisons": 1, "pairs the judge did not see": 1}
    gpt4.write_text(json.dumps(vote("x", "y", "model_b", "gpt4_pair")) + "\n")
    result = mt.run_mt_bench(str(human), {"judgments": str(gpt4), "judge_model": "g4"})
    assert [r["judgments"][0]["decision"] for r in result.records] == ["B>A"]
    assert result.records[0]["judgments"][0]["judgment"]["judge_model"] == "g4"
    assert result.left_out == {"tied comparisons": 1}
    calls = []

    def fake(dataset, split):
        calls.append((dataset, split))
        return [vote("x", "y", "model_a", "gpt4_pair" if split == "gpt4_pair" else "expert_1")], f"cache/{split}"

    import judgebench.hub_rows as hub_rows_module

    monkeypatch.setattr(hub_rows_module, "hub_rows", fake)
    result = mt.run_mt_bench(None, {"judgments": "gpt4_pair"})
    assert calls == [("lmsys/mt_bench_human_judgments", "human"), ("lmsys/mt_bench_human_judgments", "gpt4_pair")]
    assert result.records[0]["judge_name"] == "gpt4_pair" and result.records[0]["judgments"][0]["decision"] == "A>B"

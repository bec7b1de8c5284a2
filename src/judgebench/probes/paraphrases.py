"""Paraphrases of prompted judges' prompts, for the template probe.

Each paraphrase says what the judge's own templates say, in other words, and keeps what its parser reads
(vanilla's ``Output (a)``/``Output (b)`` answer; Arena-Hard's verdict instructions and ``[[A>B]]`` labels,
kept word for word after its reworded system prompt, whose user turn gets reworded delimiters) and the same
variables. The probe renders a judge's prompt from a
paraphrase with :func:`judgebench.judges.templates.overridden`: the judge, its calls and its parser are
unchanged.
"""

from __future__ import annotations

_VANILLA = (
    "You are a careful assistant who compares two outputs written for the same instruction. Pick the better "
    "of the two.\nChoose Output (a) or Output (b); each was written by a different AI chatbot.\n"
    "Give no explanation for your choice.\nDo not answer that both or neither are good.\n"
    'Reply with ONLY "Output (a)" or "Output (b)" and no other words.\n'
    "# Instruction:\n{{question}}\n# Output (a):\n{{answer_a}}\n# Output (b):\n{{answer_b}}\n"
    '# Which output is better, Output (a) or Output (b)? Reply with either "Output (a)" or "Output (b)":',
    "Your task is to judge which of two outputs better answers an instruction.\n"
    "Two different AI chatbots wrote Output (a) and Output (b). Select the better one.\n"
    "Do NOT explain your choice.\nDo NOT say that both or neither are good.\n"
    'Answer using ONLY "Output (a)" or "Output (b)", with no other words.\n'
    "# Instruction:\n{{question}}\n# Output (a):\n{{answer_a}}\n# Output (b):\n{{answer_b}}\n"
    '# Which is better? Answer "Output (a)" or "Output (b)":',
    "As a helpful evaluator, decide which output better follows the instruction below.\n"
    "The outputs, Output (a) and Output (b), come from two different AI chatbots. Choose one.\n"
    "Provide no explanation.\nNever say both or neither are good.\n"
    'Your whole answer must be "Output (a)" or "Output (b)" and nothing else.\n'
    "# Instruction:\n{{question}}\n# Output (a):\n{{answer_a}}\n# Output (b):\n{{answer_b}}\n"
    '# Which one is better, Output (a) or Output (b)? Respond with "Output (a)" or "Output (b)":',
)
#: Arena-Hard's system prompt in other words, up to its verdict instructions (kept as they are, below).
_ARENA_BODY = (
    "You are an impartial judge. Two AI assistants, A and B, have answered the user prompt shown below; assess "
    "the quality of their answers and decide which one is better.\n\nFirst write your own answer to the prompt, "
    "before you judge either assistant.\n\nThen compare each assistant's answer with yours, and point out and "
    "correct any mistakes or inaccurate information.\n\nNext, ask whether the answers are helpful, relevant and "
    "concise. An answer is helpful when it correctly responds to the prompt or follows its instructions; when the "
    "prompt is ambiguous or open to several readings, asking the user for clarification is more helpful than "
    "answering on assumptions. An answer is relevant when every part of it connects closely to what was asked, "
    "and concise when it is clear and neither verbose nor excessive.\n\nWhere it matters, also weigh the "
    "creativity and novelty of the answers. Lastly, note any important information missing from the answers that "
    "would help in responding to the user prompt.",
    "Act as a fair judge of two AI assistants' answers to the user prompt below: you will see assistant A's "
    "answer and assistant B's answer, and your task is to say which is better.\n\nBegin by producing your own "
    "answer to the prompt; give it before judging the assistants.\n\nCompare both answers against your own, "
    "identifying and correcting every mistake or inaccuracy.\n\nThen judge whether each answer is helpful (it "
    "responds correctly to the prompt or follows the instructions; if the prompt is ambiguous or has more than "
    "one interpretation, asking for clarification beats answering on assumptions), relevant (all of it is "
    "pertinent to the question) and concise (clear, without verbosity or excess).\n\nWhen needed, consider how "
    "creative and novel the answers are. Finally, point out any important information the answers leave out "
    "that would be useful in replying to the user prompt.",
    "Your role: an impartial evaluator of the responses two AI assistants gave to the user prompt displayed "
    "below. You are given assistant A's answer and assistant B's answer and must determine which one is "
    "better.\n\nBefore judging any answer, write your own answer to the prompt.\n\nWhen you evaluate, compare "
    "the assistants' answers with yours and find and fix any errors or inaccurate information.\n\nAfter that, "
    "check that the answers are helpful, relevant and concise: helpful answers respond correctly to the prompt "
    "or follow its instructions (for an ambiguous prompt, asking the user for clarification or more information "
    "is better than assuming); relevant answers keep every part closely tied to the question; concise answers "
    "are clear and not wordy.\n\nIf appropriate, take the answers' creativity and novelty into account. In the "
    "end, name any important information missing from the answers that would benefit the response to the user "
    "prompt.",
)
_ARENA_TIE = (
    "\n\nAfter providing your explanation, you must output only one of the following choices as your final "
    "verdict with a label:\n\n1. Assistant A is significantly better: [[A>>B]]\n2. Assistant A is slightly "
    "better: [[A>B]]\n3. Tie, relatively the same: [[A=B]]\n4. Assistant B is slightly better: [[B>A]]\n5. "
    'Assistant B is significantly better: [[B>>A]]\n\nExample output: "My final verdict is tie: [[A=B]]".'
)
_ARENA_NOTIE = (
    "\n\nAfter providing your explanation, you must output only one of the following choices as your final "
    "verdict with a label:\n\n1. Assistant A is better: [[A>B]] \n2. Assistant B is better: [[B>A]]\n\n"
    'Example output: "My final verdict is Assistant A is better: [[A>B]]".'
)
_ARENA_USER = (
    "<|The User's Prompt|>\n{{prompt}}\n\n<|Assistant A's Answer Begins|>\n{{answer_a}}\n"
    "<|Assistant A's Answer Ends|>\n\n<|Assistant B's Answer Begins|>\n{{answer_b}}\n<|Assistant B's Answer Ends|>",
    "<|Prompt from the User|>\n{{prompt}}\n\n<|Start of the Answer by Assistant A|>\n{{answer_a}}\n"
    "<|End of the Answer by Assistant A|>\n\n<|Start of the Answer by Assistant B|>\n{{answer_b}}\n"
    "<|End of the Answer by Assistant B|>",
    "<|User Question|>\n{{prompt}}\n\n<|Beginning of Assistant A's Reply|>\n{{answer_a}}\n"
    "<|End of Assistant A's Reply|>\n\n<|Beginning of Assistant B's Reply|>\n{{answer_b}}\n"
    "<|End of Assistant B's Reply|>",
)
Paraphrase = dict[str, str]
#: Judge name → its paraphrases: each replaces these templates (name → Jinja2 source with the same variables).
PARAPHRASES: dict[str, tuple[Paraphrase, ...]] = {
    "vanilla": tuple({"vanilla_prompt": text} for text in _VANILLA),
    "planted": tuple({"vanilla_prompt": text} for text in _VANILLA),
    **{
        name: tuple(
            {"arena_hard_judge_system": body + _ARENA_TIE, "arena_hard_judge_prompt": user}
            for body, user in zip(_ARENA_BODY, _ARENA_USER, strict=True)
        )
        for name in ("arena_hard", "compass_judger")
    },
    "arena_hard_no_tie": tuple(
        {"arena_hard_judge_system_notie": body + _ARENA_NOTIE, "arena_hard_judge_prompt": user}
        for body, user in zip(_ARENA_BODY, _ARENA_USER, strict=True)
    ),
}


def paraphrases_for(judge: str) -> tuple[Paraphrase, ...] | None:
    """The paraphrases of a judge's prompt, or None when the probe has none for it."""
    return PARAPHRASES.get(judge)

"""Paraphrases of prompted judges' prompts, for the template probe.

Each paraphrase says what the judge's own template says, in other words, and keeps what its parser reads
(vanilla's ``Output (a)``/``Output (b)`` answer, Arena-Hard's ``[[A>B]]`` labels, which its system prompt
asks for and the paraphrase leaves alone) and the same variables. The probe renders a judge's prompt from a
paraphrase with :func:`judgebench.judges.templates.overridden`: the judge, its calls and its parser are
unchanged.
"""

from __future__ import annotations

#: Template name → its paraphrases (Jinja2 sources, the original's variables).
PARAPHRASES: dict[str, tuple[str, ...]] = {
    "vanilla_prompt": (
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
    ),
    "arena_hard_judge_prompt": (
        "<|The User's Prompt|>\n{{prompt}}\n\n<|Assistant A's Answer Begins|>\n{{answer_a}}\n"
        "<|Assistant A's Answer Ends|>\n\n<|Assistant B's Answer Begins|>\n{{answer_b}}\n<|Assistant B's Answer Ends|>",
        "<|Prompt from the User|>\n{{prompt}}\n\n<|Start of the Answer by Assistant A|>\n{{answer_a}}\n"
        "<|End of the Answer by Assistant A|>\n\n<|Start of the Answer by Assistant B|>\n{{answer_b}}\n"
        "<|End of the Answer by Assistant B|>",
        "<|User Question|>\n{{prompt}}\n\n<|Beginning of Assistant A's Reply|>\n{{answer_a}}\n"
        "<|End of Assistant A's Reply|>\n\n<|Beginning of Assistant B's Reply|>\n{{answer_b}}\n"
        "<|End of Assistant B's Reply|>",
    ),
}
#: Judge name → the template its paraphrases replace (its prompt's user turn).
JUDGE_TEMPLATES: dict[str, str] = {
    "vanilla": "vanilla_prompt",
    "planted": "vanilla_prompt",
    "arena_hard": "arena_hard_judge_prompt",
    "arena_hard_no_tie": "arena_hard_judge_prompt",
    "compass_judger": "arena_hard_judge_prompt",
}


def paraphrases_for(judge: str) -> tuple[str, tuple[str, ...]] | None:
    """``(template name, paraphrases)`` of a judge's prompt, or None when the probe has none for it."""
    template = JUDGE_TEMPLATES.get(judge)
    if template is None:
        return None
    return template, PARAPHRASES[template]

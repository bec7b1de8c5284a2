"""JudgeBench pairs as Inspect AI tasks (``pip install 'judgebench[inspect]'``), and what their logs hold.

``inspect eval judgebench/judgebench --model openai/gpt-4o -T judge=arena_hard -T pairs=gpt`` judges every pair
in both orders with judgebench's own judges (:mod:`~judgebench.integrations.inspect.tasks`: the same templates,
call settings and verdict parsers as ``judgebench judge``, over whatever model Inspect is given) and scores them
with the JudgeBench vote rule (:mod:`~judgebench.integrations.inspect.scoring`); ``judgebench import inspect-log
LOG`` (:mod:`judgebench.importers.inspect_log`) turns the log back into a judged-pairs file.

This module holds only the names a log is read by, so the importer needs no more of the adapter than them;
the task, solver and scorer modules import ``inspect_ai`` at their top.
"""

#: ``state.store`` key of one sample's ``judgments`` entry, in the shape ``judgebench judge`` writes
#: (:func:`judgebench.runner.orders.entry`): judgment (prompt, response), decision, usage, no_verdict...
STORE_KEY = "judgebench_judgment"
#: sample metadata: the pair record as loaded (original positions), so a log is enough to rebuild the pairs
PAIR_KEY = "pair"
#: sample metadata: the pair's id, the order (0: A, B as stored; 1: swapped), the stored label, its category
PAIR_ID_KEY, ORDER_KEY, LABEL_KEY, CATEGORY_KEY = "pair_id", "order", "label", "category"
#: sample metadata: the pair's position in its pair set (logs list samples by id: the importer restores the order)
INDEX_KEY = "index"
#: sample metadata: the judge's registered name, the orders the task judges (1 or 2), the pair set's file stem
JUDGE_KEY, ORDERS_KEY, DATASET_KEY = "judge", "orders", "dataset"


def sample_id(pair_id: str, order: int) -> str:
    """The Inspect sample id of one order of a pair."""
    return f"{pair_id}:{order}"

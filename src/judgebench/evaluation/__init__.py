"""One judge over every benchmark in one command (``judgebench evaluate``): targets, then the run and its results.

:mod:`~judgebench.evaluation.targets` finds each selected benchmark's pairs (or says why it is skipped);
:mod:`~judgebench.evaluation.suite` judges them with the runner ``judge`` uses and scores them as ``score`` and
``benchmarks`` do (:func:`~judgebench.evaluation.suite.evaluate`).
"""

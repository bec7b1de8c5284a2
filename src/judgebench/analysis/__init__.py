"""Analyses of judged pairs, each statistic with a seeded bootstrap interval.

* :mod:`~judgebench.analysis.position`: flip rate, first-slot preference, consistency shares, other rules.
* :mod:`~judgebench.analysis.compare`: paired difference of two judges, exact McNemar test, tiers.
* :mod:`~judgebench.analysis.length`: always-A, longer-wins and random baselines; a judge's length preference.
* :mod:`~judgebench.analysis.self_preference`: one judge on its own family's pairs against another's.
* :mod:`~judgebench.analysis.solve_gap`: judge accuracy against solver accuracy per category.
* :mod:`~judgebench.analysis.agreement`: Cohen's kappa between judges.
"""

"""Bias probes: perturb objectively labelled pairs on purpose and measure what each perturbation costs.

Modules are imported by name (``judgebench.probes.stats`` ...); this package imports nothing itself.
"""

"""Building labeled pairs: sources with ground truth, verifiers, the code sandbox and the pipeline."""

"""Building labeled pairs: sample responses, verify them, select pairs, write the set and its card."""

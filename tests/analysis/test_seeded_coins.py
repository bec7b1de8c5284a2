"""The vectorised coins equal numpy's own Generator, coin for coin, so the random baseline's numbers stay put."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from judgebench.analysis.length import random_picks
from judgebench.metrics.bootstrap import rng_for
from judgebench.metrics.seeded_coins import first_outputs, key_of

# keys of one 32-bit entropy word (below 2**32) and of two, at the edges and in between
KEYS = [0, 1, 5, 2**31, 2**32 - 1, 2**32, 2**40 + 7, 2**63, 12345678901234567890, 2**64 - 1]


@pytest.mark.parametrize("seed", [0, 1, 7, 2**32 - 1, 2**32 + 5, 2**70])
def test_first_output_is_numpys(seed):
    rng = np.random.default_rng(seed)
    keys = KEYS + [int(k) for k in rng.integers(0, 2**63, size=200, dtype=np.uint64)]
    got = first_outputs(seed, np.array(keys, dtype=np.uint64))
    want = [np.random.default_rng([seed, k]).bit_generator.random_raw() for k in keys]
    assert got.tolist() == want


@pytest.mark.parametrize("seed", [0, 3])
def test_random_picks_are_rng_for_coins(seed):
    ids = [f"pair-{i}" for i in range(600)] + ["", "ünïcode", "id\x1fwith separator"]
    want = [rng_for(seed, "random-baseline", pid).random() < 0.5 for pid in ids]
    assert random_picks(ids, seed).tolist() == want
    digest = hashlib.sha256(b"random-baseline\x1fpair-1").digest()
    assert key_of("random-baseline", "pair-1") == int.from_bytes(digest[:8], "little")


def test_picks_are_read_only_and_empty_is_fine():
    picks = random_picks(["a", "b"], 0)
    with pytest.raises(ValueError):
        picks[0] = not picks[0]
    assert random_picks([], 0).shape == (0,)


def test_negative_seed_is_refused_as_numpy_refuses_it():
    with pytest.raises(ValueError):
        np.random.default_rng([-1, 5])
    with pytest.raises(ValueError):
        first_outputs(-1, np.array([5], dtype=np.uint64))

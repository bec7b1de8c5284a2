"""Many seeded coins at once: the first draw of ``rng_for(seed, *stable_id)`` for each of many ids, vectorised.

:func:`judgebench.metrics.bootstrap.rng_for` seeds ``numpy.random.default_rng([seed, key])`` (a PCG64 behind a
SeedSequence) with ``key`` the first 8 bytes of the SHA-256 of the stable id. Building one Generator per pair
costs tens of microseconds; this module computes the same first 64-bit output for a whole array of keys with
numpy integer arithmetic — SeedSequence's entropy mixing (32-bit words), its 4-word state, PCG64's seeding
and one step of its 128-bit LCG with the XSL-RR output — so ``Generator.random() < 0.5`` (the output's top
bit clear) comes out the same, coin for coin, as before. The tests check it against numpy itself, keys below
2**32 (one entropy word, not two) included.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
_M32 = np.uint64(0xFFFFFFFF)
# numpy/random/bit_generator.pyx (SeedSequence) constants
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_MULT_L, _MIX_MULT_R, _XSHIFT = 0xCA01F9DD, 0x4973F715, 16
_POOL = 4
# PCG64's default 128-bit multiplier, as (high, low) 64-bit halves
_PCG_MULT = (np.uint64(0x2360ED051FC65DA4), np.uint64(0x4385DF649FCCF645))


def _words(value: int) -> list[int]:
    """The split numpy makes of a non-negative int into little-endian 32-bit words (0 → [0])."""
    out = []
    while value > 0:
        out.append(value & 0xFFFFFFFF)
        value >>= 32
    return out or [0]


class _Hash:
    """SeedSequence's running hash constant (the same for every row: it only counts steps)."""

    def __init__(self, init: int, mult: int) -> None:
        self.const, self.mult = init, mult

    def mix(self, value: U64) -> U64:
        value = value ^ np.uint64(self.const)
        self.const = (self.const * self.mult) & 0xFFFFFFFF
        value = (value * np.uint64(self.const)) & _M32
        return value ^ (value >> np.uint64(_XSHIFT))


def _mix(x: U64, y: U64) -> U64:
    result = (np.uint64(_MIX_MULT_L) * x - np.uint64(_MIX_MULT_R) * y) & _M32
    return result ^ (result >> np.uint64(_XSHIFT))


def _pool(entropy: list[U64]) -> list[U64]:
    """SeedSequence.mix_entropy over rows: ``entropy`` is its words, each an array (one value per row)."""
    h = _Hash(_INIT_A, _MULT_A)
    zero = np.zeros_like(entropy[0])
    mixer = [h.mix(entropy[i] if i < len(entropy) else zero) for i in range(_POOL)]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                mixer[dst] = _mix(mixer[dst], h.mix(mixer[src]))
    for src in range(_POOL, len(entropy)):
        for dst in range(_POOL):
            mixer[dst] = _mix(mixer[dst], h.mix(entropy[src]))
    return mixer


def _state(mixer: list[U64]) -> list[U64]:
    """SeedSequence.generate_state(4, uint64): eight 32-bit words, paired little-endian into four uint64."""
    h = _Hash(_INIT_B, _MULT_B)
    w = [h.mix(mixer[i % _POOL]) for i in range(8)]
    return [w[2 * i] | (w[2 * i + 1] << np.uint64(32)) for i in range(4)]


def _mul64(a: U64, b: np.uint64) -> tuple[U64, U64]:
    """The full 128-bit product of uint64 arrays, as (high, low)."""
    s32 = np.uint64(32)
    a_lo, a_hi = a & _M32, a >> s32
    b_lo, b_hi = b & _M32, b >> s32
    ll, lh, hl, hh = a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi
    mid = (ll >> s32) + (lh & _M32) + (hl & _M32)
    low = (ll & _M32) | (mid << s32)
    high = hh + (lh >> s32) + (hl >> s32) + (mid >> s32)
    return high, low


def _add128(a: tuple[U64, U64], b: tuple[U64, U64]) -> tuple[U64, U64]:
    low = a[1] + b[1]
    return a[0] + b[0] + (low < a[1]).astype(np.uint64), low


def _step(state: tuple[U64, U64], inc: tuple[U64, U64]) -> tuple[U64, U64]:
    """One PCG64 LCG step: state · multiplier + inc (mod 2**128)."""
    hi, lo = state
    m_hi, m_lo = _PCG_MULT
    p_hi, p_lo = _mul64(lo, m_lo)
    p_hi = p_hi + lo * m_hi + hi * m_lo
    return _add128((p_hi, p_lo), inc)


def first_outputs(seed: int, keys: U64) -> U64:
    """The first ``next_uint64`` of ``numpy.random.default_rng([seed, key])`` for each uint64 ``key``."""
    if seed < 0:
        raise ValueError(f"a seed is a non-negative integer, got {seed}")  # as numpy's SeedSequence says
    keys = np.asarray(keys, dtype=np.uint64)
    out = np.empty(keys.shape, dtype=np.uint64)
    seed_words = [np.full(keys.shape, w, dtype=np.uint64) for w in _words(seed)]
    one_word = keys <= _M32  # such a key is one entropy word, not two
    for rows in (one_word, ~one_word):
        if not rows.any():
            continue
        k = keys[rows]
        entropy = [w[rows] for w in seed_words] + ([k] if rows is one_word else [k & _M32, k >> np.uint64(32)])
        s0, s1, i0, i1 = _state(_pool(entropy))
        one = np.uint64(1)
        inc = ((i0 << one) | (i1 >> np.uint64(63)), (i1 << one) | one)
        state = _add128(inc, (s0, s1))  # srandom: state 0 stepped (= inc), plus the seed, stepped again
        state = _step(state, inc)
        hi, lo = _step(state, inc)  # the draw: step, then XSL-RR
        x, rot = hi ^ lo, hi >> np.uint64(58)
        out[rows] = (x >> rot) | (x << ((np.uint64(64) - rot) & np.uint64(63)))
    return out


def key_of(*stable_id: str) -> int:
    """The 64-bit key ``rng_for`` derives from a stable id."""
    return int.from_bytes(hashlib.sha256("\x1f".join(stable_id).encode()).digest()[:8], "little")


def fair_coins(seed: int, prefix: str, ids: Iterable[str]) -> npt.NDArray[np.bool_]:
    """Per id, ``rng_for(seed, prefix, id).random() < 0.5``, without building a Generator per id."""
    head = f"{prefix}\x1f"
    digests = b"".join([hashlib.sha256((head + i).encode()).digest()[:8] for i in ids])
    keys = np.frombuffer(digests, dtype="<u8").astype(np.uint64)  # key_of(prefix, id) for each id
    return first_outputs(seed, keys) < np.uint64(1 << 63)

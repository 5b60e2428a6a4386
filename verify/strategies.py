"""Hypothesis strategies shared by property tests that do not draw from a claim's domain
(plural nouns of what they generate; a claim's own points come from ``Domain.strategy()``, see
:func:`verify.property_of`). Bounds are keyword-only ``min_value`` / ``max_value`` (norms) and
``min_dim`` / ``max_dim``.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st


def norms(*, min_value: float = 1e-6, max_value: float = 1e6) -> st.SearchStrategy[float]:
    """Positive reals spread log-uniformly over many orders of magnitude."""
    lo, hi = math.log10(min_value), math.log10(max_value)
    return st.floats(min_value=lo, max_value=hi, allow_nan=False).map(lambda e: 10.0 ** e)


def angles(*, min_value: float = 0.0, max_value: float = math.pi) -> st.SearchStrategy[float]:
    """Angles in [min_value, max_value], with the boundary values and their 1e-8 neighbours
    drawn often."""
    special = [a for a in (0.0, 1e-8, math.pi / 2, math.pi - 1e-8, math.pi)
               if min_value <= a <= max_value]
    return st.one_of(st.sampled_from(special),
                     st.floats(min_value=min_value, max_value=max_value, allow_nan=False))


def unit_vectors(*, min_dim: int = 2, max_dim: int = 64) -> st.SearchStrategy[np.ndarray]:
    def build(args):
        dim, seed = args
        rng = np.random.default_rng(seed)
        while True:
            x = rng.standard_normal(dim)
            n = np.linalg.norm(x)
            if n > 1e-3:
                return x / n
    return st.tuples(st.integers(min_dim, max_dim), st.integers(0, 2**32 - 1)).map(build)


def vectors(*, min_dim: int = 2, max_dim: int = 64, min_value: float = 1e-6,
            max_value: float = 1e6) -> st.SearchStrategy[np.ndarray]:
    """Non-zero vectors: a uniform direction times a norm from :func:`norms`."""
    return st.tuples(unit_vectors(min_dim=min_dim, max_dim=max_dim),
                     norms(min_value=min_value, max_value=max_value)).map(lambda t: t[0] * t[1])


def counterexample(strategy: st.SearchStrategy, is_counterexample):
    """A value from ``strategy`` satisfying ``is_counterexample``, found by Hypothesis without
    shrinking (a negative control needs one counterexample, not the simplest); raises
    ``hypothesis.errors.NoSuchExample`` if none is found within the active profile's budget."""
    from hypothesis import Phase, find, settings

    return find(strategy, is_counterexample,
                settings=settings(settings.default, phases=(Phase.explicit, Phase.generate),
                                  database=None))

"""Seeded random draws that oracles and simulations use directly (a log-uniform scale, a uniform
direction). The points of a claim come from its :class:`verify.domain.Domain`.
"""
from __future__ import annotations

import math

import numpy as np


def log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def unit_vector(rng: np.random.Generator, dim: int) -> np.ndarray:
    while True:
        x = rng.standard_normal(dim)
        n = np.linalg.norm(x)
        if n > 1e-3:
            return x / n

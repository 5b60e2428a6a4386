"""Seeded random points for the numeric routes: vectors and vector pairs at chosen angles.

Norms are drawn log-uniformly across many orders of magnitude; angles include the boundary
cases 0 and pi exactly and within 1e-8 of them. All functions take a ``numpy.random.Generator``.
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


def pair_at_angle(rng: np.random.Generator, dim: int, theta: float, norm_u: float,
                  norm_v: float) -> tuple[np.ndarray, np.ndarray]:
    """(u, v) in R^dim with |u| = norm_u, |v| = norm_v and angle theta (to float precision;
    routes recompute the angle of the float vectors at high precision)."""
    if dim < 2 and 0 < theta < math.pi:
        raise ValueError("an angle strictly between 0 and pi needs dim >= 2")
    u_hat = unit_vector(rng, dim)
    if dim == 1:
        return norm_u * u_hat, norm_v * (u_hat if theta == 0 else -u_hat)
    w = unit_vector(rng, dim)
    w = w - (w @ u_hat) * u_hat
    w /= np.linalg.norm(w)
    if theta == 0:
        v_hat = u_hat
    elif theta == math.pi:
        v_hat = -u_hat
    else:
        v_hat = math.cos(theta) * u_hat + math.sin(theta) * w
    return norm_u * u_hat, norm_v * v_hat


BOUNDARY_ANGLES = (0.0, 1e-8, math.pi / 2, math.pi - 1e-8, math.pi)


def vector_pairs(rng: np.random.Generator, count: int, *, min_dim: int = 2, max_dim: int = 8,
                 min_norm: float = 1e-3, max_norm: float = 1e3,
                 angles: tuple[float, ...] = BOUNDARY_ANGLES,
                 min_angle: float = 0.0, max_angle: float = math.pi) -> list[tuple[np.ndarray, np.ndarray]]:
    """``len(angles)`` pairs at the given angles, then ``count`` pairs at uniform angles in
    [min_angle, max_angle]; dimensions uniform in [min_dim, max_dim]."""
    thetas = list(angles) + [float(rng.uniform(min_angle, max_angle)) for _ in range(count)]
    out = []
    for theta in thetas:
        dim = int(rng.integers(min_dim, max_dim + 1))
        out.append(pair_at_angle(rng, dim, theta, log_uniform(rng, min_norm, max_norm),
                                 log_uniform(rng, min_norm, max_norm)))
    return out

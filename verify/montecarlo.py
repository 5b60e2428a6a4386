r"""Monte Carlo estimates of Gaussian expectations, vectorised and seeded.

For :math:`x\sim\mathcal N(0, I_d)` and the matrix :math:`V` whose rows are the vectors
:math:`a_1,\dots,a_n\in\mathbb R^d`, the projections :math:`Vx` are what the integrand sees. Write
:math:`Q` for an orthonormal basis (``d x r``) of the row space of :math:`V`; then
:math:`Vx = (VQ)(Q^\top x)` exactly and :math:`Q^\top x\sim\mathcal N(0, I_r)`. So sampling
:math:`z\sim\mathcal N(0,I_r)` and forming :math:`(VQ)z` draws from the *exact* law of the
full-dimensional projections at a cost that does not depend on ``d`` (``full_dimension=True``
draws :math:`x\in\mathbb R^d` itself instead; a test checks that both agree).

The estimate carries its standard error; :meth:`MonteCarloEstimate.interval` gives a two-sided
confidence interval at a stated false-alarm probability (see :mod:`verify.tolerances`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import tolerances
from .errors import InputError


@dataclass(frozen=True)
class MonteCarloEstimate:
    mean: np.ndarray
    stderr: np.ndarray
    n: int
    abs_mean: np.ndarray | None = None
    """E|f| (per component): the absolute scale of a quantity whose mean may be zero."""

    def interval(self, alpha: float) -> tuple[np.ndarray, np.ndarray]:
        half = tolerances.z_two_sided(alpha) * self.stderr
        return self.mean - half, self.mean + half

    def z_scores(self, reference) -> np.ndarray:
        ref = np.asarray(reference, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (self.mean - ref) / self.stderr
        # zero spread: exact agreement is z = 0, any disagreement is infinitely significant
        return np.where(self.stderr > 0, z, np.where(self.mean == ref, 0.0, np.inf))


def _vector_matrix(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    try:
        V = np.asarray(vectors, dtype=float)
    except ValueError:
        raise InputError("vectors: dimensions differ") from None
    if V.ndim != 2 or V.shape[0] == 0 or V.shape[1] == 0:
        raise InputError(f"vectors: expected a non-empty list of equal-length vectors, got shape {V.shape}")
    if not np.all(np.isfinite(V)):
        raise InputError("vectors: entries must be finite (got NaN or inf)")
    return V


def span_coordinates(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    """``V Q`` (n x r): the vectors in an orthonormal basis of their span (r = rank)."""
    V = _vector_matrix(vectors)
    _, s, vt = np.linalg.svd(V, full_matrices=False)
    rank = int(np.sum(s > s.max(initial=0.0) * max(V.shape) * np.finfo(float).eps)) if s.size else 0
    return V @ vt[:rank].T


def gaussian_monte_carlo(f: Callable[[np.ndarray], np.ndarray], vectors: Sequence[Sequence[float]],
                         *, n: int = tolerances.MC_DEFAULT_SAMPLES,
                         rng: np.random.Generator | int = 0,
                         chunk: int = tolerances.MC_CHUNK,
                         full_dimension: bool = False,
                         abs_mean: bool = False) -> MonteCarloEstimate:
    r"""Estimate :math:`\mathbb E f(Vx)` for :math:`x\sim\mathcal N(0,I_d)`.

    ``f`` receives the projections as an array of shape ``(len(vectors), batch)`` and returns
    shape ``(batch,)`` or ``(m, batch)`` for an m-vector-valued integrand. ``abs_mean`` also
    estimates E|f| (one more pass over each chunk), the absolute scale of a mean that may be 0.

    >>> est = gaussian_monte_carlo(lambda p: np.maximum(p[0], 0) ** 2, [[3.0, 4.0]], n=200_000, rng=1)
    >>> bool(abs(est.mean - 12.5) < 4 * est.stderr)
    True
    """
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise InputError(f"n: expected an integer >= 2 samples, got {n!r}")
    V = _vector_matrix(vectors)
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    if full_dimension:
        A, r = V, V.shape[1]
    else:
        A = span_coordinates(V)
        r = A.shape[1]
    if r == 0:  # all vectors zero: the projections are identically zero
        A, r = np.zeros((V.shape[0], 1)), 1
    chunk = int(min(chunk, n))
    buf = np.empty(r * chunk)
    count = 0
    mean = m2 = None
    abs_sum = 0.0
    while count < n:
        b = min(chunk, n - count)
        z = buf[: r * b].reshape(r, b)  # contiguous, as standard_normal(out=...) requires
        rng.standard_normal(out=z)
        values = np.asarray(f(A @ z), dtype=float)
        values = values.reshape(-1, b)
        # chunk mean and sum of squared deviations without a temporary copy (one pass each);
        # then Chan et al.'s pairwise update across chunks
        cm = values.sum(axis=1) / b
        if abs_mean:
            abs_sum = abs_sum + np.abs(values).sum(axis=1)
        cm2 = np.maximum(np.einsum("ij,ij->i", values, values) - b * cm * cm, 0.0)
        if mean is None:
            mean, m2 = cm, cm2
        else:
            delta = cm - mean
            tot = count + b
            mean = mean + delta * (b / tot)
            m2 = m2 + cm2 + delta**2 * (count * b / tot)
        count += b
    var = m2 / (n - 1)
    stderr = np.sqrt(var / n)
    scale = np.atleast_1d(abs_sum / n) if abs_mean else None
    if mean.size == 1:
        return MonteCarloEstimate(mean[0], stderr[0], n, None if scale is None else scale[0])
    return MonteCarloEstimate(mean, stderr, n, scale)

r"""Gaussian expectations of activations: :math:`\mathbb E\,\sigma(u)`, :math:`\mathbb E[f(u)f(v)]`
for :math:`f=\sigma` or :math:`\sigma'` and :math:`(u,v)\sim\mathcal N(0,\Lambda)`,
:math:`\Lambda=\begin{pmatrix}K_{11}&K_{12}\\K_{12}&K_{22}\end{pmatrix}`, for
σ ∈ {ReLU, softplus, tanh, erf, sigmoid} — the building blocks of layer-wise Gram recursions
(conjugate and neural-tangent kernels). Paper-free.

Two independent routes:

* :func:`pair_expectation` — mpmath quadrature at ``dps`` and ``dps + LADDER_STEP`` digits
  (the precision ladder of :mod:`verify.tolerances`). For a smooth σ: a 2-D Gauss–Legendre rule in
  :math:`z\sim\mathcal N(0,I_2)`, :math:`u=\sqrt{K_{11}}z_1`,
  :math:`v=\sqrt{K_{22}}(\rho z_1+\sqrt{1-\rho^2}z_2)`, on :math:`[-L,0,L]^2` with the Gaussian
  tail beyond :math:`L` below :math:`10^{-dps}`; about 3 s a pair at 15 digits, so it is used at
  sampled entries. For ReLU (kinks): the homogeneous polar quadrature of :mod:`verify.quadrature`,
  split at the kink angles.
* :func:`pair_matrix` — every pair (i, j) of an n × n covariance at once, in float64, by
  **Mehler's formula**: with :math:`s_i=\sqrt{K_{ii}}`, :math:`\rho_{ij}=K_{ij}/(s_is_j)` and the
  normalised Hermite coefficients :math:`a_k(s)=\mathbb E[f(sz)\,He_k(z)]/\sqrt{k!}`,

  .. math:: \mathbb E[f(u_i)f(u_j)] = \sum_{k\ge0} a_k(s_i)\,a_k(s_j)\,\rho_{ij}^k .

  The coefficients come from a Gauss–Hermite rule of degree :data:`HERMITE_NODES` (Golub–Welsch
  nodes; orthonormal Hermite *functions* by their three-term recurrence, so nothing overflows).
  The series is cut at the first K where Parseval's tail
  :math:`T_K(s)=\mathbb E f(sz)^2-\sum_{k<K}a_k(s)^2` is below :data:`SERIES_TAIL`; by
  Cauchy–Schwarz the dropped part is at most :math:`|\rho|^K\sqrt{T_K(s_i)T_K(s_j)}`, which is the
  returned error bound (plus float64 rounding). Diagonal entries (ρ = 1) are the 1-D
  expectation :math:`\mathbb E f(s_iz)^2` itself. Cost: K multiply-adds per entry (K ≈ 60 for
  softplus and sigmoid, ≈ 300 for tanh at unit variance). ReLU's coefficients decay only
  algebraically, so for ReLU the route uses the arc-cosine closed forms instead
  (:math:`\frac{s_is_j}{2\pi}(\sin\theta+(\pi-\theta)\cos\theta)` and :math:`\frac{\pi-\theta}{2\pi}`).

Bad input (a covariance that is not positive semidefinite, a non-finite entry, an unknown
activation or kind) is a one-line :class:`~verify.errors.InputError`.

>>> import mpmath
>>> round(float(pair_expectation("relu", "value", 1, 0, 1).value), 12)   # 1/(2π)
0.159154943092
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Callable

import mpmath
import numpy as np

from . import tolerances
from .errors import InputError
from .quadrature import Estimate, gaussian_expectation


@dataclass(frozen=True)
class Activation:
    """σ and σ′ at the working precision (mpmath) and vectorised (numpy); ``kinks``: points
    where σ or σ′ is not smooth; ``odd``: σ(−z) = −σ(z)."""

    name: str
    mp: Callable
    mp_prime: Callable
    np_: Callable
    np_prime: Callable
    kinks: tuple[float, ...] = ()
    odd: bool = False


def _mp_sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _mp_softplus(x):
    return mpmath.log1p(mpmath.exp(x)) if x < 0 else x + mpmath.log1p(mpmath.exp(-x))


def _np_sigmoid(x):
    return 0.5 * (1 + np.tanh(np.asarray(x, dtype=float) / 2))


_np_erf = np.vectorize(math.erf, otypes=[float])

ACTIVATIONS = {a.name: a for a in (
    Activation("relu", lambda x: x if x > 0 else mpmath.mpf(0), lambda x: mpmath.mpf(1 if x > 0 else 0),
               lambda x: np.maximum(x, 0.0), lambda x: (np.asarray(x) > 0).astype(float), kinks=(0.0,)),
    Activation("softplus", _mp_softplus, _mp_sigmoid, lambda x: np.logaddexp(0.0, x), _np_sigmoid),
    Activation("tanh", mpmath.tanh, lambda x: 1 - mpmath.tanh(x) ** 2, np.tanh,
               lambda x: 1 - np.tanh(x) ** 2, odd=True),
    Activation("erf", mpmath.erf, lambda x: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-x ** 2), _np_erf,
               lambda x: 2 / np.sqrt(np.pi) * np.exp(-np.asarray(x, dtype=float) ** 2), odd=True),
    Activation("sigmoid", _mp_sigmoid, lambda x: _mp_sigmoid(x) * (1 - _mp_sigmoid(x)), _np_sigmoid,
               lambda x: 0.25 / np.cosh(np.asarray(x, dtype=float) / 2) ** 2),
)}
KINDS = ("value", "derivative")
"""``value``: f = σ; ``derivative``: f = σ′."""


def activation(name: str) -> Activation:
    if name not in ACTIVATIONS:
        raise InputError(f"activation: {name!r} is not one of {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _functions(name: str, kind: str) -> tuple[Callable, Callable]:
    act = activation(name)
    if kind not in KINDS:
        raise InputError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    return (act.mp, act.np_) if kind == "value" else (act.mp_prime, act.np_prime)


def _check_pair(K11, K12, K22):
    vals = [mpmath.mpf(x) for x in (K11, K12, K22)]
    K11, K12, K22 = vals
    if not all(mpmath.isfinite(x) for x in vals) or K11 < 0 or K22 < 0 \
            or K12 ** 2 > K11 * K22 * (1 + 1e-12) + 1e-30:
        raise InputError(f"covariance: [[{mpmath.nstr(K11, 6)}, {mpmath.nstr(K12, 6)}], "
                         f"[{mpmath.nstr(K12, 6)}, {mpmath.nstr(K22, 6)}]] is not positive semidefinite")
    return K11, K12, K22


# --- route 1: mpmath quadrature at two precisions -------------------------------------------

def _ladder(once: Callable, dps: int, ladder: bool = True) -> Estimate:
    """``once()`` at ``dps`` and ``dps + LADDER_STEP``: the higher value, the difference as its error
    bound. ``ladder=False``: one rung at ``dps`` (error reported as nan) — for a computation that
    runs the ladder end to end itself (a recursion through many expectations)."""
    if not ladder:
        with mpmath.workdps(dps):
            return Estimate(once(), float("nan"))
    values = []
    for rung in (dps, dps + tolerances.LADDER_STEP):
        with mpmath.workdps(rung):
            values.append(once())
    with mpmath.workdps(dps + tolerances.LADDER_STEP):
        error = abs(values[1] - values[0]) + mpmath.mpf(10) ** (-dps) * (1 + abs(values[1]))
    return Estimate(values[1], float(error))


def _half_width() -> mpmath.mpf:
    """L with the Gaussian mass beyond ±L (times polynomial growth) below 10^-dps."""
    return mpmath.sqrt(2 * (mpmath.mp.dps + 8) * mpmath.log(10))


def _moment(name: str, kind: str, variance, power: int, dps: int, ladder: bool) -> Estimate:
    fm, _ = _functions(name, kind)
    kinks = activation(name).kinks

    def once():
        s = mpmath.sqrt(_check_pair(variance, 0, 1)[0])
        cuts = sorted({mpmath.mpf(k) / s for k in kinks}) if s > 0 else []
        return mpmath.quad(lambda z: fm(s * z) ** power * mpmath.exp(-z ** 2 / 2), [-mpmath.inf, *cuts, mpmath.inf]) \
            / mpmath.sqrt(2 * mpmath.pi)
    return _ladder(once, dps, ladder)


def mean(name: str, kind: str, variance, *, dps: int = 20, ladder: bool = True) -> Estimate:
    """E f(u), u ~ N(0, variance), f = σ (``value``) or σ′ (``derivative``): 1-D quadrature split
    at the kinks, at ``dps`` and ``dps + LADDER_STEP``."""
    return _moment(name, kind, variance, 1, dps, ladder)


def mean_square(name: str, kind: str, variance, *, dps: int = 20, ladder: bool = True) -> Estimate:
    """E f(u)², u ~ N(0, variance) (the diagonal of :func:`pair_expectation`), by 1-D quadrature."""
    return _moment(name, kind, variance, 2, dps, ladder)


def _smooth_pair_once(f: Callable, K11, K12, K22):
    K11, K12, K22 = _check_pair(K11, K12, K22)
    s1, s2 = mpmath.sqrt(K11), mpmath.sqrt(K22)
    rho = K12 / (s1 * s2) if s1 * s2 > 0 else mpmath.mpf(0)
    rho = max(min(rho, mpmath.mpf(1)), mpmath.mpf(-1))
    c = mpmath.sqrt(1 - rho ** 2)
    L = _half_width()
    norm = 1 / (2 * mpmath.pi)
    return mpmath.quad(lambda z1, z2: f(s1 * z1) * f(s2 * (rho * z1 + c * z2)) * mpmath.exp(-(z1 ** 2 + z2 ** 2) / 2),
                       [-L, 0, L], [-L, 0, L], method="gauss-legendre") * norm


def pair_expectation(name: str, kind: str, K11, K12, K22, *, dps: int = 15, ladder: bool = True) -> Estimate:
    """E[f(u)f(v)], (u, v) ~ N(0, [[K11, K12], [K12, K22]]), f = σ or σ′, by mpmath quadrature at
    ``dps`` and ``dps + LADDER_STEP`` digits (the error is the ladder's; ``ladder=False``: one rung)."""
    fm, _ = _functions(name, kind)
    if activation(name).kinks:
        K11, K12, K22 = _check_pair(K11, K12, K22)
        s1, s2 = mpmath.sqrt(K11), mpmath.sqrt(K22)
        rho = K12 / (s1 * s2) if s1 * s2 > 0 else mpmath.mpf(0)
        rho = max(min(rho, mpmath.mpf(1)), mpmath.mpf(-1))
        vectors = [[s1, 0], [s2 * rho, s2 * mpmath.sqrt(1 - rho ** 2)]]
        degree = 2 if kind == "value" else 0      # ReLU (σ) and its step (σ′) are homogeneous
        return gaussian_expectation(lambda a, b: fm(a) * fm(b), vectors, dps=dps, degree=degree)
    return _ladder(lambda: _smooth_pair_once(fm, K11, K12, K22), dps, ladder)


# --- route 2: Mehler's series, vectorised ---------------------------------------------------

HERMITE_NODES = 480
"""Gauss–Hermite nodes for the coefficients a_k(s), k < MAX_TERMS: the rule integrates f(sz)·He_k
with the accuracy of f's own Hermite expansion (≈ 300 terms for tanh at s ≈ 1.4) plus k, so
nodes ≥ (MAX_TERMS + 300)/2 + margin."""

MAX_TERMS = 400
SERIES_TAIL = 1e-14
"""Parseval tail T_K (relative to max(1, E f²)) at which the series is cut: the dropped part of an
entry is at most |ρ|^K √(T_K(s_i) T_K(s_j)) ≤ 1e-14, below the 1e-10 the kernels are asked for
and above the float64 floor of the subtraction that computes T_K (≈ 1e-16 E f²)."""


@cache
def _hermite_rule(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Probabilists' Gauss–Hermite nodes (Golub–Welsch eigenvalues) and the square roots of the
    weights (a probability measure). The weights are not taken from the eigenvectors, whose
    components are accurate only to ~1e-16 absolutely (noise where a weight is 1e-200, which the
    recurrence for He_k would then amplify); they come from the Christoffel function
    w_g = φ(z_g) / Σ_{k<G} ψ_k(z_g)², with ψ_k = √φ · He_k/√k! the orthonormal Hermite functions,
    bounded, by their three-term recurrence."""
    off = np.sqrt(np.arange(1, nodes, dtype=float))
    z = np.linalg.eigvalsh(np.diag(off, 1) + np.diag(off, -1))
    psi_prev, psi = np.zeros_like(z), (2 * np.pi) ** -0.25 * np.exp(-z ** 2 / 4)
    total = psi ** 2
    for k in range(nodes - 1):
        psi_prev, psi = psi, (z * psi - math.sqrt(k) * psi_prev) / math.sqrt(k + 1)
        total += psi ** 2
    root_w = (2 * np.pi) ** -0.25 * np.exp(-z ** 2 / 4) / np.sqrt(total)
    return z, root_w / np.sqrt(np.sum(root_w ** 2))


def hermite_series(fn: Callable, scales, *, terms: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(A, T) for any vectorised f: A[i, k] = E[f(s_i z) He_k(z)]/√k! and the Parseval tails
    T[i] = E f(s_i z)² − Σ_k A[i, k]², for ``terms`` terms, or (None) up to the first count where
    every tail is ≤ SERIES_TAIL (at most MAX_TERMS)."""
    s = np.asarray(scales, dtype=float).ravel()
    z, root_w = _hermite_rule(HERMITE_NODES)
    g = fn(s[:, None] * z[None, :]) * root_w[None, :]           # (n, G): f(s z_g) √w_g
    total = np.einsum("ig,ig->i", g, g)
    psi_prev, psi = np.zeros_like(z), root_w.copy()            # √w · He_k/√k!, k = -1, 0
    cols, tail = [], total.copy()
    for k in range(terms or MAX_TERMS):
        a = g @ psi
        cols.append(a)
        tail = tail - a ** 2
        if terms is None and np.all(tail <= SERIES_TAIL * np.maximum(1.0, total)):
            break
        psi_prev, psi = psi, (z * psi - math.sqrt(k) * psi_prev) / math.sqrt(k + 1)
    return np.stack(cols, axis=1), np.maximum(tail, 0.0)


def hermite_coefficients(name: str, kind: str, scales) -> tuple[np.ndarray, np.ndarray]:
    """:func:`hermite_series` of σ (``value``) or σ′ (``derivative``), cut where the tails are
    ≤ SERIES_TAIL."""
    return hermite_series(_functions(name, kind)[1], scales)


def _as_covariance(K, what: str = "K") -> np.ndarray:
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] == 0:
        raise InputError(f"{what}: expected a square matrix, got shape {K.shape}")
    if not np.all(np.isfinite(K)):
        raise InputError(f"{what}: entries must be finite (got NaN or inf)")
    if not np.allclose(K, K.T, rtol=0, atol=1e-12 * max(1.0, np.abs(K).max())):
        raise InputError(f"{what}: not symmetric")
    if np.any(np.diag(K) < 0):
        raise InputError(f"{what}: a diagonal entry is negative")
    return K


def _correlations(K: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    s = np.sqrt(np.diag(K))
    ss = np.outer(s, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.where(ss > 0, K / np.where(ss > 0, ss, 1.0), 0.0)
    if np.any(np.abs(rho) > 1 + 1e-9):
        raise InputError(f"{what}: not positive semidefinite (a 2 × 2 principal minor is negative)")
    return s, np.clip(rho, -1.0, 1.0)


def _relu_closed_form(kind: str, s: np.ndarray, rho: np.ndarray) -> np.ndarray:
    theta = np.arccos(rho)
    if kind == "value":
        return np.outer(s, s) * (np.sqrt(1 - rho ** 2) + (np.pi - theta) * rho) / (2 * np.pi)
    return (np.pi - theta) / (2 * np.pi)


def pair_matrix(name: str, kind: str, K, *, what: str = "K") -> Estimate:
    """[E f(u_i)f(u_j)]_{ij}, (u_i, u_j) ~ N(0, [[K_ii, K_ij], [K_ij, K_jj]]), f = σ or σ′, for
    every pair of an n × n covariance K at once (Mehler's series; closed forms for ReLU).
    ``value`` is the n × n array, ``error`` a bound on its max-norm error."""
    _functions(name, kind)
    K = _as_covariance(K, what)
    s, rho = _correlations(K, what)
    if activation(name).kinks:
        return Estimate(_relu_closed_form(kind, s, rho), 1e-15 * max(1.0, float(np.max(s)) ** 2))
    A, tail = hermite_coefficients(name, kind, s)
    same = np.allclose(s, s[0], rtol=1e-15, atol=0)
    out = np.zeros_like(K)
    if same:                                                   # Horner with scalar coefficients
        c = A[0] ** 2
        out += c[-1]
        for k in range(A.shape[1] - 2, -1, -1):
            np.multiply(out, rho, out=out)
            out += c[k]
    else:
        for k in range(A.shape[1] - 1, -1, -1):
            np.multiply(out, rho, out=out)
            out += np.outer(A[:, k], A[:, k])
    diag = np.einsum("ik,ik->i", A, A) + tail                  # E f(s_i z)², the ρ = 1 case
    np.fill_diagonal(out, diag)
    scale = max(1.0, float(np.max(diag)))
    return Estimate(out, float(np.max(tail)) + 1e-15 * scale * A.shape[1])   # tail + rounding of K terms


def mean_vector(name: str, kind: str, variances) -> np.ndarray:
    """[E f(u_i)]_i, u_i ~ N(0, variances[i]): a_0 of the Hermite expansion (float64)."""
    v = np.asarray(variances, dtype=float)
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        raise InputError("variances: must be finite and non-negative")
    if activation(name).kinks and kind == "value":
        return np.sqrt(v) / np.sqrt(2 * np.pi)
    if activation(name).kinks:
        return np.where(v > 0, 0.5, float(_functions(name, kind)[1](0.0)))
    _, fn = _functions(name, kind)
    z, root_w = _hermite_rule(HERMITE_NODES)
    return fn(np.sqrt(v)[:, None] * z[None, :]) @ root_w ** 2

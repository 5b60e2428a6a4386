r"""DZPS19 Assumption 3.1 — the Gram matrix :math:`H^\infty` and :math:`\lambda_0=\lambda_{\min}(H^\infty)`.

Main statements
---------------
* ``DZPS19-K1``   :math:`H^\infty_{ij}=\mathbb E_w[x_i^\top x_j\,\mathbb 1\{w^\top x_i\ge0,w^\top x_j\ge0\}]
  =\rho\,\frac{\pi-\arccos\rho}{2\pi}`, :math:`\rho=x_i^\top x_j` (derived from the orthant
  probability, :func:`lemmas.common.kernels.step_kernel_from_gaussian_integral`).
* ``DZPS19-K2``   the links: :math:`H^\infty=\tfrac12(XX^\top)\circ K_0` with Cho–Saul's degree-0
  arc-cosine kernel :math:`K_0=1-\theta/\pi`; the empirical Gram matrix :math:`H(0)` of a width-m
  network is a Monte Carlo estimate of :math:`H^\infty`; with the output layer trained too, the limit
  gains :math:`G^\infty=\tfrac12k_1` (BG17's g on unit vectors).

Public functions
----------------
:func:`gram_infinity` (vectorised float64) and :func:`lambda0` for a user's data (n × d, unit
rows); :func:`gram_infinity_mp` at the working precision; :func:`gram_by_quadrature` and
:func:`empirical_gram` are the independent oracles (quadrature and Monte Carlo of the
definition).

References
----------
Catalogue ``shared/claims/du-zhai-poczos-singh-2019.md``: D8, D9, A3.1, K1, K2.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from lemmas.common.kernels import (a, b, kernel_from_gaussian_integral, quadrature_step_kernel, step_kernel,
                                   step_kernel_from_gaussian_integral, step_kernel_numpy, theta)
from verify import gaussian as G
from verify import routes as R
from verify.domain import Domain, UnitRows
from verify.montecarlo import MonteCarloEstimate
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role

DATA = UnitRows("X", rows=(1, 10**7), min_dim=1, max_dim=10**7, parallel_ok=True)
"""What :func:`gram_infinity` accepts: any n × d array of unit rows (parallel rows allowed)."""


def gram_infinity(X) -> np.ndarray:
    r""":math:`H^\infty` of the rows of ``X`` (n × d, every row of norm 1 to 1e-12), vectorised:
    :math:`H^\infty_{ij}=\rho_{ij}(\pi-\arccos\rho_{ij})/(2\pi)`, :math:`\rho=XX^\top` clipped to
    [−1, 1], from the derived degree-0 kernel. Bad input (not 2-D, NaN or inf, a row that is not
    unit) raises :class:`verify.errors.InputError` naming ``X``.

    >>> gram_infinity([[1.0, 0.0], [0.6, 0.8]]).round(6)   # 0.6 (π − arccos 0.6) / (2π)
    array([[0.5    , 0.21145],
           [0.21145, 0.5    ]])
    """
    X = DATA.validate(X)
    rho = np.clip(X @ X.T, -1.0, 1.0)
    H = rho * step_kernel_numpy()(pairwise_angles(X, rho))
    np.fill_diagonal(H, 0.5)  # rho_ii = 1 exactly: the rounding of |x_i|^2 is not data
    return H


NEAR_PARALLEL = 1e-4
"""|ρ| above 1 − this: the angle is recomputed from the vectors (see :func:`pairwise_angles`)."""


def pairwise_angles(X: np.ndarray, rho: np.ndarray) -> np.ndarray:
    r"""θ_ij of the rows. arccos ρ loses half the digits near ρ = ±1 (a duplicated row would get
    θ ≈ √(2ε) instead of 0, and λ0 ≈ 2e-9 instead of ~1e-16); there, θ = 2 atan2(‖x̂_i − x̂_j‖,
    ‖x̂_i + x̂_j‖) (Kahan) is accurate to ε. Elsewhere arccos's condition number is at most
    1/√(2·NEAR_PARALLEL) ≈ 71."""
    angles = np.arccos(rho)
    i, j = np.nonzero(np.abs(rho) > 1 - NEAR_PARALLEL)
    if i.size:
        unit = X / np.linalg.norm(X, axis=1, keepdims=True)
        angles[i, j] = kahan_angles(unit[i], unit[j])
    return angles


def kahan_angles(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """2 atan2(‖a − b‖, ‖a + b‖) along the last axis, for unit vectors a, b (broadcast)."""
    return 2 * np.arctan2(np.linalg.norm(a - b, axis=-1), np.linalg.norm(a + b, axis=-1))


def lambda0(X) -> float:
    r""":math:`\lambda_0=\lambda_{\min}(H^\infty)` of the rows of ``X`` (symmetric eigensolver; its
    error is at most about n·ε·‖H∞‖₂ ≤ n²ε/2 in float64)."""
    return float(np.linalg.eigvalsh(gram_infinity(X))[0])


def gram_infinity_mp(X) -> mpmath.matrix:
    """H∞ at the working precision, entry by entry from the derived closed form, at the rows as
    given (ρ_ii = ‖x_i‖² is 1 only to about 1e-16 for float rows; :func:`gram_infinity` sets ½)."""
    X = DATA.validate(X)
    n = len(X)
    H = mpmath.matrix(n, n)
    for i in range(n):
        for j in range(i, n):
            rho = mpmath.fsum(mpmath.mpf(s) * mpmath.mpf(t) for s, t in zip(X[i], X[j]))
            H[i, j] = H[j, i] = rho * step_kernel(X[i], X[j])
    return H


def _entries(M: mpmath.matrix) -> list:
    return [M[i, j] for i in range(M.rows) for j in range(M.cols)]


def gram_by_quadrature(X, dps) -> Estimate:
    """Oracle: every entry by quadrature of the defining expectation (independent of K1)."""
    X = DATA.validate(X)
    values, error = [], 0.0
    for i in range(len(X)):
        for j in range(len(X)):
            est = quadrature_step_kernel(X[i], X[j], dps)
            rho = mpmath.fsum(mpmath.mpf(s) * mpmath.mpf(t) for s, t in zip(X[i], X[j]))
            values.append(rho * est.value)
            error = max(error, float(abs(rho) * est.error))
    return Estimate(values, error)


def empirical_gram(X, W) -> np.ndarray:
    r"""Eq. (6) at the start: :math:`H_{ij}(0)=\frac1m x_i^\top x_j\sum_r\mathbb 1\{x_i^\top w_r\ge0,
    x_j^\top w_r\ge0\}` for the rows w_r of W (m × d)."""
    active = (np.asarray(W) @ np.asarray(X).T >= 0).astype(float)   # m × n
    return (X @ X.T) * (active.T @ active) / len(W)


GRAM_SAMPLES = 2**19
"""Width m of the Monte Carlo H(0): entries have standard error ≤ 0.5/√m ≈ 7e-4, enough to detect
a 1% error at the routes' false-alarm probability (the route reports its power)."""


def empirical_gram_monte_carlo(pt, n, rng) -> MonteCarloEstimate:
    """Oracle: H(0) of a width-n network, w_r ~ N(0, I_d), with each entry's standard error (the
    summands ρ_ij·1{·}1{·} take two values, so the variance is ρ_ij² p_ij(1 − p_ij))."""
    X = pt["X"]
    active = (rng.standard_normal((n, X.shape[1])) @ X.T >= 0).astype(float)
    p = active.T @ active / n
    rho = X @ X.T
    se = np.abs(rho) * np.sqrt(p * (1 - p) / (n - 1))
    return MonteCarloEstimate((rho * p).ravel(), se.ravel(), n)


# --- DZPS19-K1: the closed form, in one call -------------------------------------------------------
u_, v_ = G.Vector("x_i", dim="d", unit=True), G.Vector("x_j", dim="d", unit=True, angle_to="x_i")
PAIRS = Domain(u_, v_, assumptions=(r"w \sim \mathcal{N}(0, I_d)",))
# Monte Carlo has 1% power (verify.tolerances) where the summand's coefficient of variation
# √((1 − p)/p), p = (π − θ)/(2π), is at most 2.9: θ ≤ 2.47; larger angles are quadrature's
MC_PAIRS = PAIRS.restrict(x_j={"angles": (0.2, 2.0), "boundary_angles": (0.0, np.pi / 2)})
RHO, ANGLE = u_ @ v_, G.angle(u_, v_)
rho_ij = sp.Symbol("rho", real=True)  # x_iᵀx_j, for the exported formula


def printed_k1(angle_of=lambda rho, angle: G.pi - angle):
    """ρ(π − arccos ρ)/(2π); a control passes ``angle_of`` returning arccos ρ for π − arccos ρ."""
    return RHO * angle_of(RHO, ANGLE) / (2 * G.pi)


G.claim(
    "DZPS19-K1", G.E(RHO * G.step(u_ @ G.x) * G.step(v_ @ G.x)) == printed_k1(),
    tier="DER", location="catalogue (derived; in follow-up work, e.g. Arora et al. 2019)",
    title="H∞ in closed form: ρ(π − arccos ρ)/(2π), ρ = x_iᵀx_j",
    derivation=lambda: RHO * step_kernel_from_gaussian_integral().subs(theta, ANGLE),
    domain=PAIRS, points={"monte-carlo": MC_PAIRS.sample(3)},
    controls={"arccos ρ for π − arccos ρ": printed_k1(lambda rho, angle: angle)},
    routes=(
        R.SymbolicRoute("symbolic: = ρ(1/4 + arcsin ρ/(2π)) (Sheppard's form)",
                        lambda: printed_k1().subs(ANGLE, sp.acos(RHO)).rewrite(sp.asin),  # acos = π/2 − asin
                        RHO * (sp.Rational(1, 4) + sp.asin(RHO) / (2 * sp.pi))),
        R.SymbolicRoute("symbolic: H∞_ii = 1/2", lambda: step_kernel_from_gaussian_integral().subs(theta, 0),
                        sp.Rational(1, 2)),
    ),
    expressions=(Expression("H infinity entry", r"H^\infty_{ij}",
                            lambda: printed_k1().subs(ANGLE, sp.acos(RHO)).subs(RHO, rho_ij),
                            {rho_ij: r"\rho_{ij}"}),),
)


# --- DZPS19-K2: H∞ as a kernel matrix; H(0) → H∞; the degree-1 link --------------------------------
SETS = Domain(UnitRows("X", rows=(2, 6), max_dim=6, parallel_ok=True))
SMALL_SETS = Domain(UnitRows("X", rows=(2, 3), max_dim=3, parallel_ok=True))


def degree_one_limit() -> sp.Expr:
    """G∞_ij = E[σ(wᵀx_i)σ(wᵀx_j)] for unit x_i, x_j: the derived g at |u| = |v| = 1."""
    return kernel_from_gaussian_integral().subs({a: 1, b: 1})


def gram_of(scale=1):
    """pt -> H∞(X) flattened, from the vectorised function; a control scales it (e.g. K0 without ½)."""
    return lambda pt: list((scale * gram_infinity(pt["X"])).ravel())


EPS = np.finfo(float).eps


def cho_saul_gap(X, half=0.5) -> tuple[float, float]:
    """(max |gram_infinity(X) − half·(XXᵀ)∘K0|, its tolerance): K0 = 1 − Θ/π with every angle by
    Kahan's formula (accurate to ε), so the tolerance is gram_infinity's own angle error, at most
    d ε/√(2·NEAR_PARALLEL) (arccos away from ±1), over 2π, plus the rounding of the products."""
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    K0 = 1 - kahan_angles(unit[:, None], unit[None]) / np.pi
    reference = half * (X @ X.T) * K0
    np.fill_diagonal(reference, half)
    tol = X.shape[1] * EPS / np.sqrt(2 * NEAR_PARALLEL) / (2 * np.pi) + 8 * EPS
    return float(np.abs(gram_infinity(X) - reference).max()), tol


def cho_saul_form(pt):
    """Predicate: gram_infinity(X) = ½ (XXᵀ) ∘ K0 entrywise (to the derived tolerance), and
    H∞ ⪰ 0 (Schur product) up to eigvalsh's error n ε ‖H‖ ≤ n² ε / 2 (‖H‖₂ ≤ tr H = n/2)."""
    gap, tol = cho_saul_gap(pt["X"])
    low = float(np.linalg.eigvalsh(gram_infinity(pt["X"]))[0])
    ok = gap <= tol and low >= -len(pt["X"]) ** 2 * EPS / 2
    return ok, max(gap, -low), f"max |H∞ − ½(XXᵀ)∘K0| = {gap:.1e} (tolerance {tol:.0e}), λ_min = {low:.3e}"


def cho_saul_control(pt):
    """Control: without the ½ (H∞ = (XXᵀ)∘K0) the same comparison fails."""
    gap, tol = cho_saul_gap(pt["X"], half=1.0)
    return gap <= tol, gap, f"max gap {gap:.2e}"


register(Claim("DZPS19-K2", "catalogue (derived); §2 for the NTK sentence", "DER",
               "H∞ = ½(XXᵀ)∘K0 (arc-cosine kernel of degree 0), the limit of the empirical NTK H(0)",
    statement=(r"H^\infty=\tfrac12(XX^\top)\circ K_0,\ K_0=1-\Theta/\pi\succeq0;\quad H(0)\to H^\infty"
               r"\ (m\to\infty);\quad G^\infty_{ij}=\mathbb E[\sigma(w^\top x_i)\sigma(w^\top x_j)]"
               r"=\tfrac{\sin\theta+(\pi-\theta)\cos\theta}{2\pi}"),
    domain=SETS, uses=("DZPS19-K1", "BG17-L3.1"),
    routes=(
        R.PredicateRoute("H∞ = ½(XXᵀ)∘(1 − Θ/π) entrywise, and H∞ ⪰ 0", Kind.PROPERTY, cho_saul_form, 12),
        R.PredicateRoute("control (no ½)", Kind.PROPERTY, cho_saul_control, 6, role=Role.CONTROL),
        R.SymbolicRoute("symbolic: G∞ = BG17's g at |u| = |v| = 1",
                        degree_one_limit,
                        (sp.sin(theta) + (sp.pi - theta) * sp.cos(theta)) / (2 * sp.pi)),
        R.AgreementRoute("H∞ against quadrature of its definition, every entry (30 digits)", Kind.QUADRATURE,
                         lambda pt: _entries(gram_infinity_mp(pt["X"])),
                         lambda pt, dps: gram_by_quadrature(pt["X"], dps),
                         SMALL_SETS.sample(3), digits=30, scale=lambda pt: 0.5),
        R.MonteCarloRoute("H(0) of a width-m network (m = n draws) → H∞, every entry", gram_of(),
                          empirical_gram_monte_carlo, SETS.sample(4), n=GRAM_SAMPLES, scale=lambda pt: 0.5),
        R.MonteCarloRoute("control (H∞ × 1.05): Monte Carlo", gram_of(1.05),
                          empirical_gram_monte_carlo, SETS.sample(2), n=GRAM_SAMPLES, scale=lambda pt: 0.5,
                          role=Role.CONTROL),
    ),
    expressions=(Expression("output-layer Gram limit", r"G^\infty_{ij}", degree_one_limit,
                            {theta: r"\theta_{ij}"}),),
))

r"""DLTPS18 — the one-hidden-layer CNN, its Gaussian–ReLU kernel facts and the closed-form loss.

Main statements
---------------
* ``DLTPS18-K1`` :math:`\mathbb E\sigma(u^\top z)=\|u\|/\sqrt{2\pi}`, :math:`\mathbb E\sigma(u^\top z)^2=\|u\|^2/2`.
* ``DLTPS18-K2`` the same-patch kernel :math:`\frac{\|u\|\|v\|}{2\pi}g(\theta)`, :math:`g=(\pi-\theta)\cos\theta+\sin\theta`.
* ``DLTPS18-K3`` :math:`g` on :math:`[0,\pi]`: end values, :math:`g'=-(\pi-\phi)\sin\phi\le0`, end expansions.
* ``DLTPS18-K4`` the cross-patch term :math:`\|u\|\|v\|/(2\pi)`; the hidden Gram matrix :math:`M/(2\pi)`.
* ``DLTPS18-L1``, ``-L2``, ``-L3`` the population loss without / with weight normalisation, and
  centred at the teacher; ``-L4`` :math:`\ell\ge0` and its zero set; ``-L5`` invariances.
* ``DLTPS18-BG1``–``BG3`` the relation to Brutzkus & Globerson's kernel, Eq. 8 and Lemma 3.2.

Notation
--------
:math:`f(Z,w,a)=\sum_{j=1}^k a_j\sigma(w^\top Z_j)`, :math:`Z_j\overset{iid}\sim\mathcal N(0,I_p)`,
:math:`\ell(w,a)=\tfrac12\mathbb E(f(Z,w,a)-f(Z,w^*,a^*))^2`, :math:`M=\mathbf 1\mathbf 1^\top+(\pi-1)I`.
The loss depends on the weights only through the invariants ``nw`` = :math:`\|w\|`, ``nws`` =
:math:`\|w^*\|`, ``phi`` = :math:`\angle(w,w^*)`, ``aa`` = :math:`a^\top a`, ``sa`` =
:math:`\mathbf 1^\top a`, ``P`` = :math:`a^\top a^*`, ``ss`` = :math:`\mathbf 1^\top a^*`, ``As`` =
:math:`\|a^*\|^2` and ``k``.

Implementation notes
--------------------
The loss is derived, not typed: the square of the network difference is expanded monomial by
monomial for k = 1..5, each monomial replaced by its Gaussian expectation (the shared kernel of
:mod:`lemmas.common.kernels` within a patch, the product of K1's means across patches), and the
result compared with the symbolic-k form obtained from the pair count
:math:`\sum_{ij}x_iy_jG_{ij}=D\,x^\top y+O\,((\mathbf 1^\top x)(\mathbf 1^\top y)-x^\top y)`. Its numeric
routes never see a closed form: Monte Carlo of the network itself over Z, and 30-digit quadrature
of each pair's defining expectation (in the plane of the two filters).

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: D1–D15, K1–K4, L1–L5, BG1–BG3.
"""
from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3 import block_row
from lemmas.common.kernels import (a as nu, angle_kernel, b as nv, kernel_from_gaussian_integral,
                                   quadrature_kernel, relu, theta)
from verify.domain import Domain, Vector
from verify.montecarlo import gaussian_monte_carlo
from verify.numeric import mp_function
from verify.quadrature import Estimate, gaussian_expectation
from verify.vectors import angle, dot, mp_vector, norm

k = sp.Symbol("k", positive=True, integer=True)
nw, nws = sp.symbols("nw nws", positive=True)
phi = sp.Symbol("phi", nonnegative=True)
aa, As = sp.symbols("aa As", nonnegative=True)
sa, ss, P = sp.symbols("sa ss P", real=True)
INVARIANTS = (nw, nws, phi, aa, sa, P, ss, As, k)
NOTATION = {nw: r"\lVert w\rVert", nws: r"\lVert w^*\rVert", phi: r"\phi", aa: r"a^{\top} a",
            sa: r"\mathbf{1}^{\top} a", P: r"a^{\top} a^*", ss: r"\mathbf{1}^{\top} a^*",
            As: r"\lVert a^*\rVert^2", k: "k"}
KS = range(1, 6)      # the k for which the square is expanded monomial by monomial

CNN = Domain(Vector("w_star", dim="p", nonzero=True, min_dim=2, max_dim=6, norms=(0.5, 2), latex="w^*"),
             Vector("w", dim="p", nonzero=True, min_dim=2, max_dim=6, norms=(0.1, 5), angle_to="w_star"),
             Vector("a_star", dim="k", nonzero=True, max_dim=6, norms=(0.3, 3), latex="a^*"),
             Vector("a", dim="k", max_dim=6, norms=(0.1, 3)),
             assumptions=(r"Z_1,\dots,Z_k\overset{iid}{\sim}\mathcal N(0,I_p)",
                          r"f(Z,w,a)=\sum_j a_j\sigma(w^\top Z_j)"))
"""The network's parameters: filter and teacher filter in ℝ^p, output weights in ℝ^k."""
UNIT_TEACHER = CNN.restrict(w_star={"unit": True})


def g_of(angle_):
    """g(φ) = (π − φ) cos φ + sin φ, the shared kernel's angular factor."""
    return angle_kernel(angle_)


# --- K1, K4: means and the cross-patch term ----------------------------------------------------
z = sp.Symbol("z", real=True)


@cache
def relu_mean() -> sp.Expr:
    """E σ(uᵀz) = ‖u‖ E σ(z₁), derived by integrating the standard normal density."""
    return sp.simplify(nu * sp.integrate(z * sp.exp(-z**2 / 2), (z, 0, sp.oo)) / sp.sqrt(2 * sp.pi))


@cache
def relu_second_moment() -> sp.Expr:
    return sp.simplify(nu**2 * sp.integrate(z**2 * sp.exp(-z**2 / 2), (z, 0, sp.oo)) / sp.sqrt(2 * sp.pi))


def pair_value(same_patch: bool, n1, n2, angle_):
    """E[σ(uᵀZ_i)σ(vᵀZ_j)] for ‖u‖ = n1, ‖v‖ = n2 at angle angle_: the derived kernel when i = j,
    the product of the two means (independent patches) when i ≠ j."""
    if same_patch:
        return kernel_from_gaussian_integral().subs({nu: n1, nv: n2, theta: angle_})
    return relu_mean().subs(nu, n1) * relu_mean().subs(nu, n2)


# --- L1: the loss derived by expanding the square ----------------------------------------------
def loss_by_expansion(kk: int) -> sp.Expr:
    """½ E(f(Z,w,a) − f(Z,w*,a*))² for k = kk: the square expanded, each monomial
    σ(·ᵀZ_i)σ(·ᵀZ_j) replaced by :func:`pair_value`, then written in the invariants."""
    A, Ast = sp.symbols(f"a1:{kk + 1}", real=True), sp.symbols(f"b1:{kk + 1}", real=True)
    s, t = sp.symbols(f"s1:{kk + 1}"), sp.symbols(f"t1:{kk + 1}")  # σ(wᵀZ_i), σ(w*ᵀZ_i)
    square = sp.expand((sum(x * y for x, y in zip(A, s)) - sum(x * y for x, y in zip(Ast, t))) ** 2 / 2)
    filt = {**{x: ("w", i) for i, x in enumerate(s)}, **{x: ("ws", i) for i, x in enumerate(t)}}
    size, angle_between = {"w": nw, "ws": nws}, {("w", "w"): 0, ("ws", "ws"): 0, ("w", "ws"): phi, ("ws", "w"): phi}
    total = 0
    for term in square.as_ordered_terms():
        factors = [f for f, e in term.as_powers_dict().items() if f in filt for _ in range(e)]
        (u, i), (v, j) = filt[factors[0]], filt[factors[1]]
        total += term / (factors[0] * factors[1]) * pair_value(i == j, size[u], size[v], angle_between[u, v])
    invariants = {aa: sum(x**2 for x in A), sa: sum(A), P: sum(x * y for x, y in zip(A, Ast)),
                  ss: sum(Ast), As: sum(x**2 for x in Ast)}
    return total, invariants


def pair_sum(dot_xy, sum_x, sum_y, same, other):
    """Σ_ij x_i y_j G_ij with G_ii = same, G_ij = other (i ≠ j)."""
    return same * dot_xy + other * (sum_x * sum_y - dot_xy)


@cache
def derived_loss(other=None) -> sp.Expr:
    """The loss for symbolic k from the pair count (checked against :func:`loss_by_expansion`).
    ``other(n1, n2)`` replaces the cross-patch value (BG1 uses B&G's kernel at θ = π/2; a control
    drops it)."""
    cross = other or (lambda n1, n2: pair_value(False, n1, n2, 0))
    ww = pair_sum(aa, sa, sa, pair_value(True, nw, nw, 0), cross(nw, nw))
    wws = pair_sum(P, sa, ss, pair_value(True, nw, nws, phi), cross(nw, nws))
    ss_ = pair_sum(As, ss, ss, pair_value(True, nws, nws, 0), cross(nws, nws))
    return sp.expand((ww - 2 * wws + ss_) / 2)


def expansion_gap(kk: int) -> sp.Expr:
    total, invariants = loss_by_expansion(kk)
    return sp.simplify(sp.expand(total - derived_loss().subs(invariants)))


def quad_form_M(dot_xy, sum_x, sum_y, diag=sp.pi - 1):
    """xᵀ(11ᵀ + diag·I)y."""
    return sum_x * sum_y + diag * dot_xy


def catalogue_l1(diag=sp.pi - 1, g_shift=1, cross=1):
    """The catalogue's L1; controls change M's diagonal, drop the −1 of g − 1 or the cross term."""
    g = g_of(phi)
    return (nw**2 * quad_form_M(aa, sa, sa, diag) - 2 * nw * nws * ((g - g_shift) * P + cross * sa * ss)
            + nws**2 * quad_form_M(As, ss, ss, diag)) / (4 * sp.pi)


def catalogue_l2(diag=sp.pi - 1, g_shift=1, cross=1):
    """The catalogue's L2 (‖w‖ = 1), in its expanded printed shape."""
    g = g_of(phi)
    return (sp.Rational(1, 2) * ((sp.pi - 1) / (2 * sp.pi) * nws**2 * As + nws**2 * ss**2 / (2 * sp.pi)
                                 + (diag / (2 * sp.pi)) * aa + sa**2 / (2 * sp.pi))
            - nws / (2 * sp.pi) * ((g - g_shift) * P + cross * sa * ss))


def catalogue_l3(g_term=1):
    """L3 centred at the teacher (‖w*‖ = 1): ((a − a*)ᵀM(a − a*) + 2(π − g)aᵀa*)/(4π)."""
    centred = quad_form_M(aa - 2 * P + As, sa - ss, sa - ss)
    return (centred + 2 * (sp.pi - g_term * g_of(phi)) * P) / (4 * sp.pi)


# --- numeric forms: the invariants of a point ---------------------------------------------------
def invariants_of(pt, normalise=False) -> tuple:
    """(‖w‖, ‖w*‖, φ, aᵀa, 1ᵀa, aᵀa*, 1ᵀa*, ‖a*‖², k) at the working precision; ``normalise``
    = True sets ‖w‖ = 1 (weight normalisation), "both" also ‖w*‖ = 1."""
    w, ws = mp_vector(pt["w"]), mp_vector(pt["w_star"])
    a_, ast = mp_vector(pt["a"]), mp_vector(pt["a_star"])
    return (mpmath.mpf(1) if normalise else norm(w), mpmath.mpf(1) if normalise == "both" else norm(ws), angle(w, ws), dot(a_, a_), sum(a_),
            dot(a_, ast), sum(ast), dot(ast, ast), mpmath.mpf(len(a_)))


def at_point(expr, normalise=False):
    """pt -> expr at the point's invariants (mpmath, working precision)."""
    f = mp_function(INVARIANTS, expr)
    return lambda pt: f(*invariants_of(pt, normalise))


def loss_value(pt, normalise=False):
    """ℓ at a point, from the derived closed form (‖w‖ = 1 when ``normalise``)."""
    return at_point(derived_loss(), normalise)(pt)


@cache
def loss_numpy():
    """The derived loss vectorised over numpy arrays of invariants (for simulations)."""
    return sp.lambdify(INVARIANTS, derived_loss(), modules="numpy")


# --- oracles of the defining expectation --------------------------------------------------------
def _weights(pt, normalise):
    w = np.asarray(pt["w"], float)
    return (w / np.linalg.norm(w) if normalise else w), np.asarray(pt["w_star"], float), \
        np.asarray(pt["a"], float), np.asarray(pt["a_star"], float)


def network_loss_monte_carlo(pt, n, rng, normalise=False):
    """½ E(f(Z,w,a) − f(Z,w*,a*))² by Monte Carlo over Z ∈ ℝ^{p×k} (all kp coordinates drawn),
    from the network itself."""
    w, ws, a_, ast = _weights(pt, normalise)
    kk = len(a_)
    rows = [block_row(w, j, kk) for j in range(1, kk + 1)] + [block_row(ws, j, kk) for j in range(1, kk + 1)]

    def half_square(proj):
        diff = a_ @ np.maximum(proj[:kk], 0) - ast @ np.maximum(proj[kk:], 0)
        return 0.5 * diff * diff
    return gaussian_monte_carlo(half_square, rows, n=n, rng=rng, full_dimension=True)


def _mean_quadrature(u, dps) -> Estimate:
    return gaussian_expectation(lambda s: relu(s), [u], dps=dps, degree=1)


def pairwise_quadrature_loss(pt, dps, normalise=False) -> Estimate:
    """½ Σ_ij [a_i a_j E_ij(w, w) − 2 a_i a*_j E_ij(w, w*) + a*_i a*_j E_ij(w*, w*)], each
    E_ij(u, v) = E σ(uᵀZ_i)σ(vᵀZ_j) by quadrature of its definition: 2-D within a patch, the
    product of two 1-D quadratures across patches (independence). No closed form is used."""
    w, ws, a_, ast = (mp_vector(pt[name]) for name in ("w", "w_star", "a", "a_star"))
    if normalise:  # at the working precision: a float-normalised w is off by ~1e-16
        w = [x / norm(w) for x in w]
    if normalise == "both":  # and a unit teacher drawn in floats likewise
        ws = [x / norm(ws) for x in ws]
    same = {("w", "w"): quadrature_kernel(w, w, dps), ("w", "s"): quadrature_kernel(w, ws, dps),
            ("s", "s"): quadrature_kernel(ws, ws, dps)}
    mean = {"w": _mean_quadrature(w, dps), "s": _mean_quadrature(ws, dps)}
    value, error = mpmath.mpf(0), 0.0
    for x, u, y, v, c in ((a_, "w", a_, "w", 1), (a_, "w", ast, "s", -2), (ast, "s", ast, "s", 1)):
        for i, xi in enumerate(x):
            for j, yj in enumerate(y):
                if i == j:
                    term, err = same[u, v].value, same[u, v].error
                else:
                    term = mean[u].value * mean[v].value
                    err = mean[u].error * float(abs(mean[v].value)) + mean[v].error * float(abs(mean[u].value))
                value += c * xi * yj * term / 2
                error += abs(float(c * xi * yj)) * err / 2
    return Estimate(value, error)


def _loss_scale(pt):
    """The loss's natural size: (‖w‖‖a‖ + ‖w*‖‖a*‖)² (quadrature errors are relative to it)."""
    return float((norm(pt["w"]) * norm(pt["a"]) + norm(pt["w_star"]) * norm(pt["a_star"])) ** 2)


# --- the profile: ℓ minimised over a (used by L4 and C7) ----------------------------------------
def eigen_weights():
    """M⁻¹N_g a* in M's eigenbasis: a(φ) = α (1ᵀa*/k) 1 + β (a* − (1ᵀa*/k) 1)."""
    g = g_of(phi)
    return (k + g - 1) / (k + sp.pi - 1), (g - 1) / (sp.pi - 1)


def profile_loss() -> sp.Expr:
    """L(φ) = min_a ℓ (‖w‖ = ‖w*‖ = 1): the catalogue's C7 in s = (1ᵀa*)²/k, r = ‖a*‖² − s."""
    g, s_, r_ = g_of(phi), ss**2 / k, As - ss**2 / k
    return (s_ * ((k + sp.pi - 1) - (k + g - 1) ** 2 / (k + sp.pi - 1))
            + r_ * ((sp.pi - 1) - (g - 1) ** 2 / (sp.pi - 1))) / (4 * sp.pi)


def deviation_from_profile() -> sp.Expr:
    """(a − a(φ))ᵀM(a − a(φ))/(4π) in the invariants (1-component and 1⊥-component)."""
    alpha, beta = eigen_weights()
    along = (k + sp.pi - 1) * (sa - alpha * ss) ** 2 / k
    across = (sp.pi - 1) * ((aa - sa**2 / k) - 2 * beta * (P - sa * ss / k) + beta**2 * (As - ss**2 / k))
    return (along + across) / (4 * sp.pi)

r"""BG17 §5 — the landscape of the no-overlap risk and the gradient-descent step.

Main statements
---------------
* ``BG17-Eq14``   :math:`\nabla\ell(w)=-c_1w-c_2w^*`, :math:`c_1\ge-1`, :math:`c_2\ge0`, :math:`c_2=0\iff\theta=\pi`.
* ``BG17-Eq15``   :math:`w_{t+1}=(1+\lambda c_1)w_t+\lambda c_2w^*`.
* ``BG17-S5-angle`` for :math:`0<\lambda<1` and :math:`\theta_t\in(0,\pi)`: :math:`\theta_{t+1}<\theta_t`.
* ``BG17-P5.1.1``  ℓ is differentiable iff w ≠ 0 (directional derivatives at 0 are not linear).
* ``BG17-P5.1.2a`` for k > 1, 0 is a strict local maximum.
* ``BG17-P5.1.k1`` for k = 1, 0 is not a local maximum and w* is the only differentiable critical point.
* The critical points (``BG17-P5.1.2b``, ``-P5.1.2c``, ``-X1``…``-X6``, ``-S5-risk``,
  ``-S5-init``) are in :mod:`lemmas.bg17.s5_critical`.

Notation
--------
As in :mod:`lemmas.bg17.s3_risk`: ``a`` = ‖w‖, ``b`` = ‖w*‖, ``theta`` = θ_{w,w*}, ``k`` blocks,
``m`` filter size; ``lam`` = λ the step size.

Implementation notes
--------------------
* c1, c2 are derived by differentiating the derived risk in its invariant form L(‖w‖, w·w*):
  :math:`\nabla\ell=(L_a/a)\,w+L_p\,w^*`, so :math:`c_1=-L_a/a`, :math:`c_2=-L_p`
  (:func:`lemmas.common.kernels.invariant_gradient`, shared with ``BG17-L3.2``).
* Hessians at θ ∈ {0, π}: the general Hessian (the five-matrix form of ``BG17-X10``) restricted to
  the plane of w, w* and its limits θ → 0⁺, θ → π⁻ (SymPy); the coefficient of I gives the
  eigenvalue on the directions orthogonal to the plane.
* Inequalities are proved symbolically by rewriting in symbols of known sign (sin θ = s ≥ 0 on
  [0, π], k = j + 1 with j ≥ 0, π − θ = t ≥ 0), then checked at random points.

References
----------
Catalogue ``shared/claims/brutzkus-globerson-2017.md``: §5 entries, D7, D17, D18, X1–X6.
"""
from __future__ import annotations

import math
from dataclasses import replace
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3_risk import (NOTATION, TO_W, beta, block_matrix, k, no_overlap_risk,
                                 no_overlap_risk_value)
from lemmas.common.kernels import (a, angle_kernel, b, in_plane, in_span_basis, invariant_gradient,
                                   invariant_hessian, p, span_basis, theta, to_angle_form)
from verify import routes as R
from verify.domain import Domain, Integer, Real, Relation, Vector
from verify.finitediff import gradient as fd_gradient
from verify.montecarlo import gaussian_monte_carlo
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.symbols import combination_at, scalar
from verify.vectors import angle, mp_vector, norm

lam = sp.Symbol("lambda", positive=True)
s_ = sp.Symbol("s", nonnegative=True)   # sin(theta) on [0, pi]
j_ = sp.Symbol("j", nonnegative=True)   # k - 1
t_ = sp.Symbol("t", nonnegative=True)   # pi - theta
eps = sp.Symbol("epsilon", positive=True)
DOMAIN = {theta: (0, sp.pi), k: (1, 40)}
SIGNS = {sp.sin(theta): s_, k: j_ + 1}


# --- derivations -----------------------------------------------------------------------------
@cache
def _invariant_risk():
    return no_overlap_risk().subs(theta, sp.acos(p / (a * b)))


@cache
def gradient_coefficients() -> tuple[sp.Expr, sp.Expr]:
    """(c1, c2) with grad l = -c1 w - c2 w*, derived; angle form."""
    return tuple(to_angle_form(sp.simplify(-e)) for e in invariant_gradient(_invariant_risk()))


def printed_c1():
    """BG17-D17 (the catalogue's closed form; the paper only names c1)."""
    return b / (sp.pi * k * a) * (k - 1 + sp.sin(theta)) - (sp.pi + k - 1) / (sp.pi * k)


def printed_c2(power=1):
    """BG17-D17; a control passes power=2 (1/k^2 for 1/k)."""
    return (sp.pi - theta) / (sp.pi * k**power)


def saddle_scale():
    """a_k as printed in Prop. 5.1.2(c)."""
    return (k**2 - k) / (k**2 + (sp.pi - 1) * k)


mp_saddle_scale = mp_function((k,), saddle_scale())  # a_k at the working precision


@cache
def parallel_hessian(at) -> tuple[sp.Expr, sp.Expr]:
    """(radial, transverse) eigenvalues of the Hessian of l as theta -> at (0 or pi)."""
    plane = in_plane([to_angle_form(e) for e in invariant_hessian(_invariant_risk())])
    direction = "+" if at == 0 else "-"
    lim = [sp.simplify(sp.limit(x, theta, at, direction)) for x in plane]
    radial, off1, off2, transverse, identity = lim
    assert off1 == 0 and off2 == 0 and sp.simplify(transverse - identity) == 0
    return radial, transverse


@cache
def cubic_transverse_term():
    """l(w_s + eps e_perp) - l(w_s) to third order in eps at w_s = -a_k w*: the series of the
    derived risk with |w| = sqrt(r0^2 + eps^2), theta = pi - atan(eps / r0), taken with r0 a free
    positive symbol (fast), then evaluated at r0 = a_k |w*| (where the eps^2 term vanishes)."""
    r0 = sp.Symbol("r0", positive=True)
    L = no_overlap_risk()
    shifted = L.subs({a: sp.sqrt(r0**2 + eps**2), theta: sp.pi - sp.atan(eps / r0)})
    series = sp.series(shifted - L.subs({a: r0, theta: sp.pi}), eps, 0, 4).removeO()
    return sp.simplify(series.subs(r0, saddle_scale() * b))


def printed_cubic(sign=-1):
    r0 = saddle_scale() * b
    return sign * b * r0 / (3 * sp.pi * k) * (eps / r0) ** 3


# --- numeric evaluators ----------------------------------------------------------------------
_c_fns = mp_function((a, b, theta, k), lambda: list(gradient_coefficients()))  # derived on first use


@cache
def c_numpy():
    """(c1, c2)(a, b, theta, k) on numpy arrays, for batched gradient descent."""
    return sp.lambdify((a, b, theta, k), list(gradient_coefficients()), modules="numpy")


def coefficients(w, ws, kk):
    return _c_fns(norm(w), norm(ws), angle(w, ws), mpmath.mpf(kk))


def gd_step(w, ws, kk, step):
    """Eq. 15: (1 + step c1) w + step c2 w*."""
    c1, c2 = coefficients(w, ws, kk)
    return [(1 + step * c1) * x + step * c2 * y for x, y in zip(mp_vector(w), mp_vector(ws))]


def risk_of(ws, kk):
    return lambda x: no_overlap_risk_value(x, ws, kk)


def fd_risk_gradient(pt, dps):
    """∇ℓ(w) by finite differences of the 30-digit Eq. 8 (independent of c1, c2)."""
    return fd_gradient(risk_of(pt["w_star"], pt["k"]), pt["w"], dps=dps)


# --- domains ---------------------------------------------------------------------------------
W, WS, K = (Vector("w", dim="m", nonzero=True, max_dim=5, norms=(0.05, 5)),
            Vector("w_star", dim="m", nonzero=True, angle_to="w", norms=(0.2, 2),
                   boundary_angles=(0.0, 1e-6, math.pi / 2, math.pi - 1e-6, math.pi)),
            Integer("k", min_value=1, draw_max=8))
LANDSCAPE = Domain(W, WS, K)
MC_LANDSCAPE = LANDSCAPE.restrict(w={"max_dim": 4}, k={"draw_max": 4},  # Monte Carlo power: θ ≤ 1.5
                                  w_star={"angles": (0.2, 1.5), "boundary_angles": (0.4,)})
STEP = Domain(W, WS, K, Real("lam", 0, math.inf, open_lo=True, draw_range=(0.01, 0.99),
                             latex=r"\lambda"))


ON_STEP = {**TO_W, lam: scalar(STEP.variables[-1])}  # ‖w‖, ‖w*‖, θ, k and λ at a point


def _scale_grad(pt):
    return float(np.linalg.norm(pt["w"]) + np.linalg.norm(pt["w_star"]))


# --- BG17-Eq14 ------------------------------------------------------------------------------
def monte_carlo_risk_gradient(w, ws, kk, n, rng):
    r"""E[2 (f(x;w) - f(x;w*)) (1/k) sum_i 1{w.x_i > 0} x_i] from the network itself, in the
    coordinates of an orthonormal basis of span(w, w*) (the orthogonal part is 0 by symmetry)."""
    basis = span_basis(w, ws)
    E = [row for e in basis for row in block_matrix(e, kk)]

    def integrand(P):
        S, T = P[:kk], P[kk:2 * kk]
        diff = np.maximum(S, 0).mean(axis=0) - np.maximum(T, 0).mean(axis=0)
        active = S > 0
        return np.stack([2 * diff * (active * P[2 * kk + q * kk: 2 * kk + (q + 1) * kk]).mean(axis=0)
                         for q in range(len(basis))])
    return gaussian_monte_carlo(integrand, [*block_matrix(w, kk), *block_matrix(ws, kk), *E], n=n, rng=rng)


def c1_at_least(bound):
    """Property: c1 >= bound, c2 >= 0 and (c2 = 0 iff θ = π) at a point (40 digits); the control
    passes bound = 0 (c1 ≥ 0 is false)."""
    def predicate(pt):
        with mpmath.workdps(40):
            c1, c2 = coefficients(pt["w"], pt["w_star"], pt["k"])
            at_pi = angle(pt["w"], pt["w_star"]) == mpmath.pi
            # c1 = −1 is attained (θ = 0, k = 1): allow 40-digit rounding, 1e-35
            ok = c1 >= bound - mpmath.mpf(10) ** -35 and c2 >= 0 and (
                (c2 == 0) == at_pi or (at_pi and abs(c2) < 1e-35))
            return ok, float(max(bound - c1, -c2, 0)), f"c1 = {mpmath.nstr(c1, 8)}, c2 = {mpmath.nstr(c2, 8)}"
    return predicate


# Certified routes: compactify ‖w*‖/‖w‖ ∈ (0, ∞) by q = ‖w*‖/(‖w‖ + ‖w*‖) ∈ (0, 1] (c1, c2 are
# homogeneous of degree 0 in (‖w‖, ‖w*‖), so ‖w‖ = 1 − q, ‖w*‖ = q), multiply by 1 − q > 0
# (‖w‖ > 0), and rescale θ = π τ; the boxes are then q, τ ∈ [0, 1] (closed: the end points are
# limits, proving there is stronger), k = 1..K_CERTIFIED.
q = sp.Symbol("q", nonnegative=True)
tau = sp.Symbol("tau", nonnegative=True)
K_CERTIFIED = 1000
COMPACT = {a: 1 - q, b: q, theta: sp.pi * tau}
Q_TAU_K = (Bound(q, 0, 1), Bound(tau, 0, 1), Bound(k, 1, K_CERTIFIED, integer=True))
EQ14_REDUCTION = (
    "c1, c2 depend on ‖w‖, ‖w*‖ only through their ratio (symbolic route), so set ‖w‖ = 1 − q, "
    "‖w*‖ = q with q ∈ (0, 1) covering every ratio, θ = πτ. The c1 obligation is (1 − q)(c1 + 1), "
    "equal to (‖w‖/(‖w‖+‖w*‖))(c1 + 1) (symbolic route), whose sign is that of c1 + 1. "
    f"k is bounded to 1..{K_CERTIFIED} (its real relaxation is what the boxes bound).")


def eq14_obligations(c1_offset=1) -> list[Obligation]:
    """(1 − q)(c1 + c1_offset) >= 0 and c2 >= 0; a control passes c1_offset = 0 (c1 >= 0)."""
    c1, c2 = gradient_coefficients()
    name = f"c1 >= {-c1_offset}"
    return [Obligation(name, sp.cancel((1 - q) * (c1 + c1_offset).subs(COMPACT)), Q_TAU_K,
                       reduction=EQ14_REDUCTION),
            Obligation("c2 >= 0", c2.subs(COMPACT), Q_TAU_K[1:], reduction=EQ14_REDUCTION)
            ][: 2 if c1_offset == 1 else 1]


def compactified_is_scaled_c1() -> sp.Expr:
    """The c1 obligation with q = ‖w*‖/(‖w‖+‖w*‖), τ = θ/π, times (‖w‖+‖w*‖)/‖w‖; must be c1 + 1."""
    ob = eq14_obligations()[0].expression
    return sp.simplify(ob.subs({q: b / (a + b), tau: theta / sp.pi}) * (a + b) / a)


register(Claim("BG17-Eq14", "§5, Eq. 14", "SRC",
               "Gradient of the no-overlap risk: −c1 w − c2 w*, c1 ≥ −1, c2 ≥ 0",
    statement=(r"\nabla\ell(w)=-c_1(w,w^*)\,w-c_2(w,w^*)\,w^*,\quad c_1\ge-1,\ c_2\ge0,\ "
               r"c_2=0\iff\theta_{w,w^*}=\pi"),
    domain=LANDSCAPE,
    assumptions=(r"c_1=\frac{\|w^*\|}{\pi k\|w\|}(k-1+\sin\theta)-\frac{\pi+k-1}{\pi k},"
                 r"\ c_2=\frac{\pi-\theta}{\pi k}\ (\text{catalogue, DER})",),
    uses=("BG17-Eq8", "BG17-L3.2"),
    routes=(
        R.NonnegativeRoute("symbolic: c1 + (π+k−1)/(πk) ≥ 0 (sharper bound)",
                           lambda: gradient_coefficients()[0] + (sp.pi + k - 1) / (sp.pi * k),
                           substitutions=SIGNS, domain=DOMAIN),
        R.NonnegativeRoute("symbolic: c1 + 1 ≥ 0", lambda: gradient_coefficients()[0] + 1,
                           substitutions=SIGNS, domain=DOMAIN),
        R.NonnegativeRoute("symbolic: c2 ≥ 0", lambda: gradient_coefficients()[1],
                           substitutions={theta: sp.pi - t_}, domain=DOMAIN),
        R.SymbolicRoute("symbolic: the zeros of c2 on [0, π] are {π}",
                        lambda: sp.Matrix(sorted(sp.solve(gradient_coefficients()[1], theta), key=str)),
                        sp.Matrix([sp.pi])),
        R.SymbolicRoute("symbolic: the compactified c1 obligation is (‖w‖/(‖w‖+‖w*‖))(c1 + 1)",
                        compactified_is_scaled_c1, lambda: gradient_coefficients()[0] + 1),
        R.CertifiedRoute(f"certified: c1 ≥ −1, c2 ≥ 0 for k = 1..{K_CERTIFIED}, all ‖w*‖/‖w‖, θ (arb)",
                         eq14_obligations),
        R.CertifiedRoute("control (c1 ≥ 0): certified", lambda: eq14_obligations(0),
                         role=Role.CONTROL),
        *R.on_settings("bounds at points (θ = 0, π exactly and near)", Kind.PROPERTY, c1_at_least(-1), 20,
                       {"c1 ≥ 0 at points": c1_at_least(0)}),
        R.NonnegativeRoute("control (c1 ≥ 0): symbolic", lambda: gradient_coefficients()[0],
                           substitutions=SIGNS, domain={**DOMAIN, a: (0.1, 10), b: (0.1, 10)},
                           role=Role.CONTROL),
        *R.with_controls(
            (printed_c1(), printed_c2()),
            (R.Symbolic(lambda: sp.Matrix(gradient_coefficients()),
                        "symbolic: c1, c2 from L(|w|, w·w*) = catalogue closed forms", DOMAIN, sp.Matrix),
             R.Agreement(fd_risk_gradient, 8, "finite differences of Eq. 8", Kind.FINITE_DIFFERENCE,
                         25, _scale_grad),
             R.MonteCarlo(monte_carlo_risk_gradient, MC_LANDSCAPE.sample(1),
                          "monte-carlo of the network's gradient", candidate=in_span_basis("w", "w_star"),
                          args=("w", "w_star", "k"))),
            {"1/k² in c2": (printed_c1(), printed_c2(2))},
            evaluate=lambda cs: combination_at(TO_W, "w", "w_star")([-c for c in cs])),  # −c1 w − c2 w*
    ),
    expressions=(Expression("c1", r"c_1(w,w^*)", lambda: gradient_coefficients()[0], NOTATION),
                 Expression("c2", r"c_2(w,w^*)", lambda: gradient_coefficients()[1], NOTATION)),
))


# --- BG17-Eq15 ------------------------------------------------------------------------------
def _fd_step(pt, dps):
    grad = fd_risk_gradient(pt, dps)
    with mpmath.workdps(dps + 10):
        value = [mpmath.mpf(x) - pt["lam"] * g_ for x, g_ in zip(pt["w"], grad.value)]
    return Estimate(value, grad.error * pt["lam"])


register(Claim("BG17-Eq15", "§5, Eq. 15", "SRC", "Gradient-descent update of the no-overlap network",
    statement=r"w_{t+1}=(1+\lambda c_1)\,w_t+\lambda c_2\,w^*",
    domain=STEP, assumptions=(r"w_{t+1}=w_t-\lambda\nabla\ell(w_t)",),
    uses=("BG17-Eq14",),
    routes=R.with_controls(
        (1 + lam * printed_c1(), lam * printed_c2()),
        (R.Symbolic(lambda: sp.Matrix([1 - lam * (-gradient_coefficients()[0]),
                                       -lam * (-gradient_coefficients()[1])]),
                    "symbolic: w − λ∇ℓ with ∇ℓ = −c1 w − c2 w* (coefficients of w, w*)", DOMAIN,
                    sp.Matrix),
         R.Agreement(_fd_step, 8, "one step with a finite-difference gradient", Kind.FINITE_DIFFERENCE,
                     25, _scale_grad)),
        {"1 − λc1 for 1 + λc1": (1 - lam * printed_c1(), lam * printed_c2())},
        evaluate=combination_at(ON_STEP, "w", "w_star")),
    expressions=(Expression("coefficient of w_t", r"1+\lambda c_1",
                            lambda: 1 + lam * gradient_coefficients()[0], {**NOTATION, lam: r"\lambda"}),),
))


# --- BG17-S5-angle --------------------------------------------------------------------------
def angle_decreases(pt):
    """theta_{t+1} < theta_t with w_{t+1} = w_t - lambda grad l(w_t), the gradient by finite
    differences of Eq. 8 (independent of the c1, c2 derivation), at 40 digits."""
    with mpmath.workdps(40):
        before = angle(pt["w"], pt["w_star"])
        grad = fd_risk_gradient(pt, 40).value
        lam_ = mpmath.mpf(pt["lam"])
        after = angle([mpmath.mpf(x) - lam_ * g_ for x, g_ in zip(pt["w"], grad)], pt["w_star"])
        return after < before, float(max(after - before, 0)), (
            f"θ_t = {mpmath.nstr(before, 10)}, θ_t+1 = {mpmath.nstr(after, 10)}")


def angle_obligations(lam_hi=1) -> list[Obligation]:
    """(1 − q)(1 + λ c1 − (1 − λ)) >= 0 for λ ∈ [0, lam_hi]: so 1 + λc1 ≥ 1 − λ > 0 for λ < 1.
    A control passes lam_hi = 4 and drops the margin: 1 + λ c1 >= 0 fails for λ > 1."""
    c1 = gradient_coefficients()[0]
    margin = (1 - lam) if lam_hi == 1 else 0
    expr = sp.factor_terms(sp.cancel((1 - q) * (1 + lam * c1 - margin).subs(COMPACT)))
    return [Obligation("1 + λc1 >= 1 − λ" if lam_hi == 1 else f"1 + λc1 >= 0 for λ <= {lam_hi}",
                       expr, (Bound(lam, 0, lam_hi), *Q_TAU_K), reduction=ANGLE_REDUCTION)]


ANGLE_REDUCTION = (
    "In the plane of w*, w_t (w* along e1, ‖w_t‖ = 1, r = ‖w*‖/‖w_t‖): w_{t+1} = (x, y) with "
    "x = (1+λc1)cos θ + λc2 r, y = (1+λc1) sin θ. Then x sin θ − y cos θ = λ c2 r sin θ > 0 on "
    "(0, π) (symbolic route; c2 > 0 there), so if y > 0 the angle θ_{t+1} = atan2(y, x) satisfies "
    "cot θ_{t+1} > cot θ_t, i.e. θ_{t+1} < θ_t. y > 0 follows from 1 + λc1 ≥ 1 − λ > 0 (certified, "
    "compactified as for BG17-Eq14, times 1 − q > 0).")


def _rotation_identity():
    c1, c2 = sp.symbols("c1 c2", real=True)
    r = b / a
    x = (1 + lam * c1) * sp.cos(theta) + lam * c2 * r
    y = (1 + lam * c1) * sp.sin(theta)
    return sp.expand(x * sp.sin(theta) - y * sp.cos(theta)), sp.expand(lam * c2 * r * sp.sin(theta))


INTERIOR = (1e-6, math.pi - 1e-6)
ANGLE_STEP = Domain(
    replace(W, min_dim=2, max_dim=7, norms=(1e-3, 5.0)),
    replace(WS, angles=INTERIOR, boundary_angles=INTERIOR),
    Integer("k", min_value=1, draw_max=12),
    Real("lam", 0, 1, open_lo=True, open_hi=True, draw_range=(0.01, 0.999), latex=r"\lambda"),
    relations=(Relation(r"\theta_{w_t,w^*} \in (0, \pi)",
                        lambda p: 0 < angle(p["w"], p["w_star"]) < mpmath.pi),))

register(Claim("BG17-S5-angle", "§5, text after Eq. 15", "SRC",
               "The angle to w* strictly decreases along gradient descent",
    statement=r"0<\lambda<1,\ \theta_{w_t,w^*}\in(0,\pi)\ \Rightarrow\ \theta_{w_{t+1},w^*}<\theta_{w_t,w^*}",
    domain=ANGLE_STEP, assumptions=(r"\text{at }\theta_t=0\text{ the angle stays }0",),
    uses=("BG17-Eq14", "BG17-Eq15"),
    routes=(
        R.NonnegativeRoute("symbolic: 1 + λc1 − (1 − λ) = λ(1 + c1) ≥ 0, so 1 + λc1 > 0",
                           lambda: lam * (1 + gradient_coefficients()[0]), substitutions=SIGNS,
                           domain={**DOMAIN, lam: (0, 1)}),
        R.SymbolicRoute("symbolic: x sin θ − y cos θ = λ c2 (‖w*‖/‖w‖) sin θ for w_{t+1} = (x, y)",
                        lambda: _rotation_identity()[0], lambda: _rotation_identity()[1]),
        R.CertifiedRoute(f"certified: 1 + λc1 ≥ 1 − λ for λ ∈ [0, 1], k = 1..{K_CERTIFIED}, "
                         "all ‖w*‖/‖w‖, θ (arb)", angle_obligations),
        R.CertifiedRoute("control (λ up to 4, no margin): certified", lambda: angle_obligations(4),
                         role=Role.CONTROL),
        *R.on_settings("θ_{t+1} < θ_t, step by a finite-difference gradient (40 digits)", Kind.FINITE_DIFFERENCE,
                       angle_decreases, 58, {"λ ∈ (1.5, 4), k = 1, ‖w‖ ≫ ‖w*‖": ANGLE_STEP.restrict(
                           lam={"hi": 4, "draw_range": (1.5, 4.0)}, k={"max_value": 1},
                           w={"norms": (1e-3, 50.0)}).sample(58)}),
    ),
))


# --- BG17-P5.1.1: directional derivatives at 0 ---------------------------------------------
tt = sp.Symbol("tau", positive=True)
phi = sp.Symbol("phi", nonnegative=True)  # angle between the direction u and w*


@cache
def directional_derivative_at_zero() -> sp.Expr:
    """D_u l(0) for a unit u at angle phi to w*: lim_{tau->0+} (l(tau u) - l(0)) / tau, derived."""
    L = no_overlap_risk().subs(theta, phi)
    return sp.simplify(sp.limit((L.subs(a, tt) - L.subs(a, 0)) / tt, tt, 0, "+"))


def printed_directional_derivative(beta_factor=2):
    """The catalogue's form -(|w*|/k^2)(k H(phi)/pi + 2 beta); a control passes beta_factor=1."""
    H = angle_kernel(phi)
    return -(b / k**2) * (k * H / sp.pi + beta_factor * beta())


def _one_sided_quotient(pt, dps):
    """(l(tau u) - l(0)) / tau at tau = 10^-(dps+5): its error is O(tau) (l is smooth along the
    ray for tau > 0)."""
    def quotient(extra):
        with mpmath.workdps(2 * dps + extra):
            tau_ = mpmath.mpf(10) ** (-(dps + 5))
            ws, kk = pt["w_star"], pt["k"]
            return (no_overlap_risk_value([tau_ * x for x in mp_vector(pt["u"])], ws, kk)
                    - no_overlap_risk_value([0.0] * len(ws), ws, kk)) / tau_
    lo, hi = quotient(0), quotient(10)
    return Estimate(hi, float(abs(hi - lo)) + 10.0 ** (-dps))


def directional_of(expr):
    """pt -> |u| expr(φ, |w*|, k): D_u is positively homogeneous of degree 1 in u."""
    f = mp_function((phi, b, k), expr)
    return lambda pt: norm(pt["u"]) * f(angle(pt["u"], pt["w_star"]), norm(pt["w_star"]), pt["k"])


def not_linear_at_zero(pt):
    """D_u + D_{-u} < 0: the directional derivatives at 0 are not those of a linear map."""
    with mpmath.workdps(40):
        f = directional_of(printed_directional_derivative())
        total = f(pt) + f({**pt, "u": -np.asarray(pt["u"])})
        return total < 0, float(max(total, 0)), f"D_u + D_-u = {mpmath.nstr(total, 8)}"


DIRECTIONS = Domain(Vector("u", dim="m", nonzero=True, max_dim=5, norms=(1.0, 1.0)),
                    Vector("w_star", dim="m", nonzero=True, angle_to="u", norms=(0.2, 5),
                           boundary_angles=(0.0, math.pi, math.pi / 2)),
                    Integer("k", min_value=1, draw_max=10))
PHI_K = {phi: (0, sp.pi), k: (1, 40)}

register(Claim("BG17-P5.1.1", "§5, Prop. 5.1(1)", "SRC", "The no-overlap risk is differentiable iff w ≠ 0",
    statement=r"\ell \text{ is differentiable at } w \iff w\neq0",
    domain=DIRECTIONS, assumptions=(r"u \text{ a direction at } 0",),
    uses=("BG17-Eq8", "BG17-Eq14", "BG17-L3.2"),
    routes=(
        R.SymbolicRoute("symbolic: D_u + D_−u = −(‖w*‖/k²)(k(2 sin φ + (π−2φ) cos φ)/π + 4β)",
                        lambda: directional_derivative_at_zero() + directional_derivative_at_zero().subs(
                            phi, sp.pi - phi),
                        -(b / k**2) * (k * (2 * sp.sin(phi) + (sp.pi - 2 * phi) * sp.cos(phi)) / sp.pi
                                       + 4 * beta()), domain=PHI_K),
        R.PredicateRoute("D_u + D_−u < 0 (not linear, so not differentiable at 0)", Kind.PROPERTY,
                         not_linear_at_zero, 37),
        *R.with_controls(
            printed_directional_derivative(),
            (R.Symbolic(directional_derivative_at_zero, "symbolic: D_u ℓ(0) = −(‖w*‖/k²)(k H(φ)/π + 2β)",
                        PHI_K),
             R.Agreement(_one_sided_quotient, 9, "one-sided difference quotient at 0",
                         Kind.FINITE_DIFFERENCE, 20, lambda pt: float(np.linalg.norm(pt["w_star"])))),
            {"β for 2β": printed_directional_derivative(1)}, evaluate=directional_of),
    ),
    expressions=(Expression("D_u l(0)", r"D_u\ell(0)", directional_derivative_at_zero,
                            {**NOTATION, phi: r"\theta_{u,w^*}"}),),
))


# --- BG17-P5.1.2a / P5.1.k1: the point 0 -----------------------------------------------------
def zero_is_local_max(pt):
    """l(r u) < l(0) for r = 1e-8 |w*| (40 digits)."""
    with mpmath.workdps(40):
        ws, kk = pt["w_star"], pt["k"]
        r = mpmath.mpf(10) ** -8 * norm(ws)
        drop = no_overlap_risk_value([0.0] * len(ws), ws, kk) - no_overlap_risk_value(
            [r * x for x in mp_vector(pt["u"])], ws, kk)
        return drop > 0, float(max(-drop / r, 0)), f"l(0) - l(r u) = {mpmath.nstr(drop, 8)}"


# the boundary angle π is the direction u = −ŵ*
DIRECTIONS_K2 = DIRECTIONS.restrict(k={"min_value": 2, "draw_max": 12})

register(Claim("BG17-P5.1.2a", "§5, Prop. 5.1(2a)", "SRC", "For k > 1 the origin is a strict local maximum",
    statement=r"k>1\ \Rightarrow\ w=0 \text{ is a local maximum of } \ell",
    domain=DIRECTIONS_K2, uses=("BG17-P5.1.1", "BG17-L3.1"),
    routes=(
        R.SymbolicRoute("symbolic: −D_u ℓ(0) − 2β‖w*‖/k² = ‖w*‖ H(φ)/(πk), which is ≥ 0 as g ≥ 0 "
                        "(BG17-L3.1)",
                        lambda: -directional_derivative_at_zero() - 2 * beta() * b / k**2,
                        b * angle_kernel(phi) / (sp.pi * k), domain={phi: (0, sp.pi), k: (2, 40)}),
        R.NonnegativeRoute("symbolic: β > 0 for k ≥ 2", lambda: beta() - 0, substitutions={k: j_ + 2}),
        *R.on_settings("ℓ(r u) < ℓ(0), r = 1e-8‖w*‖, including u = −ŵ*", Kind.EVALUATION, zero_is_local_max, 37,
                       {"k = 1": DIRECTIONS.restrict(k={"max_value": 1}).sample(7)}),
    ),
))


@cache
def k1_ray_increment():
    """l(-r w*/|w*|) - l(0) at k = 1 (theta = pi), derived."""
    L = no_overlap_risk().subs({k: 1, theta: sp.pi})
    return sp.simplify(L - L.subs(a, 0))


K1 = DIRECTIONS.restrict(k={"max_value": 1})

register(Claim("BG17-P5.1.k1", "§5, Prop. 5.1, the case k = 1 (footnote 8)", "SRC",
               "For k = 1 the origin is not a local maximum; w* is the only differentiable critical point",
    statement=r"k=1:\ 0 \text{ is not a local maximum, and } w^* \text{ is the only critical point with } w\ne0",
    domain=K1, uses=("BG17-Eq14", "BG17-P5.1.2b"),
    routes=(
        R.SymbolicRoute("symbolic: ℓ(−r ŵ*) − ℓ(0) = r²/2 at k = 1", k1_ray_increment, a**2 / 2),
        R.SymbolicRoute("symbolic: a_1 = 0 (no saddle on −ℝ₊w*)", lambda: saddle_scale().subs(k, 1), 0),
        R.SymbolicRoute("symbolic: on θ = π, c1 = 0 has no root ‖w‖ > 0 at k = 1",
                        lambda: sp.Matrix(sp.solve(gradient_coefficients()[0].subs({theta: sp.pi, k: 1}), a)),
                        sp.Matrix([])),
        R.PredicateRoute("ℓ(r u) > ℓ(0) for u = −ŵ*: 0 is not a local max", Kind.EVALUATION,
                         R.negation(zero_is_local_max),
                         K1.restrict(w_star={"boundary_angles": (math.pi,), "angles": (math.pi, math.pi)}).sample(0)),
        R.SymbolicRoute("control (−r²/2): symbolic", k1_ray_increment, -a**2 / 2, role=Role.CONTROL),
    ),
    expressions=(Expression("ray increment", r"\ell(-r\hat w^*)-\ell(0)\big|_{k=1}", k1_ray_increment,
                            NOTATION),),
))

r"""BG17 §5 — the landscape of the no-overlap risk and the gradient-descent step.

Main statements
---------------
* ``BG17-Eq14``   :math:`\nabla\ell(w)=-c_1w-c_2w^*`, :math:`c_1\ge-1`, :math:`c_2\ge0`, :math:`c_2=0\iff\theta=\pi`.
* ``BG17-Eq15``   :math:`w_{t+1}=(1+\lambda c_1)w_t+\lambda c_2w^*`.
* ``BG17-S5-angle`` for :math:`0<\lambda<1` and :math:`\theta_t\in(0,\pi)`: :math:`\theta_{t+1}<\theta_t`.
* ``BG17-P5.1.1``  ℓ is differentiable iff w ≠ 0 (directional derivatives at 0 are not linear).
* ``BG17-P5.1.2a`` for k > 1, 0 is a strict local maximum.
* ``BG17-P5.1.2b`` w* is the unique global minimum.
* ``BG17-P5.1.2c`` for k > 1, :math:`-a_kw^*` is a degenerate saddle, :math:`a_k=\frac{k^2-k}{k^2+(\pi-1)k}`
  — **erratum**: needs m ≥ 2; for m = 1 it is a strict spurious local minimum (``BG17-X6``).
* ``BG17-P5.1.k1`` for k = 1, 0 is not a local maximum and w* is the only differentiable critical point.
* ``BG17-X1``…``BG17-X6`` Hessians at w* and at the saddle, the cubic descent, special values,
  the bound ℓ ≤ ½‖w − w*‖², the m = 1 edge case. ``BG17-S5-risk`` ℓ ≤ d‖w − w*‖².
* ``BG17-S5-init`` P(θ_0 ≤ (1−δ)π) for w_0 uniform on the sphere — **erratum**: it equals 1 − δ
  only for m = 2; for m ≥ 3 it is ≥ 1 − δ iff δ ≤ ½.

Notation
--------
As in :mod:`lemmas.bg17.s3_risk`: ``a`` = ‖w‖, ``b`` = ‖w*‖, ``theta`` = θ_{w,w*}, ``k`` blocks,
``m`` filter size; ``lam`` = λ the step size.

Implementation notes
--------------------
* c1, c2 are derived by differentiating the derived risk in its invariant form L(‖w‖, w·w*):
  :math:`\nabla\ell=(L_a/a)\,w+L_p\,w^*`, so :math:`c_1=-L_a/a`, :math:`c_2=-L_p`.
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
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.common.kernels import a, angle_kernel, b, c, p, span_basis, theta, to_angle_form
from lemmas.bg17.s3_risk import (NOTATION, beta, gamma, k, network_risk_monte_carlo,
                                 no_overlap_risk, no_overlap_risk_value, _block_matrix)
from verify import routes as R
from verify.domain import Integer, Real, Vector
from verify.finitediff import gradient as fd_gradient, hessian as fd_hessian
from verify.montecarlo import gaussian_monte_carlo
from verify.quadrature import Estimate
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.registry import Claim, Erratum, Expression, register
from verify.results import Role
from verify.sampling import log_uniform, pair_at_angle, unit_vector
from verify.vectors import angle, dot, mp_vector, norm

PAPER = "BG17"
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
    L = _invariant_risk()
    c1 = -sp.diff(L, a) / a
    c2 = -sp.diff(L, p)
    return tuple(to_angle_form(sp.simplify(e.subs(p, a * b * c))) for e in (c1, c2))


def printed_c1():
    """BG17-D17 (the catalogue's closed form; the paper only names c1)."""
    return b / (sp.pi * k * a) * (k - 1 + sp.sin(theta)) - (sp.pi + k - 1) / (sp.pi * k)


def printed_c2(power=1):
    """BG17-D17; a control passes power=2 (1/k^2 for 1/k)."""
    return (sp.pi - theta) / (sp.pi * k**power)


def saddle_scale():
    """a_k as printed in Prop. 5.1.2(c)."""
    return (k**2 - k) / (k**2 + (sp.pi - 1) * k)


@cache
def _hessian_in_plane():
    """The Hessian of l on the plane of (w, w*) as a 2x2 block plus the coefficient of I,
    from the second derivatives of L(a, p) (five-matrix form, as for BG17-X10)."""
    L = _invariant_risk()
    A, B = sp.diff(L, a) / a, sp.diff(L, p)
    coeffs = [to_angle_form(sp.simplify(e.subs(p, a * b * c)))
              for e in (A, sp.diff(A, a) / a, sp.diff(A, p), sp.diff(B, a) / a, sp.diff(B, p))]
    U, V = sp.Matrix([a, 0]), sp.Matrix([b * sp.cos(theta), b * sp.sin(theta)])
    I_, uu, uv, vu, vv = coeffs
    M = I_ * sp.eye(2) + uu * U * U.T + uv * U * V.T + vu * V * U.T + vv * V * V.T
    return M, I_


@cache
def parallel_hessian(at) -> tuple[sp.Expr, sp.Expr]:
    """(radial, transverse) eigenvalues of the Hessian of l as theta -> at (0 or pi)."""
    M, I_ = _hessian_in_plane()
    direction = "+" if at == 0 else "-"
    lim = [sp.simplify(sp.limit(sp.simplify(x), theta, at, direction)) for x in (*M, I_)]
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
@cache
def _c_fns():
    return mp_function((a, b, theta, k), list(gradient_coefficients()))


@cache
def c_numpy():
    """(c1, c2)(a, b, theta, k) on numpy arrays, for batched gradient descent."""
    return sp.lambdify((a, b, theta, k), list(gradient_coefficients()), modules="numpy")


def coefficients(w, ws, kk):
    return _c_fns()(norm(w), norm(ws), angle(w, ws), mpmath.mpf(kk))


def risk_gradient(w, ws, kk) -> list:
    c1, c2 = coefficients(w, ws, kk)
    return [-c1 * x - c2 * y for x, y in zip(mp_vector(w), mp_vector(ws))]


def gd_step(w, ws, kk, step):
    """Eq. 15: (1 + step c1) w + step c2 w*."""
    c1, c2 = coefficients(w, ws, kk)
    return [(1 + step * c1) * x + step * c2 * y for x, y in zip(mp_vector(w), mp_vector(ws))]


def transverse_direction(w_hat) -> list:
    """A unit vector orthogonal to the unit vector w_hat (m >= 2): the coordinate axis on which
    w_hat is smallest, minus its projection (well conditioned whatever w_hat is)."""
    j = min(range(len(w_hat)), key=lambda i: abs(w_hat[i]))
    e = [-w_hat[j] * x for x in w_hat]
    e[j] += 1
    n = norm(e)
    return [x / n for x in e]


def _risk_of(ws, kk):
    return lambda x: no_overlap_risk_value(x, ws, kk)


# --- points ----------------------------------------------------------------------------------
def _landscape_points(count, *, min_k=1, max_k=8, min_m=1, max_m=5, angles=(0.0, 1e-6, math.pi / 2,
                      math.pi - 1e-6, math.pi), min_angle=0.0, max_angle=math.pi):
    def points(rng):
        out = []
        thetas = list(angles) + [float(rng.uniform(min_angle, max_angle)) for _ in range(count)]
        for th in thetas:
            m = int(rng.integers(max(min_m, 2 if 0 < th < math.pi else 1), max_m + 1))
            w, ws = pair_at_angle(rng, m, th, log_uniform(rng, 0.05, 5), log_uniform(rng, 0.2, 2))
            out.append({"w": w, "w_star": ws, "k": int(rng.integers(min_k, max_k + 1))})
        return out
    return points


W_WS_K = (Vector("w", dim="m", nonzero=True), Vector("w_star", dim="m", nonzero=True),
          Integer("k", min_value=1))


def _scale_grad(pt):
    return float(np.linalg.norm(pt["w"]) + np.linalg.norm(pt["w_star"]))


# --- BG17-Eq14 ------------------------------------------------------------------------------
def _gradient_candidate(c1_expr, c2_expr):
    f = mp_function((a, b, theta, k), [c1_expr, c2_expr])

    def grad(pt):
        c1, c2 = f(norm(pt["w"]), norm(pt["w_star"]), angle(pt["w"], pt["w_star"]), mpmath.mpf(pt["k"]))
        return [-c1 * x - c2 * y for x, y in zip(mp_vector(pt["w"]), mp_vector(pt["w_star"]))]
    return grad


def _fd_risk_gradient(pt, dps):
    return fd_gradient(_risk_of(pt["w_star"], pt["k"]), pt["w"], dps=dps)


def monte_carlo_risk_gradient(w, ws, kk, n, rng):
    r"""E[2 (f(x;w) - f(x;w*)) (1/k) sum_i 1{w.x_i > 0} x_i] from the network itself, in the
    coordinates of an orthonormal basis of span(w, w*) (the orthogonal part is 0 by symmetry)."""
    basis = span_basis(w, ws)
    W, Ws = _block_matrix(w, kk), _block_matrix(ws, kk)
    E = [row for e in basis for row in _block_matrix(e, kk)]

    def integrand(P):
        S, T = P[:kk], P[kk:2 * kk]
        diff = np.maximum(S, 0).mean(axis=0) - np.maximum(T, 0).mean(axis=0)
        active = S > 0
        return np.stack([2 * diff * (active * P[2 * kk + q * kk: 2 * kk + (q + 1) * kk]).mean(axis=0)
                         for q in range(len(basis))])
    return gaussian_monte_carlo(integrand, [*W, *Ws, *E], n=n, rng=rng)


def _in_plane(grad_fn):
    def coords(pt):
        return span_basis(pt["w"], pt["w_star"]) @ np.array([float(x) for x in grad_fn(pt)])
    return coords


def _eq14_numeric_routes(suffix, c1_expr, c2_expr, role):
    cand = _gradient_candidate(c1_expr, c2_expr)
    return (
        R.AgreementRoute(f"finite differences of Eq. 8{suffix}", "finite-difference", cand,
                         _fd_risk_gradient, _landscape_points(8), digits=25, scale=_scale_grad,
                         role=role),
        R.MonteCarloRoute(f"monte-carlo of the network's gradient{suffix}", _in_plane(cand),
                          lambda pt, n, rng: monte_carlo_risk_gradient(pt["w"], pt["w_star"], pt["k"], n, rng),
                          _landscape_points(1, max_k=4, max_m=4, angles=(0.4,), min_angle=0.2,
                                            max_angle=1.5), role=role),
    )


def coefficient_bounds(pt):
    """c1 >= -1, c2 >= 0 and (c2 = 0 iff theta = pi) at a point (40 digits)."""
    with mpmath.workdps(40):
        c1, c2 = coefficients(pt["w"], pt["w_star"], pt["k"])
        th = angle(pt["w"], pt["w_star"])
        at_pi = th == mpmath.pi
        ok = c1 >= -1 and c2 >= 0 and ((c2 == 0) == at_pi or (at_pi and abs(c2) < 1e-35))
        return ok, float(max(-1 - c1, -c2, 0)), f"c1 = {mpmath.nstr(c1, 8)}, c2 = {mpmath.nstr(c2, 8)}"


def c1_nonnegative(pt):  # the negative control: c1 >= 0 is false
    with mpmath.workdps(40):
        c1, _ = coefficients(pt["w"], pt["w_star"], pt["k"])
        return c1 >= 0, float(max(-c1, 0)), f"c1 = {mpmath.nstr(c1, 8)}"


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


register(Claim(
    id="BG17-Eq14", location="§5, Eq. 14", tier="SRC",
    title="Gradient of the no-overlap risk: −c1 w − c2 w*, c1 ≥ −1, c2 ≥ 0",
    statement=(r"\nabla\ell(w)=-c_1(w,w^*)\,w-c_2(w,w^*)\,w^*,\quad c_1\ge-1,\ c_2\ge0,\ "
               r"c_2=0\iff\theta_{w,w^*}=\pi"),
    domain=W_WS_K,
    assumptions=(r"w \neq 0", r"k \geq 1", r"c_1=\frac{\|w^*\|}{\pi k\|w\|}(k-1+\sin\theta)-\frac{\pi+k-1}{\pi k},"
                 r"\ c_2=\frac{\pi-\theta}{\pi k}\ (\text{catalogue, DER})"),
    uses=("BG17-Eq8", "BG17-L3.2"),
    routes=(
        R.SymbolicRoute("symbolic: c1, c2 from L(|w|, w·w*) = catalogue closed forms",
                        lambda: sp.Matrix(gradient_coefficients()),
                        sp.Matrix([printed_c1(), printed_c2()]), domain=DOMAIN),
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
        *_eq14_numeric_routes("", printed_c1(), printed_c2(), Role.CHECK),
        R.SymbolicRoute("symbolic: the compactified c1 obligation is (‖w‖/(‖w‖+‖w*‖))(c1 + 1)",
                        compactified_is_scaled_c1, lambda: gradient_coefficients()[0] + 1),
        R.CertifiedRoute(f"certified: c1 ≥ −1, c2 ≥ 0 for k = 1..{K_CERTIFIED}, all ‖w*‖/‖w‖, θ (arb)",
                         eq14_obligations),
        R.CertifiedRoute("control (c1 ≥ 0): certified", lambda: eq14_obligations(0),
                         role=Role.CONTROL),
        R.PredicateRoute("bounds at points (θ = 0, π exactly and near)", "property", coefficient_bounds,
                         _landscape_points(20)),
        R.SymbolicRoute("control (1/k² for 1/k in c2): symbolic",
                        lambda: sp.Matrix(gradient_coefficients()),
                        sp.Matrix([printed_c1(), printed_c2(2)]), domain=DOMAIN, role=Role.CONTROL),
        *_eq14_numeric_routes(" control (1/k² in c2)", printed_c1(), printed_c2(2), Role.CONTROL),
        R.NonnegativeRoute("control (c1 ≥ 0): symbolic", lambda: gradient_coefficients()[0],
                           substitutions=SIGNS, domain={**DOMAIN, a: (0.1, 10), b: (0.1, 10)},
                           role=Role.CONTROL),
        R.PredicateRoute("control (c1 ≥ 0) at points", "property", c1_nonnegative, _landscape_points(20),
                         role=Role.CONTROL),
    ),
    expressions=(Expression("c1", r"c_1(w,w^*)", lambda: gradient_coefficients()[0], NOTATION),
                 Expression("c2", r"c_2(w,w^*)", lambda: gradient_coefficients()[1], NOTATION)),
))


# --- BG17-Eq15 ------------------------------------------------------------------------------
def _fd_step(pt, dps):
    grad = fd_gradient(_risk_of(pt["w_star"], pt["k"]), pt["w"], dps=dps)
    with mpmath.workdps(dps + 10):
        value = [mpmath.mpf(x) - pt["lam"] * g_ for x, g_ in zip(pt["w"], grad.value)]
    return Estimate(value, grad.error * pt["lam"])


def _step_candidate(sign):
    def step(pt):
        c1, c2 = coefficients(pt["w"], pt["w_star"], pt["k"])
        lam_ = mpmath.mpf(pt["lam"])
        return [(1 + sign * lam_ * c1) * x + lam_ * c2 * y
                for x, y in zip(mp_vector(pt["w"]), mp_vector(pt["w_star"]))]
    return step


def _with_step(points_fn, lo=0.01, hi=0.99):
    def points(rng):
        return [{**pt, "lam": float(rng.uniform(lo, hi))} for pt in points_fn(rng)]
    return points


STEP_VARS = (*W_WS_K, Real("lam", 0, math.inf, open_lo=True))

register(Claim(
    id="BG17-Eq15", location="§5, Eq. 15", tier="SRC",
    title="Gradient-descent update of the no-overlap network",
    statement=r"w_{t+1}=(1+\lambda c_1)\,w_t+\lambda c_2\,w^*",
    domain=STEP_VARS,
    assumptions=(r"w_{t+1}=w_t-\lambda\nabla\ell(w_t)", r"\lambda>0", r"w_t\neq0"),
    uses=("BG17-Eq14",),
    routes=(
        R.SymbolicRoute("symbolic: w − λ∇ℓ with ∇ℓ = −c1 w − c2 w* (coefficients of w, w*)",
                        lambda: sp.Matrix([1 - lam * (-gradient_coefficients()[0]),
                                           -lam * (-gradient_coefficients()[1])]),
                        lambda: sp.Matrix([1 + lam * printed_c1(), lam * printed_c2()]), domain=DOMAIN),
        R.AgreementRoute("one step with a finite-difference gradient", "finite-difference",
                         _step_candidate(+1), _fd_step, _with_step(_landscape_points(8)), digits=25,
                         scale=_scale_grad),
        R.AgreementRoute("control (1 − λc1 for 1 + λc1)", "finite-difference", _step_candidate(-1),
                         _fd_step, _with_step(_landscape_points(8)), digits=25, scale=_scale_grad,
                         role=Role.CONTROL),
    ),
    expressions=(Expression("coefficient of w_t", r"1+\lambda c_1",
                            lambda: 1 + lam * gradient_coefficients()[0], {**NOTATION, lam: r"\lambda"}),),
))


# --- BG17-S5-angle --------------------------------------------------------------------------
def angle_decreases(pt):
    """theta_{t+1} < theta_t with w_{t+1} = w_t - lambda grad l(w_t), the gradient by finite
    differences of Eq. 8 (independent of the c1, c2 derivation), at 40 digits."""
    with mpmath.workdps(40):
        before = angle(pt["w"], pt["w_star"])
        grad = fd_gradient(_risk_of(pt["w_star"], pt["k"]), pt["w"], dps=40).value
        lam_ = mpmath.mpf(pt["lam"])
        after = angle([mpmath.mpf(x) - lam_ * g_ for x, g_ in zip(pt["w"], grad)], pt["w_star"])
        return after < before, float(max(after - before, 0)), (
            f"θ_t = {mpmath.nstr(before, 10)}, θ_t+1 = {mpmath.nstr(after, 10)}")


def _angle_points(count, lo=0.01, hi=0.999, k_max=12, norm_hi=5.0, k_min=1):
    def points(rng):
        out = []
        for i in range(count):
            m = int(rng.integers(2, 8))
            th = [1e-6, math.pi - 1e-6][i] if i < 2 else float(rng.uniform(0, math.pi))
            w, ws = pair_at_angle(rng, m, th, log_uniform(rng, 1e-3, norm_hi), log_uniform(rng, 0.2, 2))
            out.append({"w": w, "w_star": ws, "k": int(rng.integers(k_min, k_max + 1)),
                        "lam": float(rng.uniform(lo, hi))})
        return out
    return points


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


register(Claim(
    id="BG17-S5-angle", location="§5, text after Eq. 15", tier="SRC",
    title="The angle to w* strictly decreases along gradient descent",
    statement=r"0<\lambda<1,\ \theta_{w_t,w^*}\in(0,\pi)\ \Rightarrow\ \theta_{w_{t+1},w^*}<\theta_{w_t,w^*}",
    domain=STEP_VARS,
    assumptions=(r"0<\lambda<1", r"\theta_t\in(0,\pi)\ (\text{at }\theta_t=0\text{ the angle stays }0)",
                 r"w_t\neq0"),
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
        R.PredicateRoute("θ_{t+1} < θ_t, step by a finite-difference gradient (40 digits)",
                         "finite-difference", angle_decreases,
                         _angle_points(60)),
        R.PredicateRoute("control (λ ∈ (1.5, 4), k = 1, ‖w‖ ≫ ‖w*‖)", "finite-difference", angle_decreases,
                         _angle_points(60, lo=1.5, hi=4, k_max=1, norm_hi=50), role=Role.CONTROL),
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


def _direction_points(count, k_min=1, k_max=10):
    def points(rng):
        out = []
        for i in range(count):
            m = int(rng.integers(2, 6))
            ph = [0.0, math.pi, math.pi / 2][i] if i < 3 else float(rng.uniform(0, math.pi))
            u, ws = pair_at_angle(rng, m, ph, 1.0, log_uniform(rng, 0.2, 5))
            out.append({"u": u, "w_star": ws, "k": int(rng.integers(k_min, k_max + 1))})
        return out
    return points


def _one_sided_quotient(pt, dps):
    """(l(tau u) - l(0)) / tau at tau = 10^-(dps+5): its error is O(tau) (l is smooth along the
    ray for tau > 0)."""
    def quotient(extra):
        with mpmath.workdps(2 * dps + extra):
            tau = mpmath.mpf(10) ** (-(dps + 5))
            ws, kk = pt["w_star"], pt["k"]
            return (no_overlap_risk_value([tau * x for x in mp_vector(pt["u"])], ws, kk)
                    - no_overlap_risk_value([0.0] * len(ws), ws, kk)) / tau
    lo, hi = quotient(0), quotient(10)
    return Estimate(hi, float(abs(hi - lo)) + 10.0 ** (-dps))


def _directional_candidate(beta_factor):
    f = mp_function((phi, b, k), printed_directional_derivative(beta_factor))
    # D_u is positively homogeneous of degree 1 in u: the formula is for |u| = 1
    return lambda pt: norm(pt["u"]) * f(angle(pt["u"], pt["w_star"]), norm(pt["w_star"]), pt["k"])


def not_linear_at_zero(pt):
    """D_u + D_{-u} < 0: the directional derivatives at 0 are not those of a linear map."""
    with mpmath.workdps(40):
        f = _directional_candidate(2)
        total = f(pt) + f({**pt, "u": -np.asarray(pt["u"])})
        return total < 0, float(max(total, 0)), f"D_u + D_-u = {mpmath.nstr(total, 8)}"


register(Claim(
    id="BG17-P5.1.1", location="§5, Prop. 5.1(1)", tier="SRC",
    title="The no-overlap risk is differentiable iff w ≠ 0",
    statement=r"\ell \text{ is differentiable at } w \iff w\neq0",
    domain=(Vector("u", dim="m", nonzero=True), Vector("w_star", dim="m", nonzero=True),
               Integer("k", min_value=1)),
    assumptions=(r"k\ge1", r"w^*\ne0", r"u \text{ a direction at } 0"),
    uses=("BG17-Eq8", "BG17-Eq14", "BG17-L3.2"),
    routes=(
        R.SymbolicRoute("symbolic: D_u ℓ(0) = −(‖w*‖/k²)(k H(φ)/π + 2β)", directional_derivative_at_zero,
                        printed_directional_derivative(), domain={phi: (0, sp.pi), k: (1, 40)}),
        R.SymbolicRoute("symbolic: D_u + D_−u = −(‖w*‖/k²)(k(2 sin φ + (π−2φ) cos φ)/π + 4β)",
                        lambda: directional_derivative_at_zero() + directional_derivative_at_zero().subs(
                            phi, sp.pi - phi),
                        -(b / k**2) * (k * (2 * sp.sin(phi) + (sp.pi - 2 * phi) * sp.cos(phi)) / sp.pi
                                       + 4 * beta()), domain={phi: (0, sp.pi), k: (1, 40)}),
        R.AgreementRoute("one-sided difference quotient at 0", "finite-difference",
                         _directional_candidate(2), _one_sided_quotient, _direction_points(12),
                         digits=20, scale=lambda pt: float(np.linalg.norm(pt["w_star"]))),
        R.PredicateRoute("D_u + D_−u < 0 (not linear, so not differentiable at 0)", "property",
                         not_linear_at_zero, _direction_points(40)),
        R.SymbolicRoute("control (β for 2β): symbolic", directional_derivative_at_zero,
                        printed_directional_derivative(1), domain={phi: (0, sp.pi), k: (2, 40)},
                        role=Role.CONTROL),
        R.AgreementRoute("one-sided difference quotient control (β for 2β)", "finite-difference",
                         _directional_candidate(1), _one_sided_quotient, _direction_points(12, k_min=2),
                         digits=20, scale=lambda pt: float(np.linalg.norm(pt["w_star"])),
                         role=Role.CONTROL),
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


def _directions_incl_minus_w_star(count, k_min, k_max):
    base = _direction_points(count, k_min, k_max)

    def points(rng):
        pts = base(rng)
        return [{**pt, "u": -np.asarray(pt["w_star"]) / np.linalg.norm(pt["w_star"])} if i == 0 else pt
                for i, pt in enumerate(pts)]
    return points


register(Claim(
    id="BG17-P5.1.2a", location="§5, Prop. 5.1(2a)", tier="SRC",
    title="For k > 1 the origin is a strict local maximum",
    statement=r"k>1\ \Rightarrow\ w=0 \text{ is a local maximum of } \ell",
    domain=(Vector("u", dim="m", nonzero=True), Vector("w_star", dim="m", nonzero=True),
               Integer("k", min_value=2)),
    assumptions=(r"k\ge2", r"w^*\ne0"),
    uses=("BG17-P5.1.1", "BG17-L3.1"),
    routes=(
        R.SymbolicRoute("symbolic: −D_u ℓ(0) − 2β‖w*‖/k² = ‖w*‖ H(φ)/(πk), which is ≥ 0 as g ≥ 0 "
                        "(BG17-L3.1)",
                        lambda: -directional_derivative_at_zero() - 2 * beta() * b / k**2,
                        b * angle_kernel(phi) / (sp.pi * k),
                        domain={phi: (0, sp.pi), k: (2, 40)}),
        R.NonnegativeRoute("symbolic: β > 0 for k ≥ 2", lambda: beta() - 0, substitutions={k: j_ + 2}),
        R.PredicateRoute("ℓ(r u) < ℓ(0), r = 1e-8‖w*‖, including u = −ŵ*", "evaluation", zero_is_local_max,
                         _directions_incl_minus_w_star(40, 2, 12)),
        R.PredicateRoute("control (k = 1)", "evaluation", zero_is_local_max,
                         _directions_incl_minus_w_star(10, 1, 1), role=Role.CONTROL),
    ),
))


@cache
def k1_ray_increment():
    """l(-r w*/|w*|) - l(0) at k = 1 (theta = pi), derived."""
    L = no_overlap_risk().subs({k: 1, theta: sp.pi})
    return sp.simplify(L - L.subs(a, 0))


register(Claim(
    id="BG17-P5.1.k1", location="§5, Prop. 5.1, the case k = 1 (footnote 8)", tier="SRC",
    title="For k = 1 the origin is not a local maximum; w* is the only differentiable critical point",
    statement=r"k=1:\ 0 \text{ is not a local maximum, and } w^* \text{ is the only critical point with } w\ne0",
    domain=(Vector("u", dim="m", nonzero=True), Vector("w_star", dim="m", nonzero=True),
               Integer("k", min_value=1, max_value=1)),
    assumptions=(r"k=1",),
    uses=("BG17-Eq14", "BG17-P5.1.2b"),
    routes=(
        R.SymbolicRoute("symbolic: ℓ(−r ŵ*) − ℓ(0) = r²/2 at k = 1", k1_ray_increment, a**2 / 2),
        R.SymbolicRoute("symbolic: a_1 = 0 (no saddle on −ℝ₊w*)", lambda: saddle_scale().subs(k, 1), 0),
        R.SymbolicRoute("symbolic: on θ = π, c1 = 0 has no root ‖w‖ > 0 at k = 1",
                        lambda: sp.Matrix(sp.solve(gradient_coefficients()[0].subs({theta: sp.pi, k: 1}), a)),
                        sp.Matrix([])),
        R.PredicateRoute("ℓ(r u) > ℓ(0) somewhere (u = −ŵ*): 0 is not a local max", "evaluation",
                         lambda pt: (lambda ok, m_, d: (not ok, m_, d))(*zero_is_local_max(pt)),
                         lambda rng: _directions_incl_minus_w_star(1, 1, 1)(rng)[:1]),
        R.SymbolicRoute("control (−r²/2): symbolic", k1_ray_increment, -a**2 / 2, role=Role.CONTROL),
    ),
    expressions=(Expression("ray increment", r"\ell(-r\hat w^*)-\ell(0)\big|_{k=1}", k1_ray_increment,
                            NOTATION),),
))


# --- Hessians at the parallel points (BG17-X1, BG17-X2) ---------------------------------------
def printed_x1(transverse_power=1):
    """Eigenvalues at w*: (k + pi - 1)/(pi k) along w*, 1/k across; a control uses 1/k^2."""
    return sp.Matrix([(k + sp.pi - 1) / (sp.pi * k), 1 / k**transverse_power])


def printed_x2(transverse=0):
    """Eigenvalues at -a_k w*: (k + pi - 1)/(pi k) radially, 0 across; a control uses 1/k."""
    return sp.Matrix([(k + sp.pi - 1) / (sp.pi * k), transverse])


def _hessian_eigenvalues_fd(w_of_pt):
    def reference(pt, dps):
        w = w_of_pt(pt)
        est = fd_hessian(_risk_of(pt["w_star"], pt["k"]), [float(x) for x in w], dps=dps)
        with mpmath.workdps(dps):
            ev = sorted(mpmath.eigsy(mpmath.matrix(est.value))[0])
        return Estimate(ev, est.error * len(w))  # Weyl: |delta eigenvalue| <= |delta H|_2 <= m |delta H|_max
    return reference


def _eigen_candidate(values_fn):
    def candidate(pt):
        radial, transverse = values_fn(pt)
        m = len(pt["w_star"])
        return sorted([radial] + [transverse] * (m - 1))
    return candidate


@cache
def _x_fn(which, power_or_value):
    expr = printed_x1(power_or_value) if which == 1 else printed_x2(power_or_value)
    return mp_function((k,), list(expr))


def _teacher_points(count):
    def points(rng):
        return [{"w_star": unit_vector(rng, 3) * log_uniform(rng, 0.3, 3), "k": int(rng.integers(2, 9))}
                for _ in range(count)]
    return points


def _saddle(pt):
    kk = pt["k"]
    scale = (kk - 1) / (kk + math.pi - 1)
    return -scale * np.asarray(pt["w_star"])


# The risk is only C^2 at theta in {0, pi} (the kernel's t^3 term), so a second difference has an
# error O(h) with mpmath's step h ~ 10^(-dps/3): 8 digits are certified by the ladder, not 25.
PARALLEL_FD_DIGITS = 8

def _eigenvalue_route(name, which, value, point_of, role=Role.CHECK):
    """Finite-difference Hessian eigenvalues at point_of(pt) against the printed pair
    (which = 1: at w*, 2: at the saddle) with the transverse entry `value`."""
    return R.AgreementRoute(name, "finite-difference",
                            _eigen_candidate(lambda pt: _x_fn(which, value)(pt["k"])),
                            _hessian_eigenvalues_fd(point_of), _teacher_points(4),
                            digits=PARALLEL_FD_DIGITS, scale=lambda pt: 1.0, role=role)


register(Claim(
    id="BG17-X1", location="catalogue (derived); Hessian at w*", tier="DER",
    title="Hessian of the risk at w*: eigenvalues (k+π−1)/(πk) and 1/k",
    statement=r"\nabla^2\ell(w^*)\ \text{has eigenvalues}\ \tfrac{k+\pi-1}{\pi k}\ (\text{along } w^*),\ "
              r"\tfrac1k\ (\text{multiplicity } m-1)",
    domain=(Vector("w_star", nonzero=True, min_dim=2), Integer("k", min_value=1)),
    assumptions=(r"w^*\ne0", r"m\ge2 \text{ for the transverse eigenvalue}"),
    uses=("BG17-Eq8", "BG17-X10"),
    routes=(
        R.SymbolicRoute("symbolic: limit θ→0 of the plane Hessian at ‖w‖ = ‖w*‖ = printed",
                        lambda: sp.Matrix(parallel_hessian(0)).subs(a, b), printed_x1(), domain={k: (1, 40)}),
        _eigenvalue_route("finite-difference Hessian eigenvalues at w*", 1, 1, lambda pt: pt["w_star"]),
        R.SymbolicRoute("control (1/k² across): symbolic", lambda: sp.Matrix(parallel_hessian(0)).subs(a, b),
                        printed_x1(2), domain={k: (2, 40)}, role=Role.CONTROL),
        _eigenvalue_route("finite-difference control (1/k² across)", 1, 2, lambda pt: pt["w_star"],
                          Role.CONTROL),
    ),
    expressions=(Expression("radial eigenvalue", r"\lambda_{\parallel}(w^*)", lambda: parallel_hessian(0)[0],
                            NOTATION),
                 Expression("transverse eigenvalue", r"\lambda_{\perp}(w^*)",
                            lambda: parallel_hessian(0)[1].subs(a, b), NOTATION)),
))

register(Claim(
    id="BG17-X2", location="catalogue (derived); Hessian at the saddle", tier="DER",
    title="Hessian of the risk at −a_k w*: eigenvalues (k+π−1)/(πk) and 0",
    statement=r"\nabla^2\ell(-a_kw^*)\ \text{has eigenvalues}\ \tfrac{k+\pi-1}{\pi k}\ (\text{radial}),\ 0\ "
              r"(\text{multiplicity } m-1)",
    domain=(Vector("w_star", nonzero=True, min_dim=2), Integer("k", min_value=2)),
    assumptions=(r"k\ge2", r"a_k=\frac{k-1}{k+\pi-1}"),
    uses=("BG17-Eq8", "BG17-X10"),
    routes=(
        R.SymbolicRoute("symbolic: limit θ→π of the plane Hessian at ‖w‖ = a_k‖w*‖ = printed",
                        lambda: sp.Matrix(parallel_hessian(sp.pi)).subs(a, saddle_scale() * b),
                        printed_x2(), domain={k: (2, 40)}),
        _eigenvalue_route("finite-difference Hessian eigenvalues at −a_k w*", 2, 0, _saddle),
        R.SymbolicRoute("control (1/k across): symbolic",
                        lambda: sp.Matrix(parallel_hessian(sp.pi)).subs(a, saddle_scale() * b),
                        printed_x2(1 / k), domain={k: (2, 40)}, role=Role.CONTROL),
        _eigenvalue_route("finite-difference control (1/k across)", 2, 1 / k, _saddle, Role.CONTROL),
    ),
    expressions=(Expression("transverse eigenvalue on theta = pi", r"\lambda_{\perp}(\theta=\pi)",
                            lambda: parallel_hessian(sp.pi)[1], NOTATION),),
))


# --- BG17-X3: third-order descent at the saddle ------------------------------------------------
def _cubic_points(count):
    def points(rng):
        return [{"w_star": unit_vector(rng, int(rng.integers(2, 6))) * log_uniform(rng, 0.3, 3),
                 "k": int(rng.integers(2, 11))} for _ in range(count)]
    return points


def _transverse_increment(pt, dps):
    """l(w_s + eps e_perp) - l(w_s) at eps = 1e-6 r0 (40+ digits); the O(eps^4) remainder makes
    the comparison good to ~6 digits relative."""
    with mpmath.workdps(dps + 20):
        ws, kk = pt["w_star"], pt["k"]
        r0 = mpmath.mpf(kk - 1) / (kk - 1 + mpmath.pi) * norm(ws)
        w_hat = [x / norm(ws) for x in mp_vector(ws)]
        e = transverse_direction(w_hat)
        epsilon = mpmath.mpf(10) ** -6 * r0
        ws_point = [-r0 * x for x in w_hat]
        value = (no_overlap_risk_value([x + epsilon * y for x, y in zip(ws_point, e)], ws, kk)
                 - no_overlap_risk_value(ws_point, ws, kk))
        return Estimate(value, float(abs(value) * 2e-6))


def _cubic_candidate(sign):
    f = mp_function((b, k, eps), printed_cubic(sign))

    def value(pt):
        kk = pt["k"]
        r0 = mpmath.mpf(kk - 1) / (kk - 1 + mpmath.pi) * norm(pt["w_star"])
        return f(norm(pt["w_star"]), kk, mpmath.mpf(10) ** -6 * r0)
    return value


register(Claim(
    id="BG17-X3", location="catalogue (derived); the saddle is not a minimum", tier="DER",
    title="Third-order descent across the saddle −a_k w*",
    statement=(r"\ell(w_s+\varepsilon e_\perp)-\ell(w_s)=-\frac{\|w^*\|r_0}{3\pi k}\Big(\frac{\varepsilon}{r_0}\Big)^3"
               r"+O(\varepsilon^4),\quad w_s=-a_kw^*,\ r_0=a_k\|w^*\|"),
    domain=(Vector("w_star", nonzero=True, min_dim=2), Integer("k", min_value=2)),
    assumptions=(r"k\ge2", r"m\ge2", r"e_\perp\perp w^*,\ \|e_\perp\|=1", r"\varepsilon>0"),
    uses=("BG17-Eq8", "BG17-X2"),
    routes=(
        R.SymbolicRoute("symbolic: series of the derived risk to ε³ = printed", cubic_transverse_term,
                        printed_cubic(), domain={k: (2, 40)}),
        R.AgreementRoute("increment at ε = 1e-6 r0 (40 digits)", "finite-difference", _cubic_candidate(-1),
                         _transverse_increment, _cubic_points(6), digits=5,
                         scale=lambda pt: 0.0),
        R.SymbolicRoute("control (+ for −): symbolic", cubic_transverse_term, printed_cubic(+1),
                        domain={k: (2, 40)}, role=Role.CONTROL),
        R.AgreementRoute("increment control (+ for −)", "finite-difference", _cubic_candidate(+1),
                         _transverse_increment, _cubic_points(6), digits=5, scale=lambda pt: 0.0,
                         role=Role.CONTROL),
    ),
    expressions=(Expression("cubic term", r"\ell(w_s+\varepsilon e_\perp)-\ell(w_s)", cubic_transverse_term,
                            {**NOTATION, eps: r"\varepsilon"}),),
))


# --- BG17-P5.1.2b: w* is the unique global minimum ---------------------------------------------
rho = sp.Symbol("rho", positive=True)


def critical_radii_on_ray(at):
    """Radii rho > 0 with grad l = 0 at w = rho w*/|w*| (at = 0) or w = -rho w*/|w*| (at = pi):
    there grad l = -(c1 rho +- c2 |w*|) w*/|w*|, so solve c1 rho + c2 |w*| = 0 (theta = 0) or
    c1 = 0 (theta = pi, where c2 = 0)."""
    c1, c2 = gradient_coefficients()
    if at == 0:
        eq = (c1 * rho + c2 * b).subs({theta: 0, a: rho})
    else:
        eq = c1.subs({theta: sp.pi, a: rho})
    return sp.Matrix(sorted(sp.solve(sp.simplify(eq), rho), key=sp.default_sort_key))


def risk_positive_away_from(target_of_pt):
    def predicate(pt):
        with mpmath.workdps(40):
            ws, kk = pt["w_star"], pt["k"]
            target = target_of_pt(pt)
            gap = no_overlap_risk_value(pt["w"], ws, kk) - no_overlap_risk_value(target, ws, kk)
            same = max(abs(mpmath.mpf(x) - mpmath.mpf(y)) for x, y in zip(pt["w"], target)) == 0
            ok = same or gap > 0
            return ok, float(max(-gap, 0)), f"l(w) - l(target) = {mpmath.nstr(gap, 8)}"
    return predicate


def _around_points(count, *, include_teacher=True):
    landscape = _landscape_points(count, min_k=1, max_k=8, min_m=1, max_m=4)

    def points(rng):
        pts = landscape(rng)
        extra = []
        for pt in pts[:4]:
            ws, kk = pt["w_star"], pt["k"]
            scale = (kk - 1) / (kk + math.pi - 1)
            extra += [{**pt, "w": -scale * ws + 1e-3 * unit_vector(rng, len(ws))},
                      {**pt, "w": ws * (1 + 1e-6)},
                      {**pt, "w": 1e-6 * unit_vector(rng, len(ws))}]
            if include_teacher:
                extra.append({**pt, "w": np.array(ws)})
        return pts + extra
    return points


register(Claim(
    id="BG17-P5.1.2b", location="§5, Prop. 5.1(2b)", tier="SRC",
    title="w* is the unique global minimum of the no-overlap risk",
    statement=r"\ell(w)\ge0=\ell(w^*)\ \text{and}\ \ell(w)=0\Rightarrow w=w^*",
    domain=(Vector("w", dim="m"), Vector("w_star", dim="m", nonzero=True), Integer("k", min_value=1)),
    assumptions=(r"w^*\ne0", r"k\ge1"),
    uses=("BG17-Eq8", "BG17-Eq14", "BG17-X1"),
    routes=(
        R.SymbolicRoute("symbolic: ℓ(w*) = 0", lambda: no_overlap_risk().subs({a: b, theta: 0}), 0),
        R.SymbolicRoute("symbolic: on the ray of w* the only critical radius is ‖w*‖",
                        lambda: critical_radii_on_ray(0), sp.Matrix([b])),
        R.NonnegativeRoute("symbolic: c2 = (π−θ)/(πk) > 0 off θ = π, so no critical point has θ ∈ (0, π)",
                           lambda: gradient_coefficients()[1], substitutions={theta: sp.pi - t_}),
        R.PredicateRoute("ℓ(w) > ℓ(w*) = 0 at w ≠ w* (near w*, 0 and the saddle too)", "evaluation",
                         risk_positive_away_from(lambda pt: pt["w_star"]), _around_points(30)),
        R.PredicateRoute("control (the minimum at −a_k w*)", "evaluation",
                         risk_positive_away_from(_saddle), _around_points(5), role=Role.CONTROL),
    ),
))


# --- BG17-P5.1.2c: the degenerate saddle (erratum: needs m >= 2) -------------------------------
def has_descent_direction(pt):
    """Some unit direction e (+-w*/|w*|, and +-e_perp if m >= 2) has l(w_s + delta e) < l(w_s),
    delta = 1e-3 r0, at w_s = -a_k w* (40 digits): w_s is then not a local minimum."""
    with mpmath.workdps(40):
        ws, kk = pt["w_star"], pt["k"]
        r0 = mpmath.mpf(kk - 1) / (kk - 1 + mpmath.pi) * norm(ws)
        w_hat = [x / norm(ws) for x in mp_vector(ws)]
        point = [-r0 * x for x in w_hat]
        directions = [w_hat, [-x for x in w_hat]]
        if len(ws) >= 2:
            e = transverse_direction(w_hat)
            directions += [e, [-x for x in e]]
        base = no_overlap_risk_value(point, ws, kk)
        delta = mpmath.mpf(10) ** -3 * r0
        change = min(no_overlap_risk_value([x + delta * y for x, y in zip(point, d)], ws, kk) - base
                     for d in directions)
        return change < 0, float(max(change, 0)), f"smallest change {mpmath.nstr(change, 6)} over {len(directions)} directions"


def gradient_vanishes_at(scale_fn):
    def predicate(pt):
        with mpmath.workdps(40):
            ws, kk = pt["w_star"], pt["k"]
            point = [-scale_fn(mpmath.mpf(kk)) * x for x in mp_vector(ws)]
            est = fd_gradient(_risk_of(ws, kk), point, dps=40)
            size = max(abs(x) for x in est.value) / norm(ws)
            return size < 1e-30, float(size), f"|grad| / |w*| = {mpmath.nstr(size, 5)}"
    return predicate


def _saddle_points(count, m_values, max_k=10):
    def points(rng):
        return [{"w_star": unit_vector(rng, int(rng.choice(m_values))) * log_uniform(rng, 0.3, 3),
                 "k": int(rng.integers(2, max_k + 1))} for _ in range(count)]
    return points


def _mp_saddle_scale(kk):
    return (kk**2 - kk) / (kk**2 + (mpmath.pi - 1) * kk)


def _mp_wrong_saddle_scale(kk):
    return (kk**2 - kk) / (kk**2 + mpmath.pi * kk)


register(Claim(
    id="BG17-P5.1.2c", location="§5, Prop. 5.1(2c)", tier="SRC",
    title="For k > 1, −a_k w* is a degenerate saddle (needs m ≥ 2)",
    statement=r"k>1:\ w=-\frac{k^2-k}{k^2+(\pi-1)k}\,w^* \text{ is a degenerate saddle point}",
    domain=(Vector("w_star", nonzero=True), Integer("k", min_value=2)),
    assumptions=(r"k\ge2", r"m\ge2\ (\text{not stated in the paper})"),
    uses=("BG17-Eq14", "BG17-X2", "BG17-X3", "BG17-X6"),
    erratum=Erratum(
        printed="For k > 1, w = -a_k w* is a degenerate saddle point (for every filter size m).",
        corrected="For k > 1 and m >= 2, -a_k w* is a degenerate saddle (PSD Hessian with m - 1 zero "
                  "eigenvalues, and a cubic descent across); for m = 1 it is a strict local minimum "
                  "(BG17-X6), so Prop. 5.1.2(c) and Thm. 5.2 need m >= 2.",
        evidence="For m = 1 the point has no transverse direction: l(w_s +- 1e-3 r0) > l(w_s) at 40 "
                 "digits for k = 2..10 (route 'printed form at m = 1'), the 1-D second derivative is "
                 "(k + pi - 1)/(pi k) > 0 (BG17-X2), and gradient descent from w_0 < 0 converges to "
                 "-a_k w* (BG17-X6)."),
    routes=(
        R.SymbolicRoute("symbolic: (k−1)/(k+π−1) = (k²−k)/(k²+(π−1)k)", (k - 1) / (k + sp.pi - 1),
                        saddle_scale(), domain={k: (2, 40)}),
        R.SymbolicRoute("symbolic: on −ℝ₊w* the only critical radius is a_k‖w*‖",
                        lambda: critical_radii_on_ray(sp.pi), lambda: sp.Matrix([sp.simplify(saddle_scale() * b)])),
        R.SymbolicRoute("symbolic: c2 = 0 at θ = π", lambda: gradient_coefficients()[1].subs(theta, sp.pi), 0),
        R.PredicateRoute("∇ℓ(−a_k w*) = 0 by finite differences", "finite-difference",
                         gradient_vanishes_at(_mp_saddle_scale), _saddle_points(6, [1, 2, 3, 5])),
        R.PredicateRoute("a descent direction exists at −a_k w* (m ≥ 2)", "evaluation",
                         has_descent_direction, _saddle_points(12, [2, 3, 4, 6])),
        R.PredicateRoute("printed form at m = 1: a descent direction exists", "evaluation",
                         has_descent_direction, _saddle_points(6, [1]), role=Role.PRINTED),
        R.PredicateRoute("control (the point −(k²−k)/(k²+πk) w*)", "finite-difference",
                         gradient_vanishes_at(_mp_wrong_saddle_scale), _saddle_points(6, [2, 3]),
                         role=Role.CONTROL),
    ),
    expressions=(Expression("saddle scale", r"a_k", saddle_scale, {}),),
))


# --- BG17-X4: special values ---------------------------------------------------------------
def printed_x4(zero_factor=None):
    gm = gamma() if zero_factor is None else zero_factor
    return sp.Matrix([gm * b**2 / k**2, (gamma() ** 2 - beta() ** 2) * b**2 / (gamma() * k**2)])


def derived_x4():
    L = no_overlap_risk()
    return sp.Matrix([L.subs(a, 0), L.subs({a: saddle_scale() * b, theta: sp.pi})])


def _x4_candidate(zero_factor):
    f = mp_function((b, k), list(printed_x4(zero_factor)))
    return lambda pt: f(norm(pt["w_star"]), pt["k"])


def _x4_monte_carlo(pt, n, rng):
    ws, kk = np.asarray(pt["w_star"]), pt["k"]
    scale = (kk - 1) / (kk + math.pi - 1)
    zero = network_risk_monte_carlo(_block_matrix(np.zeros_like(ws), kk), _block_matrix(ws, kk), n, rng)
    saddle = network_risk_monte_carlo(_block_matrix(-scale * ws, kk), _block_matrix(ws, kk), n, rng)
    return type(zero)(np.array([zero.mean, saddle.mean]), np.array([zero.stderr, saddle.stderr]), n)


register(Claim(
    id="BG17-X4", location="catalogue (derived); risk at 0 and at the saddle", tier="DER",
    title="ℓ(0) = γ‖w*‖²/k² and ℓ(−a_k w*) = (γ²−β²)‖w*‖²/(γk²)",
    statement=r"\ell(0)=\frac{\gamma\|w^*\|^2}{k^2},\quad \ell(-a_kw^*)=\frac{(\gamma^2-\beta^2)\|w^*\|^2}{\gamma k^2}",
    domain=(Vector("w_star", nonzero=True), Integer("k", min_value=1)),
    assumptions=(r"w^*\ne0", r"k\ge1"),
    uses=("BG17-Eq8",),
    routes=(
        R.SymbolicRoute("symbolic: the derived risk at 0 and at −a_k w*", derived_x4, printed_x4(),
                        domain={k: (1, 40)}),
        R.MonteCarloRoute("monte-carlo of the network at 0 and at −a_k w*", _x4_candidate(None),
                          _x4_monte_carlo, _saddle_points(3, [1, 2, 3], max_k=5)),
        R.SymbolicRoute("control (β for γ in ℓ(0)): symbolic", derived_x4, printed_x4(beta()),
                        domain={k: (2, 40)}, role=Role.CONTROL),
        R.MonteCarloRoute("monte-carlo control (β for γ in ℓ(0))", _x4_candidate(beta()), _x4_monte_carlo,
                          _saddle_points(3, [1, 2, 3], max_k=5), role=Role.CONTROL),
    ),
    expressions=(Expression("l(0)", r"\ell(0)", lambda: derived_x4()[0], NOTATION),
                 Expression("l(saddle)", r"\ell(-a_kw^*)", lambda: sp.simplify(derived_x4()[1]), NOTATION)),
))


# --- BG17-X5 and BG17-S5-risk: the risk is at most (1/2)|w - w*|^2 ------------------------------
u_, v_ = sp.symbols("u v", nonnegative=True)
POINTWISE_CASES = {
    # (relu(x) - relu(y))^2 + (relu(-x) - relu(-y))^2 <= (x - y)^2, by the signs of x and y
    "x ≥ 0, y ≥ 0": ((u_ - v_) ** 2, (u_ - v_) ** 2),
    "x ≥ 0 > y": ((u_ + v_) ** 2, u_**2 + v_**2),      # x = u, y = -v
    "x < 0 ≤ y": ((u_ + v_) ** 2, v_**2 + u_**2),      # x = -u, y = v
    "x < 0, y < 0": ((u_ - v_) ** 2, (u_ - v_) ** 2),  # x = -u, y = -v
}


def risk_ratio_at_most(constant_of_pt):
    def predicate(pt):
        with mpmath.workdps(40):
            w, ws, kk = pt["w"], pt["w_star"], pt["k"]
            dist2 = mpmath.fsum((mpmath.mpf(x) - mpmath.mpf(y)) ** 2 for x, y in zip(w, ws))
            if dist2 == 0:
                return True, 0.0, "w = w*"
            ratio = no_overlap_risk_value(w, ws, kk) / dist2
            bound = constant_of_pt(pt)
            # equality holds for k = 1, theta = 0 (l = |w - w*|^2 / 2 there): allow 40-digit rounding
            ok = ratio <= bound * (1 + mpmath.mpf(10) ** -30)
            return ok, float(max(ratio - bound, 0)), f"l / |w - w*|^2 = {mpmath.nstr(ratio, 10)}"
    return predicate


def _near_teacher_points(count, max_k=8):
    landscape = _landscape_points(count, max_k=max_k, max_m=4)

    def points(rng):
        pts = landscape(rng)
        near = [{"w": np.asarray(pt["w_star"]) + 1e-4 * unit_vector(rng, len(pt["w_star"])),
                 "w_star": pt["w_star"], "k": 1} for pt in pts[:3]]
        return near + pts
    return points


register(Claim(
    id="BG17-X5", location="catalogue (derived); sharper form of the §5 risk bound", tier="DER",
    title="ℓ(w) ≤ ½‖w − w*‖² for every k, m",
    statement=r"\ell(w)\le\tfrac12\|w-w^*\|^2",
    domain=(Vector("w", dim="m"), Vector("w_star", dim="m", nonzero=True), Integer("k", min_value=1)),
    assumptions=(r"k\ge1,\ m\ge1",),
    uses=("BG17-Eq8",),
    routes=(
        *(R.NonnegativeRoute(f"symbolic: pointwise (σ(x)−σ(y))² + (σ(−x)−σ(−y))² ≤ (x−y)², {case}",
                             rhs - lhs_) for case, (rhs, lhs_) in POINTWISE_CASES.items()),
        R.PredicateRoute("ℓ(w)/‖w − w*‖² ≤ ½ at points (near w* with k = 1 too)", "evaluation",
                         risk_ratio_at_most(lambda pt: mpmath.mpf(1) / 2), _near_teacher_points(40)),
        R.PredicateRoute("control (¼ for ½)", "evaluation", risk_ratio_at_most(lambda pt: mpmath.mpf(1) / 4),
                         _near_teacher_points(5), role=Role.CONTROL),
    ),
))

register(Claim(
    id="BG17-S5-risk", location="§5, proof sketch of Thm. 5.2", tier="SRC",
    title="ℓ(w) ≤ d‖w − w*‖²",
    statement=r"\ell(w)\le d\,\|w-w^*\|^2,\quad d=km",
    domain=(Vector("w", dim="m"), Vector("w_star", dim="m", nonzero=True), Integer("k", min_value=1)),
    assumptions=(r"d=km\ge1",),
    uses=("BG17-X5",),
    routes=(
        R.NonnegativeRoute("symbolic: d − ½ ≥ 0 for d = km ≥ 1 (then BG17-X5)",
                           sp.Symbol("d_minus_1", nonnegative=True) + sp.Rational(1, 2)),
        R.PredicateRoute("ℓ(w)/‖w − w*‖² ≤ d at points", "evaluation",
                         risk_ratio_at_most(lambda pt: mpmath.mpf(pt["k"] * len(pt["w_star"]))),
                         _near_teacher_points(40)),
        R.PredicateRoute("control (1/(4d) for d)", "evaluation",
                         risk_ratio_at_most(lambda pt: 1 / mpmath.mpf(4 * pt["k"] * len(pt["w_star"]))),
                         _near_teacher_points(5), role=Role.CONTROL),
    ),
))


# --- BG17-X6: m = 1, the "saddle" is a strict local minimum that attracts GD -------------------
def strict_local_min_at_m1(pt):
    with mpmath.workdps(40):
        ok, change, detail = has_descent_direction(pt)
        return not ok, float(0 if not ok else 1), detail


def gd_limit_m1(pt, dps):
    """Run Eq. 15 (lambda = 1/2) from w_0 = -|w_0| w*/|w*| in 1-D until the step is < 10^-dps."""
    with mpmath.workdps(dps + 10):
        ws, kk = [mpmath.mpf(pt["w_star"][0])], pt["k"]
        w = [-mpmath.mpf(pt["w0"]) * mpmath.sign(ws[0])]
        for _ in range(20000):
            nxt = gd_step(w, ws, kk, mpmath.mpf(1) / 2)
            if abs(nxt[0] - w[0]) < mpmath.mpf(10) ** (-dps - 5) * abs(ws[0]):
                break
            w = nxt
        return Estimate([nxt[0]], float(abs(nxt[0] - w[0]) * 10))


def _m1_points(count):
    def points(rng):
        return [{"w_star": np.array([float(rng.choice([-1, 1])) * log_uniform(rng, 0.3, 3)]),
                 "k": int(rng.integers(2, 9)), "w0": float(rng.choice([0.01, 0.5, 1.0, 3.0]))}
                for _ in range(count)]
    return points


def _m1_limit(scale_fn):
    def candidate(pt):
        kk = mpmath.mpf(pt["k"])
        return [-scale_fn(kk) * mpmath.mpf(pt["w_star"][0])]
    return candidate


register(Claim(
    id="BG17-X6", location="catalogue (derived); the edge case m = 1", tier="DER",
    title="For m = 1, k ≥ 2, −a_k w* is a strict spurious local minimum that attracts GD from w_0 < 0",
    statement=r"m=1,\ k\ge2:\ -a_kw^* \text{ is a strict local minimum, and GD from } w_0w^*<0 \text{ converges to it}",
    domain=(Vector("w_star", nonzero=True), Integer("k", min_value=2)),
    assumptions=(r"m=1", r"k\ge2", r"\lambda=\tfrac12"),
    uses=("BG17-Eq15", "BG17-X2"),
    routes=(
        R.SymbolicRoute("symbolic: 1-D curvature at −a_k w* is (k+π−1)/(πk) > 0 (BG17-X2, radial)",
                        lambda: parallel_hessian(sp.pi)[0], (k + sp.pi - 1) / (sp.pi * k)),
        R.PredicateRoute("ℓ(w_s ± 1e-3 r0) > ℓ(w_s) (40 digits)", "evaluation", strict_local_min_at_m1,
                         _saddle_points(12, [1])),
        R.AgreementRoute("gradient descent (λ = ½) from w_0 w* < 0 ends at −a_k w*", "simulation",
                         _m1_limit(_mp_saddle_scale), gd_limit_m1, _m1_points(8), digits=20,
                         scale=lambda pt: float(abs(pt["w_star"][0]))),
        R.AgreementRoute("control (ends at −(k²−k)/(k²+πk) w*)", "simulation",
                         _m1_limit(_mp_wrong_saddle_scale), gd_limit_m1, _m1_points(4), digits=20,
                         scale=lambda pt: float(abs(pt["w_star"][0])), role=Role.CONTROL),
    ),
))


# --- BG17-S5-init: P(theta_0 <= (1 - delta) pi) for w_0 uniform on the sphere ---------------------
delta = sp.Symbol("delta", positive=True)
x_ = sp.Symbol("x", nonnegative=True)


def angle_cdf(m: int) -> sp.Expr:
    """P(theta_0 <= x) for w_0 uniform on S^{m-1}: the angle density is proportional to
    sin^{m-2}(theta) on [0, pi] (derived by SymPy integration for the given m)."""
    density = sp.sin(theta) ** (m - 2)
    return sp.simplify(sp.integrate(density, (theta, 0, x_)) / sp.integrate(density, (theta, 0, sp.pi)))


def angle_cdf_value(m: int, x) -> mpmath.mpf:
    """The same probability by quadrature (independent of the SymPy integral)."""
    f = lambda t: mpmath.sin(t) ** (m - 2)  # noqa: E731
    return mpmath.quad(f, [0, x]) / mpmath.quad(f, [0, mpmath.pi / 2, mpmath.pi])


def init_probability_at_least(pt):
    with mpmath.workdps(30):
        prob = angle_cdf_value(pt["m"], (1 - mpmath.mpf(pt["delta"])) * mpmath.pi)
        gap = prob - (1 - mpmath.mpf(pt["delta"]))
        return gap >= -mpmath.mpf(10) ** -25, float(max(-gap, 0)), f"P = {mpmath.nstr(prob, 10)}, 1 - δ = {1 - pt['delta']}"


def _init_points(m_values, lo, hi, count=30):
    def points(rng):
        return [{"m": int(rng.choice(m_values)), "delta": float(rng.uniform(lo, hi))} for _ in range(count)]
    return points


def _init_monte_carlo(pt, n, rng):
    m = pt["m"]

    def inside(P):  # P[0] = w0 . e1 for w0 ~ N(0, I_m): theta <= (1-delta) pi iff cos theta >= cos(...)
        z = P  # coordinates of the Gaussian draw
        cos_theta = z[0] / np.sqrt((z**2).sum(axis=0))
        return (cos_theta >= math.cos((1 - pt["delta"]) * math.pi)).astype(float)
    return gaussian_monte_carlo(inside, np.eye(m), n=n, rng=rng)


def _init_candidate(pt):
    with mpmath.workdps(30):
        return angle_cdf_value(pt["m"], (1 - mpmath.mpf(pt["delta"])) * mpmath.pi)


register(Claim(
    id="BG17-S5-init", location="§5, proof sketch of Thm. 5.2", tier="SRC",
    title="A uniform start has θ_0 ≤ (1 − δ)π with probability 1 − δ (exact only for m = 2)",
    statement=r"w_0\sim\mathrm{Unif}(\mathbb S^{m-1}):\ \Pr[\theta_{w_0,w^*}\le(1-\delta)\pi]=1-\delta",
    domain=(Integer("m", min_value=2), Real("delta", 0, 1, open_lo=True, open_hi=True)),
    assumptions=(r"0<\delta<1", r"m\ge2"),
    erratum=Erratum(
        printed="theta_0 <= (1 - delta) pi occurs with probability 1 - delta (any m, any delta > 0).",
        corrected="The probability is exactly 1 - delta for m = 2; for m >= 3 it is at least 1 - delta "
                  "if and only if delta <= 1/2 (the angle density sin^(m-2) is symmetric about pi/2 and "
                  "unimodal, so the CDF lies above the uniform one exactly on [pi/2, pi]).",
        evidence="SymPy: for m = 3 the probability is (1 + cos(delta pi))/2, not 1 - delta; quadrature "
                 "of the density for m = 3..40 finds it below 1 - delta at every sampled delta > 1/2 and "
                 "above at every sampled delta <= 1/2; Monte Carlo of uniform starts agrees with the "
                 "quadrature."),
    routes=(
        R.SymbolicRoute("symbolic: m = 2, P = 1 − δ", lambda: angle_cdf(2).subs(x_, (1 - delta) * sp.pi),
                        1 - delta, domain={delta: (0, 1)}),
        R.SymbolicRoute("symbolic: m = 3, P = (1 + cos δπ)/2", lambda: angle_cdf(3).subs(x_, (1 - delta) * sp.pi),
                        (1 + sp.cos(delta * sp.pi)) / 2, domain={delta: (0, 1)}),
        R.PredicateRoute("quadrature: P ≥ 1 − δ for m = 3..40, δ ≤ ½", "quadrature",
                         init_probability_at_least, _init_points(list(range(3, 41)), 0.01, 0.5)),
        R.MonteCarloRoute("monte-carlo of uniform starts = the angle CDF", _init_candidate, _init_monte_carlo,
                          lambda rng: [{"m": 2, "delta": 0.3}, {"m": 3, "delta": 0.25}, {"m": 10, "delta": 0.4}]),
        R.SymbolicRoute("printed form at m = 3: P = 1 − δ", lambda: angle_cdf(3).subs(x_, (1 - delta) * sp.pi),
                        1 - delta, domain={delta: (0, 1)}, role=Role.PRINTED),
        R.PredicateRoute("printed form for δ > ½, m ≥ 3: P ≥ 1 − δ", "quadrature", init_probability_at_least,
                         _init_points(list(range(3, 41)), 0.51, 0.99), role=Role.PRINTED),
        R.SymbolicRoute("control (1 − δ/2 at m = 2): symbolic",
                        lambda: angle_cdf(2).subs(x_, (1 - delta) * sp.pi), 1 - delta / 2,
                        domain={delta: (0, 1)}, role=Role.CONTROL),
    ),
    expressions=(Expression("m = 3", r"\Pr[\theta_0\le x]\big|_{m=3}", lambda: angle_cdf(3),
                            {x_: "x"}),),
))

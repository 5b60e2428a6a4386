r"""BG17 §5 (continued) — the critical points of the no-overlap risk and the §5 risk bounds.

Main statements
---------------
* ``BG17-X1``, ``BG17-X2`` Hessians at w* and at the saddle −a_k w*.
* ``BG17-X3`` the cubic descent across the saddle.
* ``BG17-P5.1.2b`` w* is the unique global minimum.
* ``BG17-P5.1.2c`` for k > 1, :math:`-a_kw^*` is a degenerate saddle, :math:`a_k=\frac{k^2-k}{k^2+(\pi-1)k}`
  — **erratum**: needs m ≥ 2; for m = 1 it is a strict spurious local minimum (``BG17-X6``).
* ``BG17-X4`` special values; ``BG17-X5`` ℓ ≤ ½‖w − w*‖²; ``BG17-S5-risk`` ℓ ≤ d‖w − w*‖².
* ``BG17-X6`` the m = 1 edge case.
* ``BG17-S5-init`` P(θ_0 ≤ (1−δ)π) for w_0 uniform on the sphere — **erratum**: it equals 1 − δ
  only for m = 2; for m ≥ 3 it is ≥ 1 − δ iff δ ≤ ½.

Notation
--------
As in :mod:`lemmas.bg17.s5`.

Implementation notes
--------------------
Hessians at θ ∈ {0, π} are limits of the plane Hessian (:func:`lemmas.bg17.s5.parallel_hessian`);
the risk is only C² there, so finite-difference Hessians are trusted to 8 digits.

References
----------
Catalogue ``shared/claims/brutzkus-globerson-2017.md``: §5 entries, D18, X1–X6.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3_risk import (NOTATION, TO_W, beta, block_matrix, gamma, k, network_risk_monte_carlo,
                                 no_overlap_risk, no_overlap_risk_value)
from lemmas.bg17.s5 import (LANDSCAPE, cubic_transverse_term, eps, gd_step, gradient_coefficients,
                            mp_saddle_scale, parallel_hessian, printed_cubic, risk_of, saddle_scale, t_)
from lemmas.common.kernels import a, b, theta
from verify import routes as R
from verify.domain import Domain, Integer, Real, Vector
from verify.finitediff import gradient as fd_gradient, hessian as fd_hessian
from verify.montecarlo import MonteCarloEstimate, gaussian_monte_carlo
from verify.numeric import mp_function
from verify.quadrature import Estimate
from verify.registry import Claim, Erratum, Expression, register
from verify.results import Kind, Role
from verify.symbols import evaluator_at
from verify.vectors import mp_vector, norm

TEACHERS = Domain(Vector("w_star", nonzero=True, min_dim=2, max_dim=5, norms=(0.3, 3)),
                  Integer("k", min_value=1, draw_max=10))
TEACHERS_K2 = TEACHERS.restrict(k={"min_value": 2})


def transverse_direction(w_hat) -> list:
    """A unit vector orthogonal to the unit vector w_hat (m >= 2): the coordinate axis on which
    w_hat is smallest, minus its projection (well conditioned whatever w_hat is)."""
    j = min(range(len(w_hat)), key=lambda i: abs(w_hat[i]))
    e = [-w_hat[j] * x for x in w_hat]
    e[j] += 1
    n = norm(e)
    return [x / n for x in e]


def saddle_radius(pt):
    """r0 = a_k |w*| at the working precision."""
    return mp_saddle_scale(pt["k"]) * norm(pt["w_star"])


def _saddle(pt):
    return -float(mp_saddle_scale(pt["k"])) * np.asarray(pt["w_star"])


# --- Hessians at the parallel points (BG17-X1, BG17-X2) ---------------------------------------
RADIAL = (k + sp.pi - 1) / (sp.pi * k)  # the Hessian's eigenvalue along w*, at w* and at −a_k w* (printed)


def hessian_eigenvalues_at(w_of_pt):
    """Reference: the eigenvalues of a finite-difference Hessian of Eq. 8 at w_of_pt(pt)."""
    def reference(pt, dps):
        w = w_of_pt(pt)
        est = fd_hessian(risk_of(pt["w_star"], pt["k"]), [float(x) for x in w], dps=dps)
        with mpmath.workdps(dps):
            ev = sorted(mpmath.eigsy(mpmath.matrix(est.value))[0])
        return Estimate(ev, est.error * len(w))  # Weyl: |delta eigenvalue| <= |delta H|_2 <= m |delta H|_max
    return reference


def eigenvalues_of(pair):
    """pt -> sorted [radial, transverse × (m − 1)] for a symbolic (radial, transverse) in k."""
    f = mp_function((k,), list(pair))

    def candidate(pt):
        radial, transverse = f(pt["k"])
        return sorted([radial] + [transverse] * (len(pt["w_star"]) - 1))
    return candidate


# The risk is only C^2 at theta in {0, pi} (the kernel's t^3 term), so a second difference has an
# error O(h) with mpmath's step h ~ 10^(-dps/3): 8 digits are certified by the ladder, not 25.
PARALLEL_FD_DIGITS = 8


def _hessian_claim(cid, where, title, statement, *, at, name, limit, printed, wrong, **fields):
    """X1 and X2 are one claim at two critical points: the eigenvalues of the Hessian there, from
    the limit of the plane Hessian (symbolic) and a finite-difference Hessian of Eq. 8."""
    checks = (R.Symbolic(limit, f"symbolic: limit of the plane Hessian {name} = printed", {k: (2, 40)}),
              R.Agreement(hessian_eigenvalues_at(at), TEACHERS_K2.sample(4, boundary=False),
                          f"finite-difference Hessian eigenvalues {name}", Kind.FINITE_DIFFERENCE,
                          PARALLEL_FD_DIGITS))
    register(Claim(cid, where, "DER", title, statement=statement, uses=("BG17-Eq8", "BG17-X10"),
                   routes=R.with_controls(printed, checks, wrong, evaluate=eigenvalues_of), **fields))


_hessian_claim(
    "BG17-X1", "catalogue (derived); Hessian at w*", "Hessian of the risk at w*: eigenvalues (k+π−1)/(πk) and 1/k",
    r"\nabla^2\ell(w^*)\ \text{has eigenvalues}\ \tfrac{k+\pi-1}{\pi k}\ (\text{along } w^*),\ "
    r"\tfrac1k\ (\text{multiplicity } m-1)",
    at=lambda pt: pt["w_star"], name="at w*", limit=lambda: sp.Matrix(parallel_hessian(0)).subs(a, b),
    printed=sp.Matrix([RADIAL, 1 / k]), wrong={"1/k² across": sp.Matrix([RADIAL, 1 / k**2])},
    domain=TEACHERS, assumptions=(r"m\ge2 \text{ for the transverse eigenvalue}",),
    expressions=(Expression("radial eigenvalue", r"\lambda_{\parallel}(w^*)", lambda: parallel_hessian(0)[0],
                            NOTATION),
                 Expression("transverse eigenvalue", r"\lambda_{\perp}(w^*)",
                            lambda: parallel_hessian(0)[1].subs(a, b), NOTATION)))
_hessian_claim(
    "BG17-X2", "catalogue (derived); Hessian at the saddle", "Hessian of the risk at −a_k w*: eigenvalues (k+π−1)/(πk) and 0",
    r"\nabla^2\ell(-a_kw^*)\ \text{has eigenvalues}\ \tfrac{k+\pi-1}{\pi k}\ (\text{radial}),\ 0\ "
    r"(\text{multiplicity } m-1)",
    at=_saddle, name="at −a_k w*", limit=lambda: sp.Matrix(parallel_hessian(sp.pi)).subs(a, saddle_scale() * b),
    printed=sp.Matrix([RADIAL, 0]), wrong={"1/k across": sp.Matrix([RADIAL, 1 / k])},
    domain=TEACHERS_K2, assumptions=(r"a_k=\frac{k-1}{k+\pi-1}",),
    expressions=(Expression("transverse eigenvalue on theta = pi", r"\lambda_{\perp}(\theta=\pi)",
                            lambda: parallel_hessian(sp.pi)[1], NOTATION),))


# --- BG17-X3: third-order descent at the saddle ------------------------------------------------
def saddle_changes(pt, step, transverse_only=False) -> list:
    """ℓ(w_s + step·r0·e) − ℓ(w_s) at the saddle w_s = −a_k w*, r0 = a_k‖w*‖, for the unit
    directions e = ±ŵ* and ±e_⊥ (m ≥ 2), or e_⊥ alone, at the working precision."""
    ws, kk = pt["w_star"], pt["k"]
    r0 = saddle_radius(pt)
    w_hat = [x / norm(ws) for x in mp_vector(ws)]
    point, e = [-r0 * x for x in w_hat], [transverse_direction(w_hat)] if len(ws) >= 2 else []
    directions = e if transverse_only else [w_hat, [-x for x in w_hat], *e, *([-x for x in d] for d in e)]
    base = no_overlap_risk_value(point, ws, kk)
    return [no_overlap_risk_value([x + step * r0 * y for x, y in zip(point, d)], ws, kk) - base for d in directions]


def _transverse_increment(pt, dps):
    """l(w_s + eps e_perp) - l(w_s) at eps = 1e-6 r0 (40+ digits); the O(eps^4) remainder makes
    the comparison good to ~6 digits relative."""
    with mpmath.workdps(dps + 20):
        value = saddle_changes(pt, mpmath.mpf(10) ** -6, transverse_only=True)[0]
        return Estimate(value, float(abs(value) * 2e-6))


def cubic_of(expr):
    f = mp_function((b, k, eps), expr)
    return lambda pt: f(norm(pt["w_star"]), pt["k"], mpmath.mpf(10) ** -6 * saddle_radius(pt))


register(Claim("BG17-X3", "catalogue (derived); the saddle is not a minimum", "DER",
               "Third-order descent across the saddle −a_k w*",
    statement=(r"\ell(w_s+\varepsilon e_\perp)-\ell(w_s)=-\frac{\|w^*\|r_0}{3\pi k}\Big(\frac{\varepsilon}{r_0}\Big)^3"
               r"+O(\varepsilon^4),\quad w_s=-a_kw^*,\ r_0=a_k\|w^*\|"),
    domain=TEACHERS_K2, assumptions=(r"e_\perp\perp w^*,\ \|e_\perp\|=1", r"\varepsilon>0"),
    uses=("BG17-Eq8", "BG17-X2"),
    routes=R.with_controls(printed_cubic(), (
        R.Symbolic(cubic_transverse_term, "symbolic: series of the derived risk to ε³ = printed", {k: (2, 40)}),
        R.Agreement(_transverse_increment, TEACHERS_K2.sample(6, boundary=False),
                    "increment at ε = 1e-6 r0 (40 digits)", Kind.FINITE_DIFFERENCE, 5, lambda pt: 0.0)),
        {"+ for −": printed_cubic(+1)}, evaluate=cubic_of),
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
    eq = (c1 * rho + c2 * b).subs({theta: 0, a: rho}) if at == 0 else c1.subs({theta: sp.pi, a: rho})
    return sp.Matrix(sorted(sp.solve(sp.simplify(eq), rho), key=sp.default_sort_key))


def risk_positive_away_from(target_of_pt):
    def predicate(pt):
        with mpmath.workdps(40):
            ws, kk = pt["w_star"], pt["k"]
            target = target_of_pt(pt)
            gap = no_overlap_risk_value(pt["w"], ws, kk) - no_overlap_risk_value(target, ws, kk)
            same = max(abs(mpmath.mpf(x) - mpmath.mpf(y)) for x, y in zip(pt["w"], target)) == 0
            return same or gap > 0, float(max(-gap, 0)), f"l(w) - l(target) = {mpmath.nstr(gap, 8)}"
    return predicate


def near_critical_points(points, rng):
    """Next to the saddle, next to w*, next to 0, and w* itself, for the first four points."""
    out = []
    for pt in points[:4]:
        ws = pt["w_star"]
        e = rng.standard_normal(len(ws))
        e /= np.linalg.norm(e)
        out += [{**pt, "w": _saddle(pt) + 1e-3 * e}, {**pt, "w": ws * (1 + 1e-6)},
                {**pt, "w": 1e-6 * e}, {**pt, "w": np.array(ws)}]
    return out


AROUND = LANDSCAPE.restrict(w={"max_dim": 4, "nonzero": False})

register(Claim("BG17-P5.1.2b", "§5, Prop. 5.1(2b)", "SRC",
               "w* is the unique global minimum of the no-overlap risk",
    statement=r"\ell(w)\ge0=\ell(w^*)\ \text{and}\ \ell(w)=0\Rightarrow w=w^*",
    domain=AROUND, uses=("BG17-Eq8", "BG17-Eq14", "BG17-X1"),
    routes=(
        R.SymbolicRoute("symbolic: ℓ(w*) = 0", lambda: no_overlap_risk().subs({a: b, theta: 0}), 0),
        R.SymbolicRoute("symbolic: on the ray of w* the only critical radius is ‖w*‖",
                        lambda: critical_radii_on_ray(0), sp.Matrix([b])),
        R.NonnegativeRoute("symbolic: c2 = (π−θ)/(πk) > 0 off θ = π, so no critical point has θ ∈ (0, π)",
                           lambda: gradient_coefficients()[1], substitutions={theta: sp.pi - t_}),
        *R.on_settings("ℓ(w) > ℓ(w*) = 0 at w ≠ w* (near w*, 0 and the saddle too)", Kind.EVALUATION,
                       risk_positive_away_from(lambda pt: pt["w_star"]), AROUND.sample(25, also=near_critical_points),
                       {"the minimum at −a_k w*": risk_positive_away_from(_saddle)}, report=False),
    ),
))


# --- BG17-P5.1.2c: the degenerate saddle (erratum: needs m >= 2) -------------------------------
def has_descent_direction(pt):
    """Some unit direction e (+-w*/|w*|, and +-e_perp if m >= 2) has l(w_s + delta e) < l(w_s),
    delta = 1e-3 r0, at w_s = -a_k w* (40 digits): w_s is then not a local minimum."""
    with mpmath.workdps(40):
        changes = saddle_changes(pt, mpmath.mpf(10) ** -3)
        change = min(changes)
        return change < 0, float(max(change, 0)), f"smallest change {mpmath.nstr(change, 6)} over {len(changes)} directions"


def gradient_vanishes_at(scale_fn):
    @R.defects_at_most(1e-30)
    def defects(pt):
        ws, kk = pt["w_star"], pt["k"]
        est = fd_gradient(risk_of(ws, kk), [-scale_fn(mpmath.mpf(kk)) * x for x in mp_vector(ws)], dps=40)
        return {"|∇ℓ|/|w*|": max(abs(x) for x in est.value) / norm(ws)}
    return defects


def mp_wrong_saddle_scale(kk):
    return (kk**2 - kk) / (kk**2 + mpmath.pi * kk)


SADDLES = TEACHERS_K2.restrict(w_star={"min_dim": 1})


def saddles(min_dim, max_dim, count, k_max=10):
    """Points of SADDLES with the filter size in [min_dim, max_dim]."""
    return SADDLES.restrict(w_star={"min_dim": min_dim, "max_dim": max_dim},
                            k={"draw_max": k_max}).sample(count, boundary=False)


register(Claim("BG17-P5.1.2c", "§5, Prop. 5.1(2c)", "SRC",
               "For k > 1, −a_k w* is a degenerate saddle (needs m ≥ 2)",
    statement=r"k>1:\ w=-\frac{k^2-k}{k^2+(\pi-1)k}\,w^* \text{ is a degenerate saddle point}",
    domain=SADDLES, assumptions=(r"m\ge2\ (\text{not stated in the paper})",),
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
        *R.on_settings("∇ℓ(−a_k w*) = 0 by finite differences", Kind.FINITE_DIFFERENCE,
                       gradient_vanishes_at(mp_saddle_scale), saddles(1, 5, 6),
                       {"the point −(k²−k)/(k²+πk) w*": gradient_vanishes_at(mp_wrong_saddle_scale)}, report=False),
        R.PredicateRoute("a descent direction exists at −a_k w* (m ≥ 2)", Kind.EVALUATION,
                         has_descent_direction, saddles(2, 6, 12)),
        R.PredicateRoute("printed form at m = 1: a descent direction exists", Kind.EVALUATION,
                         has_descent_direction, saddles(1, 1, 6), role=Role.PRINTED),
    ),
    expressions=(Expression("saddle scale", r"a_k", saddle_scale, {}),),
))


# --- BG17-X4: special values ---------------------------------------------------------------
def printed_x4(zero_factor=None):
    gm = gamma() if zero_factor is None else zero_factor
    return (gm * b**2 / k**2, (gamma() ** 2 - beta() ** 2) * b**2 / (gamma() * k**2))


def derived_x4():
    L = no_overlap_risk()
    return sp.Matrix([L.subs(a, 0), L.subs({a: saddle_scale() * b, theta: sp.pi})])


def _eq8_at_zero_and_saddle(pt, dps):
    """Eq. 8 evaluated numerically (independent of the symbolic substitution) at 0 and at −a_k w*."""
    ws, kk = pt["w_star"], pt["k"]
    values = [no_overlap_risk_value(w, ws, kk) for w in ([0.0] * len(ws), [-mp_saddle_scale(kk) * x for x in mp_vector(ws)])]
    return Estimate(values, float(norm(ws)) ** 2 * 10.0 ** (3 - dps))  # |ℓ| ≤ ‖w*‖², a few units of rounding


def _x4_monte_carlo(pt, n, rng):
    ws, kk = np.asarray(pt["w_star"]), pt["k"]
    zero = network_risk_monte_carlo(block_matrix(np.zeros_like(ws), kk), block_matrix(ws, kk), n, rng)
    saddle = network_risk_monte_carlo(block_matrix(_saddle(pt), kk), block_matrix(ws, kk), n, rng)
    return MonteCarloEstimate(np.array([zero.mean, saddle.mean]), np.array([zero.stderr, saddle.stderr]), n)


register(Claim("BG17-X4", "catalogue (derived); risk at 0 and at the saddle", "DER",
               "ℓ(0) = γ‖w*‖²/k² and ℓ(−a_k w*) = (γ²−β²)‖w*‖²/(γk²)",
    statement=r"\ell(0)=\frac{\gamma\|w^*\|^2}{k^2},\quad \ell(-a_kw^*)=\frac{(\gamma^2-\beta^2)\|w^*\|^2}{\gamma k^2}",
    domain=TEACHERS.restrict(w_star={"min_dim": 1}), uses=("BG17-Eq8",),
    routes=R.with_controls(printed_x4(), (
        R.Symbolic(derived_x4, "symbolic: the derived risk at 0 and at −a_k w*", {k: (2, 40)}, sp.Matrix),
        R.Agreement(_eq8_at_zero_and_saddle, 6, "Eq. 8 at the working precision at 0 and at −a_k w*",
                    Kind.EVALUATION, 25, lambda pt: float(np.dot(pt["w_star"], pt["w_star"]))),
        R.MonteCarlo(_x4_monte_carlo, saddles(1, 3, 3, k_max=5), "monte-carlo of the network at 0 and at −a_k w*")),
        {"β for γ in ℓ(0)": printed_x4(beta())}, evaluate=evaluator_at(TO_W)),
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


def near_teacher(points, rng):
    """Three points within 1e-4 of w* with k = 1, where the bound ½ is nearly attained."""
    out = []
    for pt in points[:3]:
        e = rng.standard_normal(len(pt["w_star"]))
        out.append({**pt, "w": np.asarray(pt["w_star"]) + 1e-4 * e / np.linalg.norm(e), "k": 1})
    return out


def _ratio_routes(bound, wrong, label):
    return R.on_settings(f"ℓ(w)/‖w − w*‖² ≤ {label} at points (near w* with k = 1 too)", Kind.EVALUATION,
                         risk_ratio_at_most(bound), AROUND.sample(35, also=near_teacher),
                         {f"{wrong[1]} for {label}": risk_ratio_at_most(wrong[0])}, report=False)


register(Claim("BG17-X5", "catalogue (derived); sharper form of the §5 risk bound", "DER",
               "ℓ(w) ≤ ½‖w − w*‖² for every k, m",
    statement=r"\ell(w)\le\tfrac12\|w-w^*\|^2", domain=AROUND, uses=("BG17-Eq8",),
    routes=(
        *(R.NonnegativeRoute(f"symbolic: pointwise (σ(x)−σ(y))² + (σ(−x)−σ(−y))² ≤ (x−y)², {case}",
                             rhs - lhs_) for case, (rhs, lhs_) in POINTWISE_CASES.items()),
        *_ratio_routes(lambda pt: mpmath.mpf(1) / 2, (lambda pt: mpmath.mpf(1) / 4, "¼"), "½"),
    ),
))

register(Claim("BG17-S5-risk", "§5, proof sketch of Thm. 5.2", "SRC", "ℓ(w) ≤ d‖w − w*‖²",
    statement=r"\ell(w)\le d\,\|w-w^*\|^2,\quad d=km", domain=AROUND, assumptions=(r"d=km\ge1",),
    uses=("BG17-X5",),
    routes=(
        R.NonnegativeRoute("symbolic: d − ½ ≥ 0 for d = km ≥ 1 (then BG17-X5)",
                           sp.Symbol("d_minus_1", nonnegative=True) + sp.Rational(1, 2)),
        *_ratio_routes(lambda pt: mpmath.mpf(pt["k"] * len(pt["w_star"])),
                       (lambda pt: 1 / mpmath.mpf(4 * pt["k"] * len(pt["w_star"])), "1/(4d)"), "d"),
    ),
))


# --- BG17-X6: m = 1, the "saddle" is a strict local minimum that attracts GD -------------------
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


M1 = Domain(Vector("w_star", nonzero=True, size=1, norms=(0.3, 3)), Integer("k", min_value=2, draw_max=8),
            Real("w0", 0, math.inf, open_lo=True, special=(0.01, 0.5, 1.0, 3.0), draw_range=(0.01, 3.0)),
            assumptions=(r"w_0 = -|w_0|\,\hat w^*",))


def limit_of(scale_fn):
    return lambda pt: [-scale_fn(mpmath.mpf(pt["k"])) * mpmath.mpf(pt["w_star"][0])]


register(Claim("BG17-X6", "catalogue (derived); the edge case m = 1", "DER",
               "For m = 1, k ≥ 2, −a_k w* is a strict spurious local minimum that attracts GD from w_0 < 0",
    statement=r"m=1,\ k\ge2:\ -a_kw^* \text{ is a strict local minimum, and GD from } w_0w^*<0 \text{ converges to it}",
    domain=M1, assumptions=(r"\lambda=\tfrac12",), uses=("BG17-Eq15", "BG17-X2"),
    routes=(
        R.SymbolicRoute("symbolic: 1-D curvature at −a_k w* is (k+π−1)/(πk) > 0 (BG17-X2, radial)",
                        lambda: parallel_hessian(sp.pi)[0], RADIAL),
        R.PredicateRoute("ℓ(w_s ± 1e-3 r0) > ℓ(w_s) (40 digits)", Kind.EVALUATION, R.negation(has_descent_direction), 8),
        *R.with_controls(limit_of(mp_saddle_scale), (
            R.Agreement(gd_limit_m1, 4, "gradient descent (λ = ½) from w_0 w* < 0 ends at −a_k w*",
                        Kind.SIMULATION, 20, lambda pt: float(abs(pt["w_star"][0]))),),
            {"ends at −(k²−k)/(k²+πk) w*": limit_of(mp_wrong_saddle_scale)}),
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


def init_probability(pt):
    with mpmath.workdps(30):
        return angle_cdf_value(pt["m"], (1 - mpmath.mpf(pt["delta"])) * mpmath.pi)


def init_probability_at_least(pt):
    prob = init_probability(pt)
    with mpmath.workdps(30):
        gap = prob - (1 - mpmath.mpf(pt["delta"]))
    return gap >= -mpmath.mpf(10) ** -25, float(max(-gap, 0)), f"P = {mpmath.nstr(prob, 10)}, 1 - δ = {1 - pt['delta']}"


def _init_monte_carlo(pt, n, rng):
    def inside(z):  # z ~ N(0, I_m): theta <= (1-delta) pi iff cos theta >= cos((1-delta) pi)
        cos_theta = z[0] / np.sqrt((z**2).sum(axis=0))
        return (cos_theta >= math.cos((1 - pt["delta"]) * math.pi)).astype(float)
    return gaussian_monte_carlo(inside, np.eye(pt["m"]), n=n, rng=rng)


INIT = Domain(Integer("m", min_value=2, draw_max=40), Real("delta", 0, 1, open_lo=True, open_hi=True,
                                                          latex=r"\delta"))


def starts(lo, hi, count=30):
    return INIT.restrict(m={"min_value": 3}, delta={"lo": lo, "hi": hi, "open_lo": False,
                                                      "open_hi": False}).sample(count, boundary=False)


register(Claim("BG17-S5-init", "§5, proof sketch of Thm. 5.2", "SRC",
               "A uniform start has θ_0 ≤ (1 − δ)π with probability 1 − δ (exact only for m = 2)",
    statement=r"w_0\sim\mathrm{Unif}(\mathbb S^{m-1}):\ \Pr[\theta_{w_0,w^*}\le(1-\delta)\pi]=1-\delta",
    domain=INIT,
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
        R.PredicateRoute("quadrature: P ≥ 1 − δ for m = 3..40, δ ≤ ½", Kind.QUADRATURE,
                         init_probability_at_least, starts(0.01, 0.5)),
        R.MonteCarloRoute("monte-carlo of uniform starts = the angle CDF", init_probability, _init_monte_carlo,
                          lambda rng: [{"m": 2, "delta": 0.3}, {"m": 3, "delta": 0.25}, {"m": 10, "delta": 0.4}]),
        R.SymbolicRoute("printed form at m = 3: P = 1 − δ", lambda: angle_cdf(3).subs(x_, (1 - delta) * sp.pi),
                        1 - delta, domain={delta: (0, 1)}, role=Role.PRINTED),
        R.PredicateRoute("printed form for δ > ½, m ≥ 3: P ≥ 1 − δ", Kind.QUADRATURE, init_probability_at_least,
                         starts(0.51, 0.99), role=Role.PRINTED),
        R.SymbolicRoute("control (1 − δ/2 at m = 2): symbolic",
                        lambda: angle_cdf(2).subs(x_, (1 - delta) * sp.pi), 1 - delta / 2,
                        domain={delta: (0, 1)}, role=Role.CONTROL),
    ),
    expressions=(Expression("m = 3", r"\Pr[\theta_0\le x]\big|_{m=3}", lambda: angle_cdf(3),
                            {x_: "x"}),),
))

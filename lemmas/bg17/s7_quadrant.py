r"""BG17 §7.1 — the fourth quadrant: Props. 7.1–7.2, Thm. 7.3, the k = 1 case and Fig. 4.

Main statements
---------------
* ``BG17-P7.2``  ℓ ≥ (2h+1)/(k²(2h+2))‖w*‖² on Q4, attained at w̃ = −h/(h+1) w*.
* ``BG17-P7.1``  Q4 is invariant under gradient descent for λ ∈ (0, 1/3).
* ``BG17-T7.3``  gradient descent from a Gaussian start gets stuck at w̃ with probability ≥ 1/4.
* ``BG17-X7``    for k = 1 both propositions fail; ``BG17-X8`` w̃ is a strict local minimum.
* ``BG17-F4``    Fig. 4: the risk for w* = [−1, 1], k = 4, d = 5.

Notation
--------
As in :mod:`lemmas.bg17.s7`: Q4 = {w₁ > 0, w₂ < 0}, w = r(cos φ, −sin φ), t = 2φ/π.

Implementation notes
--------------------
Props. 7.1 and 7.2 are certified for k = 2..1000 on compactified boxes (the reductions are in the
obligations' text); the grids and simulations are independent float64 checks.

References
----------
Catalogue ``shared/claims/brutzkus-globerson-2017.md``: §7 entries, D15, X7, X8.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s7 import (K_WS, descend, eq16_corrected, eq7_estimate, eq7_risk_mp, h_of_k, h_value, k,
                            overlap_gradient, overlap_risk, q4_bound, q4_profile, r_, ray_identity, s_,
                            stuck_point, teacher, w1, w2, ws)
from lemmas.common.kernels import angle_kernel
from verify import routes as R
from verify.figures import Landscape
from verify.domain import Domain, Integer, Real, Vector
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.tolerances import wilson_interval

# --- BG17-P7.2 ---------------------------------------------------------------------------------
def q4_minimum(pt):
    """min over Q4 of ℓ/‖w*‖², by exact minimisation over the radius on 20 001 angles: equals
    (2h+1)/(k²(2h+2)) (to 1e-11), at φ = π/4 and radius h/(h+1)‖w*‖; F(φ) >= 0 everywhere."""
    kk, root = pt["k"], pt.get("root", 3)
    phi, F, radius = q4_profile(kk, n=20001 if kk <= 40 else 2001, root=root)
    i = int(np.argmin(F))
    h = h_value(kk, 3)
    # float64: k²ℓ sums 2k − 1 lags of up to k pairs each, so its rounding error is about
    # 2k²·eps; F = R − Q²/(4P) loses a few more units: tolerance 50 k² eps
    tol = 50 * kk**2 * np.finfo(float).eps
    at_diagonal = abs(phi[i] - math.pi / 4) <= phi[1] - phi[0]
    ok = F.min() >= -tol and abs(F[i]) <= tol and at_diagonal and abs(radius[i] - h / (h + 1)) < 1e-6
    return ok, float(max(-F.min(), abs(F[i]))), (f"k = {kk}: min F = {F.min():.2e} (tolerance "
                                                 f"{tol:.1e}) at φ = {phi[i]:.6f} "
                                                 f"(π/4 = {math.pi / 4:.6f}), radius {radius[i]:.8f}, "
                                                 f"h/(h+1) = {h / (h + 1):.8f}")


def _bound_at_random_q4_points(pt):
    rng = np.random.default_rng([pt["k"], int(pt["w_star"] * 2**32)])  # seeded by the point
    n = 20000
    phi = rng.uniform(0, math.pi / 2, n)
    r = np.exp(rng.uniform(math.log(1e-3), math.log(1e2), n))
    W = r[:, None] * np.stack([np.cos(phi), -np.sin(phi)], axis=1)
    L = overlap_risk(W, teacher(pt["w_star"]), 1, pt["k"])
    bound = q4_bound(pt["k"], pt["w_star"])
    worst = float(np.min(L - bound))
    return worst >= -1e-12 * bound, max(-worst, 0.0), f"min ℓ − bound = {worst:.3e} over {n} points"


# Certified route of P7.2. With w = r(cos φ, −sin φ), φ = πt/2, ‖w*‖ = 1 (homogeneity):
# k²ℓ = P(t) r² − Q(t) r + R, from the corrected Eq. 16 term by term: g(w, w*) = r H(θ1)/(2π) with
# θ1 = 3π/4 + φ on [0, π/4]; g(w_r, w_l) = r² H(θ2)/(2π), cos θ2 = −sin 2φ/2; g(w_l, w*_r),
# g(w_r, w*_l) with cos θ3 = cos φ/√2, cos θ4 = sin φ/√2; g(w*_r, w*_l) = H(2π/3)/(2π).
t_ = sp.Symbol("t", nonnegative=True)
K_P72 = 1000
T_SPLIT = sp.Rational(7, 16)


def _H_of_cos(x):
    """H(acos x) = √(1 − x²) + (π − acos x) x."""
    return angle_kernel(sp.acos(x))


def ray_pqr(theta1_form="linear"):
    """(P, Q, R) in t ∈ [0, 1/2] (``linear``: θ1 = 3π/4 + πt/2) or t ∈ [0, 1] (``acos``)."""
    phi_ = sp.pi * t_ / 2
    A = k / 2 + (k**2 - 3 * k + 2) / (2 * sp.pi)
    h1 = angle_kernel(3 * sp.pi / 4 + phi_) if theta1_form == "linear" else _H_of_cos(
        -(sp.cos(phi_) + sp.sin(phi_)) / sp.sqrt(2))
    P_ = A + (k - 1) * _H_of_cos(-sp.sin(2 * phi_) / 2) / sp.pi
    Q_ = (k * h1 / sp.pi + (k - 1) * (_H_of_cos(sp.cos(phi_) / sp.sqrt(2))
                                      + _H_of_cos(sp.sin(phi_) / sp.sqrt(2))) / sp.pi
          + (k**2 - 3 * k + 2) / sp.pi)
    R_ = A + (k - 1) * angle_kernel(2 * sp.pi / 3) / sp.pi
    return P_, Q_, R_


def q4_gap(theta1_form="linear", extra=0):
    """G = 4P(R − c) − Q², c = (2h+1)/(2h+2) (+ extra, for a control): min_r k²ℓ ≥ c iff G ≥ 0."""
    P_, Q_, R_ = ray_pqr(theta1_form)
    c_ = (2 * h_of_k() + 1) / (2 * h_of_k() + 2) + extra
    return 4 * P_ * (R_ - c_) - Q_**2


P72_REDUCTION = (
    "Homogeneity: ℓ(w)/‖w*‖² depends on r = ‖w‖/‖w*‖ and the angle φ of w in Q4; k²ℓ = P r² − Q r + R "
    "with P ≥ A > 0 and Q ≥ 0 (every H ≥ 0, BG17-L3.1), so min_r k²ℓ = R − Q²/(4P) ≥ c = (2h+1)/(2h+2) "
    "iff G = 4P(R − c) − Q² ≥ 0. G(t) = G(1 − t) (symbolic route), so t = 2φ/π ∈ [0, 1/2] suffices. "
    "G(1/2) = G'(1/2) = 0 exactly (symbolic route); G ≥ 0 is certified on [0, 7/16] and G'' ≥ 0 on "
    "[7/16, 1/2], so by Taylor's theorem at 1/2, G ≥ 0 there too. k ∈ [2, 1000] (real relaxation).")


def p72_obligations(extra=0):
    gap = q4_gap(extra=extra)
    box = (Bound(k, 2, K_P72, integer=True),)
    if extra:  # the control: a bound raised by `extra` must fail next to the minimiser
        return [Obligation("G >= 0 near t = 1/2 (raised bound)", gap,
                           (Bound(t_, T_SPLIT, sp.Rational(1, 2)), Bound(k, 2, 10, integer=True)))]
    return [Obligation("G >= 0, t in [0, 7/16]", gap, (Bound(t_, 0, T_SPLIT), *box), reduction=P72_REDUCTION),
            Obligation("G'' >= 0, t in [7/16, 1/2]", sp.diff(gap, t_, 2),
                       (Bound(t_, T_SPLIT, sp.Rational(1, 2)), *box), reduction=P72_REDUCTION)]


# points of Q4 in polar form (t = 2φ/π, radius r or ρ, ‖w*‖ = 1), for the P, Q, R routes
RAYS = Domain(Real("t", 0, 1), Real("r", 0.01, 10, log=True), Integer("k", 2, draw_max=29))
POLAR = Domain(Real("rho", 0.01, 10, log=True), Real("t", 0.01, 0.49), Integer("k", 2, draw_max=11))


def _pqr_candidate(pt):
    P_, Q_, R_ = _pqr_at(pt["t"], pt["k"])
    r = mpmath.mpf(pt["r"])
    return P_ * r**2 - Q_ * r + R_


_pqr_at = mp_function((t_, k), lambda: list(ray_pqr("acos")))  # derived on first use


def _polar(t, radius):
    """w = radius (cos φ, −sin φ) with φ = πt/2, and the teacher (−1, 1)/√2, at the working precision."""
    phi_ = mpmath.pi * mpmath.mpf(t) / 2
    return [radius * mpmath.cos(phi_), -radius * mpmath.sin(phi_)], [-1 / mpmath.sqrt(2), 1 / mpmath.sqrt(2)]


def _pqr_reference(pt, dps):
    with mpmath.workdps(dps):
        w, star = _polar(pt["t"], pt["r"])
    est = eq7_estimate(w, star, 1, pt["k"], dps)
    return Estimate(pt["k"] ** 2 * est.value, pt["k"] ** 2 * est.error)


register(Claim("BG17-P7.2", "§7.1, Prop. 7.2", "SRC*",
               "Lower bound on the risk in the fourth quadrant, attained at w̃ = −h/(h+1) w*",
    uses=("BG17-Eq16", "BG17-X9"), cost=70,  # seconds on one core (bench/bench_check.py)
    domain=K_WS,
    statement=(r"w\in Q_4:\ \ell(w)\ge\frac{2h(k)+1}{k^2(2h(k)+2)}\|w^*\|^2,\ \text{equality at }"
               r"\tilde w=-\tfrac{h(k)}{h(k)+1}w^*,\ h(k)=\tfrac{k^2-3k+2}{\pi}+\tfrac{\sqrt3(k-1)}{\pi}+"
               r"\tfrac{2(k-1)}3"),
    assumptions=(r"k\ge2\ (\text{BG17-X7: false for }k=1)", r"m=2,\ \text{stride }1"),
    routes=(
        R.SymbolicRoute("symbolic: min over r of (h+1)/2 (r²+s²) − h r s is (2h+1)/(2h+2) s², at r = h s/(h+1)",
                        lambda: sp.Matrix([sp.simplify(ray_identity().subs(r_, h_of_k() * s_ / (h_of_k() + 1))),
                                           sp.solve(sp.diff(ray_identity(), r_), r_)[0]]),
                        lambda: sp.Matrix([(2 * h_of_k() + 1) / (2 * h_of_k() + 2) * s_**2,
                                           h_of_k() * s_ / (h_of_k() + 1)])),
        *R.on_settings("minimum over Q4 by exact radial minimisation on 20 001 angles", Kind.EVALUATION,
                       q4_minimum, [{"k": kk} for kk in (2, 3, 4, 10, 50, 1000)],
                       {"√2 for √3 in h": [{"k": kk, "root": 2} for kk in (2, 4)]}),
        *R.on_settings("ℓ ≥ bound at 20 000 random points of Q4 (vectorised Eq. 7)", Kind.EVALUATION,
                       _bound_at_random_q4_points, K_WS.restrict(k={"draw_max": 40}, w_star={"draw_range": (0.1, 10)})
                       .sample(4, boundary=False), {"k = 1, BG17-X7": [{"k": 1, "w_star": 1.0}]}, report=False),
        R.AgreementRoute("k²ℓ = P r² − Q r + R against the 30-digit Eq. 7 sum", Kind.EVALUATION,
                         _pqr_candidate, _pqr_reference, RAYS.sample(8, boundary=False), digits=25,
                         scale=lambda pt: pt["k"] ** 2 * (pt["r"] ** 2 + 1)),
        R.SymbolicRoute("symbolic: G(1/2) = 0, G'(1/2) = 0, G(t) = G(1 − t) (t = 2φ/π)",
                        lambda: sp.Matrix([sp.simplify(q4_gap().subs(t_, sp.Rational(1, 2))),
                                           sp.simplify(sp.diff(q4_gap(), t_).subs(t_, sp.Rational(1, 2))),
                                           sp.simplify(q4_gap("acos") - q4_gap("acos").subs(t_, 1 - t_))]),
                        sp.zeros(3, 1)),
        R.CertifiedRoute(f"certified: G ≥ 0 on [0, 7/16], G'' ≥ 0 on [7/16, 1/2], k = 2..{K_P72} (arb)",
                         p72_obligations),
        R.CertifiedRoute("control (bound raised by 1e-3): certified", lambda: p72_obligations(sp.Rational(1, 1000)),
                         role=Role.CONTROL),
    ),
    expressions=(Expression("bound", r"\min_{Q_4}\ell/\|w^*\|^2",
                            lambda: (2 * h_of_k() + 1) / (k**2 * (2 * h_of_k() + 2))),),
))


# --- gradient descent on the §7.1 network ------------------------------------------------------
def first_exit_lambda(W, w_star_vec, kk):
    """For points of the open Q4: the smallest λ at which w − λ∇ℓ leaves Q4 (inf if none)."""
    G = overlap_gradient(W, w_star_vec, 1, kk)
    with np.errstate(divide="ignore", invalid="ignore"):
        l1 = np.where(G[:, 0] > 0, W[:, 0] / G[:, 0], np.inf)      # w1 − λ g1 reaches 0
        l2 = np.where(G[:, 1] < 0, W[:, 1] / G[:, 1], np.inf)      # w2 − λ g2 reaches 0
    return np.minimum(l1, l2)


def largest_safe_lambda(kk: int, w_star_scalar: float = 1.0, n: int = 400) -> float:
    """The least exit step size over a grid of the open Q4 (empirical): n angles in (0, π/2), ends
    excluded, times n radii log-spaced in [1e-4, 1e3] w*."""
    P, Rr = np.meshgrid((np.arange(n) + 0.5) / n * (math.pi / 2), np.geomspace(1e-4, 1e3, n) * w_star_scalar)
    W = np.stack([Rr.ravel() * np.cos(P.ravel()), -Rr.ravel() * np.sin(P.ravel())], axis=1)
    return float(first_exit_lambda(W, teacher(w_star_scalar), kk).min())


def q4_invariance(pt):
    """w − λ∇ℓ stays in the open Q4 for λ < 1/3, at every point of the grid (k, w*)."""
    kk, ws_ = pt["k"], pt["w_star"]
    lam_max = largest_safe_lambda(kk, ws_)
    return lam_max > pt["lam"], max(pt["lam"] - lam_max, 0.0), (
        f"k = {kk}, w* = {ws_:.3g}: largest safe λ on the grid {lam_max:.4f} (claimed ≥ {pt['lam']:.4f})")


INVARIANCE_SETTINGS = [{"k": kk, "w_star": ws_, "lam": 1 / 3} for kk, ws_ in
                       ((2, 1.0), (3, 1.0), (4, 1.0), (10, 1.0), (30, 1.0), (2, 0.01), (5, 100.0))]


# Certified route of P7.1. In polar form w = r(cos φ, −sin φ), ‖w*‖ = 1, ρ = r: with
# k²ℓ = P ρ² − Q ρ + R, k²∂_rℓ = 2Pρ − Q and k²(1/r)∂_φℓ = P'ρ − Q' (' = d/dφ), and
# ∂₁ℓ = ∂_rℓ cos φ − (1/r)∂_φℓ sin φ, ∂₂ℓ = −∂_rℓ sin φ − (1/r)∂_φℓ cos φ.
q_ = sp.Symbol("q", nonnegative=True)
K_P71 = 1000
P71_REDUCTION = (
    "w₁ − λ∂₁ℓ and −(w₂ − λ∂₂ℓ) are linear in λ and > 0 at λ = 0 inside Q4, so they stay > 0 on "
    "(0, 1/3) if they are ≥ 0 at λ = 1/3. By homogeneity set ‖w*‖ = 1 and ρ = ‖w‖ = q/(1 − q), "
    "q ∈ [0, 1) (multiplied by k²(1 − q) > 0); φ = πt/2 with θ(w, w*) = 3π/4 + φ on t ≤ 1/2 and, "
    "as P(t) = P(1 − t), Q(t) = Q(1 − t) (BG17-P7.2's symbolic route), the mirrored pieces on t ≥ 1/2. "
    "The gradient from P, Q is checked against finite differences of the 30-digit Eq. 7 sum. "
    f"k ∈ [2, {K_P71}] (real relaxation).")


def _step_conditions(lam_=sp.Rational(1, 3), piece="lower"):
    P_, Q_, _ = ray_pqr("linear")
    if piece == "upper":
        P_, Q_ = P_.subs(t_, 1 - t_), Q_.subs(t_, 1 - t_)
    phi_ = sp.pi * t_ / 2
    dP, dQ = (sp.diff(e, t_) * 2 / sp.pi for e in (P_, Q_))
    radial = 2 * P_ * q_ - Q_ * (1 - q_)        # k²(1 − q)∂_rℓ
    angular = dP * q_ - dQ * (1 - q_)            # k²(1 − q)(1/r)∂_φℓ
    first = k**2 * q_ * sp.cos(phi_) - lam_ * (radial * sp.cos(phi_) - angular * sp.sin(phi_))
    second = k**2 * q_ * sp.sin(phi_) + lam_ * (-radial * sp.sin(phi_) - angular * sp.cos(phi_))
    return first, second


def p71_obligations(lam_=sp.Rational(1, 3), k_hi=K_P71):
    out = []
    for piece, (lo, hi) in (("lower", (0, sp.Rational(1, 2))), ("upper", (sp.Rational(1, 2), 1))):
        first, second = _step_conditions(lam_, piece)
        box = (Bound(q_, 0, 1), Bound(t_, lo, hi), Bound(k, 2, k_hi, integer=True))
        out += [Obligation(f"w1 - λ∂1ℓ >= 0, t in [{lo}, {hi}]", first, box, reduction=P71_REDUCTION),
                Obligation(f"λ∂2ℓ - w2 >= 0, t in [{lo}, {hi}]", second, box, reduction=P71_REDUCTION)]
    return out


def _polar_gradient(pt):
    """∇ℓ from P, Q (the certified route's formula) at w = ρ(cos φ, −sin φ), ‖w*‖ = 1."""
    f1, f2 = (mp_function((q_, t_, k), e) for e in _step_conditions(1, "lower"))
    rho, tt, kk = mpmath.mpf(pt["rho"]), mpmath.mpf(pt["t"]), pt["k"]
    qq = rho / (1 + rho)
    phi_ = mpmath.pi * tt / 2
    # first = k²q cos φ − k²(1 − q)∂₁ℓ (λ = 1), second = k²q sin φ − k²(1 − q)(−∂₂ℓ)... solve back
    g1 = (kk**2 * qq * mpmath.cos(phi_) - f1(qq, tt, kk)) / (kk**2 * (1 - qq))
    g2 = -(kk**2 * qq * mpmath.sin(phi_) - f2(qq, tt, kk)) / (kk**2 * (1 - qq))
    return [g1, g2]


def _fd_polar_gradient(pt, dps):
    from verify.finitediff import gradient as fd_gradient

    with mpmath.workdps(dps + 10):
        w, star = _polar(pt["t"], mpmath.mpf(pt["rho"]))
    return fd_gradient(lambda v: eq7_risk_mp(v, star, 1, pt["k"]), w, dps=dps)


register(Claim("BG17-P7.1", "§7.1, Prop. 7.1", "SRC",
               "The open fourth quadrant is invariant under gradient descent for λ ∈ (0, 1/3)",
    statement=r"\lambda\in(0,\tfrac13),\ w_t\in Q_4\ \Rightarrow\ w_{t+1}=w_t-\lambda\nabla\ell(w_t)\in Q_4",
    domain=(Vector("w", size=2, nonzero=True), Real("w_star", 0, math.inf, open_lo=True),
               Integer("k", 2), Real("lam", 0, 1 / 3, open_lo=True, open_hi=True)),
    assumptions=(r"k\ge2\ (\text{BG17-X7})", r"Q_4=\{w_1>0,\ w_2<0\}", r"m=2,\ \text{stride }1"),
    uses=("BG17-Eq16", "BG17-L3.2"),
    routes=(
        *R.on_settings("largest safe λ over a 400 × 400 grid of Q4 (r/w* ∈ [1e-4, 1e3]) exceeds 1/3",
                       Kind.EVALUATION, q4_invariance, INVARIANCE_SETTINGS,
                       {"k = 1, BG17-X7": {"k": 1, "w_star": 1.0, "lam": 1 / 3},
                        "λ up to 2 for k = 2": {"k": 2, "w_star": 1.0, "lam": 2.0}}),
        R.AgreementRoute("gradient from P, Q against finite differences of the Eq. 7 sum",
                         Kind.FINITE_DIFFERENCE, _polar_gradient, _fd_polar_gradient,
                         POLAR.sample(6, boundary=False), digits=20,
                         scale=lambda pt: 1 + pt["rho"]),
        R.CertifiedRoute(f"certified: both step conditions at λ = 1/3 on the compactified Q4, "
                         f"k = 2..{K_P71} (arb)", p71_obligations),
        R.CertifiedRoute("control (λ = 2): certified", lambda: p71_obligations(2, 10)[:1],
                         role=Role.CONTROL),
    ),
    expressions=(Expression("first gradient component", r"\partial\ell/\partial w_1",
                            lambda: sp.diff(eq16_corrected() / k**2, w1),
                            {w1: "w_{1}", w2: "w_{2}", ws: "w^*"}),),
))


# --- BG17-T7.3 and BG17-S7.1-opt ----------------------------------------------------------------
T73_LAMBDA, T73_STEPS = 0.3, 4000


def stuck_probability(kk: int, n: int, seed: int, lam: float = T73_LAMBDA, steps: int = T73_STEPS):
    """GD from w0 ~ N(0, I2), w* = 1: counts of runs ending at w̃, at w*, neither; and in Q4 at
    the start."""
    rng = np.random.default_rng(seed)
    W0 = rng.standard_normal((n, 2))
    W = descend(W0, teacher(1.0), 1, kk, lam, steps)
    at_stuck = np.linalg.norm(W - stuck_point(kk), axis=1) < 1e-4
    at_opt = np.linalg.norm(W - teacher(1.0), axis=1) < 1e-4
    in_q4 = (W0[:, 0] > 0) & (W0[:, 1] < 0)
    return {"stuck": int(at_stuck.sum()), "optimum": int(at_opt.sum()),
            "neither": int(n - at_stuck.sum() - at_opt.sum()), "n": n,
            "q4": int(in_q4.sum()), "q4_stuck": int((in_q4 & at_stuck).sum()),
            "interval": wilson_interval(int(at_stuck.sum()), n)}


def stuck_at_least(pt):
    out = stuck_probability(pt["k"], pt["n"], pt["seed"])
    lo, hi = out["interval"]
    ok = lo >= pt["p"] and out["neither"] == 0 and out["q4_stuck"] == out["q4"]
    return ok, max(pt["p"] - lo, 0.0), (
        f"k = {pt['k']}: stuck {out['stuck']}/{out['n']} (Wilson 99.9% [{lo:.3f}, {hi:.3f}]), "
        f"at w* {out['optimum']}, neither {out['neither']}; started in Q4 {out['q4']}, "
        f"of which stuck {out['q4_stuck']}")


register(Claim("BG17-T7.3", "§7.1, Thm. 7.3", "SRC",
               "With probability ≥ 1/4 gradient descent gets stuck at loss ≥ the P7.2 bound",
    statement=(r"\Pr\big[\text{GD from a random }w_0\text{ stays where }\ell\ge\tfrac{2h+1}{k^2(2h+2)}"
               r"\|w^*\|^2\big]\ge\tfrac14,\ \lambda\in(0,\tfrac13)"),
    assumptions=(r"k\ge2", r"w_0\sim\mathcal N(0,I_2)", r"\lambda=0.3,\ 4000\text{ steps}"),
    uses=("BG17-P7.1", "BG17-P7.2"),
    routes=(
        *R.on_settings("simulation: 2000 runs per k, stuck fraction's Wilson lower end ≥ 1/4",
                       Kind.SIMULATION, stuck_at_least,
                       [{"k": kk, "n": 2000, "seed": 7 + kk, "p": 0.25} for kk in (2, 3, 4, 10)],
                       {"probability ≥ 1/2 at k = 2": [{"k": 2, "n": 2000, "seed": 9, "p": 0.5}]}),
    ),
    expressions=(Expression("stuck value", r"\ell(\tilde w)/\|w^*\|^2",
                            lambda: (2 * h_of_k() + 1) / (k**2 * (2 * h_of_k() + 2))),),
))


# --- BG17-X7: k = 1 --------------------------------------------------------------------------------
def k1_counterexample(pt):
    """ℓ at a point of Q4 below (2h+1)/(k²(2h+2))‖w*‖² (Eq. 7 sum, 30 digits): the bound fails."""
    with mpmath.workdps(30):
        value = eq7_risk_mp(np.asarray(pt["w"]), teacher(1.0), 1, pt["k"])
    bound = q4_bound(pt["k"])
    return R.at_most(value, bound, f"k = {pt['k']}: ℓ({pt['w']}) = {mpmath.nstr(value, 8)}, bound {bound:.8f}", strict=True)


register(Claim("BG17-X7", "§7.1 (derived)", "DER", "For k = 1 Props. 7.1 and 7.2 fail: k ≥ 2 is needed",
    statement=(r"k=1:\ \ell((0.1,-0.001))=0.99842<\tfrac12\|w^*\|^2=1\ (w^*=(-1,1)),\ "
               r"\text{and } Q_4 \text{ is not invariant}"),
    assumptions=(r"k=1,\ m=2\ (d=2,\text{ no overlap})",),
    uses=("BG17-P7.1", "BG17-P7.2"),
    routes=(
        *R.on_settings("k = 1: a point of Q4 below the P7.2 bound (30-digit Eq. 7)", Kind.EVALUATION,
                       k1_counterexample, {"k": 1, "w": [0.1, -0.001]}, {"k = 2 at the same point": {"k": 2}}),
        R.PredicateRoute("k = 1: Q4 not invariant (largest safe λ on the grid < 1/3)", Kind.EVALUATION,
                         R.negation(q4_invariance),
                         lambda rng: [{"k": 1, "w_star": 1.0, "lam": 1 / 3}]),
    ),
))


# --- BG17-X8: the Hessian at w̃ ----------------------------------------------------------------
def hessian_at_stuck(pt):
    """At w̃: the vectorised gradient vanishes (below 1e-12), the finite-difference Hessian (30
    digits, Eq. 7 sum) is positive definite, and its radial eigenvalue (along w̃) equals (h + 1)/k²
    (w* = 1: ‖w*‖² = 2, so k²ℓ = (h+1)/2 r² + ... )."""
    from verify.finitediff import hessian as fd_hessian

    kk = pt["k"]
    point = stuck_point(kk)
    grad = float(np.abs(overlap_gradient(point, teacher(1.0), 1, kk)[0]).max())
    H = fd_hessian(lambda w: eq7_risk_mp(w, [-1, 1], 1, kk), point, dps=30).value
    Hf = np.array([[float(x) for x in row] for row in H])
    eig = np.linalg.eigvalsh(Hf)
    u = point / np.linalg.norm(point)
    radial = float(u @ Hf @ u)
    expected = (h_value(kk) + 1) / kk**2 * pt.get("scale", 1.0)
    ok = grad < 1e-12 and eig.min() > 0 and abs(radial - expected) < 1e-8
    return ok, abs(radial - expected), (f"k = {kk}: |∇ℓ|∞ = {grad:.1e}, eigenvalues {np.round(eig, 6).tolist()}, "
                                        f"radial {radial:.10f}, (h+1)/k² = {expected:.10f}")


STUCK = Domain(Integer("k", min_value=2, draw_max=12))

register(Claim("BG17-X8", "§7.1 (derived)", "DER",
               "w̃ is a strict local minimum: ∇ℓ = 0, positive definite Hessian, radial eigenvalue (h+1)/k²",
    statement=(r"\nabla\ell(\tilde w)=0,\ \nabla^2\ell(\tilde w)\succ0,\ "
               r"\hat{\tilde w}^\top\nabla^2\ell(\tilde w)\hat{\tilde w}=\tfrac{h(k)+1}{k^2}"),
    domain=STUCK, assumptions=(r"w^*=(-1,1)",),
    uses=("BG17-P7.2", "BG17-X9"),
    routes=(
        *R.on_settings("∇ℓ(w̃) = 0; finite-difference Hessian of the 30-digit Eq. 7 sum at w̃", Kind.FINITE_DIFFERENCE,
                       hessian_at_stuck, STUCK.sample(2),
                       {"radial eigenvalue (h+1)/(2k²)": [{"k": 2, "scale": 0.5}]}),
    ),
))


# --- BG17-F4 -----------------------------------------------------------------------------------
F4_K = 4
F4 = Landscape(lambda W: overlap_risk(W, teacher(1.0), 1, F4_K), 3.0,
               {"global min w*": (teacher(1.0), "*"), "local min w̃ (Q4)": (stuck_point(F4_K), "s"),
                "origin": (np.zeros(2), "^")}, n=601)


def draw_f4(path) -> None:
    """Write Fig. 4 (w* = [−1, 1], k = 4, d = 5) with the critical points marked."""
    F4.draw(path, axes_lines=True, digits=7, title="BG17 Fig. 4: overlapping filters, $k=4$, $d=5$, $w^*=[-1,1]$",
            colorbar=r"$\ell(w)$ (Eq. 7 with overlapping rows)")


def f4_features(pt):
    """The plotted grid: minimum 0 at w*, the Q4 minimum at w̃ with ℓ(w̃) = pt['stuck'] and
    ℓ(0) = pt['origin'] (the catalogue's 7 digits)."""
    (xs, L), values = F4.grid(), F4.values()
    X, Y = np.meshgrid(xs, xs)
    grid_q4 = float(L[(X > 0) & (Y < 0)].min())
    err = max(abs(values["local min w̃ (Q4)"] - pt["stuck"]), abs(values["origin"] - pt["origin"]),
              values["global min w*"])
    ok = err < 5e-8 and grid_q4 >= values["local min w̃ (Q4)"] - 1e-12 and abs(L.min()) < 1e-12
    return ok, err, f"values {values}; grid minimum over Q4 {grid_q4:.7f}"


register(Claim("BG17-F4", "§7.1, Figure 4", "EMP",
               "Figure 4: the overlapping risk for w* = [−1, 1], k = 4, d = 5",
    statement=(r"\ell(w),\ w\in[-3,3]^2,\ k=4,\ d=5,\ w^*=[-1,1]:\ \text{minimum }0\text{ at }w^*,\ "
               r"\text{a sub-optimal basin in }Q_4\text{ with minimum at }\tilde w"),
    assumptions=(r"\text{axis range }[-3,3]^2\ (\text{not stated})", r"\text{computed from Eq. 7, not the printed Eq. 16}"),
    uses=("BG17-Eq16", "BG17-P7.2"),
    routes=(
        *R.on_settings("the plotted grid and the marked values", Kind.EVALUATION, f4_features,
                       {"stuck": 0.1154781, "origin": 0.4102404}, {"ℓ(w̃) = 0.12": {"stuck": 0.12}}),
    ),
    expressions=(Expression("w tilde, k = 4", r"\tilde w/w^*", lambda: -h_of_k(4) / (h_of_k(4) + 1)),),
    figure=draw_f4,
))

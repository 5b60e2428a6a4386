r"""DZPS19 §1 and §3 — the gradient, the prediction dynamics, and gradient flow (Theorem 3.2 and
its lemmas).

Main statements
---------------
* ``DZPS19-EQ4``  the gradient (Eq. 4), derived by SymPy on a symbolic network.
* ``DZPS19-EQ7``  :math:`\dot u=H(t)(y-u)`, :math:`H=JJ^\top` (Eqs. 6–7).
* ``DZPS19-R3.1`` :math:`\|H(0)-H^\infty\|_2` and :math:`\sup_t\|H(t)-H(0)\|_2` are O(1/√m).
* ``DZPS19-L3.1`` …``-L3.4``, ``-L3.2a``, ``-P3.2``, ``-T3.2``: the flow theorem and its chain.

Simulations: data n = d = 20 on the sphere, labels N(0, 1); gradient flow is explicit Euler with
η = 0.02 (:mod:`.network`), t ≤ 40; widths 100, 400, 1600; seeds 0–3. Probability statements
are decided by :func:`verify.statistics.failure_rate_at_most` (Wilson, 99.9%).
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from lemmas.dzps19.gram import EPS, gram_infinity
from lemmas.dzps19.network import (gradient_w, gram, jacobian_w, lam_min, loss, predictions, problem,
                                   relu, sphere, train)
from verify import routes as R
from verify.montecarlo import MonteCarloEstimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.statistics import failure_rate_at_most, loglog_slope

FLOW_STEP, FLOW_STEPS = 0.02, 2000
WIDTHS, SEEDS = (100, 400, 1600), (0, 1, 2, 3)
RUNS = [{"m": m, "seed": s} for m in WIDTHS for s in SEEDS]
C_L32 = sp.sqrt(2 * sp.pi) / 16
"""Lemma 3.2's c (derived, ≡ Epstein): it makes Markov's bound 4n²R/(√(2π)δ) exactly λ0/4."""


@functools.lru_cache(maxsize=64)
def flow_run(m: int, seed: int, n: int = 20, d: int = 20, steps: int = FLOW_STEPS, every: int = 10):
    p = problem(n, d, m, seed)
    return p, train(p, FLOW_STEP, steps, every=every)


def rate_ratio(traj, lam0, rate=1.0) -> float:
    """max over k ≥ 1 of ‖y − u(t)‖² / (e^{−rate·λ0 t} ‖y − u(0)‖²)."""
    t = traj.times[1:]
    return float(np.max(traj.residual2[1:] / (np.exp(-rate * lam0 * t) * traj.residual2[0])))


# --- a tiny symbolic network (n = 2 inputs, m = 2 neurons, d = 2) for the derivations -------------
N_S = M_S = D_S = 2
Ws = sp.Matrix(M_S, D_S, lambda r, k: sp.Symbol(f"w_{r + 1}{k + 1}", real=True))
Xs = sp.Matrix(N_S, D_S, lambda i, k: sp.Symbol(f"x_{i + 1}{k + 1}", real=True))
As = [sp.Symbol(f"a_{r + 1}", real=True) for r in range(M_S)]
Ys = [sp.Symbol(f"y_{i + 1}", real=True) for i in range(N_S)]


def _pre(i, r):
    return (Ws.row(r) * Xs.row(i).T)[0]


def _u(i):
    return sum(As[r] * sp.Max(0, _pre(i, r)) for r in range(M_S)) / sp.sqrt(M_S)


def _loss():
    return sum((_u(i) - Ys[i]) ** 2 for i in range(N_S)) / 2


def eq4_formula(r, k, a_factor=True):
    """Eq. (4), entry (r, k), with 𝕀{z ≥ 0} = Heaviside(z) (equal off the kinks)."""
    a = As[r] if a_factor else 1
    return sum((_u(i) - Ys[i]) * a * Xs[i, k] * sp.Heaviside(_pre(i, r)) for i in range(N_S)) / sp.sqrt(M_S)


def eq4_derivative():
    """∂L/∂W by SymPy's differentiation of the symbolic loss, minus Eq. (4): a zero matrix."""
    L = _loss()
    return sp.Matrix(M_S, D_S, lambda r, k: sp.diff(L, Ws[r, k]) - eq4_formula(r, k))


def eq7_derivation(sign=1):
    """du_i/dt = Σ_r ∇_{w_r}u_i · (−∇_{w_r}L) minus Σ_j H_ij (y_j − u_j), with a = (1, −1)."""
    L = _loss()
    H = sp.Matrix(N_S, N_S, lambda i, j: (Xs.row(i) * Xs.row(j).T)[0] * sum(
        As[r] ** 2 * sp.Heaviside(_pre(i, r)) * sp.Heaviside(_pre(j, r)) for r in range(M_S)) / M_S)
    out = []
    for i in range(N_S):
        du = sum(sp.diff(_u(i), Ws[r, k]) * -sp.diff(L, Ws[r, k]) for r in range(M_S) for k in range(D_S))
        out.append(du - sign * sum(H[i, j] * (Ys[j] - _u(j)) for j in range(N_S)))
    return sp.Matrix(out).subs({As[0]: 1, As[1]: -1})


def in_region(expr) -> sp.Expr:
    """``expr`` inside one activation region: 𝕀{w_rᵀx_i ≥ 0} = s_ri ∈ {0, 1}, σ(z) = s_ri z (the
    exported form: LaTeX readers know no Heaviside or max)."""
    pattern = {sp.Heaviside(_pre(i, r)): sp.Symbol(f"s_{r + 1}{i + 1}", nonnegative=True)
               for i in range(N_S) for r in range(M_S)}
    relus = {sp.Max(0, _pre(i, r)): pattern[sp.Heaviside(_pre(i, r))] * _pre(i, r)
             for i in range(N_S) for r in range(M_S)}
    return expr.xreplace(relus).xreplace(pattern)


# --- DZPS19-EQ4 ------------------------------------------------------------------------------------
KINK_MARGIN = 1e-3


def random_nets(rng, count=6):
    """Small networks with every |w_rᵀx_i| ≥ KINK_MARGIN (the loss is a quadratic there)."""
    out = []
    while len(out) < count:
        n, d, m = (int(v) for v in rng.integers(2, 8, 3))
        X, W = sphere(rng, n, d), rng.standard_normal((m, d))
        if np.abs(X @ W.T).min() >= KINK_MARGIN:
            out.append({"X": X, "W": W, "a": rng.choice([-1.0, 1.0], m), "y": rng.standard_normal(n)})
    return out


FD_STEP = 1e-5
"""Below the kink margin: a step h in one weight moves w_rᵀx_i by ≤ h|x_ik| ≤ h, so both points
lie in one activation region, where L is quadratic and the central difference is exact up to
rounding: |error| ≤ 2·(4ε·(1 + L + Σ|terms|))/(2h); we allow 64ε(1 + L)·n/h."""


def gradient_matches_differences(a_factor=True):
    def predicate(pt):
        X, W, a, y = pt["X"], pt["W"], pt["a"], pt["y"]
        G = gradient_w(X, y, W, a) * (1 if a_factor else a[:, None])   # a control drops a_r
        worst = 0.0
        for r in range(len(W)):
            for k in range(W.shape[1]):
                E = np.zeros_like(W)
                E[r, k] = FD_STEP
                fd = (loss(X, y, W + E, a) - loss(X, y, W - E, a)) / (2 * FD_STEP)
                worst = max(worst, abs(fd - G[r, k]))
        tol = 64 * EPS * (1 + loss(X, y, W, a)) * len(X) / FD_STEP
        return worst <= tol, worst, f"max |Eq. 4 − central difference| = {worst:.1e} (tolerance {tol:.0e})"
    return predicate


register(Claim("DZPS19-EQ4", "§1, Eq. (4) (footnote 2)", "SRC",
               "∂L/∂w_r = (1/√m) Σ_i (f(W, a, x_i) − y_i) a_r x_i 𝕀{w_rᵀx_i ≥ 0}",
    statement=(r"\frac{\partial L(W,a)}{\partial w_r}=\frac1{\sqrt m}\sum_{i=1}^n(f(W,a,x_i)-y_i)\,a_r\,x_i\,"
               r"\mathbb I\{w_r^\top x_i\ge0\}"),
    assumptions=(r"w_r^\top x_i\ne0\ \forall i,r\ (\text{off the kinks; checked at } |w_r^\top x_i|\ge10^{-3})",),
    routes=(
        R.SymbolicRoute("symbolic: SymPy's ∂L/∂W of a symbolic network (n = m = d = 2) = Eq. 4",
                        eq4_derivative, sp.zeros(M_S, D_S)),
        *R.on_settings("central differences (h = 1e-5) on random networks off the kinks",
                       Kind.FINITE_DIFFERENCE, gradient_matches_differences(), random_nets,
                       {"a_r dropped": gradient_matches_differences(a_factor=False)}),
    ),
    expressions=(Expression("gradient, entry (1, 1) of the symbolic network, in one activation region",
                            r"\partial L/\partial w_{11}", lambda: in_region(eq4_formula(0, 0))),),
))


# --- DZPS19-EQ7 ------------------------------------------------------------------------------------
def jacobian_gram(pt):
    """Property: JJᵀ = H(W) entrywise (entries are sums of m terms ≤ 1/m: rounding ≤ 4dε)."""
    X, W, a = pt["X"], pt["W"], pt["a"]
    J = jacobian_w(X, W, a)
    gap = float(np.abs(J @ J.T - gram(X, W)).max())
    return gap <= 4 * X.shape[1] * EPS, gap, f"max |JJᵀ − H| = {gap:.1e}"


def velocity_matches(scale=1.0):
    """(u(W + hV) − u(W − hV))/(2h), V = −∂L/∂W, against H(y − u): exact inside one region (u is
    linear in W there); h is chosen so that h‖V_r‖ stays below the kink margin. A control
    multiplies H by ``scale`` (e.g. m: the 1/m dropped)."""
    def predicate(pt):
        X, W, a, y = pt["X"], pt["W"], pt["a"], pt["y"]
        V = -gradient_w(X, y, W, a)
        h = 0.1 * KINK_MARGIN / max(np.linalg.norm(V, axis=1).max(), 1e-300)
        fd = (predictions(X, W + h * V, a) - predictions(X, W - h * V, a)) / (2 * h)
        u = predictions(X, W, a)
        claimed = scale * gram(X, W) @ (y - u)
        gap = float(np.abs(fd - claimed).max())
        tol = 64 * EPS * (1 + np.abs(u).max()) / h
        return gap <= tol, gap, f"max |du/dt − H(y − u)| = {gap:.1e} (tolerance {tol:.0e})"
    return predicate


register(Claim("DZPS19-EQ7", "§3, Eqs. (6)–(7)", "SRC*",
               "Under gradient flow du/dt = H(t)(y − u), H(t) = J Jᵀ (Eq. 6)",
    statement=(r"\frac{d}{dt}u(t)=H(t)\,(y-u(t)),\quad H_{ij}(t)=\frac1m x_i^\top x_j\sum_{r=1}^m"
               r"\mathbb I\{x_i^\top w_r(t)\ge0,\,x_j^\top w_r(t)\ge0\}=(JJ^\top)_{ij}"),
    assumptions=(r"a_r\in\{\pm1\}\ (a_r^2=1);\ \text{off the kinks}",), uses=("DZPS19-EQ4",),
    routes=(
        R.SymbolicRoute("symbolic: chain rule on the symbolic network, a = (1, −1)", eq7_derivation,
                        sp.zeros(N_S, 1)),
        *R.on_settings("JJᵀ = H entrywise", Kind.PROPERTY, jacobian_gram, random_nets),
        *R.on_settings("central difference of u along the flow = H(y − u)", Kind.FINITE_DIFFERENCE,
                       velocity_matches(), random_nets, {"1/m dropped": lambda pt: velocity_matches(len(pt["W"]))(pt)}),
    ),
    expressions=(Expression("du_1/dt of the symbolic network, in one activation region", r"\dot u_1",
                            lambda: in_region(sum(sp.diff(_u(0), Ws[r, k]) * -sp.diff(_loss(), Ws[r, k])
                                                  for r in range(M_S) for k in range(D_S)))),),
))


# --- DZPS19-R3.1 -----------------------------------------------------------------------------------
CONCENTRATION_WIDTHS, CONCENTRATION_SEEDS = (100, 400, 1600, 6400), 24


def start_gaps(n=20, d=20):
    """‖H(0) − H∞‖₂ over seeds, per width (fixed data, independent starts)."""
    X = problem(n, d, 1, 0).X
    Hinf = gram_infinity(X)
    return [[float(np.linalg.norm(gram(X, np.random.default_rng([s, m]).standard_normal((m, d))) - Hinf, 2))
             for s in range(CONCENTRATION_SEEDS)] for m in CONCENTRATION_WIDTHS]


def slope_is(expected, what):
    """Predicate: the 99% bootstrap interval of the log–log slope of ``what`` contains
    ``expected`` (−½ for the claim; a control claims −1, i.e. O(1/m))."""
    def predicate(pt):
        xs, samples = what()
        slope, lo, hi = loglog_slope(xs, samples)
        ok = lo <= expected <= hi
        return ok, float(max(lo - expected, expected - hi, 0)), (
            f"slope {slope:.3f}, 99% bootstrap [{lo:.3f}, {hi:.3f}] (claimed {expected})")
    return predicate


def slope_at_most(limit, what):
    def predicate(pt):
        xs, samples = what()
        slope, lo, hi = loglog_slope(xs, samples)
        return hi <= limit, float(max(hi - limit, 0)), f"slope {slope:.3f}, 99% bootstrap [{lo:.3f}, {hi:.3f}] ≤ {limit}?"
    return predicate


@functools.lru_cache(maxsize=1)
def start_gap_samples():
    return CONCENTRATION_WIDTHS, start_gaps()


@functools.lru_cache(maxsize=1)
def drift_samples():
    """sup_t ‖H(t) − H(0)‖₂ over flow runs to t = 8 (widths 100…6400, seeds 0–3)."""
    widths = CONCENTRATION_WIDTHS
    return widths, [[float(np.nanmax(flow_run(m, s, steps=400, every=20)[1].gram_move)) for s in SEEDS]
                    for m in widths]


register(Claim("DZPS19-R3.1", "§3, Remark 3.1", "SRC",
               "‖H(0) − H∞‖₂ = O(1/√m) and ‖H(t) − H(0)‖₂ = O(1/√m) for all t",
    statement=r"\|H(0)-H^\infty\|_2=O(\sqrt{1/m}),\qquad\|H(t)-H(0)\|_2=O(\sqrt{1/m})\ \ \forall t>0",
    assumptions=(r"n=d=20,\ m\in\{100,400,1600,6400\};\ 24 \text{ starts (start) and 4 flow runs to } t=8"
                 r"\text{ (drift) per width}",),
    uses=("DZPS19-K2", "DZPS19-EQ7"),
    routes=(
        *R.on_settings("log–log slope of ‖H(0) − H∞‖₂ contains −½ (bootstrap 99%)", Kind.MONTE_CARLO,
                       slope_is(-0.5, start_gap_samples), {"widths": "100..6400"},
                       {"O(1/m)": slope_is(-1.0, start_gap_samples)}),
        *R.on_settings("simulation: log–log slope of sup_t ‖H(t) − H(0)‖₂ ≤ −0.4 (bootstrap 99%)",
                       Kind.SIMULATION, slope_at_most(-0.4, drift_samples), {"widths": "100..6400"},
                       {"slope ≤ −0.9": slope_at_most(-0.9, drift_samples)}),
    ),
))


# --- DZPS19-L3.1 -----------------------------------------------------------------------------------
L31_N, L31_D, L31_DELTA, L31_SEEDS = 6, 6, 0.1, 200


def l31_width(n, lam0, delta) -> int:
    """The derived sufficient width 8n² log(2n²/δ)/λ0² (Hoeffding per entry, union bound,
    ‖·‖₂ ≤ ‖·‖_F)."""
    return int(np.ceil(8 * n**2 * np.log(2 * n**2 / delta) / lam0**2))


def l31_events(shrink=1):
    """Predicate: over L31_SEEDS starts at the L3.1 width (divided by ``shrink`` in a control),
    the events (Hoeffding) max_ij |H(0) − H∞|_ij ≤ √(log(2n²/δ)/(2m)) and (lemma) ‖H(0) − H∞‖₂ ≤
    λ0/4 with λ_min(H(0)) ≥ ¾λ0 fail with probability ≤ δ."""
    def predicate(pt):
        p = problem(L31_N, L31_D, 1, 0)
        Hinf, lam0 = gram_infinity(p.X), p.lam0
        m = max(l31_width(L31_N, lam0, L31_DELTA) // shrink, 1)
        entry_bound = np.sqrt(np.log(2 * L31_N**2 / L31_DELTA) / (2 * m))
        fail_entry = fail_lemma = 0
        for s in range(L31_SEEDS):
            H0 = gram(p.X, np.random.default_rng([s, m, 31]).standard_normal((m, L31_D)))
            fail_entry += np.abs(H0 - Hinf).max() > entry_bound
            fail_lemma += not (np.linalg.norm(H0 - Hinf, 2) <= lam0 / 4 and lam_min(H0) >= 0.75 * lam0)
        ok1, t1 = failure_rate_at_most(int(fail_entry), L31_SEEDS, L31_DELTA)
        ok2, t2 = failure_rate_at_most(int(fail_lemma), L31_SEEDS, L31_DELTA)
        ok = False if False in (ok1, ok2) else (None if None in (ok1, ok2) else True)
        return ok, float(fail_lemma) / L31_SEEDS, f"λ0 = {lam0:.4f}, m = {m}: entries {t1}; lemma {t2}"
    return predicate


register(Claim("DZPS19-L3.1", "§3, Lemma 3.1; proof in Appendix A", "SRC*",
               "m = Ω(n² log(n/δ)/λ0²) ⇒ w.p. ≥ 1 − δ: ‖H(0) − H∞‖₂ ≤ λ0/4, λ_min(H(0)) ≥ ¾λ0",
    statement=(r"m\ge\frac{8n^2\log(2n^2/\delta)}{\lambda_0^2}\Rightarrow\Pr\big[\|H(0)-H^\infty\|_2\le"
               r"\tfrac{\lambda_0}4,\ \lambda_{\min}(H(0))\ge\tfrac34\lambda_0\big]\ge1-\delta"),
    assumptions=(r"\text{explicit width derived (Hoeffding, union bound); printed form unconfirmed};\ "
                 r"n=d=6,\ \delta=0.1,\ 200 \text{ starts}",),
    uses=("DZPS19-K2", "DZPS19-R3.1"),
    routes=R.on_settings("Monte Carlo over 200 starts: failure rate ≤ δ (Wilson 99.9%)", Kind.MONTE_CARLO,
                         l31_events(), {"delta": L31_DELTA}, {"width / 1000": l31_events(1000)}),
    expressions=(Expression("sufficient width", r"m_{3.1}",
                            8 * sp.Symbol("n")**2 * sp.log(2 * sp.Symbol("n")**2 / sp.Symbol("delta"))
                            / sp.Symbol("lambda_0")**2, {}),),
))


# --- DZPS19-L3.2 and -L3.2a ------------------------------------------------------------------------
def ball_radius(n, lam0, delta, c=float(C_L32)) -> float:
    return c * delta * lam0 / n**2


def worst_case_change(X, W0, R) -> float:
    """An upper bound on sup over the R-ball of Σ_ij |H_ij − H_ij(0)| (hence of ‖H − H(0)‖₂):
    entry ij can change only through neurons r with A_ir or A_jr, i.e. |w_r(0)ᵀx_i| < R or
    |w_r(0)ᵀx_j| < R (L3.2a), each by at most |x_iᵀx_j|/m."""
    near = (np.abs(X @ W0.T) < R).astype(float)          # n × m: A_ir
    either = near.sum(1)[:, None] + near.sum(1)[None, :] - near @ near.T
    return float((np.abs(X @ X.T) * either).sum() / len(W0))


L32_N, L32_D, L32_M, L32_DELTA, L32_SEEDS = 6, 6, 2000, 0.1, 200


def l32_events(c_scale=1.0):
    """Predicate: over 200 starts, the event "worst-case change ≤ λ0/4 over the whole R-ball"
    (which implies the lemma's first conclusion for every W in the ball simultaneously) fails with
    probability ≤ δ; and at a realised worst-ish perturbation (each w_r pushed by R towards its
    nearest hyperplane) ‖H − H(0)‖₂ < λ0/4 and λ_min(H) > λ0/2. A control scales c."""
    def predicate(pt):
        p = problem(L32_N, L32_D, 1, 0)
        lam0 = p.lam0
        R = ball_radius(L32_N, lam0, L32_DELTA, c_scale * float(C_L32))
        fails, worst_real = 0, 0.0
        for s in range(L32_SEEDS):
            W0 = np.random.default_rng([s, 32]).standard_normal((L32_M, L32_D))
            fails += worst_case_change(p.X, W0, R) > lam0 / 4
            pre = p.X @ W0.T
            nearest = np.abs(pre).argmin(axis=0)
            push = -np.sign(pre[nearest, np.arange(L32_M)])[:, None] * p.X[nearest] * R
            H, H0 = gram(p.X, W0 + push), gram(p.X, W0)
            move = np.linalg.norm(H - H0, 2)
            worst_real = max(worst_real, move)
            if not (move < lam0 / 4 and lam_min(H) > lam0 / 2):
                return False, float(move), f"seed {s}: a perturbation in the R-ball moved H by {move:.3g}"
        ok, text = failure_rate_at_most(int(fails), L32_SEEDS, L32_DELTA)
        return ok, fails / L32_SEEDS, f"R = {R:.2e}: worst case over the ball {text}; realised max ‖H − H(0)‖ = {worst_real:.1e}"
    return predicate


register(Claim("DZPS19-L3.2", "§3, Lemma 3.2", "SRC",
               "W.p. ≥ 1 − δ, every W with ‖w_r − w_r(0)‖ ≤ R = cδλ0/n² has ‖H − H(0)‖₂ < λ0/4, λ_min(H) > λ0/2",
    statement=(r"\Pr\big[\forall W:\|w_r-w_r(0)\|_2\le R=\tfrac{c\delta\lambda_0}{n^2}\ \forall r\Rightarrow"
               r"\|H(W)-H(0)\|_2<\tfrac{\lambda_0}4,\ \lambda_{\min}(H(W))>\tfrac{\lambda_0}2\big]\ge1-\delta"),
    assumptions=(r"c=\sqrt{2\pi}/16\ (\text{derived});\ n=d=6,\ m=2000,\ \delta=0.1,\ 200\text{ starts}",),
    uses=("DZPS19-L3.2a", "DZPS19-L3.1"),
    routes=R.on_settings("Monte Carlo over 200 starts: the ball's worst case fails w.p. ≤ δ; realised pushes",
                         Kind.MONTE_CARLO, l32_events(), {"delta": L32_DELTA}, {"c × 50": l32_events(50.0)}),
    expressions=(Expression("Lemma 3.2's constant", "c", C_L32, {}),),
))


R_ = sp.Symbol("R", positive=True)
z_ = sp.Symbol("z", real=True)


def flip_probability_integral() -> sp.Expr:
    """erf(R/√2) as the integral it is, 2∫₀^R φ (exported; LaTeX readers know no erf)."""
    return 2 * sp.Integral(sp.exp(-z_**2 / 2) / sp.sqrt(2 * sp.pi), (z_, 0, R_))


def anticoncentration() -> sp.Expr:
    """Pr(|z| < R), z ~ N(0, 1), integrated by SymPy."""
    return sp.integrate(sp.exp(-z_**2 / 2) / sp.sqrt(2 * sp.pi), (z_, -R_, R_))


def flip_frequency(pt, n, rng):
    """Monte Carlo of Pr(A_ir): a flip is reachable in the closed R-ball around w_r(0) iff the
    nearest point of the hyperplane {wᵀx = 0} with the other pattern is within R — decided per
    draw from the geometry: for wᵀx < 0 the projection onto the hyperplane (pattern 1) at
    distance |wᵀx|; for wᵀx ≥ 0 points just past it (distance > wᵀx)."""
    d, R = 5, pt["R"]
    x = sphere(rng, 1, d)[0]
    s = rng.standard_normal((n, d)) @ x
    hit = np.where(s < 0, -s <= R, s < R).astype(float)
    return MonteCarloEstimate(np.array([hit.mean()]), np.array([hit.std(ddof=1) / np.sqrt(n)]), n)


def anticoncentration_bound(scale=1.0):
    """Predicate at 40 digits: erf(R/√2) ≤ scale·2R/√(2π) (a control halves the bound)."""
    import mpmath

    def predicate(pt):
        with mpmath.workdps(40):
            R = mpmath.mpf(pt["R"])
            value, bound = mpmath.erf(R / mpmath.sqrt(2)), scale * 2 * R / mpmath.sqrt(2 * mpmath.pi)
            return value <= bound, float(max(value - bound, 0)), f"R = {pt['R']:g}: ratio {float(value / bound):.10f}"
    return predicate


def boundary_criterion(printed=False):
    """N1, exact (rationals): a flip is reachable in the closed R-ball iff −R ≤ w_r(0)ᵀx < R —
    from −R the point w_r(0) + Rx has wᵀx = 0, pattern 1 (a flip); from +R the nearest point
    w_r(0) − Rx also has wᵀx = 0, pattern still 1 (none). The proof's "|w_r(0)ᵀx| < R" (a
    control) is therefore wrong at −R: a null event, so no probability changes."""
    from fractions import Fraction

    def predicate(pt):
        R = Fraction(pt["R"])
        for s in (-2 * R, -R, -R / 2, R / 2, R, 2 * R):
            reachable = any(((s + t) >= 0) != (s >= 0) for t in (-R, R))  # extreme points along x
            says = abs(s) < R if printed else -R <= s < R
            if says != reachable:
                return False, 1.0, f"w_r(0)ᵀx = {s}: flip reachable {reachable}, the criterion says {says}"
        return True, 0.0, "exact at ±R/2, ±R, ±2R: reachable iff −R ≤ w_r(0)ᵀx < R (𝕀{z ≥ 0})"
    return predicate


register(Claim("DZPS19-L3.2a", "§3, proof of Lemma 3.2", "SRC",
               "A_ir ⇔ |w_r(0)ᵀx_i| < R, so Pr(A_ir) = erf(R/√2) ≤ 2R/√(2π)",
    statement=(r"\Pr(A_{ir})=\Pr_{z\sim\mathcal N(0,1)}(|z|<R)=\operatorname{erf}(R/\sqrt2)\le\frac{2R}{\sqrt{2\pi}}"),
    assumptions=(r"\|x_i\|=1;\ \text{boundary } |w_r(0)^\top x_i|=R \text{ is a null event (note N1)}",),
    uses=(),
    routes=(
        R.SymbolicRoute("symbolic: ∫_{−R}^{R} φ = erf(R/√2)", anticoncentration, sp.erf(R_ / sp.sqrt(2))),
        R.SymbolicRoute("symbolic: d/dR (2R/√(2π) − erf(R/√2)) = (2/√(2π))(1 − e^{−R²/2}) (≥ 0; 0 at R = 0)",
                        sp.diff(2 * R_ / sp.sqrt(2 * sp.pi) - sp.erf(R_ / sp.sqrt(2)), R_),
                        2 / sp.sqrt(2 * sp.pi) * (1 - sp.exp(-R_**2 / 2))),
        *R.on_settings("40 digits: erf(R/√2) ≤ 2R/√(2π) at R = 1e-6 … 50", Kind.EVALUATION,
                       anticoncentration_bound(), [{"R": r} for r in (1e-6, 1e-4, 1e-2, 0.1, 0.5, 1, 2, 5, 50)],
                       {"bound R/√(2π)": anticoncentration_bound(0.5)}),
        R.MonteCarloRoute("Monte Carlo of the geometric flip event (d = 5) = erf(R/√2)",
                          lambda pt: [float(sp.erf(pt["R"] / np.sqrt(2)))], flip_frequency,
                          lambda rng: [{"R": r} for r in (0.5, 1.0, 2.0)], n=2**20),
        R.MonteCarloRoute("control (Pr(A_ir) = 2R/√(2π), the bound as the value)",
                          lambda pt: [2 * pt["R"] / np.sqrt(2 * np.pi)], flip_frequency,
                          lambda rng: [{"R": 1.0}], n=2**20, role=Role.CONTROL),
        *R.on_settings("exact: the criterion at the boundary |w_r(0)ᵀx| = R (note N1)", Kind.EVALUATION,
                       boundary_criterion(), [{"R": 0.25}, {"R": 1.5}],
                       {"the proof's |w_r(0)ᵀx| < R": boundary_criterion(True)}),
    ),
    expressions=(Expression("flip probability", r"\Pr(A_{ir})", flip_probability_integral, {R_: "R"}),),
))


# --- DZPS19-L3.3 -----------------------------------------------------------------------------------
n_, m_, lam_, Y_, s_ = sp.symbols("n m lambda_0 Y s", positive=True)


def flow_radius(integral_factor=1) -> sp.Expr:
    """R' = ∫₀^∞ √(n/m) e^{−λ0 s/2} ‖y − u(0)‖ ds (the speed bound ‖ẇ_r‖ ≤ √(n/m)‖y − u(s)‖ and
    the decay of ‖y − u(s)‖), integrated by SymPy."""
    return integral_factor * sp.integrate(sp.sqrt(n_ / m_) * sp.exp(-lam_ * s_ / 2) * Y_, (s_, 0, sp.oo))


def r_prime_flow(p, traj) -> float:
    return 2 * np.sqrt(p.n) * np.sqrt(traj.residual2[0]) / (np.sqrt(p.m) * p.lam0)


def lemma33_on_runs(radius_scale=1.0):
    """Simulation: on each run, up to the first time λ_min(H(s)) < λ0/2 (never, in these runs), the
    loss obeys e^{−λ0 t} and max_r ‖w_r(t) − w_r(0)‖ ≤ R'. A control shrinks R'."""
    def predicate(pt):
        p, traj = flow_run(pt["m"], pt["seed"])
        lam = traj.lam_min.copy()
        recorded = ~np.isnan(lam)
        below = np.flatnonzero(recorded & (lam < p.lam0 / 2))
        end = below[0] if below.size else len(lam)
        part = slice(1, end)
        ratio = float(np.max(traj.residual2[part] / (np.exp(-p.lam0 * traj.times[part]) * traj.residual2[0])))
        radius = radius_scale * r_prime_flow(p, traj)
        move = float(traj.w_move[:end].max())
        ok = ratio <= 1 and move <= radius
        return ok, max(ratio - 1, move - radius, 0.0), (
            f"m={pt['m']} seed={pt['seed']}: ratio {ratio:.4f}, max move {move:.3f} vs R' {radius:.2f}")
    return predicate


register(Claim("DZPS19-L3.3", "§3, Lemma 3.3", "SRC*",
               "λ_min(H(s)) ≥ λ0/2 on [0, t] ⇒ ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖² and ‖w_r(t) − w_r(0)‖ ≤ R'",
    statement=(r"\lambda_{\min}(H(s))\ge\tfrac{\lambda_0}2\ \forall s\le t\Rightarrow\|y-u(t)\|_2^2\le e^{-\lambda_0t}"
               r"\|y-u(0)\|_2^2,\ \|w_r(t)-w_r(0)\|_2\le R'=\frac{2\sqrt n\|y-u(0)\|_2}{\sqrt m\lambda_0}"),
    assumptions=(r"\text{flow: Euler, } \eta=0.02,\ t\le40;\ n=d=20,\ m\in\{100,400,1600\},\ 4\text{ seeds}",),
    uses=("DZPS19-EQ7",),
    routes=(
        R.SymbolicRoute("symbolic: ∫₀^∞ √(n/m) e^{−λ0 s/2} Y ds = 2√n Y/(√m λ0)", flow_radius,
                        2 * sp.sqrt(n_) * Y_ / (sp.sqrt(m_) * lam_)),
        R.SymbolicRoute("control (R' without the 2): symbolic", lambda: flow_radius(sp.Rational(1, 2)),
                        2 * sp.sqrt(n_) * Y_ / (sp.sqrt(m_) * lam_), role=Role.CONTROL),
        *R.on_settings("simulation: loss rate and displacement ≤ R' while λ_min(H) ≥ λ0/2", Kind.SIMULATION,
                       lemma33_on_runs(), RUNS, {"R'/50": lemma33_on_runs(1 / 50)}),
    ),
    expressions=(Expression("flow radius", "R'", lambda: flow_radius(), {Y_: r"\|y-u(0)\|_2"}),),
))


# --- DZPS19-L3.4: the continuation argument, in the regime where its hypothesis R' < R holds ------
L34_SETTINGS = [{"n": 2, "m": 20_000, "delta": 0.5, "seed": 0}, {"n": 3, "m": 50_000, "delta": 0.5, "seed": 1}]
L34_RESIDUAL = 0.05
"""R' < R needs m > 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴) (P3.2). The lemma is deterministic given its
hypotheses and holds for any labels, so the labels are put at y = u(0) + 0.05 ξ (ξ ~ N(0, I)):
with orthonormal inputs (λ0 = ½) and δ = ½, R' < R is then met at m = 2·10⁴ (n = 2) and 5·10⁴
(n = 3)."""


@functools.lru_cache(maxsize=4)
def continuation_run(n, m, delta, seed):
    from lemmas.dzps19.network import Problem
    rng = np.random.default_rng([seed, n, m])
    X, W0, a = np.eye(n), rng.standard_normal((m, n)), rng.choice([-1.0, 1.0], m)
    p = Problem(X, predictions(X, W0, a) + L34_RESIDUAL * rng.standard_normal(n), W0, a)
    return p, train(p, 0.05, 400, every=20)


def lemma34_invariants(rate=1.0):
    """Simulation: with R' < R and L3.1/L3.2's events checked on the realised start (λ_min(H(0)) ≥
    ¾λ0, worst case over the R-ball ≤ λ0/4), for all recorded t: λ_min(H(t)) ≥ λ0/2, max_r
    ‖w_r(t) − w_r(0)‖ ≤ R', and the loss obeys e^{−rate·λ0 t} (a control: rate 3)."""
    def predicate(pt):
        p, traj = continuation_run(pt["n"], pt["m"], pt["delta"], pt["seed"])
        R = ball_radius(p.n, p.lam0, pt["delta"])
        Rp = r_prime_flow(p, traj)
        pre = {"R' < R": Rp < R, "λ_min(H(0)) ≥ ¾λ0": traj.lam_min[0] >= 0.75 * p.lam0,
               "ball worst case ≤ λ0/4": worst_case_change(p.X, p.W0, R) <= p.lam0 / 4}
        if not all(pre.values()):
            return None, None, f"hypothesis not met: {[k for k, v in pre.items() if not v]}"
        lam = traj.lam_min[~np.isnan(traj.lam_min)]
        ratio = rate_ratio(traj, p.lam0, rate)
        ok = lam.min() >= p.lam0 / 2 and traj.w_move.max() <= Rp and ratio <= 1
        return ok, max(ratio - 1, 0.0), (f"n={p.n} m={p.m}: R' = {Rp:.2e} < R = {R:.2e}; min λ_min(H) = "
                                         f"{lam.min():.4f} (λ0/2 = {p.lam0 / 2}); max move {traj.w_move.max():.2e}; ratio {ratio:.4f}")
    return predicate


register(Claim("DZPS19-L3.4", "§3, Lemma 3.4; proof in Appendix A", "SRC",
               "R' < R ⇒ for all t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R', loss ≤ e^{−λ0 t}‖y − u(0)‖²",
    statement=(r"R'<R\Rightarrow\forall t\ge0:\ \lambda_{\min}(H(t))\ge\tfrac{\lambda_0}2,\ \|w_r(t)-w_r(0)\|_2\le R',"
               r"\ \|y-u(t)\|_2^2\le e^{-\lambda_0t}\|y-u(0)\|_2^2"),
    assumptions=(r"\text{a continuation argument; checked as invariants of flow runs (Euler, } \eta=0.05,\ t\le20)"
                 r"\text{ with } n\in\{2,3\}\text{ orthonormal inputs, } y=u(0)+0.05\xi,\ m\in\{2\cdot10^4,"
                 r"5\cdot10^4\}\text{, where } R'<R \text{ holds}",),
    uses=("DZPS19-L3.2", "DZPS19-L3.3"),
    routes=R.on_settings("simulation: the invariants, in the lemma's own regime R' < R", Kind.SIMULATION,
                         lemma34_invariants(), L34_SETTINGS, {"rate 3λ0": lemma34_invariants(3.0)}),
))


# --- DZPS19-P3.2: the width bookkeeping ------------------------------------------------------------
c_, delta_ = sp.symbols("c delta", positive=True)


def width_threshold(flow_factor=2) -> sp.Expr:
    """The m at which R' = R, solved by SymPy: R' = factor·√n Y/(√m λ0), R = cδλ0/n²."""
    R_prime = flow_factor * sp.sqrt(n_) * Y_ / (sp.sqrt(m_) * lam_)
    return sp.solve(sp.Eq(R_prime, c_ * delta_ * lam_ / n_**2), m_)[0]


def relu_second_moment() -> sp.Expr:
    """E σ(z)², z ~ N(0, 1), integrated by SymPy."""
    return sp.integrate(z_**2 * sp.exp(-z_**2 / 2) / sp.sqrt(2 * sp.pi), (z_, 0, sp.oo))


P32_N, P32_M, P32_BATCH = 10, 50, 4096


def start_residual(pt, n, rng):
    """Monte Carlo over n independent starts (width 50; the expectation does not depend on m) of
    ‖y − u(0)‖² on fixed data, in batches of starts."""
    p = problem(P32_N, 8, 1, 0)
    out = []
    for k in range(0, n, P32_BATCH):
        b = min(P32_BATCH, n - k)
        W, a = rng.standard_normal((b, P32_M, 8)), rng.choice([-1.0, 1.0], (b, P32_M))
        u = np.einsum("bmn,bm->bn", relu(np.einsum("bmd,nd->bmn", W, p.X)), a) / np.sqrt(P32_M)
        out.append(((p.y - u) ** 2).sum(axis=1))
    out = np.concatenate(out)
    return MonteCarloEstimate(np.array([out.mean()]), np.array([out.std(ddof=1) / np.sqrt(n)]), n)


def expected_start_residual(second_moment=0.5):
    def candidate(pt):
        y = problem(P32_N, 8, 1, 0).y
        return [float(y @ y + P32_N * second_moment)]
    return candidate


register(Claim("DZPS19-P3.2", "§3, end of the proof of Theorem 3.2", "SRC*",
               "R' < R ⇔ m > 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴); E‖y − u(0)‖² = ‖y‖² + n/2; hence m = Ω(n⁶/(λ0⁴δ³))",
    statement=(r"R'<R\iff m>\frac{4n^5\|y-u(0)\|_2^2}{c^2\delta^2\lambda_0^4};\quad\mathbb E\|y-u(0)\|_2^2=\|y\|_2^2"
               r"+\tfrac n2;\quad\text{Markov}\Rightarrow m=\Omega\big(\tfrac{n^6}{\lambda_0^4\delta^3}\big)"),
    assumptions=(r"\mathbb Eu_i(0)=0,\ \mathbb Eu_i(0)^2=\mathbb E\sigma(z)^2\ (a_r=\pm1\text{ independent of }W)",),
    uses=("DZPS19-L3.2", "DZPS19-L3.3"),
    routes=(
        R.SymbolicRoute("symbolic: R' = R at m = 4n⁵Y²/(c²δ²λ0⁴)", width_threshold,
                        4 * n_**5 * Y_**2 / (c_**2 * delta_**2 * lam_**4)),
        R.SymbolicRoute("symbolic: E σ(z)² = ½", relu_second_moment, sp.Rational(1, 2)),
        R.MonteCarloRoute("Monte Carlo over 2¹⁷ starts: E‖y − u(0)‖² = ‖y‖² + n/2",
                          expected_start_residual(), start_residual, lambda rng: [{"n": P32_N}], n=2**17),
        R.MonteCarloRoute("control (E u_i(0)² = 1): Monte Carlo", expected_start_residual(1.0), start_residual,
                          lambda rng: [{"n": P32_N}], n=2**17, role=Role.CONTROL),
    ),
    expressions=(Expression("width threshold", r"m_{R'=R}", width_threshold, {Y_: r"\|y-u(0)\|_2"}),),
))


# --- DZPS19-T3.2 -----------------------------------------------------------------------------------
def theorem32_on_runs(rate=1.0):
    """Simulation: max over k ≥ 1 of ‖y − u(t)‖²/(e^{−rate·λ0 t}‖y − u(0)‖²) ≤ 1 (a control:
    rate 3 — the decay is e^{−2λ_min(H) t} at best, so this fails once the slowest mode rules)."""
    def predicate(pt):
        p, traj = flow_run(pt["m"], pt["seed"])
        ratio = rate_ratio(traj, p.lam0, rate)
        return R.at_most(ratio, 1, f"m={pt['m']} seed={pt['seed']} λ0={p.lam0:.4f}: worst ratio {ratio:.4f}")
    return predicate


register(Claim("DZPS19-T3.2", "§3, Theorem 3.2", "SRC*",
               "m = Ω(n⁶/(λ0⁴δ³)) ⇒ w.p. ≥ 1 − δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² for all t ≥ 0",
    statement=(r"m=\Omega\big(\tfrac{n^6}{\lambda_0^4\delta^3}\big)\Rightarrow\Pr\big[\|u(t)-y\|_2^2\le"
               r"\exp(-\lambda_0t)\|u(0)-y\|_2^2\ \forall t\ge0\big]\ge1-\delta"),
    assumptions=(r"\|x_i\|=1,\ |y_i|\le C,\ a\text{ fixed};\ \text{flow: Euler, }\eta=0.02,\ t\le40;\ "
                 r"n=d=20,\ m\in\{100,400,1600\}\ (\text{far below the proven width}),\ 4\text{ seeds}",),
    uses=("DZPS19-L3.1", "DZPS19-L3.2", "DZPS19-L3.3", "DZPS19-L3.4", "DZPS19-P3.2"),
    routes=R.on_settings("simulation: the rate inequality at every step of every run", Kind.SIMULATION,
                         theorem32_on_runs(), RUNS, {"rate 3λ0": theorem32_on_runs(3.0)}),
))

r"""DZPS19 §4 — gradient descent: Theorem 4.1, its induction, and the explicit constants.

Main statements
---------------
* ``DZPS19-T4.1``  ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k ‖u(0) − y‖² for m = Ω(n⁶/(λ0⁴δ³)), η = O(λ0/n²).
* ``DZPS19-Cd4.1`` Condition 4.1 (the induction hypothesis), checked step by step.
* ``DZPS19-C4.1``  the displacement bound R' = 4√n‖y − u(0)‖/(√m λ0).
* ``DZPS19-L4.1``  Σ_i |S_i^⊥| ≤ C m n R/δ w.p. ≥ 1 − δ, with C = √(2/π).
* ``DZPS19-P4.1``  the one-step analysis (a)–(e) on real GD steps.
* ``DZPS19-I1``    K = O(log 1/ε) iterations.
* ``DZPS19-X3``    the explicit sufficient constants, collected (also used by :mod:`.looseness`).

Simulations: n = d = 20, labels N(0, 1), widths 100, 400, 1600, seeds 0–2, at two step sizes:
the proven scale η = λ0/(4n²) (1500 steps) and η = 1/λ_max(H∞) (120 steps, ~7000× larger).
"""
from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from lemmas.dzps19.flow import flip_probability_integral
from lemmas.dzps19.gram import gram_infinity
from lemmas.dzps19.network import gram, predictions, problem, relu, train
from verify import routes as R
from verify.montecarlo import MonteCarloEstimate
from verify.obligations import Bound, Obligation
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.statistics import failure_rate_at_most

C41 = sp.sqrt(2 / sp.pi)
"""Lemma 4.1's constant (derived): E|S_i^⊥| = m erf(R/√2) ≤ m·2R/√(2π) = C m R."""
C_T41 = 1 / (16 * C41)
"""Theorem 4.1's c in R = cδλ0/n² (derived): makes 2Cηn²R/δ = ηλ0/8 in P4.1 (e)."""
SCALES = {"proven": 1500, "large": 120}
GD_RUNS = [{"m": m, "seed": s, "eta": e} for e in SCALES for m in (100, 400, 1600) for s in (0, 1, 2)]


def step_size(p, scale: str) -> float:
    if scale == "proven":
        return p.lam0 / (4 * p.n**2)
    return float(1 / np.linalg.eigvalsh(gram_infinity(p.X))[-1])


@functools.lru_cache(maxsize=32)
def gd_run(m: int, seed: int, eta: str, n: int = 20, d: int = 20):
    p = problem(n, d, m, seed)
    return p, train(p, step_size(p, eta), SCALES[eta], every=10)


def rate_bound(traj, lam0, rate=0.5):
    """max_k ≥ 1 of ‖y − u(k)‖² / ((1 − rate·ηλ0)^k ‖y − u(0)‖²)."""
    k = np.arange(1, len(traj.residual2))
    return float(np.max(traj.residual2[1:] / ((1 - rate * traj.eta * lam0) ** k * traj.residual2[0])))


# --- DZPS19-T4.1 -----------------------------------------------------------------------------------
def theorem41_on_runs(rate=0.5):
    """Simulation: the rate inequality at every step (a control claims rate 3ηλ0 per step)."""
    def predicate(pt):
        p, traj = gd_run(pt["m"], pt["seed"], pt["eta"])
        ratio = rate_bound(traj, p.lam0, rate)
        return R.at_most(ratio, 1, f"m={pt['m']} seed={pt['seed']} η={traj.eta:.2e} ({pt['eta']}): worst ratio {ratio:.4f}")
    return predicate


register(Claim("DZPS19-T4.1", "§4, Theorem 4.1", "SRC*",
               "m = Ω(n⁶/(λ0⁴δ³)), η = O(λ0/n²) ⇒ w.p. ≥ 1 − δ: ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k ‖u(0) − y‖²",
    statement=(r"m=\Omega\big(\tfrac{n^6}{\lambda_0^4\delta^3}\big),\ \eta=O\big(\tfrac{\lambda_0}{n^2}\big)\Rightarrow"
               r"\Pr\big[\|u(k)-y\|_2^2\le(1-\tfrac{\eta\lambda_0}2)^k\|u(0)-y\|_2^2\ \forall k\big]\ge1-\delta"),
    assumptions=(r"n=d=20,\ m\in\{100,400,1600\},\ 3\text{ seeds};\ \eta=\lambda_0/(4n^2)\ (1500\text{ steps})"
                 r"\text{ and }\eta=1/\lambda_{\max}(H^\infty)\ (120\text{ steps})",),
    uses=("DZPS19-Cd4.1", "DZPS19-C4.1", "DZPS19-L4.1", "DZPS19-P4.1"),
    routes=R.on_settings("simulation: the rate inequality at every step of every run", Kind.SIMULATION,
                         theorem41_on_runs(), GD_RUNS, {"rate 3ηλ0": theorem41_on_runs(3.0)}),
))


# --- DZPS19-Cd4.1 ----------------------------------------------------------------------------------
x_ = sp.Symbol("x", nonnegative=True)
k_ = sp.Symbol("k", integer=True, nonnegative=True)


def per_step(rate=0.5):
    """Simulation: ‖y − u(k+1)‖² ≤ (1 − rate·ηλ0)‖y − u(k)‖² at every step, which gives
    Condition 4.1 at k + 1 from Condition 4.1 at k (the induction step)."""
    def predicate(pt):
        p, traj = gd_run(pt["m"], pt["seed"], pt["eta"])
        factors = traj.residual2[1:] / traj.residual2[:-1]
        worst, bound = float(factors.max()), 1 - rate * traj.eta * p.lam0
        return R.at_most(worst, bound, f"m={pt['m']} seed={pt['seed']} ({pt['eta']}): worst step factor {worst:.6f} vs {bound:.6f}")
    return predicate


register(Claim("DZPS19-Cd4.1", "§4, Condition 4.1", "SRC*",
               "Induction hypothesis: ‖y − u(k)‖² ≤ (1 − ηλ0/2)^k ‖y − u(0)‖² (trivial at k = 0)",
    statement=r"\|y-u(k)\|_2^2\le\big(1-\tfrac{\eta\lambda_0}2\big)^k\|y-u(0)\|_2^2",
    assumptions=(r"\text{checked per step on the runs of DZPS19-T4.1}",),
    uses=("DZPS19-P4.1",),
    routes=(
        R.SymbolicRoute("symbolic: at k = 0 the bound is ‖y − u(0)‖² itself", (1 - x_ / 2) ** 0, 1),
        *R.on_settings("simulation: every step contracts by ≤ 1 − ηλ0/2", Kind.SIMULATION, per_step(),
                       GD_RUNS, {"factor 1 − 3ηλ0": per_step(3.0)}),
    ),
))


# --- DZPS19-C4.1 -----------------------------------------------------------------------------------
n_, m_, lam_, Y_, eta_ = sp.symbols("n m lambda_0 Y eta", positive=True)


def displacement_sum() -> sp.Expr:
    """Σ_{k'} η √(n/m) (1 − ηλ0/2)^{k'/2} Y, summed by SymPy to k' = ∞ (the step lengths under
    Condition 4.1)."""
    q = sp.sqrt(1 - eta_ * lam_ / 2)
    return eta_ * sp.sqrt(n_ / m_) * Y_ / (1 - q)


def geometric_sum() -> sp.Expr:
    """Σ_{k ≥ 0} q^k for q = √(1 − x), summed by SymPy (|q| < 1)."""
    q = sp.Symbol("q", positive=True)
    return sp.summation(q**k_, (k_, 0, sp.oo)).args[0][0].subs(q, sp.sqrt(1 - x_))


def concavity_obligations(slope=sp.Rational(1, 2)) -> list[Obligation]:
    """1 − √(1 − x) − slope·x ≥ 0 on [0, 1]; with slope ½ it gives 1/(1 − √(1 − x)) ≤ 2/x, hence
    the sum of step lengths ≤ 4√n Y/(√m λ0); a control claims slope 1."""
    return [Obligation(f"1 − √(1 − x) ≥ {slope} x", 1 - sp.sqrt(1 - x_) - slope * x_, (Bound(x_, 0, 1),),
                       reduction="x = ηλ0/2 ∈ [0, 1]; 1/(1 − √(1 − x)) ≤ 1/(x/2)")]


def gd_radius(p, traj) -> float:
    return 4 * np.sqrt(p.n) * np.sqrt(traj.residual2[0]) / (np.sqrt(p.m) * p.lam0)


def displacement_on_runs(scale=1.0):
    def predicate(pt):
        p, traj = gd_run(pt["m"], pt["seed"], pt["eta"])
        move, radius = float(traj.w_move.max()), scale * gd_radius(p, traj)
        return R.at_most(move, radius, f"m={pt['m']} ({pt['eta']}): move {move:.3f} vs R' {radius:.2f}")
    return predicate


register(Claim("DZPS19-C4.1", "§4, Corollary 4.1; proof at the end of Appendix A", "SRC*",
               "Condition 4.1 for k' ≤ k ⇒ ‖w_r(k+1) − w_r(0)‖ ≤ R' = 4√n‖y − u(0)‖/(√m λ0)",
    statement=r"\|w_r(k+1)-w_r(0)\|_2\le R'=\frac{4\sqrt n\,\|y-u(0)\|_2}{\sqrt m\,\lambda_0}",
    assumptions=(r"\text{Condition 4.1 for } k'=0,\dots,k;\ \eta\lambda_0/2\le1",),
    uses=("DZPS19-Cd4.1",),
    routes=(
        R.SymbolicRoute("symbolic: Σ_k (1 − x)^{k/2} = 1/(1 − √(1 − x))", geometric_sum, 1 / (1 - sp.sqrt(1 - x_))),
        R.SymbolicRoute("symbolic: with 1 − √(1 − x) ≥ x/2 the sum is ≤ 4√n Y/(√m λ0)",
                        lambda: displacement_sum().subs(sp.sqrt(1 - eta_ * lam_ / 2), 1 - eta_ * lam_ / 4),
                        4 * sp.sqrt(n_) * Y_ / (sp.sqrt(m_) * lam_)),
        R.CertifiedRoute("certified: 1 − √(1 − x) − x/2 ≥ 0 on [0, 1]", concavity_obligations),
        R.CertifiedRoute("control (1 − √(1 − x) ≥ x): certified", lambda: concavity_obligations(1), role=Role.CONTROL),
        *R.on_settings("simulation: max_r ‖w_r(k) − w_r(0)‖ ≤ R' on every run", Kind.SIMULATION,
                       displacement_on_runs(), GD_RUNS, {"R'/100": displacement_on_runs(0.01)}),
    ),
    expressions=(Expression("GD radius", "R'", 4 * sp.sqrt(n_) * Y_ / (sp.sqrt(m_) * lam_),
                            {Y_: r"\|y-u(0)\|_2"}),),
))


# --- DZPS19-L4.1 -----------------------------------------------------------------------------------
L41_N, L41_D, L41_M, L41_DELTA = 20, 10, 1000, 0.1
R_ = sp.Symbol("R", positive=True)


def flip_counts(R: float, starts: int, rng) -> np.ndarray:
    """Σ_i |S_i^⊥| = #{(i, r): |w_r(0)ᵀx_i| < R} for independent starts on fixed data."""
    X = problem(L41_N, L41_D, 1, 0).X
    return np.array([(np.abs(rng.standard_normal((L41_M, L41_D)) @ X.T) < R).sum() for _ in range(starts)], float)


def flip_count_estimate(pt, n, rng):
    c = flip_counts(pt["R"], n, rng)
    return MonteCarloEstimate(np.array([c.mean()]), np.array([c.std(ddof=1) / np.sqrt(n)]), n)


def expected_flips(pt):
    import mpmath
    return [float(L41_M * L41_N * mpmath.erf(pt["R"] / mpmath.sqrt(2)))]


def markov_event(constant=float(C41)):
    """Predicate: over 1000 starts, Σ_i |S_i^⊥| > C m n R/δ happens with probability ≤ δ."""
    def predicate(pt):
        c = flip_counts(pt["R"], 1000, np.random.default_rng([41, int(pt["R"] * 1e6)]))
        fails = int((c > constant * L41_M * L41_N * pt["R"] / L41_DELTA).sum())
        ok, text = failure_rate_at_most(fails, len(c), L41_DELTA)
        return ok, fails / len(c), f"R = {pt['R']}: {text}"
    return predicate


L41_RADII = [{"R": 0.01}, {"R": 0.05}]
register(Claim("DZPS19-L4.1", "§4, Lemma 4.1", "SRC",
               "W.p. ≥ 1 − δ, Σ_i |S_i^⊥| ≤ C m n R/δ (C = √(2/π) suffices)",
    statement=r"\Pr\Big[\sum_{i=1}^n|S_i^\perp|\le\frac{C\,mnR}{\delta}\Big]\ge1-\delta,\quad\mathbb E|S_i^\perp|=m\,\operatorname{erf}(R/\sqrt2)",
    assumptions=(r"C=\sqrt{2/\pi}\ (\text{derived});\ n=20,\ d=10,\ m=1000,\ \delta=0.1",),
    uses=("DZPS19-L3.2a",),
    routes=(
        R.SymbolicRoute("symbolic: m·erf(R/√2) ≤ C m R, C = √(2/π), to first order (equal slopes at 0)",
                        sp.diff(sp.erf(R_ / sp.sqrt(2)), R_).subs(R_, 0), C41),
        R.MonteCarloRoute("Monte Carlo over 4000 starts: E Σ_i|S_i^⊥| = mn erf(R/√2)", expected_flips,
                          flip_count_estimate, lambda rng: L41_RADII, n=4000),
        *R.on_settings("Monte Carlo over 1000 starts: Markov's event fails w.p. ≤ δ", Kind.MONTE_CARLO,
                       markov_event(), L41_RADII, {"C/20": markov_event(float(C41) / 20)}),
    ),
    expressions=(Expression("expected flip count", r"\mathbb E|S_i^\perp|",
                            lambda: sp.Symbol("m", positive=True) * flip_probability_integral(), {}),),
))


# --- DZPS19-P4.1 -----------------------------------------------------------------------------------
delta_, C_ = sp.symbols("delta C", positive=True)


def one_step_coefficient() -> sp.Expr:
    """(e)'s coefficient minus (1 − ηλ0/2), at R = cδλ0/n² with c = 1/(16C)."""
    R = delta_ * lam_ / (16 * C_ * n_**2)
    coefficient = 1 - eta_ * lam_ + 2 * C_ * eta_ * n_**2 * R / delta_ + 2 * C_ * eta_ * n_**sp.Rational(3, 2) * R / delta_ \
        + eta_**2 * n_**2
    return sp.expand(coefficient - (1 - eta_ * lam_ / 2))


P41 = {"n": 25, "d": 15, "m": 20000, "eta": 0.2, "R": 0.4, "steps": 40, "seed": 3}


@functools.lru_cache(maxsize=2)
def one_step_records(n, d, m, eta, R, steps, seed):
    """Real GD steps with the split of u(k+1) − u(k) into I1 (r ∈ S_i) and I2 (r ∈ S_i^⊥)."""
    p = problem(n, d, m, seed)
    X, y, a, W = p.X, p.y, p.a, p.W0.copy()
    S_perp = np.abs(X @ p.W0.T) < R                            # n × m: r ∈ S_i^⊥
    out = []
    for _ in range(steps):
        pre = X @ W.T
        active = pre >= 0
        u = relu(pre) @ a / np.sqrt(m)
        r = y - u
        W_next = W + eta * a[:, None] * ((active * r[:, None]).T @ X) / np.sqrt(m)
        change = (relu(X @ W_next.T) - relu(pre)) * a / np.sqrt(m)   # n × m
        I1, I2 = (change * ~S_perp).sum(1), (change * S_perp).sum(1)
        H = gram(X, W)
        act_perp = active & S_perp
        H_perp = (X @ X.T) * (act_perp.astype(float) @ active.T.astype(float)) / m
        inside = np.sqrt(((W_next - p.W0) ** 2).sum(1)).max() <= R
        same = not np.any(((X @ W_next.T >= 0) != active) & ~S_perp)
        out.append(dict(I1=I1, I2=I2, u_step=I1 + I2, r=r, H=H, H_perp=H_perp, S=S_perp.sum(1), inside=inside,
                        same=same, eta=eta, n=n, m=m))
        W = W_next
    return out


def one_step_bounds(h_perp_dropped=False):
    """(a) I1 = η(H − H⊥)(y − u) (exact while no pattern of r ∈ S_i changes); (b) |I2_i| ≤
    η√n|S_i^⊥|‖y − u‖/m; (c) ‖H⊥‖₂ ≤ (n/m)Σ_i|S_i^⊥|; (d) ‖u(k+1) − u(k)‖² ≤ η²n²‖y − u‖².
    A control drops H⊥ in (a)."""
    def predicate(pt):
        worst = {"a": 0.0, "b": 0.0, "c": 0.0, "d": 0.0}
        for s in one_step_records(**pt):
            if not (s["inside"] and s["same"]):
                return None, None, "a step left the R-ball or flipped a pattern of S_i: (a) does not apply"
            Hd = s["H"] if h_perp_dropped else s["H"] - s["H_perp"]
            claimed = s["eta"] * Hd @ s["r"]
            worst["a"] = max(worst["a"], np.abs(s["I1"] - claimed).max() / (1e-300 + np.abs(claimed).max()))
            rn = np.linalg.norm(s["r"])
            worst["b"] = max(worst["b"], (np.abs(s["I2"]) / (s["eta"] * np.sqrt(s["n"]) * np.maximum(s["S"], 1e-300)
                                                            * rn / s["m"])).max())
            worst["c"] = max(worst["c"], np.linalg.norm(s["H_perp"], 2) / max(s["n"] / s["m"] * s["S"].sum(), 1e-300))
            worst["d"] = max(worst["d"], np.sum(s["u_step"] ** 2) / (s["eta"] ** 2 * s["n"] ** 2 * rn**2))
        ok = worst["a"] <= 1e-10 and all(worst[k] <= 1 for k in "bcd")
        return ok, float(worst["a"]), "worst ratios " + ", ".join(f"({k}) {v:.2g}" for k, v in worst.items())
    return predicate


register(Claim("DZPS19-P4.1", "§4, proof of Theorem 4.1", "SRC*",
               "One GD step: u(k+1) − u(k) = I1 + I2 with the bounds (a)–(d), and (e) the factor 1 − ηλ0/2",
    statement=(r"I_1=\eta(H(k)-H^\perp(k))(y-u(k)),\ |I_2^i|\le\tfrac{\eta\sqrt n|S_i^\perp|}m\|y-u(k)\|_2,\ "
               r"\|H^\perp\|_2\le\tfrac nm\sum_i|S_i^\perp|,\ \|u(k+1)-u(k)\|^2\le\eta^2n^2\|y-u(k)\|^2;\ "
               r"\|y-u(k+1)\|^2\le(1-\tfrac{\eta\lambda_0}2)\|y-u(k)\|^2"),
    assumptions=(r"R=c\delta\lambda_0/n^2,\ c=1/(16C),\ \eta\le\lambda_0/(4n^2);\ \text{(a)–(d) on 40 real steps: }"
                 r"n=25,\ d=15,\ m=20000,\ \eta=0.2,\ R=0.4",),
    uses=("DZPS19-L4.1", "DZPS19-EQ4"),
    routes=(
        R.SymbolicRoute("symbolic: (e)'s coefficient − (1 − ηλ0/2) = η(ηn² − λ0(3/8 − 1/(8√n)))", one_step_coefficient,
                        sp.expand(eta_ * (eta_ * n_**2 - lam_ * (sp.Rational(3, 8) - 1 / (8 * sp.sqrt(n_)))))),
        *R.on_settings("simulation: (a)–(d) at every one of 40 real GD steps", Kind.SIMULATION, one_step_bounds(),
                       P41, {"H⊥ dropped in (a)": one_step_bounds(True)}),
    ),
    expressions=(Expression("one-step coefficient minus target", r"\Delta_{4.1}", one_step_coefficient, {}),),
))


# --- DZPS19-I1 -------------------------------------------------------------------------------------
eps_ = sp.Symbol("epsilon", positive=True)


def iterations_needed() -> sp.Expr:
    """K with e^{−ηλ0K/2}·Y²/2 = ε (then (1 − ηλ0/2)^K Y²/2 ≤ ε, as log(1 − x) ≤ −x)."""
    K = sp.Symbol("K", positive=True)
    # SymPy returns log(q^(2/(ηλ0))); expanded, the exponent is a factor (and q^(2/(ηλ0)) at
    # rational points is not an exact power to compute)
    return sp.expand_log(sp.solve(sp.Eq(sp.exp(-eta_ * lam_ * K / 2) * Y_**2 / 2, eps_), K)[0], force=True)


def reaches_epsilon(fraction=1.0):
    """Simulation at the proven step size (n = d = 5, m = 200): L(W(K)) ≤ ε at K from the formula
    (a control runs K/20 steps)."""
    def predicate(pt):
        p = problem(5, 5, 200, pt["seed"])
        eta = p.lam0 / (4 * p.n**2)
        Y2 = float(np.sum((p.y - predictions(p.X, p.W0, p.a)) ** 2))
        K = int(np.ceil(fraction * 2 / (eta * p.lam0) * np.log(Y2 / (2 * pt["eps"]))))
        final = train(p, eta, K, every=K).residual2[-1] / 2
        return R.at_most(final, pt["eps"], f"ε = {pt['eps']}: K = {K}, L(W(K)) = {final:.2e}")
    return predicate


register(Claim("DZPS19-I1", "§1 (and footnote 4)", "SRC",
               "GD reaches L ≤ ε in K = O(log 1/ε) iterations",
    statement=r"L(W(K))\le\varepsilon\ \text{for}\ K\ge\frac{2}{\eta\lambda_0}\log\frac{\|y-u(0)\|_2^2}{2\varepsilon}=O(\log\tfrac1\varepsilon)",
    assumptions=(r"\text{T4.1's hypotheses; simulated at } \eta=\lambda_0/(4n^2),\ n=d=5,\ m=200",),
    uses=("DZPS19-T4.1",),
    routes=(
        R.SymbolicRoute("symbolic: K = (2/(ηλ0)) log(Y²/(2ε))", iterations_needed,
                        2 / (eta_ * lam_) * sp.log(Y_**2 / (2 * eps_))),
        *R.on_settings("simulation: L(W(K)) ≤ ε at the formula's K", Kind.SIMULATION, reaches_epsilon(),
                       [{"seed": 0, "eps": 1e-2}, {"seed": 0, "eps": 1e-4}], {"K/20": reaches_epsilon(0.05)}),
    ),
    expressions=(Expression("iterations", "K", iterations_needed, {Y_: r"\|y-u(0)\|_2"}),),
))

r"""DZPS19 §3.2 and Appendix A.1 — training both layers (Theorem 3.3, Lemmas A.2 and A.6).

Main statements
---------------
* ``DZPS19-T3.3``  joint gradient flow: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² w.p. ≥ 1 − δ.
* ``DZPS19-LA.2``  :math:`\dot u=(H(t)+G(t))(y-u)` with G ⪰ 0, so H alone gives the rate.
* ``DZPS19-LA.6``  the continuation lemma for both layers (radii not legible: Epstein's, stated).

Note E2 (App. A.1): the proof's "with probability at least δ, ‖y − u(0)‖₂ ≤ C√(n/δ)" should read
1 − δ (Markov); the printed sentence is true but too weak for the union bound the proof makes.
The route "Markov at level δ" checks the corrected sentence.

Simulations: n = d = 20, labels N(0, 1), joint Euler flow η = 0.02 to t = 40, widths 100, 400,
1600, seeds 0–2.
"""
from __future__ import annotations

import functools

import numpy as np

from lemmas.dzps19.flow import random_nets, rate_ratio
from lemmas.dzps19.gram import EPS
from lemmas.dzps19.network import (gradient_a, gradient_w, gram, jacobian_a, jacobian_w, output_gram, predictions,
                                   problem, train)
from verify import routes as R
from verify.registry import Claim, register
from verify.results import Kind
from verify.statistics import failure_rate_at_most

JOINT_RUNS = [{"m": m, "seed": s} for m in (100, 400, 1600) for s in (0, 1, 2)]


@functools.lru_cache(maxsize=16)
def joint_run(m: int, seed: int):
    p = problem(20, 20, m, seed)
    return p, train(p, 0.02, 2000, joint=True, every=20)


def theorem33_on_runs(rate=1.0):
    """Simulation: the rate inequality at every step (a control: rate 4λ0)."""
    def predicate(pt):
        p, traj = joint_run(pt["m"], pt["seed"])
        ratio = rate_ratio(traj, p.lam0, rate)
        return R.at_most(ratio, 1, f"m={pt['m']} seed={pt['seed']}: worst ratio {ratio:.4f}")
    return predicate


def markov_start(divide_by_delta=True):
    """E2: over 2000 starts (n = 20, m = 400), ‖y − u(0)‖² > E/δ with E = ‖y‖² + n/2 happens with
    probability ≤ δ = 0.1 (Markov) — the corrected "with probability ≥ 1 − δ". A control drops
    the 1/δ from the threshold (then about half the starts exceed it)."""
    def predicate(pt):
        p = problem(20, 20, 1, 0)
        delta = 0.1
        threshold = float(p.y @ p.y + p.n / 2) / (delta if divide_by_delta else 1)
        rng = np.random.default_rng(33)
        fails = sum(np.sum((p.y - predictions(p.X, rng.standard_normal((400, 20)), rng.choice([-1.0, 1.0], 400))) ** 2)
                    > threshold for _ in range(2000))
        ok, text = failure_rate_at_most(int(fails), 2000, delta)
        return ok, fails / 2000, text
    return predicate


register(Claim("DZPS19-T3.3", "§3.2, Theorem 3.3; Appendix A.1", "SRC*",
               "Joint training of W and a: w.p. ≥ 1 − δ, ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² for all t",
    statement=(r"\tfrac{d}{dt}(W,a)=-\nabla L,\ m\ \text{large enough}\Rightarrow\Pr\big[\|u(t)-y\|_2^2\le"
               r"e^{-\lambda_0t}\|u(0)-y\|_2^2\ \forall t\ge0\big]\ge1-\delta"),
    assumptions=(r"\text{the printed width is not legible (catalogue: REC, not encoded)};\ n=d=20,\ "
                 r"m\in\{100,400,1600\},\ 3\text{ seeds, Euler }\eta=0.02,\ t\le40",
                 r"\text{E2: the proof's ``with probability at least }\delta\text{'' should read }1-\delta"),
    uses=("DZPS19-LA.2", "DZPS19-LA.6", "DZPS19-P3.2"),
    routes=(
        *R.on_settings("simulation: the rate inequality at every step of every joint run", Kind.SIMULATION,
                       theorem33_on_runs(), JOINT_RUNS, {"rate 4λ0": theorem33_on_runs(4.0)}),
        *R.on_settings("Monte Carlo over 2000 starts: Markov at level δ (note E2, corrected)", Kind.MONTE_CARLO,
                       markov_start(), {"delta": 0.1}, {"threshold E without 1/δ": markov_start(False)}),
    ),
))


# --- DZPS19-LA.2 -----------------------------------------------------------------------------------
def joint_states(rng):
    """Random networks with an output layer away from ±1 (as after joint training)."""
    return [dict(p, a=p["a"] * rng.uniform(0.3, 2.0, len(p["a"]))) for p in random_nets(rng)]


def joint_structure(weighted=True):
    """Property: J_wJ_wᵀ = H with the a_r² weights (D13), J_aJ_aᵀ = G, G ⪰ 0, and the joint flow's
    velocity (central difference of u along −∇(W, a)) = (H + G)(y − u). A control drops the a_r²."""
    def predicate(pt):
        X, W, a, y = pt["X"], pt["W"], pt["a"], pt["y"]
        Jw, Ja = jacobian_w(X, W, a), jacobian_a(X, W)
        H, G = gram(X, W, a if weighted else None), output_gram(X, W)
        gaps = [np.abs(Jw @ Jw.T - H).max(), np.abs(Ja @ Ja.T - G).max()]
        Vw, Va = -gradient_w(X, y, W, a), -gradient_a(X, y, W, a)
        h = 1e-4 / max(np.linalg.norm(Vw, axis=1).max(), np.abs(Va).max(), 1e-300)
        fd = (predictions(X, W + h * Vw, a + h * Va) - predictions(X, W - h * Vw, a - h * Va)) / (2 * h)
        u = predictions(X, W, a)
        # u is bilinear in (W, a) inside a region: the central difference has an O(h²) term only
        gaps.append(np.abs(fd - (H + G) @ (y - u)).max())
        low = np.linalg.eigvalsh(G)[0]
        tol = [8 * X.shape[1] * EPS * max(1, np.abs(a).max() ** 2), 8 * EPS * len(W), 1e-6]
        ok = all(g <= t for g, t in zip(gaps, tol)) and low >= -len(X) ** 2 * EPS
        return ok, float(max(gaps)), f"gaps JwJwᵀ−H {gaps[0]:.1e}, JaJaᵀ−G {gaps[1]:.1e}, velocity {gaps[2]:.1e}; λ_min(G) = {low:.1e}"
    return predicate


def joint_rate_from_h(pt):
    """Simulation: along the joint runs λ_min(H + G) ≥ λ_min(H) (G ⪰ 0) and λ_min(H) ≥ λ0/2."""
    p, traj = joint_run(pt["m"], pt["seed"])
    keep = ~np.isnan(traj.lam_min)
    H, HG = traj.lam_min[keep], traj.lam_min_joint[keep]
    ok = bool(np.all(HG >= H - 1e-12) and H.min() >= p.lam0 / 2)
    return ok, float(max(0, (H - HG).max())), f"m={pt['m']}: min λ_min(H) {H.min():.3f}, min λ_min(H + G) {HG.min():.3f}"


register(Claim("DZPS19-LA.2", "Appendix A.1, Lemma A.2", "SRC",
               "Joint flow: du/dt = (H(t) + G(t))(y − u), G ⪰ 0, so λ_min(H) ≥ λ0/2 gives the e^{−λ0 t} decay",
    statement=(r"\tfrac{d}{dt}u=(H(t)+G(t))(y-u),\ G_{ij}=\tfrac1m\sum_r\sigma(w_r^\top x_i)\sigma(w_r^\top x_j)\succeq0,"
               r"\ H_{ij}=\tfrac1mx_i^\top x_j\sum_ra_r^2\mathbb I\{\cdot\}\mathbb I\{\cdot\}"),
    assumptions=(r"\text{off the kinks};\ a_r\text{ arbitrary (trained)}",),
    uses=("DZPS19-EQ7",),
    routes=(
        *R.on_settings("Jacobians, G ⪰ 0 and the joint velocity at random states", Kind.FINITE_DIFFERENCE,
                       joint_structure(), joint_states, {"a_r² dropped from H": joint_structure(False)}),
        *R.on_settings("simulation: λ_min(H + G) ≥ λ_min(H) ≥ λ0/2 along joint runs", Kind.SIMULATION,
                       joint_rate_from_h, JOINT_RUNS,
                       {"λ_min(H) ≥ λ0": lambda pt: _half_dropped(pt)}),
    ),
))


def _half_dropped(pt):
    """Control: the same runs asked for λ_min(H(t)) ≥ λ0 (the ½ dropped)."""
    p, traj = joint_run(pt["m"], pt["seed"])
    low = float(np.nanmin(traj.lam_min))
    return R.at_most(-low, -p.lam0, f"m={pt['m']}: min λ_min(H) {low:.3f} vs λ0 {p.lam0:.3f}")


# --- DZPS19-LA.6 -----------------------------------------------------------------------------------
def epstein_radii(p, traj, delta=0.1):
    """Epstein's rework (the paper's are not legible): R'_w = 4√n‖y − u(0)‖/(λ0√m),
    R'_a = R'_w √log(nm/δ)."""
    Rw = 4 * np.sqrt(p.n) * np.sqrt(traj.residual2[0]) / (p.lam0 * np.sqrt(p.m))
    return Rw, Rw * np.sqrt(np.log(p.n * p.m / delta))


def continuation_joint(pt):
    """Simulation: max_r ‖w_r(t) − w_r(0)‖ ≤ R'_w, max_r |a_r(t) − a_r(0)| ≤ R'_a, λ_min(H(t)) ≥
    λ0/2 and the loss rate, at every recorded time (R'_w < R_w is far out of reach here)."""
    p, traj = joint_run(pt["m"], pt["seed"])
    Rw, Ra = epstein_radii(p, traj)
    w, a = float(traj.w_move.max()), float(traj.a_move.max())
    low, ratio = float(np.nanmin(traj.lam_min)), rate_ratio(traj, p.lam0)
    ok = w <= Rw and a <= Ra and low >= p.lam0 / 2 and ratio <= 1
    return ok, max(ratio - 1, 0.0), (f"m={pt['m']}: ‖Δw‖ {w:.3f} ≤ {Rw:.1f}, |Δa| {a:.3f} ≤ {Ra:.1f}, "
                                     f"min λ_min(H) {low:.3f}, ratio {ratio:.3f}")


register(Claim("DZPS19-LA.6", "Appendix A.1, Lemma A.6", "SRC",
               "R'_w < R_w and R'_a < R_a ⇒ for all t: λ_min(H(t)) ≥ λ0/2, both layers within their radii, the loss decays",
    statement=(r"R_w'<R_w,\ R_a'<R_a\Rightarrow\forall t:\ \lambda_{\min}(H(t))\ge\tfrac{\lambda_0}2,\ \|w_r(t)-w_r(0)\|\le R_w',"
               r"\ |a_r(t)-a_r(0)|\le R_a',\ \|y-u(t)\|^2\le e^{-\lambda_0t}\|y-u(0)\|^2"),
    assumptions=(r"\text{radii not legible; Epstein's: } R_w'=\tfrac{4\sqrt n\|y-u(0)\|}{\lambda_0\sqrt m},\ "
                 r"R_a'=R_w'\sqrt{\log(nm/\delta)};\ \text{checked as invariants of the joint runs}",),
    uses=("DZPS19-LA.2", "DZPS19-T3.3"),
    routes=R.on_settings("simulation: the invariants along every joint run", Kind.SIMULATION, continuation_joint,
                         JOINT_RUNS, {"λ_min(H) ≥ λ0 (½ dropped)": _half_dropped}),
))

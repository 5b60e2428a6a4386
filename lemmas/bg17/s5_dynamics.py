r"""BG17 §5 (dynamics) — gradient descent on the exact population risk, as batched simulations.

Main statements
---------------
* ``BG17-T5.2``  from w_0 uniform on the sphere (‖w*‖ = 1) GD reaches ℓ ≤ ε with probability ≥ 1 − δ
  in O(1/ε²) iterations; simulated (success fraction with a Wilson interval, iterations against ε).
* ``BG17-S5-M``  ‖w_t‖ stays above a positive constant along every path with θ_0 ≤ (1 − δ)π.
* ``BG17-S5-L``  the gradient is Lipschitz on the segments [w_t, w_{t+1}] travelled.
* ``BG17-C5.3``  GD reaches the accuracy 1/(4k⁵d) of k-Non-Overlap-Opt in polynomially many steps.
* ``BG17-F2``    the risk landscape for k = 10, w* = (1, 1), with its critical points (figure).

Implementation notes
--------------------
The update is Eq. 15 with c1, c2 lambdified from their derivation (:mod:`lemmas.bg17.s5`), run on a
batch of thousands of starts at once in numpy (float64: the quantities simulated are far above
rounding). Starts are seeded. Success fractions carry Wilson intervals at 99.9%.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from lemmas.common.kernels import a, b, theta
from lemmas.bg17.s3_risk import k, no_overlap_risk
from lemmas.bg17.s5 import c_numpy, mp_saddle_scale
from verify import routes as R
from verify.figures import Landscape
from verify.registry import Claim, Expression, register
from verify.results import Kind
from verify.tolerances import wilson_interval

@cache
def risk_numpy():
    return sp.lambdify((a, b, theta, k), no_overlap_risk(), modules="numpy")


def uniform_sphere(rng: np.random.Generator, n: int, m: int) -> np.ndarray:
    x = rng.standard_normal((n, m))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@dataclass
class Paths:
    first_hit: dict[float, np.ndarray]   # per epsilon: first t with l(w_t) <= eps (-1 if never)
    min_norm: np.ndarray                 # min_t |w_t|
    max_lipschitz: np.ndarray            # max_t |grad(w_{t+1}) - grad(w_t)| / |w_{t+1} - w_t|
    theta0: np.ndarray
    final: np.ndarray


def _angles(W, ws):
    cos = (W @ ws) / (np.linalg.norm(W, axis=1) * np.linalg.norm(ws))
    return np.arccos(np.clip(cos, -1.0, 1.0))


def risk_at_rows(W, ws, kk):
    """Eq. 8 (numpy) at each row w of W; the angle of w = 0 is taken as 0 (ℓ does not depend on it)."""
    norms_ = np.linalg.norm(W, axis=1)
    th = _angles(np.where(norms_[:, None] > 0, W, ws), ws)
    return risk_numpy()(norms_, np.linalg.norm(ws), th, kk)


def run_gd(w0: np.ndarray, ws: np.ndarray, kk: int, step: float, iterations: int,
           epsilons=(1e-2, 1e-4, 1e-6, 1e-8)) -> Paths:
    """Eq. 15 on a batch of starts (rows of w0); records what the claims need."""
    c_fn = c_numpy()
    W = np.array(w0, dtype=float)
    b_ = float(np.linalg.norm(ws))
    first = {e: np.full(len(W), -1) for e in epsilons}
    min_norm = np.linalg.norm(W, axis=1)
    max_lip = np.zeros(len(W))
    theta0 = _angles(W, ws)

    def gradient(W):
        a_ = np.linalg.norm(W, axis=1)
        c1, c2 = c_fn(a_, b_, _angles(W, ws), kk)
        return -(c1[:, None] * W + np.asarray(c2)[:, None] * ws[None, :])

    grad = gradient(W)
    for t in range(iterations + 1):
        loss = risk_at_rows(W, ws, kk)
        for e in epsilons:
            newly = (first[e] < 0) & (loss <= e)
            first[e][newly] = t
        if t == iterations:
            break
        W_next = W - step * grad
        grad_next = gradient(W_next)
        moved = np.linalg.norm(W_next - W, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            lip = np.where(moved > 1e-12, np.linalg.norm(grad_next - grad, axis=1) / moved, 0.0)
        max_lip = np.maximum(max_lip, lip)
        W, grad = W_next, grad_next
        min_norm = np.minimum(min_norm, np.linalg.norm(W, axis=1))
    return Paths(first, min_norm, max_lip, theta0, W)


def from_uniform_starts(kk: int, m: int, step: float, n: int, iterations: int, seed: int,
                        epsilons=(1e-2, 1e-4, 1e-6, 1e-8)) -> Paths:
    """GD from n seeded starts uniform on the sphere, teacher w* = e_1 (‖w*‖ = 1)."""
    rng = np.random.default_rng(seed)
    return run_gd(uniform_sphere(rng, n, m), np.eye(m)[0], kk, step, iterations, epsilons)


@cache
def _standard_runs(kk: int, m: int, step: float):
    return from_uniform_starts(kk, m, step, n=2000, iterations=600, seed=5)


SETTING_POINTS = [{"k": kk, "m": m, "lam": lam, "delta": 0.05}
                  for kk, m, lam in ((2, 5, 0.5), (10, 5, 0.9), (20, 10, 0.9), (3, 2, 0.5))]


def success_at_least_one_minus_delta(pt):
    """Among starts with theta_0 <= (1 - delta) pi, the fraction reaching l <= 1e-8 within the
    budget has a Wilson lower bound >= 1 - delta; and overall >= 1 - delta."""
    paths = _standard_runs(pt["k"], pt["m"], pt["lam"])
    hit = paths.first_hit[1e-8] >= 0
    n = len(hit)
    lo, _ = wilson_interval(int(hit.sum()), n)
    ok = lo >= 1 - pt["delta"]
    return ok, float(max(1 - pt["delta"] - lo, 0)), (
        f"k={pt['k']} m={pt['m']} λ={pt['lam']}: {hit.sum()}/{n} reached 1e-8 "
        f"(Wilson 99.9% lower bound {lo:.4f}); median iterations {np.median(paths.first_hit[1e-8][hit]):.0f}")


def iterations_within_inverse_square(pt):
    """max iterations to reach eps, times eps^2, over eps = 1e-2..1e-8 stays below 1 and
    decreases as eps shrinks (the O(1/eps^2) bound holds with room; the rate seen is linear)."""
    paths = _standard_runs(pt["k"], pt["m"], pt["lam"])
    eps_list = sorted(paths.first_hit, reverse=True)
    worst = [int(paths.first_hit[e].max()) for e in eps_list]
    scaled = [w * e * e for w, e in zip(worst, eps_list)]
    ok = all(w >= 0 for w in worst) and all(s <= 1 for s in scaled)
    return ok, float(max(max(scaled) - 1, 0)), "max iterations " + ", ".join(
        f"{w} at ε={e:g}" for w, e in zip(worst, eps_list))


register(Claim("BG17-T5.2", "§5, Theorem 5.2", "SRC*",
               "GD from a uniform start reaches ℓ ≤ ε with probability ≥ 1 − δ, in O(1/ε²) iterations",
    statement=(r"\|w^*\|=1,\ w_0\sim\mathrm{Unif}(\mathbb S^{m-1}):\ \Pr[\exists t\le O(1/\epsilon^2):"
               r"\ \ell(w_t)\le O(\epsilon)]\ge1-\delta"),
    assumptions=(r"\|w^*\|=1", r"m\ge2\ (\text{see BG17-P5.1.2c})", r"\lambda\in(0,1)",
                 r"\text{simulated with } 2000 \text{ starts per setting, } 600 \text{ iterations}"),
    uses=("BG17-Eq15", "BG17-S5-angle", "BG17-S5-init"),
    routes=(
        *R.on_settings("simulation: success fraction ≥ 1 − δ (Wilson, 99.9%)", Kind.SIMULATION,
                       success_at_least_one_minus_delta, SETTING_POINTS, {"m = 1": {"m": 1}}),
        *R.on_settings("simulation: iterations to ℓ ≤ ε stay ≤ 1/ε²", Kind.SIMULATION,
                       iterations_within_inverse_square, SETTING_POINTS),
    ),
))


def min_norm_at_least(pt):
    paths = _standard_runs(pt["k"], pt["m"], pt["lam"])
    keep = paths.theta0 <= (1 - pt["delta"]) * math.pi
    lowest = float(paths.min_norm[keep].min())
    return R.at_most(-lowest, -pt["bound"], f"min_t ‖w_t‖ = {lowest:.4f} over {keep.sum()} paths")


register(Claim("BG17-S5-M", "§5, proof sketch of Thm. 5.2", "SRC",
               "‖w_t‖ stays above a positive constant M along every path",
    statement=r"\|w_0\|>0,\ \theta_{w_0,w^*}\le(1-\delta)\pi\ \Rightarrow\ \|w_t\|\ge M=\tilde\Omega(1)\ \forall t",
    assumptions=(r"\|w^*\|=1", r"\text{the constant } M \text{ is not given; simulated}"),
    uses=("BG17-Eq15",),
    routes=(
        *R.on_settings("simulation: min_t ‖w_t‖ ≥ 0.1 on every path", Kind.SIMULATION, min_norm_at_least,
                       [{**s, "bound": 0.1} for s in SETTING_POINTS], {"‖w_t‖ ≥ ‖w*‖ = 1 throughout": {"bound": 1.0}}),
    ),
))


def lipschitz_at_most(pt):
    worst = float(_standard_runs(pt["k"], pt["m"], pt["lam"]).max_lipschitz.max())
    return R.at_most(worst, pt["bound"], f"max segment Lipschitz ratio {worst:.4f}")


register(Claim("BG17-S5-L", "§5, proof sketch of Thm. 5.2", "SRC",
               "The gradient is Lipschitz on the segments travelled (L = Õ(1))",
    statement=r"\|\nabla\ell(w)-\nabla\ell(w')\|\le L\|w-w'\|\ \text{on } [w_t,w_{t+1}],\ L=\tilde O(1)",
    assumptions=(r"\|w^*\|=1", r"\text{the constant } L \text{ is not given; measured as } "
                 r"\max_t\|\nabla\ell(w_{t+1})-\nabla\ell(w_t)\|/\|w_{t+1}-w_t\|"),
    uses=("BG17-Eq14", "BG17-S5-M"),
    routes=(
        *R.on_settings("simulation: segment ratio ≤ 2", Kind.SIMULATION, lipschitz_at_most,
                       [{**s, "bound": 2.0} for s in SETTING_POINTS], {"L ≤ 0.05": {"bound": 0.05}}),
    ),
))


def reaches_hardness_accuracy(pt):
    """From uniform starts, GD reaches l < 1/(4 k^5 d) (Eq. 9) within the budget."""
    kk, m = pt["k"], pt["m"]
    target = 1 / (4 * kk**5 * kk * m)
    paths = from_uniform_starts(kk, m, pt["lam"], n=500, iterations=600, seed=11, epsilons=(target,))
    hit = paths.first_hit[target]
    lo, _ = wilson_interval(int((hit >= 0).sum()), len(hit))
    return lo >= 1 - pt["delta"], float(max(1 - pt["delta"] - lo, 0)), (
        f"target {target:.2e}: {int((hit >= 0).sum())}/{len(hit)} reached it, max {hit.max()} iterations")


# --- BG17-F2: the landscape figure ---------------------------------------------------------
F2_K, F2_W_STAR = 10, np.array([1.0, 1.0])


F2 = Landscape(lambda W: risk_at_rows(W, F2_W_STAR, F2_K), 2.0, {"local max (kink)": (np.zeros(2), "^"), "global min": (F2_W_STAR, "*"),
                              "degenerate saddle": (-float(mp_saddle_scale(F2_K)) * F2_W_STAR, "s")})


def draw_f2(path) -> None:
    """Write Fig. 2 (k = 10, w* = (1, 1)) with the critical points marked."""
    F2.draw(path, levels=15, legend="lower right", title="BG17 Fig. 2: population risk, $k=10$, $w^*=(1,1)$",
            colorbar=r"$\ell(w)$ (Eq. 8, with the constant)")


def f2_features(pt):
    """The plotted grid shows the catalogue's features: minimum 0 at w*, the kink maximum
    l(0) = 0.3864789 and the saddle value 0.1741254 (to the 7 digits printed there)."""
    xs, L = F2.grid()
    i, j = np.unravel_index(np.argmin(L), L.shape)
    at_min, values = (xs[j], xs[i]), F2.values()
    expected = {"local max (kink)": pt["l0"], "global min": 0.0, "degenerate saddle": pt["ls"]}
    err = max(abs(values[key] - expected[key]) for key in expected)
    ok = err < 5e-8 and np.allclose(at_min, F2_W_STAR, atol=xs[1] - xs[0]) and abs(L.min()) < 1e-3
    return ok, err, f"grid minimum {L.min():.2e} at {at_min}; values {values}"


register(Claim("BG17-F2", "§5, Figure 2", "EMP", "Figure 2: the no-overlap risk for k = 10, w* = (1, 1)",
    statement=r"\ell(w),\ w\in[-2,2]^2,\ k=10,\ w^*=(1,1): \text{ kink max at } 0,\ \text{min at } w^*,\ "
              r"\text{saddle at } -a_{10}w^*",
    assumptions=(r"\text{axis range } [-2,2]^2 \text{ (not stated in the paper)}",),
    uses=("BG17-Eq8", "BG17-X4"),
    routes=(
        *R.on_settings("the plotted grid and the marked values", Kind.EVALUATION, f2_features,
                       {"l0": 0.3864789, "ls": 0.1741254}, {"the saddle value 0.18": {"ls": 0.18}}),
    ),
    expressions=(Expression("saddle scale k = 10", r"a_{10}", sp.Rational(9, 1) / (9 + sp.pi)),),
    figure=draw_f2,
))


# --- Empirical risk: GD on n Gaussian samples labelled by w* (the Gaussian half of §6) ----------
def empirical_gd(n: int, kk: int, m: int, step: float, iterations: int, runs: int, seed: int) -> np.ndarray:
    """Final |w - w*| of full-batch GD on the empirical risk (1/n) sum (f(x_i;w) - f(x_i;w*))^2,
    for `runs` independent (data, start) pairs; |w*| = 1, starts uniform on the sphere."""
    rng = np.random.default_rng(seed)
    errors = np.empty(runs)
    for r in range(runs):
        ws = uniform_sphere(rng, 1, m)[0]
        X = rng.standard_normal((n, kk, m))                # n inputs, k blocks of size m
        y = np.maximum(X @ ws, 0).mean(axis=1)
        w = uniform_sphere(rng, 1, m)[0]
        for _ in range(iterations):
            pre = X @ w                                     # (n, k)
            residual = np.maximum(pre, 0).mean(axis=1) - y  # (n,)
            grad = 2 / n * np.einsum("n,nk,nkm->m", residual, (pre > 0) / kk, X)
            w = w - step * grad
        errors[r] = np.linalg.norm(w - ws)
    return errors


def empirical_recovery(pt):
    """At least `min_fraction` (Wilson 99.9% lower bound) of 20 runs end within 1e-6 of w*.
    With 20 runs, 20/20 gives a lower bound of 0.65, so the threshold is 0.6."""
    errors = empirical_gd(pt["n"], pt["k"], pt["m"], 0.5, 1500, 20, seed=pt["n"])
    recovered = int((errors < 1e-6).sum())
    lo, _ = wilson_interval(recovered, len(errors))
    ok = lo >= pt["min_fraction"]
    return ok, float(max(pt["min_fraction"] - lo, 0)), (
        f"n = {pt['n']}: {recovered}/{len(errors)} runs within 1e-6 of w*; median error {np.median(errors):.1e}")


register(Claim("BG17-C5.3", "§5, Corollary 5.3", "SRC*",
               "GD solves k-Non-Overlap-Opt for Gaussian inputs in polynomial time",
    statement=r"\text{GD reaches } \ell<\tfrac1{4k^5d} \text{ w.h.p. in } \mathrm{poly}(d) \text{ iterations}",
    assumptions=(r"x\sim\mathcal N(0,I_d)", r"\|w^*\|=1",
                 r"\text{the printed accuracy } 1/d^2 \text{ (garbled) is replaced by Eq. 9's } 1/(4k^5d)"),
    uses=("BG17-T5.2",),
    routes=(
        *R.on_settings("simulation: ℓ < 1/(4k⁵d) reached by ≥ 1 − δ of the starts", Kind.SIMULATION,
                       reaches_hardness_accuracy, SETTING_POINTS, {"m = 1": {"m": 1}}),
        *R.on_settings("simulation: GD on n Gaussian samples recovers w* (k = 2, m = 5)", Kind.SIMULATION,
                       empirical_recovery, [{"n": n, "k": 2, "m": 5, "min_fraction": 0.6} for n in (50, 200, 1000)],
                       {"n = 2 samples recover w*": [{"n": 2, "k": 2, "m": 5, "min_fraction": 0.6}]}),
    ),
))



r"""DZPS19 footnotes and remarks (§2, §6, footnotes 3 and 7): checks where a computation decides
them, ``undecided`` with the reason where none can.

* ``DZPS19-FN3``  training only the output layer is linear least squares with zero loss for m ≥ n.
* ``DZPS19-FN7``  non-unit inputs: H∞_ij = x_iᵀx_j (π − θ_ij)/(2π), and Lemma 3.1's concentration
  with the range c_high² in Hoeffding.
* ``DZPS19-S2.1`` H = DDᵀ (Xie et al.'s extended feature matrix = the NTK in W), stable along training.
* ``DZPS19-S2.2`` the width has no ε in it.
* ``DZPS19-S6.1`` deep nets: du/dt = Σ_h G^(h)(y − u), G^(h) ⪰ 0 (the conjecture is DLLWZ19's).
* ``DZPS19-S6.2`` md ≥ n gives a full-rank Jacobian (Soudry & Carmon's mechanism); the width and
  acceleration remarks are speculation: undecided.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from lemmas.dzps19.constants import concentration_width, radius_width
from lemmas.dzps19.flow import flow_run, random_nets
from lemmas.dzps19.gram import kahan_angles
from lemmas.dzps19.network import gram, jacobian_w, predictions, problem, relu, sphere, train
from verify import routes as R
from verify.registry import Claim, register
from verify.results import Kind, Verdict
from verify.statistics import failure_rate_at_most



# --- DZPS19-FN3 ------------------------------------------------------------------------------------
def output_layer_only(width_of=lambda n: 2 * n):
    """For m = width_of(n): Φ = σ(XWᵀ)/√m has rank n, least squares reaches zero loss (≤ 1e-20 of
    ‖y‖²), GD on a alone converges to it, and the predictor differs from first-layer training on
    fresh inputs. A control takes m = n/2 (rank ≤ m < n: a positive residual remains)."""
    def predicate(pt):
        p = problem(pt["n"], pt["d"], width_of(pt["n"]), pt["seed"])
        Phi = relu(p.X @ p.W0.T) / np.sqrt(p.m)
        a_ls, *_ = np.linalg.lstsq(Phi, p.y, rcond=None)
        residual = float(np.sum((Phi @ a_ls - p.y) ** 2) / (p.y @ p.y))
        rank = int(np.linalg.matrix_rank(Phi))
        a = p.a.copy()
        eta = 1 / np.linalg.eigvalsh(Phi.T @ Phi)[-1]
        for _ in range(20000):
            a -= eta * Phi.T @ (Phi @ a - p.y)
        gd = float(np.sum((Phi @ a - p.y) ** 2) / (p.y @ p.y))
        first = train(p, 0.05, 1500).W
        test = sphere(np.random.default_rng(99), 50, pt["d"])
        differ = float(np.abs(relu(test @ p.W0.T) @ a / np.sqrt(p.m) - predictions(test, first, p.a)).max())
        ok = rank == p.n and residual <= 1e-20 and gd <= 1e-6 and differ > 1e-2
        return ok, residual, (f"n={p.n} m={p.m}: rank {rank}, least-squares residual {residual:.1e}, GD on a "
                              f"{gd:.1e}, max difference from first-layer training on fresh inputs {differ:.2f}")
    return predicate


register(Claim("DZPS19-FN3", "§1, footnote 3", "SRC",
               "Training only a is convex least squares with zero loss for large m; the predictor differs",
    statement=(r"\min_a\sum_i\tfrac12(a^\top\Phi_i-y_i)^2,\ \Phi=\sigma(XW^\top)/\sqrt m:\ \text{convex, smooth; zero at}"
               r"\ m\ge n\ (\operatorname{rank}\Phi=n);\ \text{a different predictor from training } W"),
    assumptions=(r"W\text{ fixed at its Gaussian start};\ n\in\{6,12\},\ m=2n",), uses=("DZPS19-EQ4",),
    routes=R.on_settings("evaluation: rank, least squares, GD on a, comparison", Kind.EVALUATION, output_layer_only(),
                         [{"n": 6, "d": 4, "seed": 0}, {"n": 12, "d": 5, "seed": 1}],
                         {"m = n/2": output_layer_only(lambda n: n // 2)}),
))


# --- DZPS19-FN7 ------------------------------------------------------------------------------------
def scaled_data(rng, count=4, low=0.5, high=2.0):
    out = []
    for _ in range(count):
        X = sphere(rng, 5, 4) * rng.uniform(low, high, (5, 1))
        out.append({"X": X, "low": low, "high": high})
    return out


def non_unit_closed_form(X, with_norms=True):
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    theta = kahan_angles(unit[:, None], unit[None])
    scale = X @ X.T if with_norms else unit @ unit.T
    return scale * (np.pi - theta) / (2 * np.pi)


def non_unit_gram(with_norms=True):
    """Monte Carlo (H(0) at m = 2²⁰, every entry within 5 standard errors — Bonferroni over 25
    entries at false-alarm 1e-3 needs 4.1) of H∞ for inputs with norms in [½, 2], against
    x_iᵀx_j(π − θ_ij)/(2π); a control drops the norms (the unit-input formula)."""
    def predicate(pt):
        X, m = pt["X"], 2**20
        rng = np.random.default_rng(int(1e6 * abs(X[0, 0])))
        active = (rng.standard_normal((m, X.shape[1])) @ X.T >= 0).astype(float)
        prob = active.T @ active / m
        se = np.abs(X @ X.T) * np.sqrt(prob * (1 - prob) / m) + 1e-12
        zmax = float((np.abs((X @ X.T) * prob - non_unit_closed_form(X, with_norms)) / se).max())
        return zmax <= 5, zmax, f"max |z| = {zmax:.2f} over the 25 entries"
    return predicate


def non_unit_concentration(range_scale=1.0):
    """Lemma 3.1 with Hoeffding's range c_high² (summands x_iᵀx_j 𝕀𝕀 ∈ [−c_high², c_high²]):
    over 200 starts, max_ij |H(0) − H∞| ≤ c_high² √(log(2n²/δ)/(2m)) fails w.p. ≤ δ. A control
    uses the unit-input range 1 (too small for c_high = 2)."""
    def predicate(pt):
        X, high, delta, m = pt["X"], pt["high"], 0.1, 2000
        Hinf = non_unit_closed_form(X)
        bound = range_scale * high**2 * np.sqrt(np.log(2 * len(X) ** 2 / delta) / (2 * m))
        fails = sum(np.abs(gram(X, np.random.default_rng([s, 7]).standard_normal((m, X.shape[1]))) - Hinf).max() > bound
                    for s in range(200))
        ok, text = failure_rate_at_most(int(fails), 200, delta)
        return ok, fails / 200, text
    return predicate


register(Claim("DZPS19-FN7", "§3, footnote 7", "SRC",
               "Non-unit inputs (c_low ≤ ‖x_i‖ ≤ c_high): the analysis carries over with constants in c_low, c_high",
    statement=(r"0<c_{\rm low}\le\|x_i\|\le c_{\rm high}:\ H^\infty_{ij}=x_i^\top x_j\frac{\pi-\theta_{ij}}{2\pi},\ "
               r"\text{Lemmas 3.1–3.3 with constants depending on } c_{\rm low},c_{\rm high}"),
    assumptions=(r"\text{no formula is printed; checked: the closed form and Lemma 3.1's concentration with "
                 r"range } c_{\rm high}^2;\ \|x_i\|\in[\tfrac12,2]",),
    uses=("DZPS19-K1", "DZPS19-L3.1"),
    routes=(
        *R.on_settings("Monte Carlo: the non-unit closed form", Kind.MONTE_CARLO, non_unit_gram(), scaled_data,
                       {"norms dropped": non_unit_gram(False)}),
        *R.on_settings("Monte Carlo over 200 starts: Hoeffding with range c_high²", Kind.MONTE_CARLO,
                       non_unit_concentration(), scaled_data, {"range 1 (unit inputs)": non_unit_concentration(0.25)}),
    ),
))


# --- DZPS19-S2.1 -----------------------------------------------------------------------------------
def extended_features(width_scaled=True):
    """H = DDᵀ with Xie et al.'s D_i = (a_r 𝕀{w_rᵀx_i ≥ 0} x_i / √m)_r, D from central differences
    of u in W (the NTK restricted to W, not the analytic Jacobian); a control drops the 1/√m."""
    def predicate(pt):
        X, W, a = pt["X"], pt["W"], pt["a"]
        m, d = W.shape
        h = 1e-4
        D = np.empty((len(X), m * d))
        for q in range(m * d):
            E = np.zeros(m * d)
            E[q] = h
            D[:, q] = (predictions(X, W + E.reshape(m, d), a) - predictions(X, W - E.reshape(m, d), a)) / (2 * h)
        if not width_scaled:
            D = D * np.sqrt(m)
        gap = float(np.abs(D @ D.T - gram(X, W)).max())
        return gap <= 1e-8, gap, f"max |DDᵀ − H| = {gap:.1e} (D by central differences)"
    return predicate


def stable_to_convergence(pt):
    """Simulation: along flow runs to t = 40 (residual down by ≥ 10⁶), sup_t ‖H(t) − H(0)‖₂ <
    λ0/4 at m = 1600; the weights have then moved ≤ R' in all, so later changes are bounded too."""
    p, traj = flow_run(1600, pt["seed"])
    drift, drop = float(np.nanmax(traj.gram_move)), traj.residual2[-1] / traj.residual2[0]
    return drift < p.lam0 / 4 and drop < 1e-6, drift, f"seed {pt['seed']}: sup ‖H(t) − H(0)‖ {drift:.4f} < λ0/4 = {p.lam0 / 4:.4f}; residual ratio {drop:.1e}"


def stable_at(scale):
    def predicate(pt):
        p, traj = flow_run(1600, pt["seed"])
        drift = float(np.nanmax(traj.gram_move))
        return drift < scale * p.lam0, drift, f"sup ‖H(t) − H(0)‖ {drift:.4f} vs {scale}λ0"
    return predicate


register(Claim("DZPS19-S2.1", "§2", "SRC",
               "The Gram matrix is the NTK (in W) of Jacot et al. and Xie et al.'s DDᵀ, and it stays stable for all t",
    statement=r"H(t)=D(t)D(t)^\top=\big(\langle\partial_Wu_i,\partial_Wu_j\rangle\big)_{ij},\ \sup_{t\ge0}\|H(t)-H(0)\|_2\ \text{small}",
    assumptions=(r"\text{Jacot et al.: smooth activations, finite time; here ReLU, } t\in[0,\infty)",),
    uses=("DZPS19-K2", "DZPS19-EQ7", "DZPS19-R3.1"),
    routes=(
        *R.on_settings("finite-difference Jacobian D: DDᵀ = H", Kind.FINITE_DIFFERENCE, extended_features(),
                       lambda rng: random_nets(rng, 4), {"1/√m dropped": extended_features(False)}),
        *R.on_settings("simulation: sup_t ‖H(t) − H(0)‖ < λ0/4 to convergence (m = 1600)", Kind.SIMULATION,
                       stable_to_convergence, [{"seed": s} for s in (0, 1, 2, 3)], {"< λ0/100": stable_at(0.01)}),
    ),
))


# --- DZPS19-S2.2 -----------------------------------------------------------------------------------
eps_ = sp.Symbol("epsilon", positive=True)


def free_of_epsilon(widths):
    def predicate(pt):
        found = [str(w) for w in widths() if eps_ in w.free_symbols]
        return not found, float(len(found)), "no ε in the widths" if not found else f"ε in {found}"
    return predicate


def one_width_every_accuracy(pt):
    """Simulation: one run at m = 400 reaches every ε in 1e-2, 1e-4, 1e-6 (no larger width needed)."""
    p, traj = flow_run(400, pt["seed"])
    loss = traj.residual2 / 2
    hits = {e: int(np.argmax(loss <= e)) if (loss <= e).any() else -1 for e in (1e-2, 1e-4, 1e-6)}
    ok = all(k > 0 for k in hits.values())
    return ok, float(sum(k < 0 for k in hits.values())), "first step at " + ", ".join(f"ε={e:g}: {k}" for e, k in hits.items())


register(Claim("DZPS19-S2.2", "§2 (comparison with Li & Liang 2018)", "SRC",
               "The required over-parameterisation does not depend on the target accuracy ε",
    statement=r"m=\Omega\big(\tfrac{n^6}{\lambda_0^4\delta^3}\big)\ \text{is free of }\varepsilon\ (\text{Li–Liang: } m=\mathrm{poly}(1/\varepsilon))",
    assumptions=(r"\text{widths of DZPS19-X3; one flow run per seed at } m=400",),
    uses=("DZPS19-X3", "DZPS19-T3.2"),
    routes=(
        *R.on_settings("symbolic: ε is not a free symbol of the derived widths", Kind.EVALUATION,
                       free_of_epsilon(lambda: [radius_width(t) for t in ("T3.2", "T4.1")] +
                                       [concentration_width(t) for t in ("T3.2", "T4.1")]),
                       {"widths": "X3"}, {"a poly(1/ε) width": free_of_epsilon(lambda: [radius_width("T3.2") / eps_])}),
        *R.on_settings("simulation: one width reaches ε = 1e-2, 1e-4, 1e-6", Kind.SIMULATION,
                       one_width_every_accuracy, [{"seed": 0}, {"seed": 1}],
                       {"stop at t = 2": lambda pt: _short_run(pt)}),
    ),
))


def _short_run(pt):
    """Control: the same question for the first 100 steps (t = 2) of the run: ε = 1e-6 not reached."""
    p, traj = flow_run(400, pt["seed"])
    loss = traj.residual2[:101] / 2
    return bool((loss <= 1e-6).any()), float(loss.min()), f"min loss by t = 2: {loss.min():.1e}"


# --- DZPS19-S6.1 -----------------------------------------------------------------------------------
def deep_forward(x, Ws, a):
    """u = aᵀσ(W_H … σ(W_1 x))·√(2/m)^… / √m: a depth-H fully connected ReLU net (He scaling)."""
    h = x
    for W in Ws:
        h = relu(h @ W.T) * np.sqrt(2 / W.shape[0])
    return h @ a / np.sqrt(len(a))


def deep_identity(drop_layer=None):
    """Central-difference Jacobians J_h of u in each layer; the flow velocity of u (a central
    difference along −∇L of all layers) equals Σ_h J_hJ_hᵀ(y − u), each G^(h) = J_hJ_hᵀ ⪰ 0.
    A control drops one layer's G."""
    def predicate(pt):
        rng = np.random.default_rng(pt["seed"])
        n, d, m, depth = 4, 3, 6, 3
        X, y = sphere(rng, n, d), rng.standard_normal(n)
        Ws = [rng.standard_normal((m, d))] + [rng.standard_normal((m, m)) for _ in range(depth - 1)]
        a = rng.choice([-1.0, 1.0], m)
        h = 1e-6
        Js = []
        for k, W in enumerate(Ws):
            J = np.empty((n, W.size))
            for q in range(W.size):
                E = np.zeros(W.size)
                E[q] = h
                up = [V + E.reshape(V.shape) if j == k else V for j, V in enumerate(Ws)]
                dn = [V - E.reshape(V.shape) if j == k else V for j, V in enumerate(Ws)]
                J[:, q] = (deep_forward(X, up, a) - deep_forward(X, dn, a)) / (2 * h)
            Js.append(J)
        u = deep_forward(X, Ws, a)
        grads = [(J.T @ (u - y)).reshape(W.shape) for J, W in zip(Js, Ws)]
        t = 1e-6 / max(np.abs(g).max() for g in grads)
        v = (deep_forward(X, [W - t * g for W, g in zip(Ws, grads)], a)
             - deep_forward(X, [W + t * g for W, g in zip(Ws, grads)], a)) / (2 * t)
        Gs = [J @ J.T for J in Js]
        claimed = sum(G for k, G in enumerate(Gs) if k != drop_layer) @ (y - u)
        gap = float(np.abs(v - claimed).max() / max(np.abs(v).max(), 1e-300))
        psd = min(np.linalg.eigvalsh(G)[0] for G in Gs)
        return gap <= 1e-5 and psd >= -1e-10, gap, f"relative gap {gap:.1e}; min eigenvalue of the G^(h) {psd:.1e}"
    return predicate


register(Claim("DZPS19-S6.1", "§6", "SRC",
               "Deep fully connected nets: du/dt = Σ_h G^(h)(t)(y − u) with PSD G^(h) (the conjecture is not checked here)",
    statement=r"\tfrac{d}{dt}u(t)=\sum_{h=1}^HG^{(h)}(t)\,(y-u(t)),\quad G^{(h)}=J_hJ_h^\top\succeq0",
    assumptions=(r"H=3\text{ layers},\ m=6,\ \text{He scaling};\ \text{the conjecture (}\sum_hG^{(h)}(0)\to\sum_hG^{(h)}_\infty"
                 r"\text{, stable) is proved in DLLWZ19, not here}",),
    uses=("DZPS19-EQ7",),
    routes=R.on_settings("finite differences: the identity and PSD layer Grams", Kind.FINITE_DIFFERENCE,
                         deep_identity(), [{"seed": s} for s in range(3)], {"one layer's G dropped": deep_identity(1)}),
))


# --- DZPS19-S6.2 -----------------------------------------------------------------------------------
def jacobian_rank(pt):
    p = problem(pt["n"], pt["d"], pt["m"], pt["seed"])
    s = np.linalg.svd(jacobian_w(p.X, p.W0, p.a), compute_uv=False)
    dead = int((~(p.X @ p.W0.T >= 0).any(axis=1)).sum())
    return (float(s[-1]) if len(s) == p.n else 0.0), dead, p


def full_rank_jacobian(pt):
    """md ≥ n and every input active on some neuron: the n × md Jacobian in W has full row rank
    (σ_min > 1e-8) at a Gaussian W, so a differentiable critical point (Jᵀ(u − y) = 0) has u = y."""
    low, dead, p = jacobian_rank(pt)
    return low > 1e-8 and dead == 0, low, f"n={p.n}, md={p.m * pt['d']}: σ_min(J) = {low:.2e}, {dead} dead input(s)"


def dead_input_breaks_rank(pt):
    """For ReLU, md ≥ n alone is not enough: an input on which no neuron is active has a zero row
    of J (here n = 30, d = 10, m = 3, so md = n; 1/8 of the inputs are dead on average)."""
    low, dead, p = jacobian_rank(pt)
    return dead > 0 and low <= 1e-12, low, f"n={p.n}, md={p.m * pt['d']}: {dead} dead input(s), σ_min(J) = {low:.1e}"


def speculation(pt):
    return None, None, ("'the required width can probably be reduced' and 'a potential-function argument might "
                        "handle accelerated methods' are conjectures about proofs not given: no computation decides them")


register(Claim("DZPS19-S6.2", "§6", "SRC",
               "The width can probably be reduced (md ≥ n suffices for landscape results); acceleration might be analysed",
    statement=r"md\ge n\Rightarrow\text{every differentiable local minimum is global (Soudry–Carmon)};\ \text{conjectures}",
    expect=Verdict.UNDECIDED,
    assumptions=(r"\text{remark, not a result of the paper; for ReLU the rank argument also needs every input "
                 r"active on some neuron (observed: a dead input at } md=n\text{ gives a singular } J)",),
    routes=(
        *R.on_settings("evaluation: md ≥ n, no dead input: full-rank Jacobian", Kind.EVALUATION, full_rank_jacobian,
                       [{"n": 20, "d": 5, "m": 4, "seed": 0}, {"n": 30, "d": 5, "m": 8, "seed": 1}],
                       {"md < n": [{"n": 20, "d": 5, "m": 3, "seed": 0}]}),
        *R.on_settings("evaluation: md = n with a dead input is rank deficient (ReLU)", Kind.EVALUATION,
                       dead_input_breaks_rank, [{"n": 30, "d": 10, "m": 3, "seed": 1}],
                       {"m = 8 (no dead input)": {"m": 8}}),
        R.PredicateRoute("the width-reduction and acceleration conjectures", Kind.EVALUATION, speculation,
                         lambda rng: [{"remark": "§6"}]),
    ),
))

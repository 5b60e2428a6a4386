r"""DLLWZ19 §4–7 dynamics: the linearised residual map, PSD Gram matrices, small movement, and
gradient descent on all layers of finite FC, ResNet and conv-ResNet nets (Theorems 5.1, 6.1, 7.1).

Main statements
---------------
* ``DLLWZ19-S4.1`` :math:`y-u(k+1)=(I-\eta\sum_{h=1}^{H+1}G^{(h)}(k))(y-u(k))+O(\eta^2)`.
* ``DLLWZ19-S4.2`` every :math:`G^{(h)}(k)` is PSD; a small step decreases the loss.
* ``DLLWZ19-S4.5`` :math:`\frac1{\sqrt m}\|W^{(h)}(k)-W^{(h)}(0)\|_F` stays small and shrinks with m.
* ``DLLWZ19-T5.1`` / ``T6.1`` / ``T7.1`` with :math:`\lambda=\lambda_{\min}(K^{(H)})`,
  :math:`L(\theta(k))\le(1-\eta\lambda/2)^kL(\theta(0))` at every step (the factor's form is
  recalled, ``FUP``/``REC``; the statement checked is the linear rate with that factor).
* ``DLLWZ19-R4`` the width does not depend on ε: the loss goes to zero (below 1e-20).

Every run: η = 1/λ_max(Θ(0)) with :math:`\Theta(0)=\sum_hG^{(h)}(0)`, seeds from the run's seed.
"""
from __future__ import annotations

import numpy as np

from lemmas.dllwz19.common import conv_inputs, kernels_of, seed_of, unit_rows
from lemmas.dllwz19.network import Net, as_inputs, forward, grams, init, loss_gradients, step, train
from verify import routes as R
from verify.figures import draw_curves
from verify.registry import Claim, register
from verify.results import Kind



def _problem(arch, seed, n=6, d=5, m=200, H=3, name="tanh", c_res=0.5):
    rng = np.random.default_rng(seed)
    X = conv_inputs(n, 2, 6, seed) if arch == "conv" else unit_rows(n, d, seed)
    net = Net(arch, H, m, name, c_res, 3 if arch == "conv" else 1)
    Xi = as_inputs(X)
    return net, X, rng.standard_normal(n), init(net, Xi.shape[1], Xi.shape[2], rng)


def ntk(net, params, X, drop_output=False):
    G = grams(net, params, X)["G"]
    return sum(G[h] for h in G if not (drop_output and h == net.H + 1))


# --- S4.1 -------------------------------------------------------------------------------------------
ETAS = (1e-1, 1e-2, 1e-3, 1e-4)


def linearisation(drop_output=False):
    """Slope of log ‖(y − u(k+1)) − (I − ηΘ)(y − u(k))‖ against log η over ETAS, for FC, ResNet and
    conv (one step from a random init; m = 400, H = 3)."""
    def predicate(s):
        slopes = []
        for arch in ("fc", "resnet", "conv"):
            net, X, y, params = _problem(arch, s["seed"], m=400 if arch != "conv" else 100, name="softplus")
            L, grads = loss_gradients(net, params, X, y)
            u0 = forward(net, params, X)["f"]
            Theta = ntk(net, params, X, drop_output)
            res = []
            for eta in ETAS:
                u1 = forward(net, step(params, grads, eta), X)["f"]
                res.append(float(np.linalg.norm((y - u1) - (y - u0 - eta * Theta @ (y - u0)))))
            slopes.append(float(np.polyfit(np.log(ETAS), np.log(res), 1)[0]))
        worst = max(abs(x - 2) for x in slopes)
        return R.at_most(worst, 0.1, f"log–log slopes of the residual in η: {', '.join(f'{x:.3f}' for x in slopes)} "
                                     f"(FC, ResNet, conv); O(η²) is slope 2")
    return predicate


def backprop_vs_fd(scale=1.0):
    """Back-propagation against central differences (step 1e-6, float64: error ≲ 1e-8 relative) at 5
    random entries of every W^(h) and of a, for the three architectures (m = 12)."""
    def predicate(s):
        worst = 0.0
        for arch in ("fc", "resnet", "conv"):
            net, X, y, params = _problem(arch, s["seed"], m=12, name="softplus")
            _, grads = loss_gradients(net, params, X, y)
            rng = np.random.default_rng(s["seed"] + 1)
            for h in range(net.H + 1):
                target = params["W"][h] if h < net.H else params["a"]
                g = grads["W"][h] if h < net.H else grads["a"]
                for _ in range(5):
                    idx = tuple(int(rng.integers(k)) for k in target.shape)
                    vals = []
                    for sign in (1, -1):
                        old = target[idx]
                        target[idx] = old + sign * 1e-6
                        vals.append(loss_gradients(net, params, X, y)[0])
                        target[idx] = old
                    fd = (vals[0] - vals[1]) / 2e-6
                    worst = max(worst, abs(fd - scale * g[idx]) / (1 + abs(fd)))
        return R.at_most(worst, 1e-6, f"max relative gap to central differences {worst:.1e} (60 entries, 3 nets)")
    return predicate


register(Claim("DLLWZ19-S4.1", "§4 (technique overview)", "SRC",
    "The residual evolves as y − u(k+1) = (I − η Σ_h G^(h)(k))(y − u(k)) + O(η²)",
    statement=r"y-u(k+1)=\Big(I-\eta\sum_{h=1}^{H+1}G^{(h)}(k)\Big)(y-u(k))+O(\eta^2)",
    assumptions=(r"L=\tfrac12\sum_i(u_i-y_i)^2", r"\text{all layers trained}"),
    routes=(
        *R.on_settings("one GD step at η = 1e-1 … 1e-4: the residual's log–log slope is 2", Kind.SIMULATION,
                       linearisation(), seed_of, {"Σ_h without G^(H+1) (slope 1)": linearisation(True)}),
        *R.on_settings("back-propagation against central finite differences", Kind.FINITE_DIFFERENCE,
                       backprop_vs_fd(), seed_of, {"gradients 1% too large": backprop_vs_fd(1.01)}),
    ), cost=3.0))


# --- S4.2 -------------------------------------------------------------------------------------------
def psd_and_descent(step_scale=0.5, difference=False):
    """Every G^(h) PSD at init and after 20 GD steps (λ_min ≥ −1e-12 λ_max), and one step of size
    step_scale/λ_max(Θ) decreases the loss (the controls: a step of 3/λ_max; G^(1) − G^(H+1))."""
    def predicate(s):
        worst, text = -np.inf, []
        for arch in ("fc", "resnet", "conv"):
            net, X, y, params = _problem(arch, s["seed"], m=60, name="softplus")
            Theta = ntk(net, params, X)
            eta = 1 / float(np.linalg.eigvalsh(Theta)[-1])
            run = train(net, params, X, y, eta, 20, record=lambda p: grams(net, p, X)["G"])
            for G in (run["records"][0], run["records"][-1]):
                mats = [G[1] - G[net.H + 1]] if difference else list(G.values())
                worst = max(worst, max(-float(np.linalg.eigvalsh(M)[0]) / float(np.linalg.eigvalsh(M)[-1]) - 1e-12
                                       for M in mats))
            L0, grads = loss_gradients(net, params, X, y)
            L1 = loss_gradients(net, step(params, grads, step_scale * eta), X, y)[0]
            worst = max(worst, L1 - L0)
            text.append(f"{arch}: L {L0:.3g} → {L1:.3g}")
        return worst <= 0, -worst, "PSD at k = 0 and 20; one step: " + "; ".join(text)
    return predicate


register(Claim("DLLWZ19-S4.2", "§4 (technique overview)", "SRC",
    "Each G^(h)(k) is PSD (a Gram matrix); with one of them PD and η small the loss decreases",
    statement=r"G^{(h)}(k)\succeq0,\ \lambda_{\min}\big(\textstyle\sum_hG^{(h)}\big)>0,\ \eta\ \text{small}\Rightarrow L(k+1)<L(k)",
    assumptions=(r"\text{all layers trained}", r"\eta=\tfrac12/\lambda_{\max}(\Theta(k))"),
    routes=(*R.on_settings("FC, ResNet, conv nets (m = 60): spectra and one step", Kind.SIMULATION, psd_and_descent(),
                           seed_of, {"η = 3/λ_max (not small)": psd_and_descent(3.0),
                                     "G^(1) − G^(H+1) (not a Gram matrix)": psd_and_descent(0.5, True)}),),
    cost=2.0))


# --- S4.5 -------------------------------------------------------------------------------------------
MOVE_WIDTHS = (250, 1000)


def movement(normalised=True):
    """Max over h of (1/√m)‖W^(h)(T) − W^(h)(0)‖_F (or the unnormalised ‖·‖_F) after 150 GD steps of
    the softplus ResNet (n = 8, d = 6, H = 4, c_res = 1/2) at m = 250 and 1000: small, and smaller
    at the larger width (ratio ≤ 0.7; m^{−1/2} predicts 0.5)."""
    def predicate(s):
        moves = []
        for m in MOVE_WIDTHS:
            net, X, y, params = _problem("resnet", s["seed"], n=8, d=6, m=m, H=4, name="softplus")
            eta = 1 / float(np.linalg.eigvalsh(ntk(net, params, X))[-1])
            final = train(net, params, X, y, eta, 150)["params"]
            norm = np.sqrt(m) if normalised else 1.0
            moves.append(max(float(np.linalg.norm(W1 - W0)) / norm for W0, W1 in zip(params["W"], final["W"])))
        ratio = moves[1] / moves[0]
        ok = moves[0] <= 0.5 and ratio <= 0.7
        return ok, min(0.5 - moves[0], 0.7 - ratio), (f"max_h movement {'/√m ' if normalised else ''}{moves[0]:.4f} "
                                                       f"(m = 250), {moves[1]:.4f} (m = 1000), ratio {ratio:.3f}")
    return predicate


register(Claim("DLLWZ19-S4.5", "§4 (training stability)", "SRC",
    "The averaged Frobenius movement (1/√m)‖W^(h)(k) − W^(h)(0)‖_F stays small for every layer and shrinks with m",
    statement=r"\tfrac1{\sqrt m}\lVert W^{(h)}(k)-W^{(h)}(0)\rVert_F\ \text{small for all }k,h;\ \to0\ \text{as } m\to\infty",
    assumptions=(r"\text{ResNet, }\sigma=\mathrm{softplus}", r"n=8,\ H=4,\ c_{res}=1/2", r"\eta=1/\lambda_{\max}(\Theta(0))"),
    routes=(*R.on_settings("GD for 150 steps at m = 250 and 1000", Kind.SIMULATION, movement(), seed_of,
                           {"the unnormalised movement ‖ΔW‖_F": movement(False)}),),
    cost=6.0))


# --- T5.1, T6.1, T7.1, R4 ----------------------------------------------------------------------------
def _rate_run(arch, setup, steps, seed, factor="theorem"):
    """One GD run: (excess of L(k) over the bound, η, λ_min(K^(H)), loss, rate, n, H)."""
    net, X, y, params = _problem(arch, seed, **setup)
    eig = np.linalg.eigvalsh(ntk(net, params, X))
    eta = 1 / float(eig[-1])
    lam = float(np.linalg.eigvalsh(kernels_of(arch, X, net.name, net.H, net.c_res).last)[0])
    rate = 1 - eta * (lam if factor == "theorem" else float(eig[-1])) / 2
    loss = train(net, params, X, y, eta, steps)["loss"]
    excess = float(np.max((loss - loss[0] * rate ** np.arange(steps + 1)) / loss[0]))
    return excess, eta, lam, loss, rate, len(X), net.H


def requirements(arch, n, H, lam):
    """What the theorems' displays would ask with every hidden constant set to 1: the first width
    term (FC n⁴/λ⁴; ResNet and conv n⁴/(λ⁴H⁶), recollected: REC/FUP) and the step-size order
    (FC λ/n², the 2^{O(H)} taken as 1; ResNet and conv λH²/n², printed)."""
    if arch == "fc":
        return n ** 4 / lam ** 4, lam / n ** 2
    return n ** 4 / (lam ** 4 * H ** 6), lam * H ** 2 / n ** 2


def linear_rate(arch, setup, steps, factor="theorem"):
    """L(k) ≤ (1 − ηλ/2)^k L(0) at every step (λ = λ_min(K^(H)), η = 1/λ_max(Θ(0))) on 2 seeds; the
    control puts λ_max(Θ(0)) for λ (a factor 1/2 per step, far faster than any run). The detail
    sets the width and step the displays would ask (constants 1) beside the widths that sufficed
    (the setting's m, and whether m/4 did too)."""
    def predicate(s):
        worst, text = -np.inf, []
        for seed in (s["seed"], s["seed"] + 1):
            excess, eta, lam, loss, rate, n, H = _rate_run(arch, setup, steps, seed, factor)
            worst = max(worst, excess)
            slope = float(np.polyfit(np.arange(steps // 2, steps + 1), np.log(loss[steps // 2:]), 1)[0])
            text.append(f"L {loss[0]:.3g} → {loss[-1]:.2e}, per-step factor {np.exp(slope):.4f} against {rate:.6f}")
        detail = f"{arch} (λ_min(K^(H)) = {lam:.3e}): " + "; ".join(text)
        if factor == "theorem":
            m_req, eta_req = requirements(arch, n, H, lam)
            quarter = {**setup, "m": max(2, setup["m"] // 4)}
            small = all(_rate_run(arch, quarter, steps, seed)[0] <= 0 for seed in (s["seed"], s["seed"] + 1))
            detail += (f". Width the display would ask (constants 1): {m_req:.1e} against m = {setup['m']} "
                       f"(×{m_req / setup['m']:.1e}); the bound {'held' if small else 'did not hold'} at m = "
                       f"{quarter['m']} too. Step order {eta_req:.1e} against η = {eta:.2e} used (×{eta / eta_req:.1e})")
        return worst <= 0, -worst, detail
    return predicate


FC_SETUP = {"n": 6, "d": 5, "m": 200, "H": 3, "name": "tanh"}
RES_SETUP = {"n": 8, "d": 6, "m": 250, "H": 4, "name": "softplus", "c_res": 0.5}
CONV_SETUP = {"n": 4, "m": 120, "H": 3, "name": "softplus", "c_res": 0.9}
REC_NOTE = ("The width and step-size displays were not seen (REC/FUP): the constants hidden in O(·) and "
            "2^{O(H)} cannot be checked; only the rate inequality with λ_min(K^(H)) is.")


def draw_linear_rates(path) -> None:
    """L(k)/L(0) of one GD run per architecture (the T5.1, T6.1, T7.1 settings, seed 0) with each
    theorem's bound (1 − ηλ_min(K^(H))/2)^k, on a log scale."""
    curves = {}
    for arch, setup, steps, label in (("fc", FC_SETUP, 300, "FC tanh"), ("resnet", RES_SETUP, 300, "ResNet softplus"),
                                      ("conv", CONV_SETUP, 200, "conv-ResNet softplus")):
        net, X, y, params = _problem(arch, 0, **setup)
        eta = 1 / float(np.linalg.eigvalsh(ntk(net, params, X))[-1])
        lam = float(np.linalg.eigvalsh(kernels_of(arch, X, net.name, net.H, net.c_res).last)[0])
        loss = train(net, params, X, y, eta, steps)["loss"]
        curves[f"{label}: L(k)/L(0)"] = loss / loss[0]
        curves[f"{label}: bound (1 − ηλ/2)^k"] = (1 - eta * lam / 2) ** np.arange(steps + 1)
    draw_curves(path, curves, xlabel="GD step k", ylabel="L(k) / L(0)", logy=True,
                title="DLLWZ19: GD on all layers against the theorems' rate")


def _theorem(cid, where, title, statement, arch, setup, steps, uses, cost, figure=None):
    register(Claim(cid, where, "SRC", title, statement=statement, figure=figure,
                   assumptions=(r"\lVert x_i\rVert=1", r"\text{all layers trained, Gaussian init}",
                                r"\eta=1/\lambda_{\max}(\Theta(0))", f"m = {setup['m']}, H = {setup['H']}"),
                   uses=uses,
                   routes=R.on_settings(f"GD for {steps} steps on 2 seeds: the bound at every step", Kind.SIMULATION,
                                        linear_rate(arch, setup, steps), seed_of,
                                        {"λ_max(Θ(0)) for λ_min(K^(H))": linear_rate(arch, setup, steps, "control")}),
                   caveat=REC_NOTE, cost=cost))


_theorem("DLLWZ19-T5.1", "Theorem 5.1", "GD on a deep FC net converges linearly: L(k) ≤ (1 − ηλ_min(K^(H))/2)^k L(0)",
         r"L(\theta(k))\le\big(1-\tfrac{\eta\lambda_{\min}(K^{(H)})}2\big)^kL(\theta(0))", "fc", FC_SETUP, 300,
         ("DLLWZ19-D5.1-LIM", "DLLWZ19-PF.1"), 3.0)
_theorem("DLLWZ19-T6.1", "Theorem 6.1", "GD on a ResNet converges linearly at the rate set by λ_min(K^(H))",
         r"L(\theta(k))\le\big(1-\tfrac{\eta\lambda_{\min}(K^{(H)})}2\big)^kL(\theta(0))", "resnet", RES_SETUP, 300,
         ("DLLWZ19-D6.1-LIM", "DLLWZ19-PF.2"), 4.0, figure=draw_linear_rates)
_theorem("DLLWZ19-T7.1", "Theorem 7.1", "GD on a convolutional ResNet converges linearly at the rate set by λ_0",
         r"L(\theta(k))\le\big(1-\tfrac{\eta\lambda_0}2\big)^kL(\theta(0)),\ \lambda_0=\lambda_{\min}(K^{(H)})",
         "conv", CONV_SETUP, 200, ("DLLWZ19-D7.1-LIM",), 3.0)


ZERO_LOSS = 1e-20
MAX_STEPS = 3000


def zero_loss(train_hidden=True, m=200):
    """GD until L < 1e-20 (at most 3000 steps): reached with all layers trained; the control
    trains only the output layer of a net narrower than the data (m = 3 < n = 6), which plateaus."""
    def predicate(s):
        net, X, y, params = _problem("fc", s["seed"], m=m)
        eta = 1 / float(np.linalg.eigvalsh(ntk(net, params, X))[-1])
        for k in range(MAX_STEPS + 1):
            L, grads = loss_gradients(net, params, X, y)
            if L < ZERO_LOSS or k == MAX_STEPS:
                break
            if not train_hidden:
                grads = {"W": [0 * g for g in grads["W"]], "a": grads["a"]}
            params = step(params, grads, eta)
        return R.at_most(L, ZERO_LOSS, f"FC tanh (n = 6, m = {m}{'' if train_hidden else ', output layer only'}): "
                                       f"L = {L:.2e} after {k} steps")
    return predicate


register(Claim("DLLWZ19-R4", "§1–2 (related work)", "SRC",
    "The width does not depend on ε, so GD reaches zero training loss (a global minimiser)",
    statement=r"m\ \text{independent of }\varepsilon\Rightarrow L(\theta(k))\to0",
    assumptions=(r"\text{FC, }\sigma=\tanh", r"n=6,\ m=200,\ H=3"), uses=("DLLWZ19-T5.1",),
    routes=(*R.on_settings("GD reaches L < 1e-20 within 3000 steps", Kind.SIMULATION, zero_loss(), seed_of,
                           {"only the output layer, m = 3 < n (fixed features)": zero_loss(False, 3)}),),
    cost=2.0))

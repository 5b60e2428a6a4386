r"""Finite networks of DLLWZ19: forward pass, back-propagation (written once for all three
architectures), the layer Gram matrices :math:`G^{(h)}` and gradient descent on all layers.

One parameterisation covers the three nets. An input is a :math:`d_0\times p` array (FC and
ResNet: :math:`p=1`, patch size :math:`q=1`); layer h computes

.. math:: x^{(h)} = \alpha_h\,\sigma\big(W^{(h)}\phi_q(x^{(h-1)})\big) + \beta_h\,x^{(h-1)},

with :math:`\phi_q` the stride-1 zero-padded patch operator (:math:`q=1`: the identity),
:math:`\alpha_1=\sqrt{c_\sigma/m}`, :math:`\beta_1=0`; FC: :math:`\alpha_h=\sqrt{c_\sigma/m}`,
:math:`\beta_h=0`; ResNet and conv-ResNet (h ≥ 2): :math:`\alpha_h=c_{res}/(H\sqrt m)`, :math:`\beta_h=1`.
The output is :math:`f=\langle a,x^{(H)}\rangle` with :math:`a\in\mathbb R^{m\times p}`; all
weights start i.i.d. N(0, 1).

Back-propagation: :math:`\delta_H=a`, :math:`g_h=\alpha_h\sigma'(z_h)\odot\delta_h`,
:math:`\partial f/\partial W^{(h)}=\sum_l g_{h,:l}\,\phi(x^{(h-1)})_{:l}^\top`,
:math:`\delta_{h-1}=\phi^\top(W^{(h)\top}g_h)+\beta_h\delta_h`. Checked against central finite
differences in ``DLLWZ19-S4.1``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lemmas.dllwz19.kernels import c_sigma
from verify.activations import activation
from verify.errors import InputError

ARCHITECTURES = ("fc", "resnet", "conv")


@dataclass(frozen=True)
class Net:
    """Architecture and scales: ``arch`` in ARCHITECTURES, depth H, width m, activation name,
    residual scale, patch size q."""

    arch: str
    H: int
    m: int
    name: str = "softplus"
    c_res: float = 0.5
    q: int = 1

    def __post_init__(self):
        if self.arch not in ARCHITECTURES:
            raise InputError(f"arch: {self.arch!r} is not one of {', '.join(ARCHITECTURES)}")
        if self.H < 1 or self.m < 1:
            raise InputError(f"H, m: depth and width must be ≥ 1, got H={self.H}, m={self.m}")
        activation(self.name)

    def scales(self, h: int) -> tuple[float, float]:
        if h == 1 or self.arch == "fc":
            return float(np.sqrt(float(c_sigma(self.name)) / self.m)), 0.0
        return self.c_res / (self.H * np.sqrt(self.m)), 1.0

    @property
    def patch(self) -> int:
        return self.q if self.arch == "conv" else 1


def patches(x: np.ndarray, q: int) -> np.ndarray:
    """φ_q: (n, d, p) -> (n, q·d, p); row block o holds the columns shifted by o − (q−1)/2, zero
    padded."""
    if q == 1:
        return x
    n, d, p = x.shape
    half = (q - 1) // 2
    out = np.zeros((n, q, d, p), dtype=x.dtype)     # object arrays too (the SymPy check of N2)
    for k, o in enumerate(range(-half, half + 1)):
        lo, hi = max(0, -o), min(p, p - o)
        out[:, k, :, lo:hi] = x[:, :, lo + o:hi + o]
    return out.reshape(n, q * d, p)


def patches_adjoint(y: np.ndarray, q: int, d: int) -> np.ndarray:
    """φ_qᵀ: (n, q·d, p) -> (n, d, p), the adjoint of :func:`patches` (scatter-add)."""
    if q == 1:
        return y
    n, _, p = y.shape
    half = (q - 1) // 2
    y = y.reshape(n, q, d, p)
    out = np.zeros((n, d, p))
    for k, o in enumerate(range(-half, half + 1)):
        lo, hi = max(0, -o), min(p, p - o)
        out[:, :, lo + o:hi + o] += y[:, k, :, lo:hi]
    return out


def init(net: Net, d0: int, p: int, rng: np.random.Generator) -> dict:
    """Weights W[1..H] (m × q·d) and a (m × p), i.i.d. N(0, 1)."""
    q = net.patch
    Ws = [rng.standard_normal((net.m, q * (d0 if h == 1 else net.m))) for h in range(1, net.H + 1)]
    return {"W": Ws, "a": rng.standard_normal((net.m, p))}


def as_inputs(X) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return X[:, :, None] if X.ndim == 2 else X


def forward(net: Net, params: dict, X) -> dict:
    """Features x^(0..H) (n, d_h, p), pre-activations z^(1..H), patches φ(x^(h−1)) and outputs f."""
    act = activation(net.name)
    xs, zs, phis = [as_inputs(X)], [], []
    for h, W in enumerate(params["W"], start=1):
        phi = patches(xs[-1], net.patch)
        z = np.einsum("mk,nkp->nmp", W, phi, optimize=True)
        alpha, beta = net.scales(h)
        xs.append(alpha * act.np_(z) + (beta * xs[-1] if beta else 0.0))
        zs.append(z)
        phis.append(phi)
    f = np.einsum("mp,nmp->n", params["a"], xs[-1])
    return {"x": xs, "z": zs, "phi": phis, "f": f}


def backward(net: Net, params: dict, state: dict, top=None) -> list[np.ndarray]:
    """g_h = ∂f/∂z_h per sample (n, m, p), h = 1..H, for the output cotangent ``top`` (n, m, p):
    by default a itself (∂f/∂x^(H))."""
    act = activation(net.name)
    n = state["f"].shape[0]
    delta = np.broadcast_to(params["a"], (n,) + params["a"].shape) if top is None else top
    gs = [None] * net.H
    for h in range(net.H, 0, -1):
        alpha, beta = net.scales(h)
        g = alpha * act.np_prime(state["z"][h - 1]) * delta
        gs[h - 1] = g
        if h > 1:
            back = np.einsum("mk,nmp->nkp", params["W"][h - 1], g, optimize=True)
            delta = patches_adjoint(back, net.patch, state["x"][h - 1].shape[1]) + (beta * delta if beta else 0.0)
    return gs


def layer_gram(g: np.ndarray, phi: np.ndarray, *, diagonal_only: bool = False) -> np.ndarray:
    """G_ij = ⟨Σ_l g_i[:, l] φ_i[:, l]ᵀ, Σ_l g_j[:, l] φ_j[:, l]ᵀ⟩ (``diagonal_only``: the l = l'
    terms alone, the average over the output weights of the conv net)."""
    P = np.einsum("iml,jmk->ijlk", g, g, optimize=True)
    Q = np.einsum("icl,jck->ijlk", phi, phi, optimize=True)
    if diagonal_only:
        return np.einsum("ijll,ijll->ij", P, Q)
    return np.einsum("ijlk,ijlk->ij", P, Q)


def grams(net: Net, params: dict, X, *, averaged_output: bool = False) -> dict:
    """G^(1..H+1) at ``params`` (``averaged_output``: G^(H) with E over a, i.e. a_r² → 1 and only
    diagonal patch pairs), and the state of the forward pass."""
    state = forward(net, params, X)
    top = None
    if averaged_output:
        top = np.ones((state["f"].shape[0],) + params["a"].shape)
    gs = backward(net, params, state, top)
    G = {h: layer_gram(gs[h - 1], state["phi"][h - 1], diagonal_only=averaged_output and net.arch == "conv")
         for h in range(1, net.H + 1)}
    xH = state["x"][-1].reshape(len(state["f"]), -1)
    G[net.H + 1] = xH @ xH.T
    return {"G": G, "state": state}


def loss_gradients(net: Net, params: dict, X, y) -> tuple[float, dict]:
    """L = ½ Σ (f_i − y_i)² and its gradient in every W^(h) and in a."""
    state = forward(net, params, X)
    r = state["f"] - np.asarray(y, dtype=float)
    top = r[:, None, None] * params["a"][None]
    gs = backward(net, params, state, top)
    dW = [np.einsum("nmp,nkp->mk", gs[h], state["phi"][h], optimize=True) for h in range(net.H)]
    da = np.einsum("n,nmp->mp", r, state["x"][-1])
    return 0.5 * float(r @ r), {"W": dW, "a": da}


def step(params: dict, grads: dict, eta: float) -> dict:
    return {"W": [W - eta * g for W, g in zip(params["W"], grads["W"])], "a": params["a"] - eta * grads["a"]}


def train(net: Net, params: dict, X, y, eta: float, steps: int, *, record=None) -> dict:
    """Gradient descent on all layers; returns the loss at every step (length steps + 1), the
    final parameters and ``record(params)`` at every step when given."""
    losses, records = [], []
    for _ in range(steps + 1):
        L, grads = loss_gradients(net, params, X, y)
        losses.append(L)
        if record is not None:
            records.append(record(params))
        if len(losses) <= steps:
            params = step(params, grads, eta)
    return {"loss": np.array(losses), "params": params, "records": records}

r"""DZPS19's model and its training, in numpy: no claims here, the claim modules import it.

* the network (Eq. 1) :math:`f(W,a,x)=\frac1{\sqrt m}\sum_r a_r\sigma(w_r^\top x)` and the loss
  (Eq. 2) :math:`L=\sum_i\tfrac12(f(W,a,x_i)-y_i)^2` — a sum, not a mean;
* its gradients (Eq. 4 and D13), Jacobians, the Gram matrices H(W) (Eq. 6, with the joint
  training's :math:`a_r^2` weights) and G(W) (D13);
* :func:`train`: gradient descent (Eq. 3) on W, or on (W, a) jointly, recording at every step
  what the lemmas bound. Gradient *flow* (Eq. 5) is simulated by the same loop with a small step
  (explicit Euler): flow time is t = η k. Inside one activation region the flow is a linear ODE,
  and Euler's per-step error is O(η² ‖H‖²) relative (P4.1 d), so at η = 0.01 the flow's
  e^{−λ0 t} rate and Euler's (1 − η λ)^{2k} differ by less than 1% over t ≤ 10.

The ReLU derivative is 𝕀{z ≥ 0}, as in the paper.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lemmas.dzps19.gram import gram_infinity


@dataclass
class Problem:
    """Data (X n × d, unit rows; y), a start W0 (m × d, N(0, I)) and output layer a (±1)."""

    X: np.ndarray
    y: np.ndarray
    W0: np.ndarray
    a: np.ndarray
    lam0: float = field(init=False)

    def __post_init__(self) -> None:
        self.lam0 = float(np.linalg.eigvalsh(gram_infinity(self.X))[0])

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def m(self) -> int:
        return len(self.W0)


def sphere(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """n points uniform on the unit sphere of R^d."""
    X = rng.standard_normal((n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def problem(n: int, d: int, m: int, seed: int, *, labels: str = "gaussian", C: float = 1.0) -> Problem:
    """The papers' set-up: x_i uniform on the sphere; y_i ~ N(0, 1) (``labels="gaussian"``, §5)
    or uniform on [−C, C] (D2's |y_i| ≤ C); w_r(0) ~ N(0, I_d), a_r ~ unif{±1} (D5). The data and
    the start come from separate streams, so widths share their data under one seed."""
    data = np.random.default_rng([seed, n, d, 0])
    X = sphere(data, n, d)
    y = data.standard_normal(n) if labels == "gaussian" else data.uniform(-C, C, n)
    start = np.random.default_rng([seed, n, d, m, 1])
    return Problem(X, y, start.standard_normal((m, d)), start.choice([-1.0, 1.0], m))


def relu(z):
    return np.maximum(z, 0.0)


def predictions(X, W, a) -> np.ndarray:
    """u_i = f(W, a, x_i) (Eq. 1)."""
    return relu(X @ W.T) @ a / np.sqrt(len(W))


def loss(X, y, W, a) -> float:
    """Eq. (2): Σ_i ½ (f(W, a, x_i) − y_i)²."""
    return float(0.5 * np.sum((predictions(X, W, a) - y) ** 2))


def gradient_w(X, y, W, a) -> np.ndarray:
    r"""Eq. (4): row r is :math:`\frac1{\sqrt m}\sum_i(u_i-y_i)a_r x_i\mathbb 1\{w_r^\top x_i\ge0\}`."""
    active = (X @ W.T >= 0).astype(float)               # n × m
    r = predictions(X, W, a) - y
    return a[:, None] * ((active * r[:, None]).T @ X) / np.sqrt(len(W))


def gradient_a(X, y, W, a) -> np.ndarray:
    r"""D13: :math:`\partial L/\partial a_r=\frac1{\sqrt m}\sum_i(u_i-y_i)\sigma(w_r^\top x_i)`."""
    return relu(X @ W.T).T @ (predictions(X, W, a) - y) / np.sqrt(len(W))


def jacobian_w(X, W, a) -> np.ndarray:
    """∂u_i/∂w_r as an n × (m·d) matrix (row i, columns r-major)."""
    active = (X @ W.T >= 0).astype(float)
    J = (active * a)[:, :, None] * X[:, None, :] / np.sqrt(len(W))
    return J.reshape(len(X), -1)


def jacobian_a(X, W) -> np.ndarray:
    """∂u_i/∂a_r = σ(w_rᵀx_i)/√m (n × m)."""
    return relu(X @ W.T) / np.sqrt(len(W))


def gram(X, W, a=None) -> np.ndarray:
    r"""Eq. (6): :math:`H_{ij}=\frac1m x_i^\top x_j\sum_r a_r^2\mathbb 1\{\cdot\}\mathbb 1\{\cdot\}`
    (:math:`a_r^2=1` unless the output layer is trained, D13)."""
    active = (X @ W.T >= 0).astype(float)
    weights = np.ones(len(W)) if a is None else a**2
    return (X @ X.T) * ((active * weights) @ active.T) / len(W)


def output_gram(X, W) -> np.ndarray:
    """D13: G_ij = (1/m) Σ_r σ(w_rᵀx_i) σ(w_rᵀx_j)."""
    F = relu(X @ W.T)
    return F @ F.T / len(W)


def lam_min(M) -> float:
    return float(np.linalg.eigvalsh(M)[0])


@dataclass
class Trajectory:
    """What a run recorded, index k = 0..steps (k = 0 the start)."""

    eta: float
    residual2: np.ndarray       # ‖y − u(k)‖²
    lam_min: np.ndarray         # λ_min(H(k))          (NaN where not recorded)
    lam_min_joint: np.ndarray   # λ_min(H(k) + G(k))   (joint training only)
    w_move: np.ndarray          # max_r ‖w_r(k) − w_r(0)‖
    a_move: np.ndarray          # max_r |a_r(k) − a_r(0)|
    flips: np.ndarray           # fraction of the mn patterns 𝕀{w_rᵀx_i ≥ 0} changed since k = 0
    gram_move: np.ndarray       # ‖H(k) − H(0)‖₂
    W: np.ndarray               # the final weights
    a: np.ndarray

    @property
    def times(self) -> np.ndarray:
        return self.eta * np.arange(len(self.residual2))


def train(p: Problem, eta: float, steps: int, *, joint: bool = False, every: int = 1,
          dtype=np.float64) -> Trajectory:
    """Gradient descent W(k+1) = W(k) − η ∂L/∂W (and a likewise when ``joint``) from p's start;
    λ_min and ‖H(k) − H(0)‖ are recorded every ``every`` steps (NaN between), the rest at every
    step. ``dtype=np.float32`` for the large §5 runs."""
    X, y = p.X.astype(dtype), p.y.astype(dtype)
    W, a = p.W0.astype(dtype).copy(), p.a.astype(dtype).copy()
    m = len(W)
    pattern0 = X @ W.T >= 0
    H0 = gram(X, W, a if joint else None)
    out = {k: np.full(steps + 1, np.nan) for k in
           ("residual2", "lam_min", "lam_min_joint", "w_move", "a_move", "flips", "gram_move")}
    for k in range(steps + 1):
        pre = X @ W.T
        active = pre >= 0
        r = relu(pre) @ a / np.sqrt(m) - y
        out["residual2"][k] = float(r @ r)
        out["w_move"][k] = float(np.sqrt(((W - p.W0) ** 2).sum(axis=1)).max())
        out["a_move"][k] = float(np.abs(a - p.a).max())
        out["flips"][k] = float(np.mean(active != pattern0))
        if k % every == 0 or k == steps:
            H = gram(X, W, a if joint else None)
            out["lam_min"][k] = lam_min(H)
            out["gram_move"][k] = float(np.linalg.norm(H - H0, 2))
            if joint:
                out["lam_min_joint"][k] = lam_min(H + output_gram(X, W))
        if k == steps:
            break
        grad_w = a[:, None] * ((active * r[:, None]).T @ X) / np.sqrt(m)
        if joint:
            a = a - eta * (relu(pre).T @ r / np.sqrt(m))
        W = W - eta * grad_w
    return Trajectory(eta, **out, W=W, a=a)

r"""DLTPS18 — vectorised, seeded simulation of weight-normalised gradient descent (WN-GD) on the
exact population loss, thousands of runs at once.

Public functions
----------------
:func:`wn_gradients` (the derived gradients of :mod:`lemmas.dltps18.gradients`, lambdified),
:func:`wn_gd` (R runs of T steps from given starts), :func:`ball_starts` (the start law D14),
:func:`outcomes` (run until each run is decided: global, spurious or undecided).

Implementation notes
--------------------
One step costs a few numpy operations on (R, p) and (R, k) arrays; angles are computed as
atan2(‖v̂ − (v̂·ŵ*)ŵ*‖, v̂·ŵ*), accurate at 0 and π, where arccos loses half the digits (the
approach to the spurious point has π − φ ~ 1e-5). A run is *global* once ℓ ≤ 1e-8 ℓ(0); it is
*spurious* once a_tᵀa* < 0, φ_t > φ* (C6) and ‖∇_aℓ‖ ≤ 1e-4‖a*‖: then a tracks a(φ), whose
alignment with a* is negative beyond φ* (DY4), so φ only grows (DY1). Decided runs leave the
batch, so the cost falls as the runs finish.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: D13, D14, DY1–DY7, PR3.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import sympy as sp

from lemmas.dltps18.gradients import wn_coefficients
from lemmas.dltps18.model import INVARIANTS, loss_numpy
from verify.errors import InputError

GLOBAL_LOSS = 1e-8
"""ℓ ≤ GLOBAL_LOSS·ℓ(0) counts as having reached the global minimum (the spurious loss is > 0, C3)."""
ADIABATIC = 1e-4
"""‖∇_aℓ‖ ≤ ADIABATIC·‖a*‖: a has relaxed to a(φ)."""


@cache
def _coefficient_fns():
    _, perp, ca, c1, cs = wn_coefficients()
    return [sp.lambdify(INVARIANTS, sp.sympify(e), "numpy") for e in (perp, ca, c1, cs)]


def angles(V: np.ndarray, w_star: np.ndarray) -> np.ndarray:
    """φ of each row of V to w* (atan2 form: accurate near 0 and π)."""
    v_hat = V / np.linalg.norm(V, axis=1, keepdims=True)
    w_hat = w_star / np.linalg.norm(w_star)
    c = v_hat @ w_hat
    return np.arctan2(np.linalg.norm(v_hat - c[:, None] * w_hat, axis=1), c)


def _invariants(V, A, w_star, a_star):
    nv = np.linalg.norm(V, axis=1)
    return (nv, np.linalg.norm(w_star), angles(V, w_star), np.sum(A * A, axis=1), A.sum(axis=1), A @ a_star,
            float(a_star.sum()), float(a_star @ a_star), float(len(a_star)))


def wn_gradients(V, A, w_star, a_star):
    """(∇_v ℓ, ∇_a ℓ) for every run: rows of V (R, p) and A (R, k), one teacher."""
    inv = _invariants(V, A, w_star, a_star)
    perp_c, ca, c1, cs = (np.broadcast_to(f(*inv), (len(V),)) for f in _coefficient_fns())
    v_hat = V / inv[0][:, None]
    perp = w_star[None, :] - (v_hat @ w_star)[:, None] * v_hat
    return perp_c[:, None] * perp, ca[:, None] * A + c1[:, None] + cs[:, None] * a_star[None, :]


def wn_loss(V, A, w_star, a_star):
    inv = _invariants(V, A, w_star, a_star)
    return loss_numpy()(1.0, *inv[1:])


def ball_starts(R: int, p: int, a_star: np.ndarray, rng: np.random.Generator):
    """D14 (REC): v₀ uniform on the sphere, a₀ uniform in the ball of radius |1ᵀa*|/√k."""
    k = len(a_star)
    V = rng.standard_normal((R, p))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    direction = rng.standard_normal((R, k))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    radius = abs(float(a_star.sum())) / np.sqrt(k) * rng.uniform(0, 1, R) ** (1 / k)
    return V, direction * radius[:, None]


@dataclass
class Trajectory:
    """Per recorded step t: loss, angle, aᵀa*, 1ᵀa, ‖v‖ (arrays of shape (len(steps), R))."""

    steps: np.ndarray
    loss: np.ndarray
    phi: np.ndarray
    align: np.ndarray
    sum_a: np.ndarray
    norm_v: np.ndarray
    V: np.ndarray
    A: np.ndarray


def _check(eta, steps):
    if not (np.isfinite(eta) and eta > 0):
        raise InputError(f"eta: expected a positive step size, got {eta!r}")
    if int(steps) != steps or steps < 0:
        raise InputError(f"steps: expected a non-negative integer, got {steps!r}")


def wn_gd(V0, A0, w_star, a_star, eta: float, steps: int, every: int = 1) -> Trajectory:
    """WN-GD (D13): v ← v − η∇_vℓ, a ← a − η∇_aℓ for every run, recording every ``every`` steps."""
    _check(eta, steps)
    V, A = np.array(V0, float), np.array(A0, float)
    w_star, a_star = np.asarray(w_star, float), np.asarray(a_star, float)
    rec = {n: [] for n in ("steps", "loss", "phi", "align", "sum_a", "norm_v")}
    for t in range(steps + 1):
        if t % every == 0 or t == steps:
            rec["steps"].append(t)
            rec["loss"].append(wn_loss(V, A, w_star, a_star))
            rec["phi"].append(angles(V, w_star))
            rec["align"].append(A @ a_star)
            rec["sum_a"].append(A.sum(axis=1))
            rec["norm_v"].append(np.linalg.norm(V, axis=1))
        if t < steps:
            gV, gA = wn_gradients(V, A, w_star, a_star)
            V, A = V - eta * gV, A - eta * gA
    return Trajectory(**{n: np.asarray(x) for n, x in rec.items()}, V=V, A=A)


def separatrix(a_star) -> float | None:
    """φ* = g⁻¹(g*) (C6), or None when C5's condition fails (no interior critical set)."""
    k, S, As = len(a_star), float(np.sum(a_star)), float(np.dot(a_star, a_star))
    s, r = S**2 / k, As - S**2 / k
    gs = (r * (k + np.pi - 1) - s * (k - 1) * (np.pi - 1)) / (s * (np.pi - 1) + r * (k + np.pi - 1))
    if not 0 < gs < np.pi:
        return None
    lo, hi = 0.0, np.pi
    for _ in range(60):   # g is decreasing on [0, π] (K3): bisection
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if (np.pi - mid) * np.cos(mid) + np.sin(mid) > gs else (lo, mid)
    return (lo + hi) / 2


def outcomes(V0, A0, w_star, a_star, eta: float = 0.1, max_steps: int = 20_000, chunk: int = 50,
             sign_only: bool = False) -> dict:
    """Run every start until it is decided (see the module notes), at most ``max_steps`` steps.
    Returns arrays: outcome ("global" / "spurious" / "undecided"), steps taken, the loss then, and
    the start's φ₀ and a₀ᵀa*. ``sign_only`` (a control) calls a run spurious as soon as aᵀa* < 0."""
    _check(eta, max_steps)
    V, A = np.array(V0, float), np.array(A0, float)
    w_star, a_star = np.asarray(w_star, float), np.asarray(a_star, float)
    R = len(V)
    loss0 = wn_loss(V, A, w_star, a_star)
    phi_star = separatrix(a_star)
    result = np.full(R, "undecided", dtype=object)
    taken, final = np.full(R, max_steps), np.full(R, np.nan)
    active = np.arange(R)
    start = {"phi0": angles(V, w_star), "align0": A @ a_star}
    t = 0
    while active.size and t < max_steps:
        for _ in range(min(chunk, max_steps - t)):
            gV, gA = wn_gradients(V, A, w_star, a_star)
            V, A = V - eta * gV, A - eta * gA
        t += min(chunk, max_steps - t)
        loss = wn_loss(V, A, w_star, a_star)
        done_global = loss <= GLOBAL_LOSS * loss0[active]
        done_spurious = np.zeros_like(done_global)
        if sign_only:
            done_spurious = A @ a_star < 0
        elif phi_star is not None:
            _, gA = wn_gradients(V, A, w_star, a_star)
            done_spurious = ((A @ a_star < 0) & (angles(V, w_star) > phi_star)
                             & (np.linalg.norm(gA, axis=1) <= ADIABATIC * np.linalg.norm(a_star)))
        for mask, name in ((done_global, "global"), (done_spurious & ~done_global, "spurious")):
            result[active[mask]], taken[active[mask]], final[active[mask]] = name, t, loss[mask]
        keep = ~(done_global | done_spurious)
        active, V, A = active[keep], V[keep], A[keep]
    final[active] = wn_loss(V, A, w_star, a_star) if active.size else final[active]
    return {"outcome": result, "steps": taken, "loss": final, **start}

r"""BG17 §7: one filter with overlapping shifts.

Main statements
---------------
* ``BG17-Eq16``      the risk of the m = 2, stride 1, k = d − 1 network in terms of g (erratum:
                     as printed only α carries 1/k²; every term needs it).
* ``BG17-S7.1-opt``  the global minimum w* = (−w*, w*) is unique.
* ``BG17-X9``        on the ray through w̃: k²ℓ = (h+1)/2 (r² + s²) − h r s; ℓ(0) = (h+1)s²/(2k²).
* Props. 7.1–7.2, Thm. 7.3, ``BG17-X7``, ``BG17-X8`` and Fig. 4 (``BG17-F4``) are in
  :mod:`lemmas.bg17.s7_quadrant`.

Model (BG17-D12, D13)
---------------------
A filter w ∈ ℝ^m is applied at positions p_i = i·stride, i = 0..k−1, of an input x ∈ ℝ^d with
d = (k − 1)·stride + m; f(x; w) = (1/k) Σ_i σ(w·x[p_i : p_i + m]). The population risk is Eq. 7 with
the shifted rows w_i: ℓ(w) = (1/k²) Σ_{i,j} [g(w_i, w_j) − 2 g(w_i, w*_j) + g(w*_i, w*_j)].
Shifted copies are determined by the filter: ‖w_i‖ = ‖w‖ and w_i·v_j = Σ_t w[t] v[t + (i−j)s]
(the correlation at lag δ = i − j, zero once |δ|s ≥ m), and the lag δ occurs k − |δ| times. So the
risk of a whole batch of filters is a sum over 2k − 1 lags of the closed form of g, vectorised
(:func:`overlap_risk`), and so is its gradient (:func:`overlap_gradient`, by the chain rule through
``BG17-L3.2``: ∇_u g(u, v) = (‖v‖ sin θ û + (π − θ) v)/(2π)).

In §7.1 the paper writes the teacher as (−w*, w*) with a scalar w* > 0; ‖w*‖ below is always the
norm of the 2-vector, √2 w*.
"""
from __future__ import annotations

import math
from functools import cache

import mpmath
import numpy as np
import sympy as sp
from numpy.lib.stride_tricks import sliding_window_view

from lemmas.bg17.s3_risk import eq7_double_sum, network_risk_monte_carlo, risk_eq7
from lemmas.common.kernels import a, b, kernel_invariant_form, kernel_numpy, p
from verify import routes as R
from verify.domain import Domain, Integer, Real, Vector
from verify.errors import InputError
from verify.figures import grid
from verify.numeric import mp_function
from verify.quadrature import Estimate
from verify.registry import Claim, Erratum, Expression, register
from verify.results import Kind, Role
from verify.symbols import evaluator_at, scalar


# --- the overlapping network -----------------------------------------------------------------
def shifted_rows(w, stride: int, k: int) -> list[list]:
    """The k rows w_i = (0_{i·stride}, w, 0) ∈ ℝ^d, d = (k − 1)·stride + m (BG17-D12, D13); the
    entries of w are kept as given (mpmath entries unrounded: finite differences need them)."""
    w = list(w)
    return [[0] * (i * stride) + w + [0] * ((k - 1 - i) * stride) for i in range(k)]


def _lag_product(W, V, shift):
    """Σ_t W[:, t] V[:, t + shift] over the valid t (batched correlation at one lag)."""
    m = W.shape[1]
    if shift >= m or -shift >= m:
        return np.zeros(W.shape[0])
    if shift >= 0:
        return np.einsum("bt,bt->b", W[:, :m - shift], V[:, shift:])
    return np.einsum("bt,bt->b", W[:, -shift:], V[:, :m + shift])


def _lag_shift(V, shift):
    """(S V)[t] = V[t + shift] (zero where out of range): P_i^T v_j for a lag of ``shift``."""
    out = np.zeros_like(V)
    m = V.shape[1]
    if shift >= m or -shift >= m:
        return out
    if shift >= 0:
        out[:, :m - shift] = V[:, shift:]
    else:
        out[:, -shift:] = V[:, :m + shift]
    return out


def _angle(dot, na, nb):
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where((na > 0) & (nb > 0), dot / (na * nb), 0.0)
    return np.arccos(np.clip(c, -1.0, 1.0))


def _as_batch(W, w_star):
    W = np.atleast_2d(np.asarray(W, dtype=float))
    V = np.broadcast_to(np.atleast_2d(np.asarray(w_star, dtype=float)), W.shape)
    return W, V


def overlap_risk(W, w_star, stride: int, k: int) -> np.ndarray:
    """ℓ for a batch of filters W (B × m), one teacher w* (m,) or a batch (B × m)."""
    W, V = _as_batch(W, w_star)
    na, nb = np.linalg.norm(W, axis=1), np.linalg.norm(V, axis=1)
    _g = kernel_numpy()  # the derived closed form of g (BG17-L3.1) on norms and angles
    total = np.zeros(W.shape[0])
    for lag in range(-(k - 1), k):
        count, shift = k - abs(lag), lag * stride
        ww, vv = _lag_product(W, W, shift), _lag_product(V, V, shift)
        wv = _lag_product(W, V, shift)
        total += count * (_g(na, na, _angle(ww, na, na)) - 2 * _g(na, nb, _angle(wv, na, nb))
                          + _g(nb, nb, _angle(vv, nb, nb)))
    return total / k**2


def overlap_gradient(W, w_star, stride: int, k: int) -> np.ndarray:
    """∇ℓ for a batch of non-zero filters (B × m): (1/(πk²)) Σ_lags (k − |δ|) [(‖w‖ sin θ_δ −
    ‖w*‖ sin θ*_δ) ŵ + (π − θ_δ) S_δ w − (π − θ*_δ) S_δ w*]."""
    W, V = _as_batch(W, w_star)
    na, nb = np.linalg.norm(W, axis=1), np.linalg.norm(V, axis=1)
    unit = W / na[:, None]
    grad = np.zeros_like(W)
    for lag in range(-(k - 1), k):
        count, shift = k - abs(lag), lag * stride
        th = _angle(_lag_product(W, W, shift), na, na)
        ts = _angle(_lag_product(W, V, shift), na, nb)
        grad += count * (((na * np.sin(th) - nb * np.sin(ts)))[:, None] * unit
                         + (np.pi - th)[:, None] * _lag_shift(W, shift)
                         - (np.pi - ts)[:, None] * _lag_shift(V, shift))
    return grad / (np.pi * k**2)


def descend(W, V, stride: int, k: int, step: float, max_steps: int) -> np.ndarray:
    """Batched gradient descent w ← w − step·∇ℓ (float64), each row with its own teacher (or one
    teacher for all); a row stops once its gradient max-norm is below 1e-10 ‖w*‖."""
    W = np.array(W, dtype=float)
    V = np.broadcast_to(np.asarray(V, dtype=float), W.shape)
    active, scale = np.arange(len(W)), np.linalg.norm(V, axis=1)
    for _ in range(max_steps):
        if active.size == 0:
            break
        G = overlap_gradient(W[active], V[active], stride, k)
        W[active] -= step * G
        active = active[np.abs(G).max(axis=1) >= 1e-10 * scale[active]]
    return W


def eq7_risk_mp(w, w_star, stride: int, k: int):
    """ℓ from Eq. 7 with explicit shifted rows in ℝ^d and the mpmath closed form of g, at the
    working precision: the reference that shares nothing with the lag bookkeeping above."""
    return risk_eq7(*(shifted_rows([mpmath.mpf(x) for x in v], stride, k) for v in (w, w_star)))


def eq7_estimate(w, w_star, stride: int, k: int, dps: int) -> Estimate:
    """:func:`eq7_risk_mp` at ``dps`` digits with its error bound: 4k² kernel terms, each
    |g| <= (‖w‖² + ‖w*‖²)/2 and correct to a few units in the 10^-dps place."""
    with mpmath.workdps(dps):
        value = eq7_risk_mp(w, w_star, stride, k)
    size = float(np.dot(w, w) + np.dot(w_star, w_star))
    return Estimate(value, 4 * k**2 * size * 10.0 ** (2 - dps))


def network_monte_carlo(w, w_star, stride, k, n, rng):
    """E[(f(x; w) − f(x; w*))²] from the network itself, x ~ N(0, I_d)."""
    rows = [np.array(shifted_rows(v, stride, k), dtype=float) for v in (w, w_star)]
    return network_risk_monte_carlo(*rows, n, rng)


# --- §7.1: m = 2, stride 1, k = d − 1 ---------------------------------------------------------
w1, w2 = sp.symbols("w_1 w_2", real=True)
ws = sp.Symbol("w^*", positive=True)          # the teacher (−w*, w*), scalar w* > 0 (BG17-D12)
k = sp.Symbol("k", positive=True, integer=True)
r_, s_ = sp.symbols("r s", positive=True)


def _g_sym(u, v):
    """g of explicit SymPy vectors through the derived invariant form G(|u|, |v|, u·v)."""
    u, v = sp.Matrix(u), sp.Matrix(v)
    return kernel_invariant_form().subs({a: sp.sqrt(u.dot(u)), b: sp.sqrt(v.dot(v)), p: u.dot(v)},
                                        simultaneous=True)


W_R, W_L = (w1, w2, 0), (0, w1, w2)             # BG17-D13
WS_R, WS_L = (-ws, ws, 0), (0, -ws, ws)
NORM_W, NORM_WS = sp.sqrt(w1**2 + w2**2), sp.sqrt(2) * ws


def eq16_from_eq7_sum(kk: int) -> sp.Expr:
    """k² ℓ by the Eq. 7 double sum over explicit shifted rows in ℝ^{k+1} (concrete k)."""
    return eq7_double_sum(shifted_rows([w1, w2], 1, kk), shifted_rows([-ws, ws], 1, kk), _g_sym)


def eq16_corrected(kk=k, printed=False) -> sp.Expr:
    """k² ℓ, corrected (catalogue DER): k diagonal pairs, 2(k − 1) adjacent ones (|i − j| = 1,
    giving g(w_r, w_l), g(w_r, w*_l), g(w_l, w*_r), g(w*_r, w*_l)) and k² − 3k + 2 disjoint ones
    (g = ‖u‖‖v‖/(2π)). ``printed``: k² ℓ as printed (BG17-D14, reconstructed), where only
    α = A/k² carries 1/k², so every later term is k² times too large."""
    disjoint = kk**2 - 3 * kk + 2
    A = kk / 2 + disjoint / (2 * sp.pi)
    return A * (NORM_W**2 + NORM_WS**2) + (kk**2 if printed else 1) * (
        -2 * kk * _g_sym(W_R, WS_R) - disjoint / sp.pi * NORM_W * NORM_WS
        + 2 * (kk - 1) * (_g_sym(W_R, W_L) - _g_sym(W_L, WS_R) - _g_sym(W_R, WS_L) + _g_sym(WS_R, WS_L)))


def h_of_k(kk=k, root=3):
    """h(k) (BG17-D15, reconstructed); a control passes root = 2."""
    return (kk**2 - 3 * kk + 2) / sp.pi + sp.sqrt(root) * (kk - 1) / sp.pi + 2 * (kk - 1) / sp.Integer(3)


# --- BG17-Eq16 ---------------------------------------------------------------------------------


def teacher(w_star_scalar) -> np.ndarray:
    return np.array([-float(w_star_scalar), float(w_star_scalar)])


@cache
def _eq16_fn(which: str):
    expr = {"corrected": eq16_corrected, "printed": lambda: eq16_corrected(printed=True),
            "dropped": lambda: eq16_corrected() - 2 * (k - 1) * _g_sym(W_R, W_L)}[which]()
    return mp_function((w1, w2, ws, k), expr / k**2)


def _eq16_candidate(which):
    def value(pt):
        w = pt["w"]
        if not np.any(w):
            raise InputError("w: Eq. 16 is written with the angle of w; use w != 0")
        return _eq16_fn(which)(w[0], w[1], pt["w_star"], pt["k"])
    return value


def _printed_point(points, rng):
    """The point of the erratum's evidence: w = (0.7, −0.4), w* = 1, k = 4."""
    return [{"w": np.array([0.7, -0.4]), "w_star": 1.0, "k": 4}]


EQ16 = Domain(Vector("w", size=2, nonzero=True, norms=(0.05, 5)),
              Real("w_star", 0, math.inf, open_lo=True, log=True, draw_range=(0.2, 3), latex="w^*"),
              Integer("k", min_value=2, draw_max=11),
              assumptions=(r"m=2,\ \text{stride } 1,\ k=d-1", r"w^*=(-w^*,w^*)", r"x\sim\mathcal N(0,I_d)"))


def _eq16_checks():
    return (R.Agreement(lambda pt, dps: eq7_estimate(pt["w"], teacher(pt["w_star"]), 1, pt["k"], dps),
                        EQ16.sample(9, boundary=False, also=_printed_point), "Eq. 7 sum over the shifted rows, "
                        "30 digits", Kind.EVALUATION, 25, lambda pt: float(np.dot(pt["w"], pt["w"]) + 2 * pt["w_star"] ** 2)),
            R.MonteCarlo(lambda w, ws, k, n, rng: network_monte_carlo(w, teacher(ws), 1, k, n, rng),
                         EQ16.restrict(k={"draw_max": 6}).sample(1, boundary=False, also=_printed_point),
                         "monte-carlo of the network", args=("w", "w_star", "k")))


register(Claim("BG17-Eq16", "§7.1, Eq. 16", "SRC*",
               "Risk of the overlapping network (m = 2, stride 1, k = d − 1)",
    uses=("BG17-Eq7", "BG17-L3.1"),
    statement=(r"\ell(w)=\alpha(\|w\|^2+\|w^*\|^2)-\beta g(w,w^*)+(\beta-2)\big(g(w_r,w_l)-g(w_l,w^*_r)"
               r"-g(w_r,w^*_l)+g(w^*_r,w^*_l)\big)-\gamma\|w\|\|w^*\|,\ \alpha=\tfrac1{k^2}\big(\tfrac k2+"
               r"\tfrac{k^2-3k+2}{2\pi}\big),\ \beta=2k,\ \gamma=\tfrac{k^2-3k+2}{\pi}"),
    domain=EQ16,
    routes=(
        R.SymbolicRoute("symbolic: Eq. 7 double sum over explicit rows = corrected form (k = 2, 3, 4)",
                        lambda: sp.Matrix([sp.simplify(eq16_from_eq7_sum(kk) - eq16_corrected(kk))
                                           for kk in (2, 3, 4)]), sp.zeros(3, 1)),
        R.SymbolicRoute("printed: Eq. 7 double sum = printed form (k = 2, 3)",
                        lambda: sp.Matrix([eq16_from_eq7_sum(kk) for kk in (2, 3)]),
                        lambda: sp.Matrix([eq16_corrected(kk, printed=True) for kk in (2, 3)]), role=Role.PRINTED),
        *R.with_controls(_eq16_candidate("corrected"), _eq16_checks(),
                         {"2(k−1) g(w_r,w_l) dropped": _eq16_candidate("dropped")},
                         printed=_eq16_candidate("printed")),
    ),
    erratum=Erratum(
        printed="only α carries 1/k²: β = 2k, γ = (k² − 3k + 2)/π",
        corrected=("k²ℓ = A(‖w‖² + ‖w*‖²) − 2k g(w, w*) + 2(k − 1)(g(w_r, w_l) − g(w_l, w*_r) − g(w_r, w*_l) "
                   "+ g(w*_r, w*_l)) − (k² − 3k + 2)/π ‖w‖‖w*‖, A = k/2 + (k² − 3k + 2)/(2π)"),
        evidence=("the Eq. 7 double sum over explicit shifted rows equals the corrected form "
                  "symbolically for k = 2, 3, 4 and differs from the printed one; at 10 random points "
                  "(k ≤ 11) the corrected form matches the 30-digit Eq. 7 sum and the printed one does "
                  "not; Monte Carlo of the network rejects the printed form (at k = 4, w* = 1, "
                  "w = (0.7, −0.4) the printed value is −4.89, the risk 0.153)")),
    expressions=(Expression("k^2 l (corrected)", r"k^2\ell(w)", lambda: eq16_corrected(),
                            {w1: "w_{1}", w2: "w_{2}", ws: "w^*"}),),
))


# --- h(k), the fourth-quadrant minimiser, P, Q, R along rays -------------------------------------
def h_value(kk: int, root: int = 3) -> float:
    return float(h_of_k(sp.Integer(kk), root))


def stuck_point(kk: int, w_star_scalar: float = 1.0) -> np.ndarray:
    """w̃ = −h/(h + 1) w* (in the fourth quadrant for the teacher (−w*, w*))."""
    h = h_value(kk)
    return -h / (h + 1) * teacher(w_star_scalar)


def q4_bound(kk: int, w_star_scalar: float = 1.0, root: int = 3) -> float:
    """(2h + 1)/(k²(2h + 2)) ‖w*‖² (BG17-P7.2)."""
    h = h_value(kk, root)
    return (2 * h + 1) / (kk**2 * (2 * h + 2)) * 2 * w_star_scalar**2


def ray_coefficients(phi: np.ndarray, kk: int):
    """(P, Q, R) with k²ℓ(r u_φ) = P r² − Q r s + R s², u_φ = (cos φ, −sin φ), s = ‖w*‖ = 1:
    exact, as every term of the risk is homogeneous (fitted from r = 0, 1, 2)."""
    u = np.stack([np.cos(phi), -np.sin(phi)], axis=1)
    v = teacher(1 / math.sqrt(2))
    l0 = overlap_risk(np.zeros_like(u) + 1e-300, v, 1, kk) * kk**2
    l1 = overlap_risk(u, v, 1, kk) * kk**2
    l2 = overlap_risk(2 * u, v, 1, kk) * kk**2
    R_ = l0
    P_ = (l2 - 2 * l1 + l0) / 2
    Q_ = P_ + R_ - l1
    return P_, Q_, R_


def q4_profile(kk: int, n: int = 20001, root: int = 3):
    """F(φ) = min_r k²ℓ(r u_φ)/s² − (2h+1)/(2h+2) on a grid of φ ∈ [0, π/2], and the radius."""
    phi = np.linspace(0, math.pi / 2, n)
    P_, Q_, R_ = ray_coefficients(phi, kk)
    minimum = np.where(Q_ > 0, R_ - Q_**2 / (4 * P_), R_)
    h = h_value(kk, root)
    return phi, minimum - (2 * h + 1) / (2 * h + 2), np.where(Q_ > 0, Q_ / (2 * P_), 0.0)


# --- BG17-X9: the ray through w̃ --------------------------------------------------------------
def risk_on_diagonal() -> sp.Expr:
    """k²ℓ(r(1, −1)/√2) from the corrected Eq. 16, with ‖w*‖ = s (w* = s/√2)."""
    e = eq16_corrected().subs({w1: r_ / sp.sqrt(2), w2: -r_ / sp.sqrt(2), ws: s_ / sp.sqrt(2)})
    return sp.simplify(e)


def ray_identity(root=3) -> sp.Expr:
    h = h_of_k(k, root)
    return (h + 1) / 2 * (r_**2 + s_**2) - h * r_ * s_


def zero_value(root=3):
    """ℓ(0) = (h+1)‖w*‖²/(2k²) with ‖w*‖² = 2w*²; a control passes root = 2."""
    return (h_of_k(k, root) + 1) * ws**2 / k**2


K_WS = Domain(Real("w_star", 0, math.inf, open_lo=True, log=True, draw_range=(0.2, 3), latex="w^*"),
              Integer("k", min_value=2, draw_max=12),
              assumptions=(r"m=2,\ \text{stride }1", r"w^*=(-w^*,w^*),\ s=\|w^*\|=\sqrt2\,w^*"))
ON_K_WS = {ws: scalar(K_WS.variables[0]), k: scalar(K_WS.variables[1])}

register(Claim("BG17-X9", "§7.1 (derived)", "DER",
               "On the ray through w̃: k²ℓ = (h+1)/2 (r² + s²) − h r s; ℓ(0) = (h+1)‖w*‖²/(2k²)",
    statement=(r"k^2\ell\big(r\tfrac{(1,-1)}{\sqrt2}\big)=\tfrac{h+1}2(r^2+s^2)-h\,rs,\ s=\|w^*\|;\quad "
               r"\ell(0)=\tfrac{h(k)+1}{2k^2}\|w^*\|^2"),
    domain=K_WS,
    uses=("BG17-Eq16",),
    routes=(
        R.SymbolicRoute("symbolic: corrected Eq. 16 on the diagonal = (h+1)/2 (r²+s²) − h r s",
                        risk_on_diagonal, lambda: ray_identity()),
        R.SymbolicRoute("symbolic: the limit r → 0 is k² ℓ(0) = (h+1)s²/2 (the claimed ℓ(0), s = √2 w*)",
                        lambda: sp.limit(risk_on_diagonal(), r_, 0),
                        lambda: k**2 * zero_value().subs(ws, s_ / sp.sqrt(2))),
        R.SymbolicRoute("control (√2 for √3 in h): symbolic", risk_on_diagonal,
                        lambda: ray_identity(2), role=Role.CONTROL),
        *R.with_controls(zero_value(), (R.Agreement(
            lambda pt, dps: eq7_estimate(np.zeros(2), teacher(pt["w_star"]), 1, pt["k"], dps), K_WS.sample(
                6, boundary=False), "ℓ(0) against the 30-digit Eq. 7 sum", Kind.EVALUATION, 25),),
            {"√2 for √3 in h": zero_value(2)}, evaluate=evaluator_at(ON_K_WS)),
    ),
    expressions=(Expression("h(k)", "h(k)", lambda: h_of_k()),
                 Expression("k^2 l on the diagonal", r"k^2\ell", lambda: ray_identity())),
))


# --- BG17-S7.1-opt ------------------------------------------------------------------------
def unique_minimum(pt):
    """The grid's local minima (a point no higher than its 8 neighbours) on [−3, 3]² (601²): the
    only one with ℓ < 1e-6 is within one grid step of the claimed minimum."""
    kk, claimed = pt["k"], np.asarray(pt["at"])
    xs, W = grid(-3, 3, 601)
    L = overlap_risk(W, teacher(1.0), 1, kk).reshape(601, 601)
    inner = L[1:-1, 1:-1]
    rows, cols = np.nonzero(inner <= sliding_window_view(L, (3, 3)).min(axis=(2, 3)))  # ≤ its 3 × 3 block
    minima = [(float(xs[c + 1]), float(xs[r + 1]), float(inner[r, c])) for r, c in zip(rows, cols)]
    zeros = [m for m in minima if m[2] < 1e-6]
    step = xs[1] - xs[0]
    ok = len(zeros) == 1 and np.linalg.norm(np.array(zeros[0][:2]) - claimed) <= step * 1.01
    shown = ", ".join(f"({x:.3f}, {y:.3f}): {v:.3g}" for x, y, v in minima[:4])
    return ok, float(len(zeros) != 1), f"k = {kk}: grid local minima {shown}"


register(Claim("BG17-S7.1-opt", "§7.1", "SRC", "The global minimum w* of the overlapping example is unique",
    statement=r"\ell(w)=0\iff w=w^*=(-w^*,w^*)",
    assumptions=(r"m=2,\ \text{stride }1,\ k\ge2",),
    uses=("BG17-Eq16",),
    routes=(
        R.SymbolicRoute("symbolic: ℓ(w*) = 0 (corrected Eq. 16)",
                        lambda: sp.simplify(eq16_corrected().subs({w1: -ws, w2: ws})), 0),
        *R.on_settings("grid of [−3, 3]² (601²): one local minimum with ℓ < 1e-6, at w*", Kind.EVALUATION,
                       unique_minimum, [{"k": kk, "at": [-1.0, 1.0]} for kk in (2, 4, 10)],
                       {"minimum claimed at w̃ ∈ Q4": [{"k": 4, "at": stuck_point(4).tolist()}]}),
    ),
))



r"""BG17 §3 — the Gaussian–ReLU kernel :math:`g(u,v)`, its gradient and its Hessian.

Brutzkus & Globerson, *Globally Optimal Gradient Descent for a ConvNet with Gaussian Inputs*,
ICML 2017, §3. The kernel :math:`g(u,v)=\mathbb E_{x\sim\mathcal N(0,I)}[\sigma(u^\top x)\sigma(v^\top x)]`
is derived in :mod:`lemmas.common.kernels` from its defining Gaussian integral, then
differentiated here; each derived form is compared with the printed one.

Main statements
---------------
* ``BG17-L3.1``  :math:`g(u,v)=\frac{\|u\|\|v\|}{2\pi}\big(\sin\theta+(\pi-\theta)\cos\theta\big)`.
* ``BG17-L3.2``  :math:`\nabla_u g=\frac{1}{2\pi}\big(\|v\|\sin\theta\,\hat u+(\pi-\theta)v\big)`, θ ∈ {0, π} included.
* ``BG17-Eq8a``  the kernel on the no-overlap network's block rows.
* ``BG17-X10``   the Hessian :math:`\nabla_u^2 g` on θ ∈ (0, π), extended by 0 at θ ∈ {0, π}.

Notation
--------
``a`` = :math:`\|u\|`, ``b`` = :math:`\|v\|`, ``p`` = :math:`u^\top v`, ``theta`` = :math:`\theta_{u,v}\in[0,\pi]`,
``c`` = :math:`\cos\theta` (:mod:`lemmas.common.kernels`). :math:`H(\theta)` is the angle kernel
(``BG17-D19``).

Implementation notes
--------------------
* ``BG17-L3.1`` is stated in the Gaussian-expectation language (:mod:`verify.gaussian`): the
  engine builds its quadrature and Monte Carlo integrands from the one SymPy integrand.
* Derivatives are taken dimension-free: :math:`g=G(a,b,p)` with :math:`\partial a/\partial u=u/a`,
  :math:`\partial p/\partial u=v`, so :math:`\nabla_u g=(G_a/a)\,u+G_p\,v` and the Hessian is
  :math:`A I+(A_a/a)uu^\top+A_p uv^\top+(B_a/a)vu^\top+B_p vv^\top` with :math:`A=G_a/a`,
  :math:`B=G_p`. For :math:`d\ge2` and u, v independent these five matrices are linearly
  independent, so two Hessians agree iff their five coefficients do
  (:func:`lemmas.common.kernels.invariant_hessian`, shared with §5).

References
----------
Cho & Saul (2009), *Kernel methods for deep learning*, §2 (the arc-cosine kernel of degree 1).
Catalogue: ``shared/claims/brutzkus-globerson-2017.md``, entries BG17-L3.1, L3.2, Eq8a, X10, D19.
"""
from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.common.kernels import (COS_DOMAIN, NOTATION, a, angle_kernel, b, in_plane, in_span_basis,
                                   invariant_gradient, invariant_hessian, kernel, kernel_from_gaussian_integral,
                                   kernel_invariant_form, quadrature_kernel, relu as _relu, span_basis,
                                   theta, to_angle_form, to_cosine_form)
from verify import gaussian as G
from verify import routes as R
from verify.domain import Domain, Integer, Vector
from verify.finitediff import gradient as fd_gradient, hessian as fd_hessian
from verify.montecarlo import gaussian_monte_carlo
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.quadrature import Estimate, gaussian_expectation, plane_basis
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.symbols import combination_at, evaluator_at
from verify.tolerances import FINITE_DIFFERENCE_DIGITS
from verify.vectors import angle, mp_vector, norm

u_, v_ = Vector("u", nonzero=True), Vector("v", nonzero=True, angle_to="u")
UV = Domain(u_, v_, assumptions=(r"x \sim \mathcal{N}(0, I_d)",))
TO_UV = {a: G.norm(u_), b: G.norm(v_), theta: G.angle(u_, v_)}  # the notation's symbols at a point
# Monte Carlo has 1% power (tolerances.py) where the coefficient of variation is <= 2.9,
# i.e. theta <= 1.5 for g and its gradient; larger angles are covered by quadrature.
MC_UV = UV.restrict(u={"norms": (1e-2, 1e2), "max_dim": 64},
                    v={"norms": (1e-2, 1e2), "max_dim": 64, "angles": (0.2, 1.5),
                       "boundary_angles": (0.0, np.pi / 2)})
HESSIAN_UV = UV.restrict(v={"boundary_angles": (1e-6, np.pi / 2, np.pi - 1e-6),
                            "angles": (1e-6, np.pi - 1e-6)})  # finite differences need g smooth


def _limit(expr_fn, at):
    """Lazily: the limit of expr_fn() (scalar or tuple) as theta -> at from inside [0, pi]."""
    direction = "+" if at == 0 else "-"

    def compute():
        e = expr_fn()
        if isinstance(e, tuple):
            return sp.Matrix([sp.limit(x, theta, at, direction) for x in e])
        return sp.limit(e, theta, at, direction)
    return compute


def _scale_v(pt):
    return float(np.linalg.norm(pt["v"]))


# --- derivations ---------------------------------------------------------------------------
@cache
def gradient_coefficients() -> tuple[sp.Expr, sp.Expr]:
    r"""(A, B) with :math:`\nabla_u g = A\,u + B\,v`, derived by the chain rule from G(a, b, p);
    in the cosine form."""
    return invariant_gradient(kernel_invariant_form())


@cache
def hessian_coefficients() -> tuple[sp.Expr, ...]:
    r"""Coefficients of :math:`I, uu^\top, uv^\top, vu^\top, vv^\top` in :math:`\nabla_u^2 g`,
    derived from (A, B) in invariant form; in the cosine form."""
    return invariant_hessian(kernel_invariant_form())


@cache
def kernel_ratio() -> sp.Expr:
    """e(θ) with g(u, v) = |u| |v| e(θ): derived from the Gaussian integral; free of |u|, |v|."""
    e = sp.simplify(kernel_from_gaussian_integral() / (a * b))
    if e.free_symbols != {theta}:
        raise ValueError(f"g/(|u||v|) is not a function of θ alone: {e}")
    return e


# --- the printed statements (typed in from the paper, only to be compared) -------------------
def printed_kernel(scale=1 / (2 * sp.pi)):
    """Lemma 3.1 as printed: ``scale`` = 1/(2 pi); a control passes 1/pi."""
    return scale * a * b * angle_kernel(theta)


def printed_gradient_coefficients(sign=1):
    """Lemma 3.2 as printed, as (A, B); a control flips the sign of the second term."""
    return (b * sp.sin(theta) / (2 * sp.pi * a), sign * (sp.pi - theta) / (2 * sp.pi))


def printed_hessian_coefficients(keep_rank_one_term=True):
    """BG17-X10 expanded on I, uu^T, uv^T, vu^T, vv^T; a control drops the rank-one term."""
    s, co = sp.sin(theta), sp.cos(theta)
    k = b / (2 * sp.pi * a)
    # sin(theta) (I - uu^T/a^2)  +  (v/b - cos u/a)(v/b - cos u/a)^T / sin(theta)
    I_, uu, uv, vu, vv = k * s, -k * s / a**2, 0, 0, 0
    if keep_rank_one_term:
        uu += k * co**2 / (s * a**2)
        uv += -k * co / (s * a * b)
        vu += -k * co / (s * a * b)
        vv += k / (s * b**2)
    return (I_, uu, uv, vu, vv)


# --- numeric evaluators (lambdified from the derivations) ---------------------------------------
def gradient_of(coeffs):
    """pt -> A u + B v for symbolic (A, B) in the angle form."""
    return combination_at(TO_UV, "u", "v")(coeffs)


def hessian_of(coeffs):
    """pt -> the Hessian for symbolic coefficients (angle form) of I, uu^T, uv^T, vu^T, vv^T,
    extended by 0 at θ ∈ {0, π} (as BG17-X10 states it)."""
    f = evaluator_at(TO_UV)(tuple(coeffs))

    def at(pt):
        U, V = mp_vector(pt["u"]), mp_vector(pt["v"])
        n = len(U)
        if angle(U, V) in (0, mpmath.pi):
            return [[mpmath.mpf(0)] * n for _ in range(n)]
        I_, uu, uv, vu, vv = f(pt)
        return [[(I_ if i == j else 0) + uu * U[i] * U[j] + uv * U[i] * V[j] + vu * V[i] * U[j]
                 + vv * V[i] * V[j] for j in range(n)] for i in range(n)]
    return at


@cache
def _derived(of, coefficients):
    return of([to_angle_form(e) for e in coefficients()])


def kernel_gradient(u, v) -> list:
    """grad_u g(u, v) (u, v != 0) from the derived coefficients (bad input: a one-line error)."""
    return _derived(gradient_of, gradient_coefficients)(UV.validate({"u": u, "v": v}))


def kernel_hessian(u, v) -> list:
    """Hessian of g in u (u, v != 0); the continuous extension 0 at theta in {0, pi}."""
    return _derived(hessian_of, hessian_coefficients)(UV.validate({"u": u, "v": v}))


def block_row(w, i: int, k: int) -> np.ndarray:
    """w_i = (0_{(i-1)m}, w, 0_{(k-i)m}) in R^{km}, 1 <= i <= k (BG17-D4)."""
    k = Integer("k", min_value=1).validate(k)
    i = Integer("i", min_value=1, max_value=k).validate(i)
    w = Vector("w").validate(w)
    row = np.zeros(k * w.size)
    row[(i - 1) * w.size: i * w.size] = w
    return row


# --- oracles independent of the closed forms -----------------------------------------------------
def quadrature_kernel_gradient(u, v, dps) -> Estimate:
    r""":math:`\nabla_u g = \mathbb E[x\,1\{u^\top x>0\}\sigma(v^\top x)]`, computed on an orthonormal
    basis (e_1, e_2) of span(u, v) (the component orthogonal to the span has mean 0)."""
    with mpmath.workdps(dps + 20):
        basis = plane_basis([u, v])
    ests = [gaussian_expectation(lambda s, t_, x_e: (x_e if s > 0 else 0) * _relu(t_),
                                 [u, v, e], dps=dps, degree=2) for e in basis]
    with mpmath.workdps(dps + 20):
        grad = [mpmath.fsum(est.value * e[i] for est, e in zip(ests, basis)) for i in range(len(u))]
    return Estimate(grad, sum(est.error for est in ests))


def monte_carlo_kernel_gradient(u, v, n, rng):
    """E[x 1{u.x>0} relu(v.x)] in the coordinates of :func:`span_basis` (the gradient's
    component orthogonal to that plane is 0 by symmetry)."""
    return gaussian_monte_carlo(lambda P: (P[0] > 0) * np.maximum(P[1], 0) * P[2:],
                                [u, v, *span_basis(u, v)], n=n, rng=rng)


def _fd_kernel_gradient(pt, dps):
    # 10 more digits: within 1e-8 of θ = π the gradient is ~1e-17 |v|, and 25 digits of it
    # relative need an absolute error near 1e-42
    return fd_gradient(lambda x: kernel(x, pt["v"]), pt["u"], dps=dps + 10)


def _in_cosine_form(coeffs):
    return sp.Matrix([to_cosine_form(e) for e in coeffs])


# --- BG17-L3.1 (one call in the Gaussian-expectation language) ----------------------------------
tau = sp.Symbol("tau", nonnegative=True)  # θ/π ∈ [0, 1]: a box with rational end points
KERNEL_BOUND_REDUCTION = (
    "g(u,v) = |u||v| e(θ) with e derived from the Gaussian integral and free of |u|, |v| "
    "(symbolic route); θ = π τ takes every value of [0, π] (d ≥ 2), so the bounds on g for all "
    "u, v ≠ 0 are e(πτ) ≥ 0 and upper − e(πτ) ≥ 0 on τ ∈ [0, 1]. Where the bounds are attained "
    "(τ = 1: g = 0; τ = 0: g = |u||v|/2) the branch and bound uses the sign of ∂e/∂τ and the "
    "exact value at the end point (sin πτ, cos πτ are exact at integers).")


def kernel_bound_obligations(upper=sp.Rational(1, 2)) -> list[Obligation]:
    """0 <= g/(|u||v|) <= upper over θ = πτ, τ ∈ [0, 1]; a control passes upper = 1/3."""
    e, box = kernel_ratio().subs(theta, sp.pi * tau), (Bound(tau, 0, 1),)
    return [Obligation("g >= 0", e, box, reduction=KERNEL_BOUND_REDUCTION),
            Obligation(f"g <= {upper} |u||v|", upper - e, box, reduction=KERNEL_BOUND_REDUCTION)]


def kernel_structure(pt):
    """Property: g(u, v) = g(v, u), g(8u, v/4) = 2 g(u, v) (exact power-of-two scalings, so any
    difference is the kernel's), and 0 < g/(|u||v|) < 1/2 strictly for θ ∈ [1e-6, π − 1e-6]."""
    u, v = pt["u"], pt["v"]
    with mpmath.workdps(40):
        g, s = kernel(u, v), norm(u) * norm(v)
        asym, hom = abs(g - kernel(v, u)) / s, abs(kernel(8 * u, v / 4) - 2 * g) / s
        inside = 1e-6 <= angle(u, v) <= mpmath.pi - 1e-6
        strict = not inside or 0 < g / s < mpmath.mpf(1) / 2
    # 40-digit arithmetic on exact float inputs: 1e-30 leaves 10 digits for rounding
    return asym < 1e-30 and hom < 1e-30 and strict, float(max(asym, hom)), (
        f"|g(u,v) − g(v,u)|/|u||v| = {float(asym):.1e}, |g(8u,v/4) − 2g|/|u||v| = {float(hom):.1e}, "
        f"g/|u||v| = {float(g / s):.6g}")


G.claim(
    "BG17-L3.1", G.E(G.relu(u_ @ G.x) * G.relu(v_ @ G.x)) == printed_kernel().subs(TO_UV),
    tier="SRC", location="§3, Lemma 3.1", title="Gaussian–ReLU kernel in closed form",
    domain=UV, derivation=lambda: kernel_from_gaussian_integral().subs(TO_UV),
    controls={"1/π for 1/(2π)": printed_kernel(1 / sp.pi).subs(TO_UV)},
    points={"quadrature": 10, "monte-carlo": MC_UV.sample(2)},
    routes=(
        R.SymbolicRoute("symbolic: limit θ→0 is |u||v|/2",
                        _limit(kernel_from_gaussian_integral, 0), a * b / 2),
        R.SymbolicRoute("symbolic: limit θ→π is 0",
                        _limit(kernel_from_gaussian_integral, sp.pi), 0),
        R.SymbolicRoute("symbolic: g(u,v) = |u||v| e(θ), e free of |u|, |v|",
                        kernel_from_gaussian_integral, lambda: a * b * kernel_ratio()),
        R.CertifiedRoute("certified: 0 ≤ g ≤ |u||v|/2 for all u, v (arb, θ = πτ, τ ∈ [0, 1])",
                         kernel_bound_obligations),
        R.PredicateRoute("property: symmetric, positively homogeneous, strictly inside its bounds",
                         Kind.PROPERTY, kernel_structure, 10),
        R.CertifiedRoute("control (g ≤ |u||v|/3): certified",
                         lambda: kernel_bound_obligations(sp.Rational(1, 3))[1:], role=Role.CONTROL),
    ),
    expressions=(Expression("kernel", "g(u,v)", kernel_from_gaussian_integral, NOTATION),),
)


# --- BG17-L3.2 ---------------------------------------------------------------------------------
def euler_and_homogeneity(form):
    """Property of a gradient form: Euler's identity ∇_u g · u = g (g is 1-homogeneous in u) and
    ∇_u g(4u, v) = ∇_u g(u, v) (0-homogeneous), at 40 digits."""
    @R.defects_at_most(1e-30)  # 40 digits: rounding is ~1e-40 relative, 1e-30 leaves 10 digits of room
    def defects(pt):
        u, v = pt["u"], pt["v"]
        grad, s = form(pt), norm(u) * norm(v)
        return {"|∇g·u − g|/|u||v|": abs(mpmath.fsum(x * y for x, y in zip(grad, mp_vector(u))) - kernel(u, v)) / s,
                "|∇g(4u) − ∇g(u)|/|v|": max(abs(x - y) for x, y in zip(form({**pt, "u": 4 * np.asarray(u)}), grad))
                / norm(v)}
    return defects


register(Claim("BG17-L3.2", "§3, Lemma 3.2", "SRC", "Gradient of the kernel in its first argument",
    statement=(r"\frac{\partial g(u,v)}{\partial u}=\frac{1}{2\pi}\|v\|\frac{u}{\|u\|}\sin\theta_{u,v}"
               r"+\frac{1}{2\pi}(\pi-\theta_{u,v})\,v"),
    domain=UV, assumptions=(r"\theta_{u,v} \in [0, \pi]\ (\text{including } 0, \pi)",),
    uses=("BG17-L3.1",),
    routes=(
        R.SymbolicRoute("symbolic: limit θ→0 is (A, B) = (0, 1/2)",
                        _limit(lambda: tuple(map(to_angle_form, gradient_coefficients())), 0),
                        sp.Matrix([0, sp.Rational(1, 2)])),
        R.SymbolicRoute("symbolic: limit θ→π is (A, B) = (0, 0)",
                        _limit(lambda: tuple(map(to_angle_form, gradient_coefficients())), sp.pi),
                        sp.Matrix([0, 0])),
        *R.with_controls(
            printed_gradient_coefficients(),
            (R.Symbolic(lambda: sp.Matrix(gradient_coefficients()),
                        "symbolic: chain rule on G(|u|,|v|,u·v) = printed (A u + B v)",
                        COS_DOMAIN, _in_cosine_form),
             R.Agreement(_fd_kernel_gradient, 8, "finite differences", Kind.FINITE_DIFFERENCE,
                         FINITE_DIFFERENCE_DIGITS, _scale_v),
             R.Agreement(quadrature_kernel_gradient, 10, "quadrature of E[x 1(u·x>0) σ(v·x)]",
                         scale=_scale_v, args=("u", "v")),
             R.MonteCarlo(monte_carlo_kernel_gradient, MC_UV.sample(2),
                          "monte-carlo of E[x 1(u·x>0) σ(v·x)]", candidate=in_span_basis("u", "v"),
                          args=("u", "v")),
             R.Predicate(euler_and_homogeneity, 8, "property: Euler's identity and 0-homogeneity in u")),
            {"sign flip of the v term": printed_gradient_coefficients(-1)},
            evaluate=gradient_of),
    ),
    expressions=(
        Expression("coefficient of u", r"A(u,v) \text{ in } \nabla_u g = A\,u + B\,v",
                   lambda: to_angle_form(gradient_coefficients()[0]), NOTATION),
        Expression("coefficient of v", r"B(u,v) \text{ in } \nabla_u g = A\,u + B\,v",
                   lambda: to_angle_form(gradient_coefficients()[1]), NOTATION),
    ),
))


# --- BG17-X10 ----------------------------------------------------------------------------------
HESSIAN_TERMS = ("I", "u u^T", "u v^T", "v u^T", "v v^T")


@R.defects_at_most(1e-30)  # 40 digits: rounding is ~1e-40 relative, 1e-30 leaves 10 digits of room
def hessian_is_psd_and_annihilates_u(pt):
    """Property: the Hessian is symmetric, PSD (g is convex in u) and H u = 0 (Euler: the gradient
    is 0-homogeneous); scale = ‖v‖/‖u‖."""
    H, u = mpmath.matrix(kernel_hessian(pt["u"], pt["v"])), mpmath.matrix(mp_vector(pt["u"]))
    scale = norm(pt["v"]) / norm(pt["u"])
    return {"|H − Hᵀ|/scale": mpmath.mnorm(H - H.T, 1) / scale,
            "|Hu|/(scale ‖u‖)": max(abs(x) for x in (H * u)) / (scale * norm(pt["u"])),
            "−(min eigenvalue)/scale": max(-min(mpmath.eigsy(H)[0]), 0) / scale}


def _hessian_limit(at):
    return _limit(lambda: in_plane([to_angle_form(e) for e in hessian_coefficients()]), at)


register(Claim("BG17-X10", "catalogue (derived); Hessian of g in u", "DER",
               "Hessian of the kernel in its first argument",
    statement=(r"\nabla^2_u g(u,v)=\frac{\|v\|}{2\pi\|u\|}\Big[\sin\theta\,(I-\hat u\hat u^\top)"
               r"+\frac{(\hat v-\cos\theta\,\hat u)(\hat v-\cos\theta\,\hat u)^\top}{\sin\theta}\Big]"),
    domain=UV, assumptions=(r"\theta_{u,v} \in (0, \pi)",
                            r"\text{extended by } 0 \text{ at } \theta \in \{0, \pi\}"),
    uses=("BG17-L3.2",),
    routes=(
        R.SymbolicRoute("symbolic: Hessian → 0 as θ→0", _hessian_limit(0), sp.zeros(5, 1)),
        R.SymbolicRoute("symbolic: Hessian → 0 as θ→π", _hessian_limit(sp.pi), sp.zeros(5, 1)),
        R.PredicateRoute("property: symmetric, PSD and ∇²g·u = 0", Kind.PROPERTY,
                         hessian_is_psd_and_annihilates_u, HESSIAN_UV.sample(8)),
        *R.with_controls(
            printed_hessian_coefficients(),
            (R.Symbolic(lambda: sp.Matrix(hessian_coefficients()),
                        "symbolic: second derivatives of G = printed (5 coefficients)",
                        COS_DOMAIN, _in_cosine_form),
             R.Agreement(lambda pt, dps: fd_hessian(lambda x: kernel(x, pt["v"]), pt["u"], dps=dps),
                         HESSIAN_UV.sample(8), "finite differences", Kind.FINITE_DIFFERENCE,
                         FINITE_DIFFERENCE_DIGITS, lambda pt: _scale_v(pt) / float(np.linalg.norm(pt["u"])))),
            {"rank-one term dropped": printed_hessian_coefficients(False)}, evaluate=hessian_of),
    ),
    expressions=tuple(
        Expression(f"coefficient of {term}", rf"[{term}]\,\nabla^2_u g(u,v)",
                   (lambda i=i: to_angle_form(hessian_coefficients()[i])), NOTATION)
        for i, term in enumerate(HESSIAN_TERMS)),
))


# --- BG17-Eq8a ---------------------------------------------------------------------------------
def printed_block_values(off_diagonal_scale=1 / (2 * sp.pi)):
    """[g(w_i,w_i), g(w_i,w_j), g(w_i,w*_j)] as printed before Eq. 8 (a = |w|, b = |w*|)."""
    return (a**2 / 2, off_diagonal_scale * a**2, b * a / (2 * sp.pi))


def derived_block_values():
    """The same three values from the derived kernel at theta = 0 (|w_i| = |w_i|) and
    theta = pi/2 (disjoint supports)."""
    g = kernel_from_gaussian_integral()
    return sp.Matrix([g.subs({theta: 0, b: a}), g.subs({theta: sp.pi / 2, b: a}),
                      g.subs(theta, sp.pi / 2)])


def _blocks(pt):
    w, ws, k = pt["w"], pt["w_star"], pt["k"]
    return block_row(w, 1, k), block_row(w, 2, k), block_row(ws, 2, k), block_row(ws, 1, k)


def _block_values(values):
    f = mp_function((a, b), list(values))
    return lambda pt: [*f(norm(pt["w"]), norm(pt["w_star"])), kernel(pt["w"], pt["w_star"])]


def _block_quadrature(pt, dps):
    wi, wj, wsj, wsi = _blocks(pt)
    ests = [quadrature_kernel(x, y, dps) for x, y in ((wi, wi), (wi, wj), (wi, wsj), (wi, wsi))]
    return Estimate([e.value for e in ests], max(e.error for e in ests))


def _block_monte_carlo(pt, n, rng):
    r = lambda x: np.maximum(x, 0)  # noqa: E731
    return gaussian_monte_carlo(
        lambda P: np.stack([r(P[0]) ** 2, r(P[0]) * r(P[1]), r(P[0]) * r(P[2]), r(P[0]) * r(P[3])]),
        list(_blocks(pt)), n=n, rng=rng)


BLOCKS = Domain(Vector("w", dim="m", nonzero=True, max_dim=5, norms=(1e-2, 1e2)),
                Vector("w_star", dim="m", nonzero=True, max_dim=5, norms=(1e-2, 1e2)),
                Integer("k", min_value=2, draw_max=6),
                assumptions=(r"w_i = (0_{(i-1)m}, w, 0_{(k-i)m}) \in \mathbb{R}^{km}", r"i = 1,\ j = 2"))

register(Claim("BG17-Eq8a", "§3, identities before Eq. 8", "SRC", "Kernel values on no-overlap block rows",
    statement=(r"g(w_i,w_i)=\tfrac12\|w\|^2,\quad g(w_i,w_j)=\tfrac{1}{2\pi}\|w\|^2,\quad "
               r"g(w_i,w^*_j)=\tfrac{1}{2\pi}\|w\|\|w^*\|\ (i\neq j),\quad g(w_i,w^*_i)=g(w,w^*)"),
    domain=BLOCKS, uses=("BG17-L3.1",),
    routes=R.with_controls(
        printed_block_values(),
        (R.Symbolic(derived_block_values, "symbolic: derived kernel at θ = 0 and θ = π/2 = printed",
                    transform=lambda v: sp.Matrix(v)),
         R.Agreement(_block_quadrature, BLOCKS.sample(6, boundary=False), "quadrature in R^(km)",
                     scale=lambda pt: float(np.linalg.norm(pt["w"]) * max(
                         np.linalg.norm(pt["w"]), np.linalg.norm(pt["w_star"])))),
         R.MonteCarlo(_block_monte_carlo, BLOCKS.sample(2, boundary=False), "monte-carlo in R^(km)")),
        {"1/π for 1/(2π) in g(w_i,w_j)": printed_block_values(1 / sp.pi)}, evaluate=_block_values),
    expressions=tuple(
        Expression(name, lhs, (lambda i=i: derived_block_values()[i]), notation)
        for i, (name, lhs, notation) in enumerate((
            ("g(w_i, w_i)", r"g(w_i,w_i)", {a: r"\lVert w\rVert"}),
            ("g(w_i, w_j)", r"g(w_i,w_j)", {a: r"\lVert w\rVert"}),
            ("g(w_i, w*_j)", r"g(w_i,w^*_j)", {a: r"\lVert w\rVert", b: r"\lVert w^*\rVert"})))),
))

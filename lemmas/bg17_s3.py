r"""BG17 §3 — the Gaussian–ReLU kernel :math:`g(u,v)`, its gradient and its Hessian.

Brutzkus & Globerson, *Globally Optimal Gradient Descent for a ConvNet with Gaussian Inputs*,
ICML 2017, §3. The kernel :math:`g(u,v)=\mathbb E_{x\sim\mathcal N(0,I)}[\sigma(u^\top x)\sigma(v^\top x)]`
is derived here from its defining Gaussian integral (rotation to the plane of u, v and polar
coordinates), then differentiated; each derived form is compared with the printed one.

Main statements
---------------
* ``BG17-L3.1``  :math:`g(u,v)=\frac{\|u\|\|v\|}{2\pi}\big(\sin\theta+(\pi-\theta)\cos\theta\big)`.
* ``BG17-L3.2``  :math:`\nabla_u g=\frac{\|v\|\sin\theta}{2\pi}\frac{u}{\|u\|}+\frac{\pi-\theta}{2\pi}v`
  for :math:`u\ne0`, including :math:`\theta\in\{0,\pi\}`.
* ``BG17-Eq8a``  block identities of the no-overlap network: :math:`g(w_i,w_i)=\|w\|^2/2`,
  :math:`g(w_i,w_j)=\|w\|^2/(2\pi)`, :math:`g(w_i,w^*_j)=\|w\|\|w^*\|/(2\pi)` (:math:`i\ne j`),
  :math:`g(w_i,w_i^*)=g(w,w^*)`.
* ``BG17-X10``   :math:`\nabla_u^2 g=\frac{\|v\|}{2\pi\|u\|}\big[\sin\theta(I-\hat u\hat u^\top)
  +\frac{(\hat v-\cos\theta\,\hat u)(\hat v-\cos\theta\,\hat u)^\top}{\sin\theta}\big]`, :math:`\theta\in(0,\pi)`,
  extended by 0 at :math:`\theta\in\{0,\pi\}`.

Notation
--------
``a`` = :math:`\|u\|`, ``b`` = :math:`\|v\|`, ``p`` = :math:`u^\top v`, ``theta`` = :math:`\theta_{u,v}\in[0,\pi]`,
``c`` = :math:`\cos\theta`. :math:`H(\theta)=\sin\theta+(\pi-\theta)\cos\theta` is the angle kernel
(``BG17-D19``), defined once in :func:`angle_kernel`.

Implementation notes
--------------------
* Derivatives are taken dimension-free: :math:`g=G(a,b,p)` with :math:`\partial a/\partial u=u/a`,
  :math:`\partial p/\partial u=v`, so :math:`\nabla_u g=(G_a/a)\,u+G_p\,v` and the Hessian is
  :math:`A I+(A_a/a)uu^\top+A_p uv^\top+(B_a/a)vu^\top+B_p vv^\top` with :math:`A=G_a/a`,
  :math:`B=G_p`. For :math:`d\ge2` and u, v independent these five matrices are linearly
  independent, so two Hessians agree iff their five coefficients do.
* Symbolic comparisons are made in the cosine ``c`` (where ``sin(acos(c)) = sqrt(1-c^2)`` holds
  without any branch reasoning); the numeric evaluators use the angle form obtained by the two
  rewrites ``acos(cos θ) = θ`` and ``sqrt(1 - cos²θ) = sin θ``, valid for θ ∈ [0, π].
* Numeric evaluators are ``lambdify``-ed from the derived expressions: the closed forms exist once.

References
----------
Cho & Saul (2009), *Kernel methods for deep learning*, §2 (the arc-cosine kernel of degree 1).
Catalogue: ``shared/claims/brutzkus-globerson-2017.md``, entries BG17-L3.1, L3.2, Eq8a, X10, D19.
"""
from __future__ import annotations

import math
from functools import cache

import mpmath
import numpy as np
import sympy as sp

from verify import routes as R
from verify.domain import Integer, Vector
from verify.errors import InputError
from verify.finitediff import gradient as fd_gradient, hessian as fd_hessian
from verify.montecarlo import gaussian_monte_carlo
from verify.quadrature import Estimate, gaussian_expectation, plane_basis
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.registry import Claim, Expression, register
from verify.results import Role
from verify.sampling import log_uniform, unit_vector, vector_pairs
from verify.tolerances import FINITE_DIFFERENCE_DIGITS, QUADRATURE_DIGITS
from verify.vectors import angle, mp_vector, norm

PAPER = "BG17"

# --- symbols -------------------------------------------------------------------------------
a, b = sp.symbols("a b", positive=True)          # |u|, |v|
p = sp.Symbol("p", real=True)                    # u . v
theta = sp.Symbol("theta", nonnegative=True)     # angle in [0, pi]
c = sp.Symbol("c", real=True)                    # cos(theta) in [-1, 1]
t = sp.Symbol("t", real=True)                    # polar angle in the plane
rho = sp.Symbol("rho", positive=True)            # polar radius

THETA_DOMAIN = {theta: (0, sp.pi)}
COS_DOMAIN = {c: (-1, 1)}

NOTATION = {a: r"\lVert u\rVert", b: r"\lVert v\rVert", theta: r"\theta_{u,v}",
            p: r"u^{\top} v", c: r"\cos\theta_{u,v}"}


def angle_kernel(angle_):
    r""":math:`H(\theta)=\sin\theta+(\pi-\theta)\cos\theta` (BG17-D19)."""
    return sp.sin(angle_) + (sp.pi - angle_) * sp.cos(angle_)


def to_cosine_form(expr):
    """Replace theta by acos(c): exact for theta in [0, pi]."""
    return sp.sympify(expr).subs(theta, sp.acos(c))


def to_angle_form(expr):
    """Replace c by cos(theta) and undo acos(cos theta), sqrt(1 - cos^2 theta) on [0, pi]."""
    e = expr.subs(c, sp.cos(theta))
    e = e.replace(sp.acos(sp.cos(theta)), theta)
    return e.replace(lambda x: x.is_Pow and x.base == 1 - sp.cos(theta) ** 2,
                     lambda x: sp.sin(theta) ** (2 * x.exp))


# --- derivations ---------------------------------------------------------------------------
@cache
def kernel_from_gaussian_integral() -> sp.Expr:
    r"""Derive g(u, v) from :math:`\mathbb E[\sigma(u^\top x)\sigma(v^\top x)]`.

    Rotate so that u = a e_1 and v = b (cos θ, sin θ) in the plane of u, v; the projection of x on
    that plane is standard Gaussian, x = ρ (cos t, sin t). The integrand is
    :math:`ab\rho^2\,\sigma(\cos t)\,\sigma(\cos(t-\theta))`; it factors into a radial integral and
    an angular one over the arc where both cosines are positive. On the circle
    :math:`\cos t>0 \iff t\in(-\pi/2,\pi/2)` and :math:`\cos(t-\theta)>0 \iff t\in(\theta-\pi/2,
    \theta+\pi/2)` (mod 2π; for θ ∈ [0, π] the wrapped part of the second arc lies below -π/2);
    SymPy intersects the arcs using θ ≥ 0.
    """
    radial = sp.integrate(rho**3 * sp.exp(-rho**2 / 2), (rho, 0, sp.oo)) / (2 * sp.pi)
    lower = sp.Max(-sp.pi / 2, theta - sp.pi / 2)
    upper = sp.Min(sp.pi / 2, theta + sp.pi / 2)
    angular = sp.integrate(sp.cos(t) * sp.cos(t - theta), (t, lower, upper))
    return sp.simplify(a * b * radial * angular)


@cache
def kernel_invariant_form() -> sp.Expr:
    """g as a function G(a, b, p) of |u|, |v| and u . v (theta = acos(p / (a b)))."""
    return kernel_from_gaussian_integral().subs(theta, sp.acos(p / (a * b)))


@cache
def gradient_coefficients() -> tuple[sp.Expr, sp.Expr]:
    r"""(A, B) with :math:`\nabla_u g = A\,u + B\,v`, derived by the chain rule from G(a, b, p);
    in the cosine form."""
    G = kernel_invariant_form()
    A = sp.diff(G, a) / a
    B = sp.diff(G, p)
    return tuple(sp.simplify(e.subs(p, a * b * c)) for e in (A, B))


@cache
def hessian_coefficients() -> tuple[sp.Expr, ...]:
    r"""Coefficients of :math:`I, uu^\top, uv^\top, vu^\top, vv^\top` in :math:`\nabla_u^2 g`,
    derived from (A, B) of :func:`gradient_coefficients` in invariant form; in the cosine form."""
    G = kernel_invariant_form()
    A = sp.diff(G, a) / a
    B = sp.diff(G, p)
    coeffs = (A, sp.diff(A, a) / a, sp.diff(A, p), sp.diff(B, a) / a, sp.diff(B, p))
    return tuple(sp.simplify(e.subs(p, a * b * c)) for e in coeffs)


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
@cache
def _kernel_fn():
    return mp_function((a, b, theta), kernel_from_gaussian_integral())


@cache
def _gradient_fns():
    return mp_function((a, b, theta), [to_angle_form(e) for e in gradient_coefficients()])


@cache
def _hessian_fns():
    return mp_function((a, b, theta), [to_angle_form(e) for e in hessian_coefficients()])


def _require_nonzero(u, v):
    if not any(u):
        raise InputError("u: must be a non-zero vector")
    if not any(v):
        raise InputError("v: must be a non-zero vector")
    if len(u) != len(v):
        raise InputError(f"v: dimension {len(v)} does not match u (dimension {len(u)})")


def kernel(u, v):
    """g(u, v) at the working precision, from the derived closed form (0 if u or v is 0).

    >>> with mpmath.workdps(20): print(kernel([1.0, 0.0], [0.0, 2.0]))   # 2 / (2 pi)
    0.31830988618379067154
    """
    if len(u) != len(v):
        raise InputError(f"v: dimension {len(v)} does not match u (dimension {len(u)})")
    if not any(u) or not any(v):
        return mpmath.mpf(0)
    return _kernel_fn()(norm(u), norm(v), angle(u, v))


def kernel_gradient(u, v) -> list:
    """grad_u g(u, v) (u, v != 0) from the derived coefficients."""
    _require_nonzero(u, v)
    A, B = _gradient_fns()(norm(u), norm(v), angle(u, v))
    return [A * x + B * y for x, y in zip(mp_vector(u), mp_vector(v))]


def kernel_hessian(u, v) -> list:
    """Hessian of g in u (u, v != 0); the continuous extension 0 at theta in {0, pi}."""
    _require_nonzero(u, v)
    th = angle(u, v)
    n = len(u)
    if th == 0 or th == mpmath.pi:
        return [[mpmath.mpf(0)] * n for _ in range(n)]
    I_, uu, uv, vu, vv = _hessian_fns()(norm(u), norm(v), th)
    U, V = mp_vector(u), mp_vector(v)
    return [[(I_ if i == j else 0) + uu * U[i] * U[j] + uv * U[i] * V[j] + vu * V[i] * U[j]
             + vv * V[i] * V[j] for j in range(n)] for i in range(n)]


@cache
def kernel_numpy():
    """g(a, b, theta) vectorised over numpy arrays (for simulations and property tests)."""
    return sp.lambdify((a, b, theta), kernel_from_gaussian_integral(), modules="numpy")


# --- no-overlap block rows (BG17-D4) ------------------------------------------------------------
def block_row(w, i: int, k: int) -> np.ndarray:
    """w_i = (0_{(i-1)m}, w, 0_{(k-i)m}) in R^{km}, 1 <= i <= k (BG17-D4)."""
    k = Integer("k", min_value=1).validate(k)
    i = Integer("i", min_value=1, max_value=k).validate(i)
    w = Vector("w").validate(w)
    m = w.size
    row = np.zeros(k * m)
    row[(i - 1) * m: i * m] = w
    return row


# --- oracles: Gaussian expectations, independent of every closed form --------------------------
def _relu(x):
    return x if x > 0 else 0


def _relu_product(s, t_):
    return _relu(s) * _relu(t_)


def quadrature_kernel(u, v, dps) -> Estimate:
    return gaussian_expectation(_relu_product, [u, v], dps=dps, degree=2)


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


def monte_carlo_kernel(u, v, n, rng):
    return gaussian_monte_carlo(lambda P: np.maximum(P[0], 0) * np.maximum(P[1], 0), [u, v],
                                n=n, rng=rng)


def span_basis(u, v) -> np.ndarray:
    """Rows: an orthonormal basis of a plane containing u and v (QR; deterministic)."""
    return np.linalg.qr(np.stack([u, v]).T)[0].T


def monte_carlo_kernel_gradient(u, v, n, rng):
    """E[x 1{u.x>0} relu(v.x)] in the coordinates of :func:`span_basis` (the gradient's
    component orthogonal to that plane is 0 by symmetry)."""
    return gaussian_monte_carlo(lambda P: (P[0] > 0) * np.maximum(P[1], 0) * P[2:],
                                [u, v, *span_basis(u, v)], n=n, rng=rng)


# --- points --------------------------------------------------------------------------------
def _pair_points(count, **kw):
    def points(rng):
        return [{"u": u, "v": v} for u, v in vector_pairs(rng, count, **kw)]
    return points


QUADRATURE_POINTS = _pair_points(10)                  # boundary angles + 10 random
# Monte Carlo has 1% power (tolerances.py) where the coefficient of variation is <= 2.9,
# i.e. theta <= 1.5 for g and its gradient; larger angles are covered by quadrature.
MC_POINTS = _pair_points(2, angles=(0.0, math.pi / 2), min_dim=2, max_dim=64,
                         min_norm=1e-2, max_norm=1e2, min_angle=0.2, max_angle=1.5)
FD_POINTS = _pair_points(8)
HESSIAN_POINTS = _pair_points(8, angles=(1e-6, math.pi / 2, math.pi - 1e-6))


def _scale_uv(pt):
    return float(np.linalg.norm(pt["u"]) * np.linalg.norm(pt["v"]))


def _scale_v(pt):
    return float(np.linalg.norm(pt["v"]))


def _scale_v_over_u(pt):
    return float(np.linalg.norm(pt["v"]) / np.linalg.norm(pt["u"]))


UV = (Vector("u", nonzero=True, min_dim=1), Vector("v", nonzero=True, min_dim=1))


# --- BG17-L3.1 ---------------------------------------------------------------------------------
def _at_uv(expr):
    """A point evaluator pt -> expr(|u|, |v|, theta_{u,v}) at the working precision."""
    f = mp_function((a, b, theta), expr)
    return lambda pt: f(norm(pt["u"]), norm(pt["v"]), angle(pt["u"], pt["v"]))


def _limit(expr_fn, at):
    """Lazily: the limit of expr_fn() (scalar or tuple) as theta -> at from inside [0, pi]."""
    direction = "+" if at == 0 else "-"

    def compute():
        e = expr_fn()
        if isinstance(e, tuple):
            return sp.Matrix([sp.limit(x, theta, at, direction) for x in e])
        return sp.limit(e, theta, at, direction)
    return compute


def _kernel_numeric_routes(suffix, candidate, role):
    return (
        R.AgreementRoute(f"quadrature{suffix}", "quadrature", candidate,
                         lambda pt, dps: quadrature_kernel(pt["u"], pt["v"], dps),
                         QUADRATURE_POINTS, digits=QUADRATURE_DIGITS, scale=_scale_uv, role=role),
        R.MonteCarloRoute(f"monte-carlo{suffix}", candidate,
                          lambda pt, n, rng: monte_carlo_kernel(pt["u"], pt["v"], n, rng),
                          MC_POINTS, role=role),
    )


tau = sp.Symbol("tau", nonnegative=True)  # θ/π ∈ [0, 1]: a box with rational end points


@cache
def kernel_ratio() -> sp.Expr:
    """e(θ) with g(u, v) = |u| |v| e(θ): derived from the Gaussian integral; free of |u|, |v|."""
    e = sp.simplify(kernel_from_gaussian_integral() / (a * b))
    if e.free_symbols != {theta}:
        raise ValueError(f"g/(|u||v|) is not a function of θ alone: {e}")
    return e


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


register(Claim(
    id="BG17-L3.1", location="§3, Lemma 3.1", tier="SRC",
    title="Gaussian–ReLU kernel in closed form",
    statement=r"g(u,v)=\frac{1}{2\pi}\|u\|\|v\|\big(\sin\theta_{u,v}+(\pi-\theta_{u,v})\cos\theta_{u,v}\big)",
    formula=sp.Eq(sp.Function("g")(sp.Symbol("u"), sp.Symbol("v")), printed_kernel()),
    domain=UV,
    assumptions=(r"u, v \in \mathbb{R}^d \setminus \{0\}", r"\theta_{u,v} \in [0, \pi]",
                 r"x \sim \mathcal{N}(0, I_d)"),
    routes=(
        R.SymbolicRoute("symbolic: derived from the Gaussian integral = printed",
                        kernel_from_gaussian_integral, printed_kernel(), domain=THETA_DOMAIN),
        R.SymbolicRoute("symbolic: limit θ→0 is |u||v|/2",
                        _limit(kernel_from_gaussian_integral, 0), a * b / 2),
        R.SymbolicRoute("symbolic: limit θ→π is 0",
                        _limit(kernel_from_gaussian_integral, sp.pi), 0),
        *_kernel_numeric_routes("", lambda pt: kernel(pt["u"], pt["v"]), Role.CHECK),
        R.SymbolicRoute("symbolic: g(u,v) = |u||v| e(θ), e free of |u|, |v|",
                        kernel_from_gaussian_integral, lambda: a * b * kernel_ratio()),
        R.CertifiedRoute("certified: 0 ≤ g ≤ |u||v|/2 for all u, v (arb, θ = πτ, τ ∈ [0, 1])",
                         kernel_bound_obligations),
        R.CertifiedRoute("control (g ≤ |u||v|/3): certified",
                         lambda: kernel_bound_obligations(sp.Rational(1, 3))[1:], role=Role.CONTROL),
        R.SymbolicRoute("control (1/π for 1/(2π)): symbolic", kernel_from_gaussian_integral,
                        printed_kernel(1 / sp.pi), domain=THETA_DOMAIN, role=Role.CONTROL),
        *_kernel_numeric_routes(" control (1/π for 1/(2π))", _at_uv(printed_kernel(1 / sp.pi)),
                                Role.CONTROL),
    ),
    expressions=(
        Expression("kernel", "g(u,v)", kernel_from_gaussian_integral, NOTATION),
    ),
))


# --- BG17-L3.2 ---------------------------------------------------------------------------------
def _gradient_from_coefficients(coeffs):
    """pt -> A u + B v for symbolic (A, B) in the angle form."""
    f = mp_function((a, b, theta), list(coeffs))

    def grad(pt):
        A, B = f(norm(pt["u"]), norm(pt["v"]), angle(pt["u"], pt["v"]))
        return [A * x + B * y for x, y in zip(mp_vector(pt["u"]), mp_vector(pt["v"]))]
    return grad


def _fd_kernel_gradient(pt, dps):
    return fd_gradient(lambda x: kernel(x, pt["v"]), pt["u"], dps=dps)


def _in_span_basis(grad_fn):
    def coords(pt):
        basis = span_basis(pt["u"], pt["v"])
        g_ = np.array([float(x) for x in grad_fn(pt)])
        return basis @ g_
    return coords


def _gradient_numeric_routes(suffix, candidate, role):
    return (
        R.AgreementRoute(f"finite differences{suffix}", "finite-difference", candidate,
                         _fd_kernel_gradient, FD_POINTS, digits=FINITE_DIFFERENCE_DIGITS,
                         scale=_scale_v, role=role),
        R.AgreementRoute(f"quadrature of E[x 1(u·x>0) σ(v·x)]{suffix}", "quadrature", candidate,
                         lambda pt, dps: quadrature_kernel_gradient(pt["u"], pt["v"], dps),
                         QUADRATURE_POINTS, digits=QUADRATURE_DIGITS, scale=_scale_v, role=role),
        R.MonteCarloRoute(f"monte-carlo of E[x 1(u·x>0) σ(v·x)]{suffix}", _in_span_basis(candidate),
                          lambda pt, n, rng: monte_carlo_kernel_gradient(pt["u"], pt["v"], n, rng),
                          MC_POINTS, role=role),
    )


def _derived_gradient_angle_form():
    return tuple(to_angle_form(e) for e in gradient_coefficients())


register(Claim(
    id="BG17-L3.2", location="§3, Lemma 3.2", tier="SRC",
    title="Gradient of the kernel in its first argument",
    statement=(r"\frac{\partial g(u,v)}{\partial u}=\frac{1}{2\pi}\|v\|\frac{u}{\|u\|}\sin\theta_{u,v}"
               r"+\frac{1}{2\pi}(\pi-\theta_{u,v})\,v"),
    domain=UV,
    assumptions=(r"u \neq 0,\ v \neq 0", r"\theta_{u,v} \in [0, \pi]\ (\text{including } 0, \pi)"),
    uses=("BG17-L3.1",),
    routes=(
        R.SymbolicRoute("symbolic: chain rule on G(|u|,|v|,u·v) = printed (A u + B v)",
                        lambda: sp.Matrix(gradient_coefficients()),
                        lambda: sp.Matrix([to_cosine_form(e) for e in printed_gradient_coefficients()]),
                        domain=COS_DOMAIN),
        R.SymbolicRoute("symbolic: limit θ→0 is (A, B) = (0, 1/2)",
                        _limit(_derived_gradient_angle_form, 0), sp.Matrix([0, sp.Rational(1, 2)])),
        R.SymbolicRoute("symbolic: limit θ→π is (A, B) = (0, 0)",
                        _limit(_derived_gradient_angle_form, sp.pi), sp.Matrix([0, 0])),
        *_gradient_numeric_routes("", lambda pt: kernel_gradient(pt["u"], pt["v"]), Role.CHECK),
        R.SymbolicRoute("control (sign flip of the v term): symbolic",
                        lambda: sp.Matrix(gradient_coefficients()),
                        lambda: sp.Matrix([to_cosine_form(e)
                                           for e in printed_gradient_coefficients(sign=-1)]),
                        domain=COS_DOMAIN, role=Role.CONTROL),
        *_gradient_numeric_routes(" control (sign flip)",
                                  _gradient_from_coefficients(printed_gradient_coefficients(-1)),
                                  Role.CONTROL),
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


def _hessian_in_plane(coeffs):
    """The 2x2 block of sum_i coeffs_i M_i on span(u, v), u = a(1, 0), v = b(cos, sin), plus the
    coefficient of I (which acts on the orthogonal complement)."""
    U = sp.Matrix([a, 0])
    V = sp.Matrix([b * sp.cos(theta), b * sp.sin(theta)])
    I_, uu, uv, vu, vv = coeffs
    M = I_ * sp.eye(2) + uu * U * U.T + uv * U * V.T + vu * V * U.T + vv * V * V.T
    return tuple(sp.simplify(x) for x in (*M, I_))


def _fd_kernel_hessian(pt, dps):
    return fd_hessian(lambda x: kernel(x, pt["v"]), pt["u"], dps=dps)


def _hessian_from_coefficients(coeffs):
    f = mp_function((a, b, theta), list(coeffs))

    def hess(pt):
        I_, uu, uv, vu, vv = f(norm(pt["u"]), norm(pt["v"]), angle(pt["u"], pt["v"]))
        U, V = mp_vector(pt["u"]), mp_vector(pt["v"])
        n = len(U)
        return [[(I_ if i == j else 0) + uu * U[i] * U[j] + uv * U[i] * V[j] + vu * V[i] * U[j]
                 + vv * V[i] * V[j] for j in range(n)] for i in range(n)]
    return hess


def hessian_is_psd_and_annihilates_u(pt):
    """Property: the Hessian is PSD (g is convex in u) and H u = 0 (Euler: grad is 0-homogeneous)."""
    with mpmath.workdps(40):
        H = mpmath.matrix(kernel_hessian(pt["u"], pt["v"]))
        u = mpmath.matrix(mp_vector(pt["u"]))
        scale = norm(pt["v"]) / norm(pt["u"])
        Hu = max(abs(x) for x in (H * u)) / (scale * norm(pt["u"]))
        lam_min = min(mpmath.eigsy(H)[0]) / scale
    tol = 1e-30  # 40-digit arithmetic: rounding is ~1e-40 relative; 1e-30 leaves 10 digits of room
    ok = Hu < tol and lam_min > -tol
    return ok, float(max(Hu, -lam_min, 0)), f"|Hu|/scale = {float(Hu):.1e}, min eigenvalue/scale = {float(lam_min):.1e}"


register(Claim(
    id="BG17-X10", location="catalogue (derived); Hessian of g in u", tier="DER",
    title="Hessian of the kernel in its first argument",
    statement=(r"\nabla^2_u g(u,v)=\frac{\|v\|}{2\pi\|u\|}\Big[\sin\theta\,(I-\hat u\hat u^\top)"
               r"+\frac{(\hat v-\cos\theta\,\hat u)(\hat v-\cos\theta\,\hat u)^\top}{\sin\theta}\Big]"),
    domain=UV,
    assumptions=(r"u, v \neq 0", r"\theta_{u,v} \in (0, \pi)",
                 r"\text{extended by } 0 \text{ at } \theta \in \{0, \pi\}"),
    uses=("BG17-L3.2",),
    routes=(
        R.SymbolicRoute("symbolic: second derivatives of G = printed (5 coefficients)",
                        lambda: sp.Matrix(hessian_coefficients()),
                        lambda: sp.Matrix([to_cosine_form(e) for e in printed_hessian_coefficients()]),
                        domain=COS_DOMAIN),
        R.SymbolicRoute("symbolic: Hessian → 0 as θ→0",
                        _limit(lambda: _hessian_in_plane(
                            [to_angle_form(e) for e in hessian_coefficients()]), 0),
                        sp.zeros(5, 1)),
        R.SymbolicRoute("symbolic: Hessian → 0 as θ→π",
                        _limit(lambda: _hessian_in_plane(
                            [to_angle_form(e) for e in hessian_coefficients()]), sp.pi),
                        sp.zeros(5, 1)),
        R.AgreementRoute("finite differences", "finite-difference",
                         lambda pt: kernel_hessian(pt["u"], pt["v"]), _fd_kernel_hessian,
                         HESSIAN_POINTS, digits=FINITE_DIFFERENCE_DIGITS, scale=_scale_v_over_u),
        R.PredicateRoute("property: PSD and ∇²g·u = 0", "property", hessian_is_psd_and_annihilates_u,
                         HESSIAN_POINTS),
        R.SymbolicRoute("control (rank-one term dropped): symbolic",
                        lambda: sp.Matrix(hessian_coefficients()),
                        lambda: sp.Matrix([to_cosine_form(e)
                                           for e in printed_hessian_coefficients(False)]),
                        domain=COS_DOMAIN, role=Role.CONTROL),
        R.AgreementRoute("finite differences control (rank-one term dropped)", "finite-difference",
                         _hessian_from_coefficients(printed_hessian_coefficients(False)),
                         _fd_kernel_hessian, HESSIAN_POINTS, digits=FINITE_DIFFERENCE_DIGITS,
                         scale=_scale_v_over_u, role=Role.CONTROL),
    ),
    expressions=tuple(
        Expression(f"coefficient of {term}",
                   rf"[{term}]\,\nabla^2_u g(u,v)",
                   (lambda i=i: to_angle_form(hessian_coefficients()[i])), NOTATION)
        for i, term in enumerate(HESSIAN_TERMS)),
))


# --- BG17-Eq8a ---------------------------------------------------------------------------------
m_ = sp.Symbol("m", positive=True, integer=True)


def printed_block_values(off_diagonal_scale=1 / (2 * sp.pi)):
    """[g(w_i,w_i), g(w_i,w_j), g(w_i,w*_j)] as printed before Eq. 8 (a = |w|, b = |w*|)."""
    return sp.Matrix([a**2 / 2, off_diagonal_scale * a**2, b * a / (2 * sp.pi)])


def derived_block_values():
    """The same three values from the derived kernel at theta = 0 (|w_i| = |w_i|) and
    theta = pi/2 (disjoint supports)."""
    g = kernel_from_gaussian_integral()
    return sp.Matrix([g.subs({theta: 0, b: a}), g.subs({theta: sp.pi / 2, b: a}),
                      g.subs(theta, sp.pi / 2)])


def _blocks(pt):
    w, ws, k, i, j = pt["w"], pt["w_star"], pt["k"], 1, 2
    return block_row(w, i, k), block_row(w, j, k), block_row(ws, j, k), block_row(ws, i, k)


def _block_candidate(off_diagonal_scale):
    f = mp_function((a, b), list(printed_block_values(off_diagonal_scale)))

    def values(pt):
        return [*f(norm(pt["w"]), norm(pt["w_star"])), kernel(pt["w"], pt["w_star"])]
    return values


def _block_quadrature(pt, dps):
    wi, wj, wsj, wsi = _blocks(pt)
    ests = [quadrature_kernel(x, y, dps) for x, y in ((wi, wi), (wi, wj), (wi, wsj), (wi, wsi))]
    return Estimate([e.value for e in ests], max(e.error for e in ests))


def _block_monte_carlo(pt, n, rng):
    wi, wj, wsj, wsi = _blocks(pt)
    r = lambda x: np.maximum(x, 0)  # noqa: E731
    return gaussian_monte_carlo(
        lambda P: np.stack([r(P[0]) ** 2, r(P[0]) * r(P[1]), r(P[0]) * r(P[2]), r(P[0]) * r(P[3])]),
        [wi, wj, wsj, wsi], n=n, rng=rng)


def _block_points(count):
    def points(rng):
        out = []
        for _ in range(count):
            m = int(rng.integers(1, 6))
            out.append({"w": unit_vector(rng, m) * log_uniform(rng, 1e-2, 1e2),
                        "w_star": unit_vector(rng, m) * log_uniform(rng, 1e-2, 1e2),
                        "k": int(rng.integers(2, 7))})
        return out
    return points


def _block_routes(suffix, scale, role):
    candidate = _block_candidate(scale)
    return (
        R.AgreementRoute(f"quadrature in R^(km){suffix}", "quadrature", candidate, _block_quadrature,
                         _block_points(6), digits=QUADRATURE_DIGITS,
                         scale=lambda pt: float(np.linalg.norm(pt["w"]) * max(
                             np.linalg.norm(pt["w"]), np.linalg.norm(pt["w_star"]))), role=role),
        R.MonteCarloRoute(f"monte-carlo in R^(km){suffix}", candidate, _block_monte_carlo,
                          _block_points(2), role=role),
    )


register(Claim(
    id="BG17-Eq8a", location="§3, identities before Eq. 8", tier="SRC",
    title="Kernel values on no-overlap block rows",
    statement=(r"g(w_i,w_i)=\tfrac12\|w\|^2,\quad g(w_i,w_j)=\tfrac{1}{2\pi}\|w\|^2,\quad "
               r"g(w_i,w^*_j)=\tfrac{1}{2\pi}\|w\|\|w^*\|\ (i\neq j),\quad g(w_i,w^*_i)=g(w,w^*)"),
    domain=(Vector("w", dim="m", nonzero=True), Vector("w_star", dim="m", nonzero=True),
               Integer("k", min_value=2)),
    assumptions=(r"w, w^* \in \mathbb{R}^m \setminus \{0\}", r"k \geq 2",
                 r"w_i = (0_{(i-1)m}, w, 0_{(k-i)m}) \in \mathbb{R}^{km}", r"i = 1,\ j = 2"),
    uses=("BG17-L3.1",),
    routes=(
        R.SymbolicRoute("symbolic: derived kernel at θ = 0 and θ = π/2 = printed",
                        derived_block_values, printed_block_values()),
        *_block_routes("", 1 / (2 * sp.pi), Role.CHECK),
        R.SymbolicRoute("control (1/π for 1/(2π) in g(w_i,w_j)): symbolic", derived_block_values,
                        printed_block_values(1 / sp.pi), role=Role.CONTROL),
        *_block_routes(" control (1/π for 1/(2π))", 1 / sp.pi, Role.CONTROL),
    ),
    expressions=(
        Expression("g(w_i, w_i)", r"g(w_i,w_i)", lambda: derived_block_values()[0],
                   {a: r"\lVert w\rVert"}),
        Expression("g(w_i, w_j)", r"g(w_i,w_j)", lambda: derived_block_values()[1],
                   {a: r"\lVert w\rVert"}),
        Expression("g(w_i, w*_j)", r"g(w_i,w^*_j)", lambda: derived_block_values()[2],
                   {a: r"\lVert w\rVert", b: r"\lVert w^*\rVert"}),
    ),
))

r"""The arc-cosine kernels of degree 0 and 1 — the Gaussian–ReLU kernels every paper here uses.

For :math:`x\sim\mathcal N(0, I_d)` and :math:`u, v\ne0` at angle :math:`\theta\in[0,\pi]`:

* degree 1 (BG17's g, DLTPS18's loss, DLLWZ19's K^(h)):
  :math:`g(u,v)=\mathbb E[\sigma(u^\top x)\sigma(v^\top x)]=\frac{\|u\|\|v\|}{2\pi}H(\theta)`,
  :math:`H(\theta)=\sin\theta+(\pi-\theta)\cos\theta`;
* degree 0 (DZPS19's Gram matrix :math:`H^\infty_{ij}=x_i^\top x_j\,k_0(x_i,x_j)`):
  :math:`k_0(u,v)=\mathbb E[\mathbb 1\{u^\top x>0\}\mathbb 1\{v^\top x>0\}]=\frac{\pi-\theta}{2\pi}`.

Both are derived here in SymPy from their defining Gaussian integrals (rotation to the plane of
u, v, polar coordinates), then given as mpmath (working precision) and numpy (vectorised)
functions lambdified from the derivations, and as oracles independent of every closed form
(quadrature and Monte Carlo of the defining expectation).

Main statements
---------------
The claims live with the papers (``BG17-L3.1`` derives g; later papers import it).

Notation
--------
``a`` = :math:`\|u\|`, ``b`` = :math:`\|v\|`, ``p`` = :math:`u^\top v`, ``theta`` = :math:`\theta_{u,v}`,
``c`` = :math:`\cos\theta`.

Implementation notes
--------------------
Symbolic comparisons are made in the cosine ``c`` (``sin(acos c) = sqrt(1 - c^2)`` needs no branch
reasoning); evaluators use the angle form (:func:`to_angle_form`).

References
----------
Cho & Saul (2009), *Kernel methods for deep learning*, §2 (arc-cosine kernels :math:`J_0, J_1`).
"""
from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from verify.errors import InputError
from verify.numeric import mp_function
from verify.quadrature import Estimate, gaussian_expectation
from verify.vectors import angle, norm

a, b = sp.symbols("a b", positive=True)          # |u|, |v|
p = sp.Symbol("p", real=True)                    # u . v
theta = sp.Symbol("theta", nonnegative=True)     # angle in [0, pi]
c = sp.Symbol("c", real=True)                    # cos(theta) in [-1, 1]
t = sp.Symbol("t", real=True)                    # polar angle in the plane
rho = sp.Symbol("rho", positive=True)            # polar radius

COS_DOMAIN = {c: (-1, 1)}
NOTATION = {a: r"\lVert u\rVert", b: r"\lVert v\rVert", theta: r"\theta_{u,v}",
            p: r"u^{\top} v", c: r"\cos\theta_{u,v}"}


def angle_kernel(angle_):
    r""":math:`H(\theta)=\sin\theta+(\pi-\theta)\cos\theta` (BG17-D19; Cho–Saul's :math:`J_1`)."""
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


def _arc(angle_integrand):
    """∫ angle_integrand(t) over the arc where cos t > 0 and cos(t − θ) > 0, θ ∈ [0, π]: on the
    circle these are t ∈ (−π/2, π/2) and (θ − π/2, θ + π/2); SymPy intersects them using θ ≥ 0."""
    lower = sp.Max(-sp.pi / 2, theta - sp.pi / 2)
    upper = sp.Min(sp.pi / 2, theta + sp.pi / 2)
    return sp.integrate(angle_integrand, (t, lower, upper))


@cache
def kernel_from_gaussian_integral() -> sp.Expr:
    r"""Derive g(u, v) from :math:`\mathbb E[\sigma(u^\top x)\sigma(v^\top x)]`: with u = a e_1,
    v = b (cos θ, sin θ) and x = ρ (cos t, sin t) in the plane of u, v, the integrand is
    :math:`ab\rho^2\cos t\cos(t-\theta)` on the arc of :func:`_arc`; the radial integral is
    :math:`\int_0^\infty\rho^3e^{-\rho^2/2}d\rho/(2\pi)`."""
    radial = sp.integrate(rho**3 * sp.exp(-rho**2 / 2), (rho, 0, sp.oo)) / (2 * sp.pi)
    return sp.simplify(a * b * radial * _arc(sp.cos(t) * sp.cos(t - theta)))


@cache
def step_kernel_from_gaussian_integral() -> sp.Expr:
    r"""Derive :math:`k_0=\mathbb E[\mathbb 1\{u^\top x>0\}\mathbb 1\{v^\top x>0\}]`: the radial
    integral is 1, the angular one the length of the arc of :func:`_arc` over 2π."""
    return sp.simplify(_arc(sp.Integer(1)) / (2 * sp.pi))


@cache
def kernel_invariant_form() -> sp.Expr:
    """g as a function G(a, b, p) of |u|, |v| and u . v (theta = acos(p / (a b)))."""
    return kernel_from_gaussian_integral().subs(theta, sp.acos(p / (a * b)))


def invariant_gradient(F) -> tuple[sp.Expr, sp.Expr]:
    r"""(A, B) with :math:`\nabla_uF=A\,u+B\,v` for a function F(a, b, p) of u through
    a = ‖u‖ and p = u·v (chain rule: ∂a/∂u = u/a, ∂p/∂u = v); cosine form."""
    return tuple(sp.simplify(e.subs(p, a * b * c)) for e in (sp.diff(F, a) / a, sp.diff(F, p)))


def invariant_hessian(F) -> tuple[sp.Expr, ...]:
    r"""The coefficients of :math:`I, uu^\top, uv^\top, vu^\top, vv^\top` in :math:`\nabla^2_uF`
    for F(a, b, p) as in :func:`invariant_gradient` (for d ≥ 2 and u, v independent these five
    matrices are linearly independent); cosine form."""
    A, B = sp.diff(F, a) / a, sp.diff(F, p)
    coeffs = (A, sp.diff(A, a) / a, sp.diff(A, p), sp.diff(B, a) / a, sp.diff(B, p))
    return tuple(sp.simplify(e.subs(p, a * b * c)) for e in coeffs)


def in_plane(coeffs) -> tuple[sp.Expr, ...]:
    """The 2 × 2 block on span(u, v) of Σ coeffs_i M_i (M_i as in :func:`invariant_hessian`, angle
    form), with u = a(1, 0), v = b(cos θ, sin θ), flattened, then the coefficient of I (which acts
    on the orthogonal complement)."""
    U, V = sp.Matrix([a, 0]), sp.Matrix([b * sp.cos(theta), b * sp.sin(theta)])
    I_, uu, uv, vu, vv = coeffs
    M = I_ * sp.eye(2) + uu * U * U.T + uv * U * V.T + vu * V * U.T + vv * V * V.T
    return tuple(sp.simplify(x) for x in (*M, I_))


_kernel_fn = mp_function((a, b, theta), kernel_from_gaussian_integral)    # derived on first use
_step_kernel_fn = mp_function((theta,), step_kernel_from_gaussian_integral)


def _check_pair(u, v):
    if len(u) != len(v):
        raise InputError(f"v: dimension {len(v)} does not match u (dimension {len(u)})")


def kernel(u, v):
    """g(u, v) at the working precision, from the derived closed form (0 if u or v is 0).

    >>> with mpmath.workdps(20): print(kernel([1.0, 0.0], [0.0, 2.0]))   # 2 / (2 pi)
    0.31830988618379067154
    """
    _check_pair(u, v)
    if not any(u) or not any(v):
        return mpmath.mpf(0)
    return _kernel_fn(norm(u), norm(v), angle(u, v))


def step_kernel(u, v):
    """k0(u, v) = (π − θ)/(2π) at the working precision (u, v ≠ 0), from the derivation.

    >>> with mpmath.workdps(20): print(step_kernel([1.0, 0.0], [0.0, 2.0]))   # 1/4
    0.25
    """
    _check_pair(u, v)
    if not any(u) or not any(v):
        raise InputError("u, v: the degree-0 kernel needs non-zero vectors")
    return _step_kernel_fn(angle(u, v))


@cache
def kernel_numpy():
    """g(a, b, theta) vectorised over numpy arrays (for simulations and Gram matrices)."""
    return sp.lambdify((a, b, theta), kernel_from_gaussian_integral(), modules="numpy")


@cache
def step_kernel_numpy():
    """k0(theta) vectorised over numpy arrays."""
    return sp.lambdify((theta,), step_kernel_from_gaussian_integral(), modules="numpy")


# --- oracles: Gaussian expectations, independent of every closed form --------------------------
def relu(x):
    return x if x > 0 else 0


def quadrature_kernel(u, v, dps) -> Estimate:
    """E[σ(u·x)σ(v·x)] by quadrature of the definition (split at the kinks)."""
    return gaussian_expectation(lambda s, t_: relu(s) * relu(t_), [u, v], dps=dps, degree=2)


def quadrature_step_kernel(u, v, dps) -> Estimate:
    """E[1(u·x>0)1(v·x>0)] by quadrature of the definition."""
    return gaussian_expectation(lambda s, t_: mpmath.mpf(s > 0 and t_ > 0), [u, v], dps=dps,
                                degree=0)


def span_basis(u, v) -> np.ndarray:
    """Rows: an orthonormal basis of a plane containing u and v (QR; deterministic)."""
    return np.linalg.qr(np.stack([u, v]).T)[0].T


def in_span_basis(first: str, second: str):
    """Maps a vector-valued point function to its coordinates in ``span_basis`` of the point's
    ``first`` and ``second`` vectors (what a Monte Carlo of a gradient in that plane estimates)."""
    return lambda fn: (lambda pt: span_basis(pt[first], pt[second]) @ np.array([float(x) for x in fn(pt)]))

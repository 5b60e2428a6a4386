r"""DLTPS18 — gradients of the loss, derived by differentiating the derived loss, and B&G's Lemma 3.2.

Main statements
---------------
* ``DLTPS18-G1`` :math:`\nabla_v\ell=-\frac{(a^\top a^*)(\pi-\phi)}{2\pi\|v\|}\big(I-\frac{vv^\top}{\|v\|^2}\big)w^*` (weight normalisation).
* ``DLTPS18-G2`` :math:`\nabla_a\ell=\frac1{2\pi}\big[Ma-\|w^*\|N_{g(\phi)}a^*\big]`.
* ``DLTPS18-G3`` the gradients without normalisation; ``DLTPS18-BG3`` B&G's kernel gradient inside them.
* ``DLTPS18-G4`` :math:`v^\top\nabla_v\ell=0`, hence :math:`\|v_{t+1}\|^2=\|v_t\|^2+\eta^2\|\nabla_v\ell\|^2` under
  WN-GD, and :math:`\|\nabla_v\ell\|=\frac{|a^\top a^*|(\pi-\phi)\|w^*\|\sin\phi}{2\pi\|v\|}`.

Notation
--------
As in :mod:`lemmas.dltps18.model`; ``perp`` = :math:`(I-\hat w\hat w^\top)w^*`.

Implementation notes
--------------------
The loss depends on w through ‖w‖ and φ and on a through aᵀa, 1ᵀa, aᵀa*, so by the chain rule
:math:`\nabla_w\ell=\partial_{\|w\|}\ell\,\hat w-\frac{\partial_\phi\ell}{\|w\|\|w^*\|\sin\phi}\,(I-\hat w\hat w^\top)w^*` and
:math:`\nabla_a\ell=2\partial_{a^\top a}\ell\,a+\partial_{\mathbf 1^\top a}\ell\,\mathbf 1+\partial_{a^\top a^*}\ell\,a^*`; SymPy
differentiates the derived loss and cancels the sin φ (the formula extends to φ ∈ {0, π}).
Numeric routes: 40-digit central differences of the loss, and Monte Carlo of back-propagated
per-sample gradients (which never see a closed form). :func:`wn_gradients_numpy` is the
vectorised form the simulations use.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: G1–G4, BG3.
"""
from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3 import block_row, kernel_gradient
from lemmas.common.kernels import a as nu, b as nv, kernel, kernel_invariant_form, p as uv, theta
from lemmas.dltps18.model import (CNN, INVARIANTS, NOTATION, P, aa, derived_loss, g_of, invariants_of, loss_value, nw,
                                  nws, phi, sa, ss)
from verify import routes as R
from verify.domain import Domain, Relation, Vector, sample
from verify.finitediff import gradient as fd_gradient
from verify.montecarlo import gaussian_monte_carlo
from verify.numeric import mp_function
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind
from verify.vectors import angle, dot, mp_vector, norm

LOCATION = "catalogue (derived); the paper's display was not seen"
INTERIOR = CNN.restrict(w={"boundary_angles": (1e-3, 1.0, np.pi / 2, np.pi - 1e-3)})
"""Finite differences away from φ ∈ {0, π}, where g(cos φ) has a (1 − c)^{3/2} term (C¹, not C²)."""
ALIGNED = Relation(r"|a^\top a^*|\ge\tfrac12\lVert a\rVert\lVert a^*\rVert",
                   lambda pt: abs(float(np.dot(pt["a"], pt["a_star"]))) >= 0.5 * float(np.linalg.norm(pt["a"])
                                                                                    * np.linalg.norm(pt["a_star"])))
MC_DOMAIN = CNN.restrict(w={"angles": (0.5, 2.6), "boundary_angles": (1.0, 2.0)})
MC_POINTS = Domain(*MC_DOMAIN.variables, relations=(ALIGNED,), assumptions=MC_DOMAIN.assumptions).sample(1)
"""Monte Carlo where the gradient is not small: ∇_v ∝ aᵀa*(π − φ) sin φ vanishes at both ends of
φ and where aᵀa* = 0 (at seeds 2 and 3 a drawn point with aᵀa* ≈ 0 left the route undecided)."""
MC_POWER = 0.1
"""Per-sample gradients are noisy: at n = 2²¹ the mean is ~150 standard errors, so 1% is out of
reach and 10% is the stated power; every control changes the gradient by far more (π/(π − φ) ≥ 1.2
at φ ≥ 0.5, a sign flip, or a term of the size of ‖a*‖)."""


# --- the derivation --------------------------------------------------------------------------------
@cache
def derived_coefficients() -> tuple:
    """(along ŵ, along (I − ŵŵᵀ)w*, along a, along 1, along a*) of the unnormalised gradient."""
    ell = derived_loss()
    perp = sp.simplify(-sp.diff(ell, phi) / (nw * nws * sp.sin(phi)))
    return sp.Matrix([sp.simplify(sp.diff(ell, nw)), perp, sp.simplify(2 * sp.diff(ell, aa)),
                      sp.simplify(sp.diff(ell, sa)), sp.simplify(sp.diff(ell, P))])


def wn_coefficients() -> tuple:
    """With w = v/‖v‖ (nw now stands for ‖v‖): ∇_v = (I − v̂v̂ᵀ)∇_w/‖v‖ keeps only the perp part."""
    along, perp, ca, c1, cs = (c.subs(nw, 1) for c in derived_coefficients())
    return sp.Matrix([0, perp / nw, ca, c1, cs])


def catalogue_g(normalised=True, perp_factor=1, g_shift=1, sign=1):
    """The catalogue's G1/G2 (normalised) or G3 coefficients; controls drop (π − φ), the −1 of
    g − 1, or flip the sign."""
    g, aMa = g_of(phi), sa**2 + (sp.pi - 1) * aa
    perp = -sign * P * (sp.pi - phi) ** perp_factor / (2 * sp.pi)
    if normalised:
        return sp.Matrix([0, perp / nw, (sp.pi - 1) / (2 * sp.pi), (sa - nws * ss) / (2 * sp.pi),
                          -nws * (g - g_shift) / (2 * sp.pi)])
    return sp.Matrix([(aMa * nw - nws * ((g - g_shift) * P + sa * ss)) / (2 * sp.pi), perp,
                      nw**2 * (sp.pi - 1) / (2 * sp.pi), (nw**2 * sa - nw * nws * ss) / (2 * sp.pi),
                      -nw * nws * (g - g_shift) / (2 * sp.pi)])


def assemble(coefficients, pt):
    """(∇_w, ∇_a) as mpmath lists from the five coefficients at the point (working precision)."""
    w, ws, a_, ast = (mp_vector(pt[n]) for n in ("w", "w_star", "a", "a_star"))
    w_hat = [x / norm(w) for x in w]
    perp = [y - dot(w_hat, ws) * x for x, y in zip(w_hat, ws)]
    A, B, ca, c1, cs = coefficients
    return ([A * x + B * y for x, y in zip(w_hat, perp)], [ca * x + c1 + cs * y for x, y in zip(a_, ast)])


def gradient_form(part, normalise):
    """Evaluator for a tuple of coefficient expressions: pt -> ∇_w (part 0) or ∇_a (part 1)."""
    def evaluate(coefficients):
        fs = [mp_function(INVARIANTS, c) for c in coefficients]

        def at(pt):
            inv = invariants_of(pt)  # ‖w‖ is ‖v‖ here: the normalised forms divide by it themselves
            grad_w, grad_a = assemble([f(*inv) for f in fs], pt)
            return {0: grad_w, 1: grad_a, "both": grad_w + grad_a}[part]
        return at
    return evaluate


# --- independent routes: finite differences of the loss; Monte Carlo of per-sample gradients ---------
def fd_of_loss(part, normalise):
    """∇ of ℓ (closed form, WN when ``normalise``) by 40-digit central differences."""
    def reference(pt, dps):
        p = len(pt["w"])

        def f(x):
            return loss_value({**pt, "w": x[:p], "a": x[p:]}, normalise)
        est = fd_gradient(f, [*map(float, pt["w"]), *map(float, pt["a"])], dps=dps)
        return Estimate({0: est.value[:p], 1: est.value[p:], "both": est.value}[part], est.error)
    return reference


def backprop_monte_carlo(part, normalise):
    """Mean of the per-sample gradient of ½(f(Z,w,a) − f(Z,w*,a*))² over Z (back-propagation,
    projected by (I − ŵŵᵀ)/‖v‖ under weight normalisation)."""
    def estimate(pt, n, rng):
        v, ws = np.asarray(pt["w"], float), np.asarray(pt["w_star"], float)
        a_, ast = np.asarray(pt["a"], float), np.asarray(pt["a_star"], float)
        w = v / np.linalg.norm(v) if normalise else v
        kk, p = len(a_), len(w)
        rows = ([block_row(w, j, kk) for j in range(1, kk + 1)] + [block_row(ws, j, kk) for j in range(1, kk + 1)]
                + list(np.eye(kk * p)))
        project = (np.eye(p) - np.outer(w, w)) / np.linalg.norm(v) if normalise else np.eye(p)

        def per_sample(q):
            hidden, residual = np.maximum(q[:kk], 0), a_ @ np.maximum(q[:kk], 0) - ast @ np.maximum(q[kk:2 * kk], 0)
            Z = q[2 * kk:].reshape(kk, p, -1)                         # patch j's coordinates
            grad_w = project @ (np.einsum("j,jb,jpb->pb", a_, (q[:kk] > 0).astype(float), Z) * residual)
            return {0: grad_w, 1: residual * hidden, "both": np.vstack([grad_w, residual * hidden])}[part]
        return gaussian_monte_carlo(per_sample, rows, n=n, rng=rng, full_dimension=True, abs_mean=True)
    return estimate


def _gradient_scale(pt):
    return float(norm(pt["a"]) * norm(pt["a_star"]) + norm(pt["a"]) ** 2 + norm(pt["a_star"]) ** 2)


def gradient_checks(part, normalise):
    return (R.Symbolic(wn_coefficients if normalise else derived_coefficients,
                       "symbolic: differentiating the derived loss = catalogued"),
            R.Agreement(fd_of_loss(part, normalise), sample(4, boundary=False), "40-digit central differences of ℓ",
                        Kind.FINITE_DIFFERENCE, 12, scale=_gradient_scale),
            R.MonteCarlo(backprop_monte_carlo(part, normalise), MC_POINTS, "Monte Carlo of back-propagated gradients",
                         scale=_gradient_scale, n=2**21, target=MC_POWER))


G_CONTROLS = {"π for π − φ": {"perp_factor": 0}, "g for g − 1": {"g_shift": 0}, "flipped sign": {"sign": -1}}


COEFFICIENT_NAMES = ("w", r"\perp", "a", r"\mathbf{1}", "a^*")
PARTS = {0: slice(0, 2), 1: slice(2, 5), "both": slice(0, 5)}


def _register_gradient(cid, title, statement, part, normalise, controls):
    derived = wn_coefficients if normalise else derived_coefficients
    register(Claim(cid, LOCATION, "DER", title, statement=statement, domain=CNN if part == 1 else INTERIOR,
        assumptions=(r"w=v/\lVert v\rVert" if normalise else r"w\ne0", r"\phi\in(0,\pi)\ (\text{extends to } \{0,\pi\})"),
        uses=("DLTPS18-L2" if normalise else "DLTPS18-L1",),
        routes=R.with_controls(catalogue_g(normalise), gradient_checks(part, normalise),
                               {label: catalogue_g(normalise, **c) for label, c in controls.items()},
                               evaluate=gradient_form(part, normalise)),
        expressions=tuple(Expression(f"coefficient along {name}", rf"c_{{{name}}}", (lambda i=i: derived()[i]), NOTATION)
                          for i, name in list(enumerate(COEFFICIENT_NAMES))[PARTS[part]]),
    ))


_register_gradient("DLTPS18-G1", "Gradient in v under weight normalisation",
                   r"\nabla_v\ell=-\frac{(a^\top a^*)(\pi-\phi)}{2\pi\lVert v\rVert}\Big(I-\frac{vv^\top}{\lVert v\rVert^2}\Big)w^*",
                   0, True, {k_: G_CONTROLS[k_] for k_ in ("π for π − φ", "flipped sign")})
_register_gradient("DLTPS18-G2", "Gradient in a under weight normalisation",
                   r"\nabla_a\ell=\tfrac1{2\pi}\big[(\mathbf 1\mathbf 1^\top+(\pi-1)I)a-\lVert w^*\rVert(\mathbf 1\mathbf 1^\top"
                   r"+(g(\phi)-1)I)a^*\big]", 1, True, {"g for g − 1": G_CONTROLS["g for g − 1"]})
_register_gradient("DLTPS18-G3", "Gradients without normalisation",
                   r"\nabla_w\ell=\tfrac1{2\pi}\Big[(a^\top Ma)w-\lVert w^*\rVert\big((g-1)a^\top a^*+(\mathbf 1^\top a)"
                   r"(\mathbf 1^\top a^*)\big)\tfrac{w}{\lVert w\rVert}-(a^\top a^*)(\pi-\phi)\big(I-\tfrac{ww^\top}"
                   r"{\lVert w\rVert^2}\big)w^*\Big],\ \nabla_a\ell=\tfrac1{2\pi}\big[\lVert w\rVert^2Ma-\lVert w\rVert"
                   r"\lVert w^*\rVert N_{g}a^*\big]", "both", False, G_CONTROLS)


# --- BG3: B&G's Lemma 3.2 is the kernel derivative inside G1/G3 ------------------------------------
def kernel_derivative(scale_angle=1):
    """∂_u g_BG(u, v) = (‖v‖ sin θ û + (π − θ) v)/(2π) as (along û, along v) in (‖u‖, ‖v‖, θ); a
    control uses π for π − θ."""
    return sp.Matrix([nv * sp.sin(theta), sp.pi - scale_angle * theta]) / (2 * sp.pi)


def kernel_derivative_by_chain_rule():
    """From the derived kernel G(‖u‖, ‖v‖, uᵀv): ∇_u = ∂_{‖u‖}G û + ∂_{uᵀv}G v, then in θ."""
    G = kernel_invariant_form()
    back = {uv: nu * nv * sp.cos(theta)}
    return sp.Matrix([sp.diff(G, nu).subs(back), sp.diff(G, uv).subs(back)]).applyfunc(
        lambda e: sp.simplify(e.subs(sp.acos(sp.cos(theta)), theta).subs(sp.sqrt(1 - sp.cos(theta) ** 2), sp.sin(theta))))


def _kernel_gradient_form(expr):
    f = mp_function((nu, nv, theta), expr)

    def at(pt):
        u, v = mp_vector(pt["u"]), mp_vector(pt["v"])
        along_u, along_v = f(norm(u), norm(v), angle(u, v))
        return [along_u * x / norm(u) + along_v * y for x, y in zip(u, v)]
    return at


def _bg17_kernel_gradient(pt, dps):
    """BG17's Lemma 3.2 function at dps and dps + 10: the difference bounds its rounding."""
    low = kernel_gradient(pt["u"], pt["v"])
    with mpmath.workdps(dps + 10):
        high = kernel_gradient(pt["u"], pt["v"])
        return Estimate(high, float(max(abs(x - y) for x, y in zip(high, low))))


def _fd_kernel(pt, dps):
    est = fd_gradient(lambda x: kernel(x, pt["v"]), list(map(float, pt["u"])), dps=dps)
    return Estimate(est.value, est.error)


KERNEL_PAIR = Domain(Vector("u", nonzero=True, max_dim=6, norms=(1e-2, 1e2)),
                     Vector("v", nonzero=True, max_dim=6, norms=(1e-2, 1e2), angle_to="u",
                            boundary_angles=(1e-3, np.pi / 2, np.pi - 1e-3)))

register(Claim("DLTPS18-BG3", "B&G (2017) Lemma 3.2, as used in DLTPS18's gradients", "DER",
               "B&G's kernel gradient ∂_u g_BG = (‖v‖ sin θ û + (π − θ) v)/(2π) is the one inside G1/G3",
    statement=r"\partial_ug_{BG}(u,v)=\frac1{2\pi}\Big[\lVert v\rVert\sin\theta\,\frac u{\lVert u\rVert}+(\pi-\theta)v\Big]",
    domain=KERNEL_PAIR, uses=("BG17-L3.2", "DLTPS18-G3"),
    routes=R.with_controls(kernel_derivative(), (
        R.Symbolic(kernel_derivative_by_chain_rule, "symbolic: chain rule on the shared derived kernel"),
        R.Agreement(_bg17_kernel_gradient, sample(4), "BG17's public kernel_gradient (its Lemma 3.2)", Kind.EVALUATION,
                    scale=lambda pt: float(norm(pt["v"]))),
        R.Agreement(_fd_kernel, sample(3), "40-digit central differences of the kernel", Kind.FINITE_DIFFERENCE, 12,
                    scale=lambda pt: float(norm(pt["v"])))),
        {"π for π − θ": kernel_derivative(0)}, evaluate=_kernel_gradient_form),
))

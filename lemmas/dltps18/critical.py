r"""DLTPS18 — the critical points: the spurious ray, its loss and Hessian, when it is a local
minimum, the interior saddles and the profile loss.

Main statements
---------------
* ``DLTPS18-C1`` every critical point (‖w*‖ = 1, a* ≠ 0, p ≥ 2): φ = 0, a = a*; φ = π, a = a_s; or
  g(φ) = g*, a = M⁻¹N_{g*}a*.
* ``DLTPS18-C2`` (−c w*, a_s) is critical for every c > 0, :math:`a_s=M^{-1}Na^*`.
* ``DLTPS18-C3`` :math:`\ell_s` in closed form, :math:`0<\ell_s\le\ell(v,0)`, strict iff k ≥ 2.
* ``DLTPS18-C4`` the Hessian there is blockdiag(0, M/(2π)): no second-order certificate (W4).
* ``DLTPS18-C5`` it is a local minimum iff :math:`\pi(\mathbf 1^\top a^*)^2<(k+\pi-1)\|a^*\|^2`.
* ``DLTPS18-C6`` the interior critical set and its strict saddles; ``DLTPS18-C7`` the profile loss.
* ``DLTPS18-H1`` (``SRC``) the loss has a spurious local minimiser — with the caveat W1.

Notation
--------
As in :mod:`lemmas.dltps18.model`; S = 1ᵀa*, s = S²/k, r = ‖a*‖² − s, ρ = s/‖a*‖², κ = 1/k;
:math:`a_s=\alpha_s\mathbf 1+\beta_sa^*`, :math:`\alpha_s=\frac{\pi S}{(\pi-1)(k+\pi-1)}`, :math:`\beta_s=-\frac1{\pi-1}`.

Implementation notes
--------------------
A vector :math:`a=\alpha\mathbf 1+\beta a^*` enters the loss through aᵀa, 1ᵀa, aᵀa* only, so every
statement at a_s or a(φ) is a SymPy identity in (S, ‖a*‖², k) (:func:`on_combination`). Numeric
probes of local minimality evaluate the (L1-verified) loss at 30 digits.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: C1–C7, H1, W1, W4.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from lemmas.dltps18.gradients import backprop_monte_carlo, fd_of_loss, wn_coefficients
from lemmas.dltps18.loss import kappa, t_
from lemmas.dltps18.model import (NOTATION, As, P, aa, derived_loss, eigen_weights, g_of, k, loss_value,
                                  network_loss_monte_carlo, nw, nws, phi, sa, ss)
from verify import routes as R
from verify.domain import Domain, Real, Vector, sample
from verify.finitediff import hessian as fd_hessian
from verify.numeric import mp_function
from verify.obligations import Bound, Obligation
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role

LOCATION = "catalogue (derived); the paper's statement was not seen"
UNIT_NORMS = {nw: 1, nws: 1}
s_, r_ = ss**2 / k, As - ss**2 / k


def on_combination(alpha, beta) -> dict:
    """Invariants of a = α1 + βa*: aᵀa, 1ᵀa, aᵀa*."""
    return {aa: k * alpha**2 + 2 * alpha * beta * ss + beta**2 * As, sa: k * alpha + beta * ss,
            P: alpha * ss + beta * As}


def spurious_weights(binary=False):
    """(α_s, β_s) of a_s = M⁻¹Na*; a control uses the binary-activation analogue (11ᵀ + I)⁻¹(11ᵀ − I)a*."""
    if binary:  # (11ᵀ + I)⁻¹(11ᵀ − I): (k − 1)/(k + 1) on 1, −1 on 1⊥
        return 2 * ss / (k + 1), sp.Integer(-1)
    return sp.pi * ss / ((sp.pi - 1) * (k + sp.pi - 1)), -1 / (sp.pi - 1)


def spurious_residual(kk: int) -> sp.Matrix:
    """M(α_s1 + β_s a*) − Na* for k = kk (expect 0; M ≻ 0, so a_s = M⁻¹Na*)."""
    A = sp.Matrix(sp.symbols(f"b1:{kk + 1}", real=True))
    one = sp.ones(kk, 1)
    M, N = one * one.T + (sp.pi - 1) * sp.eye(kk), one * one.T - sp.eye(kk)
    alpha, beta = (w.subs({ss: sum(A), k: kk}) for w in spurious_weights())
    return (M * (alpha * one + beta * A) - N * A).applyfunc(sp.simplify)


def a_of_phi_weights():
    """a(φ) = M⁻¹N_g a* = α'1 + β'a* with α' = (α − β)S/k, β' = β (eigen weights α, β)."""
    alpha, beta = eigen_weights()
    return (alpha - beta) * ss / k, beta


# --- numeric points: the spurious point of a teacher -------------------------------------------
TEACHERS = Domain(Vector("w_star", dim="p", unit=True, min_dim=2, max_dim=6, latex="w^*"),
                  Vector("a_star", dim="k", nonzero=True, max_dim=6, norms=(0.3, 3), latex="a^*"),
                  Real("c", 0.1, 10, log=True), assumptions=(r"\lVert w^*\rVert=1",))


def spurious_a(a_star, binary=False):
    kk, S = len(a_star), float(np.sum(a_star))
    if binary:   # the binary-activation analogue (11ᵀ + I)⁻¹(11ᵀ − I)a*
        one = np.ones((kk, kk))
        return np.linalg.solve(one + np.eye(kk), (one - np.eye(kk)) @ np.asarray(a_star))
    return np.pi * S / ((np.pi - 1) * (kk + np.pi - 1)) * np.ones(kk) - np.asarray(a_star) / (np.pi - 1)


def spurious_point(pt, binary=False):
    return {"w_star": pt["w_star"], "a_star": pt["a_star"], "w": -pt["c"] * np.asarray(pt["w_star"]),
            "a": spurious_a(pt["a_star"], binary)}


def _grad_scale(pt):
    return float(np.linalg.norm(pt["a_star"]) ** 2 + 1)


POINT_ROUNDING = 1e-13
"""The point (−c w*, a_s) is handed to finite differences in float64, so it sits ~1e-16 (relative)
off the critical point, where ∇ℓ = ∇²ℓ·δ ≲ ‖M‖/(2π)·2⁻⁵³‖a‖ ≈ 1e-16 of the scale; 1e-13 leaves
room, and the control's gradient is O(0.1) of it."""


def gradient_vanishes(binary=False):
    """Property: the 40-digit central-difference gradient (v and a) at the point is 0 to
    POINT_ROUNDING of the scale."""
    def predicate(pt):
        q = spurious_point(pt, binary)
        with mpmath.workdps(40):
            est = fd_of_loss("both", True)(q, 40)
            size = float(max(abs(x) for x in est.value)) / _grad_scale(pt)
        return R.at_most(size, POINT_ROUNDING, f"max |∇ℓ| / scale = {size:.1e}")
    return predicate


def _zero_gradient(pt):
    return [0.0] * (len(pt["w_star"]) + len(pt["a_star"]))


register(Claim("DLTPS18-C2", LOCATION, "DER", "(−c w*, a_s) with a_s = (11ᵀ + (π−1)I)⁻¹(11ᵀ − I)a* is critical for every c > 0",
    statement=(r"\nabla\ell(-cw^*,a_s)=0\ (c>0),\ a_s=(\mathbf 1\mathbf 1^\top+(\pi-1)I)^{-1}(\mathbf 1\mathbf 1^\top-I)a^*"
               r"=\tfrac{\pi\mathbf 1^\top a^*}{(\pi-1)(k+\pi-1)}\mathbf 1-\tfrac1{\pi-1}a^*"),
    domain=TEACHERS, assumptions=(r"w=v/\lVert v\rVert",), uses=("DLTPS18-G1", "DLTPS18-G2"),
    routes=(
        R.SymbolicRoute("symbolic: M a_s = N a* for k = 1..5 (the explicit a_s solves it)",
                        lambda: sp.Matrix.vstack(*[spurious_residual(kk) for kk in range(1, 6)]), sp.zeros(15, 1)),
        R.SymbolicRoute("symbolic: the derived WN gradient at φ = π, a = a_s (along v, ⊥, 1, a*)",
                        lambda: _gradient_at(spurious_weights(), sp.pi), sp.zeros(4, 1)),
        R.SymbolicRoute("symbolic control (binary analogue (11ᵀ + I) for (11ᵀ + (π − 1)I))",
                        lambda: _gradient_at(spurious_weights(binary=True), sp.pi), sp.zeros(4, 1), role=Role.CONTROL),
        *R.on_settings("40-digit central differences at the point", Kind.FINITE_DIFFERENCE, gradient_vanishes(),
                       sample(4), {"binary analogue a_s": gradient_vanishes(binary=True)}),
        R.MonteCarloRoute("Monte Carlo of back-propagated gradients at the point", _zero_gradient,
                          lambda pt, n, rng: backprop_monte_carlo("both", True)(spurious_point(pt), n, rng),
                          sample(2), n=2**20, scale=_grad_scale),
        R.MonteCarloRoute("Monte Carlo control (binary analogue a_s)", _zero_gradient,
                          lambda pt, n, rng: backprop_monte_carlo("both", True)(spurious_point(pt, True), n, rng),
                          sample(2), n=2**20, scale=_grad_scale, role=Role.CONTROL),
    ),
    expressions=(Expression("coefficient of 1 in a_s", r"\alpha_s", lambda: spurious_weights()[0], NOTATION),
                 Expression("coefficient of a* in a_s", r"\beta_s", lambda: spurious_weights()[1], NOTATION)),
))


def _gradient_at(weights, angle):
    """The derived WN gradient's coefficients at φ = angle and a = α1 + βa*: (along v, along ⊥,
    along 1, along a*)."""
    along, perp, ca, c1, cs = wn_coefficients()
    alpha, beta = weights
    sub = {**on_combination(alpha, beta), phi: angle, nws: 1}
    return sp.Matrix([along, perp, ca * alpha + c1, ca * beta + cs]).subs(sub).applyfunc(sp.simplify)


# --- C3: the spurious loss ----------------------------------------------------------------------
def catalogue_ls(across=sp.pi - 2):
    """ℓ_s = ¼[(2k+π−2)/(k+π−1)·s + (π−2)/(π−1)·r]; a control uses (π − 1) for (π − 2)."""
    return ((2 * k + sp.pi - 2) / (k + sp.pi - 1) * s_ + across / (sp.pi - 1) * r_) / 4


def derived_ls():
    return derived_loss().subs(UNIT_NORMS).subs(phi, sp.pi).subs(on_combination(*spurious_weights()))


def loss_at_zero_output():
    return derived_loss().subs(UNIT_NORMS).subs({aa: 0, sa: 0, P: 0})


def ls_obligations():
    """With κ = 1/k ∈ [0, 1]: ℓ_s's s-coefficient 2 + (π − 2)κ over 1 + (π − 1)κ is > 0, and the
    gap ℓ(v, 0) − ℓ_s = (k − 1)²s/(4π(k + π − 1)) + r/(4π(π − 1)) has non-negative coefficients."""
    box = (Bound(kappa, 0, 1),)
    return [Obligation("2 + (π − 2)κ > 0", 2 + (sp.pi - 2) * kappa, box, strict=True),
            Obligation("1 + (π − 1)κ > 0", 1 + (sp.pi - 1) * kappa, box, strict=True,
                       reduction="k + π − 1 = k(1 + (π − 1)κ); (k − 1)² ≥ 0, π − 1 > 0")]


def spurious_loss(a_star):
    """ℓ_s of a teacher (the catalogued closed form, checked by C3) at the working precision."""
    return _ls_form(catalogue_ls())({"a_star": list(a_star)})


def _ls_form(expr):
    f = mp_function((ss, As, k), expr)
    return lambda pt: f(mpmath.mpf(float(np.sum(pt["a_star"]))), mpmath.mpf(float(np.dot(pt["a_star"], pt["a_star"]))),
                        mpmath.mpf(len(pt["a_star"])))


register(Claim("DLTPS18-C3", LOCATION, "DER", "ℓ_s in closed form; 0 < ℓ_s ≤ ℓ(v, 0), strict iff k ≥ 2",
    statement=(r"\ell_s=\tfrac14\Big[\tfrac{2k+\pi-2}{k+\pi-1}s+\tfrac{\pi-2}{\pi-1}r\Big],\ 0<\ell_s\le\ell(v,0)"
               r"=\tfrac{a^{*\top}Ma^*}{4\pi},\ \ell(v,0)-\ell_s=\tfrac{(k-1)^2s}{4\pi(k+\pi-1)}+\tfrac{r}{4\pi(\pi-1)}"),
    domain=TEACHERS, assumptions=(r"s=(\mathbf 1^\top a^*)^2/k,\ r=\lVert a^*\rVert^2-s,\ a^*\ne0",),
    uses=("DLTPS18-C2", "DLTPS18-L2"),
    caveat=("Catalogue difference: the catalogue states ℓ_s < ℓ(v, 0) for every a* ≠ 0. For k = 1, a_s = 0, "
            "so the spurious point is (−w*, 0) and ℓ_s = ℓ(v, 0) exactly. The gap (k − 1)²s/(4π(k + π − 1)) + "
            "r/(4π(π − 1)) is positive iff k ≥ 2."),
    routes=(
        *R.with_controls(catalogue_ls(), (
            R.Symbolic(derived_ls, "symbolic: the derived loss at (−w*, a_s) = catalogued"),
            R.MonteCarlo(lambda pt, n, rng: network_loss_monte_carlo(spurious_point(pt), n, rng, True),
                         sample(2, boundary=False),
                         "Monte Carlo of the network at the spurious point")),
            {"(π − 1) for (π − 2)": catalogue_ls(sp.pi - 1)}, evaluate=_ls_form),
        R.SymbolicRoute("symbolic: ℓ(v, 0) = a*ᵀMa*/(4π) and the gap formula",
                        lambda: sp.Matrix([loss_at_zero_output(), loss_at_zero_output() - derived_ls()]),
                        lambda: sp.Matrix([(ss**2 + (sp.pi - 1) * As) / (4 * sp.pi),
                                           (k - 1) ** 2 * s_ / (4 * sp.pi * (k + sp.pi - 1)) + r_ / (4 * sp.pi * (sp.pi - 1))])),
        R.CertifiedRoute("certified: the coefficients' signs for every k ≥ 1 (κ = 1/k)", ls_obligations),
        R.CertifiedRoute("certified control (2 − (π + 1)κ > 0)", lambda: [Obligation(
            "2 − (π + 1)κ > 0", 2 - (sp.pi + 1) * kappa, (Bound(kappa, 0, 1),), strict=True)], role=Role.CONTROL),
    ),
    expressions=(Expression("spurious loss", r"\ell_s", derived_ls, NOTATION),),
))


# --- C4: the Hessian at the spurious point -------------------------------------------------------
def hessian_at_spurious(pt, dps):
    q = spurious_point({**pt, "c": 1.0})
    p = len(q["w"])
    est = fd_hessian(lambda x: loss_value({**q, "w": x[:p], "a": x[p:]}, True),
                     [*map(float, q["w"]), *map(float, q["a"])], dps=dps)
    return Estimate([x for row in est.value for x in row], est.error)


def claimed_hessian(vv_scale=0):
    """blockdiag(0, M/(2π)); a control claims the global minimum's ‖a*‖²/2 on the v-block."""
    def at(pt):
        kk, p = len(pt["a_star"]), len(pt["w_star"])
        H = np.zeros((p + kk, p + kk))
        ws = np.asarray(pt["w_star"])
        H[:p, :p] = vv_scale * float(np.dot(pt["a_star"], pt["a_star"])) / 2 * (np.eye(p) - np.outer(ws, ws))
        H[p:, p:] = (np.ones((kk, kk)) + (np.pi - 1) * np.eye(kk)) / (2 * np.pi)
        return [mpmath.mpf(x) for x in H.ravel()]
    return at


C4_DIGITS = 8
"""At φ = π the loss is C² but not C³ (g ~ δ³/3), so a second difference with mpmath's step
h ~ 10^(-dps/3) errs by O(h): 8 digits, as for BG17's parallel Hessians."""

register(Claim("DLTPS18-C4", LOCATION, "DER", "Hessian at (−w*, a_s) = blockdiag(0, M/(2π)): singular in every v-direction",
    statement=r"\nabla^2\ell(-w^*,a_s)=\begin{pmatrix}0_{p\times p}&0\\0&M/(2\pi)\end{pmatrix}\succeq0",
    domain=TEACHERS, assumptions=(r"w=v/\lVert v\rVert,\ \lVert v\rVert=1",), uses=("DLTPS18-C2", "DLTPS18-K3"),
    caveat=("W4: no second-order certificate exists at the spurious point — local minimality must come from the "
            "identity of C5, never from eigenvalues; a printed 'strict local minimum' or 'positive definite Hessian' "
            "there would be wrong."),
    routes=(
        R.SymbolicRoute("symbolic: ∂²ℓ/∂a² = M/(2π) and the v-gradient's coefficient vanishes at φ = π",
                        lambda: sp.Matrix([wn_coefficients()[2], sp.diff(wn_coefficients()[3], sa),
                                           sp.diff(wn_coefficients()[3], P), sp.diff(wn_coefficients()[4], P),
                                           wn_coefficients()[1].subs(phi, sp.pi)]),
                        sp.Matrix([(sp.pi - 1) / (2 * sp.pi), 1 / (2 * sp.pi), 0, 0, 0])),
        R.AgreementRoute("40-digit finite-difference Hessian", Kind.FINITE_DIFFERENCE, claimed_hessian(),
                         hessian_at_spurious, sample(3), digits=C4_DIGITS, scale=_grad_scale),
        R.AgreementRoute("finite-difference control (the global minimum's ‖a*‖²/2 on the v-block)", Kind.FINITE_DIFFERENCE,
                         claimed_hessian(1), hessian_at_spurious, sample(3), digits=C4_DIGITS, scale=_grad_scale,
                         role=Role.CONTROL),
    ),
))


# --- C5: when the spurious point is a local minimum ----------------------------------------------
def spurious_alignment():
    """a_sᵀa* from a_s = α_s1 + β_s a*."""
    return on_combination(*spurious_weights())[P]


def catalogue_alignment(swap=False):
    """a_sᵀa* = (πS²/(k + π − 1) − ‖a*‖²)/(π − 1); a control swaps π and k + π − 1."""
    lead, denom = (k + sp.pi - 1, sp.pi) if swap else (sp.pi, k + sp.pi - 1)
    return (lead * ss**2 / denom - As) / (sp.pi - 1)


def excess_identity():
    """ℓ − ℓ_s − [(a − a_s)ᵀM(a − a_s)/(4π) − g(φ)aᵀa*/(2π)] in the invariants (expect 0)."""
    alpha, beta = spurious_weights()
    one_as, a_as, as_as = k * alpha + beta * ss, alpha * sa + beta * P, on_combination(alpha, beta)[aa]
    centred = (sa - one_as) ** 2 + (sp.pi - 1) * (aa - 2 * a_as + as_as)
    return derived_loss().subs(UNIT_NORMS) - derived_ls() - (centred / (4 * sp.pi) - g_of(phi) * P / (2 * sp.pi))


def _mp_spurious_a(a_star):
    kk, S = len(a_star), mpmath.fsum(a_star)
    alpha, beta = mpmath.pi * S / ((mpmath.pi - 1) * (kk + mpmath.pi - 1)), -1 / (mpmath.pi - 1)
    return [alpha + beta * mpmath.mpf(x) for x in a_star]


def probe_minima(a_star, p=3, radii=(1e-1, 1e-2, 1e-3), directions=16, seed=0):
    """min of ℓ(v, a) − ℓ_s over perturbations of (−w*, a_s) at each radius (w* = e₁, 30 digits):
    random directions in (v, a), and the targeted one — v at angle π − δ, a moved along a* by the
    loss-optimal τ = g(π − δ)‖a*‖²/(a*ᵀMa*)."""
    rng = np.random.default_rng(seed)
    kk = len(a_star)
    with mpmath.workdps(30):
        ws = [mpmath.mpf(1)] + [mpmath.mpf(0)] * (p - 1)
        a_s, ast = _mp_spurious_a(a_star), [mpmath.mpf(x) for x in a_star]
        base = {"w_star": ws, "a_star": ast}
        ls = loss_value({**base, "w": [-x for x in ws], "a": a_s}, True)
        As_, S = mpmath.fsum(x * x for x in ast), mpmath.fsum(ast)
        aMa = S**2 + (mpmath.pi - 1) * As_
        minima = []
        for radius in radii:
            delta = mpmath.mpf(radius)
            g = (mpmath.pi - (mpmath.pi - delta)) * mpmath.cos(mpmath.pi - delta) + mpmath.sin(mpmath.pi - delta)
            tau = g * As_ / aMa
            trials = [([-mpmath.cos(delta), mpmath.sin(delta)] + [0] * (p - 2), [x + tau * y for x, y in zip(a_s, ast)])]
            for _ in range(directions):
                dv, da = rng.standard_normal(p), rng.standard_normal(kk)
                dv, da = dv / np.linalg.norm(dv), da / np.linalg.norm(da)
                trials.append(([-x + delta * y for x, y in zip(ws, dv)], [x + delta * y for x, y in zip(a_s, da)]))
            minima.append(min(loss_value({**base, "w": v, "a": a}, True) - ls for v, a in trials))
    return minima


def condition_holds(a_star, swap=False):
    kk, S, As_ = len(a_star), float(np.sum(a_star)), float(np.dot(a_star, a_star))
    lead, other = (kk + np.pi - 1, np.pi) if swap else (np.pi, kk + np.pi - 1)
    return lead * S**2 < other * As_


PROBE_TOLERANCE = 1e-25
"""ℓ − ℓ_s ≥ −1e-25·‖a*‖² counts as no decrease: the 30-digit evaluation rounds at ~1e-30."""


def classified_by_probing(predicts_minimum=condition_holds):
    """Property of a teacher: where ``predicts_minimum(a*)`` (C5's condition; controls swap it or
    claim a minimum always), no perturbation decreases the loss; elsewhere every radius shows a
    decrease, with log–log slope ≈ 3 (≈ 6 when a_sᵀa* = 0, e.g. k = 1)."""
    def predicate(setting):
        a_star = np.asarray(setting["a_star"], float)
        minima = [float(m) for m in probe_minima(a_star)]
        scale = float(np.dot(a_star, a_star))
        if predicts_minimum(a_star):
            worst = min(minima) / scale
            return R.at_most(-worst, PROBE_TOLERANCE, f"local minimum predicted; smallest ℓ − ℓ_s = {worst:.1e}·‖a*‖²")
        if max(minima) >= 0:
            return False, max(minima), f"saddle predicted; no decrease found (minima {minima})"
        slope = float(np.polyfit(np.log([1e-1, 1e-2, 1e-3]), np.log(-np.asarray(minima)), 1)[0])
        boundary = abs(float(sum(_mp_spurious_a(a_star)[i] * a_star[i] for i in range(len(a_star))))) < 1e-12 * scale
        expected = 6 if boundary else 3
        return (abs(slope - expected) < 0.5, abs(slope - expected),
                f"saddle: decreases {minima[0]:.2e} … {minima[-1]:.2e}, slope {slope:.2f} (expected {expected})")
    return predicate


PROBED_TEACHERS = [
    {"name": "random a*, k = 5", "a_star": list(np.random.default_rng(5).standard_normal(5))},
    {"name": "random a*, k = 10", "a_star": list(np.random.default_rng(10).standard_normal(10))},
    {"name": "a* = e₁, k = 3", "a_star": [1.0, 0.0, 0.0]},
    {"name": "1ᵀa* = 0, k = 3", "a_star": [1.0, -1.0, 0.0]},
    {"name": "a* = 1, k = 4 (fails)", "a_star": [1.0] * 4},
    {"name": "a* ≈ 1, k = 6 (fails)", "a_star": [1.0, 1.1, 0.9, 1.0, 1.05, 0.95]},
    {"name": "k = 1 (boundary, a_s = 0)", "a_star": [0.7]},
]

register(Claim("DLTPS18-C5", LOCATION, "DER", "(−w*, a_s) is a local minimiser iff π(1ᵀa*)² < (k + π − 1)‖a*‖²",
    statement=(r"(-w^*,a_s)\ \text{local min}\iff a_s^\top a^*<0\iff\pi(\mathbf 1^\top a^*)^2<(k+\pi-1)\lVert a^*\rVert^2"
               r"\iff\rho<\tfrac{k+\pi-1}{\pi k};\quad \ell-\ell_s=\tfrac1{4\pi}(a-a_s)^\top M(a-a_s)-\tfrac1{2\pi}g(\phi)a^\top a^*"),
    domain=TEACHERS, assumptions=(r"\lVert w^*\rVert=1,\ a^*\ne0,\ p\ge2",), uses=("DLTPS18-C2", "DLTPS18-C3", "DLTPS18-K3"),
    routes=(
        R.SymbolicRoute("symbolic: a_sᵀa* = (πS²/(k + π − 1) − ‖a*‖²)/(π − 1)", spurious_alignment, catalogue_alignment),
        R.SymbolicRoute("symbolic control (π and k + π − 1 swapped)", spurious_alignment,
                        lambda: catalogue_alignment(swap=True), role=Role.CONTROL),
        R.SymbolicRoute("symbolic: the excess identity ℓ − ℓ_s = (a − a_s)ᵀM(a − a_s)/(4π) − g aᵀa*/(2π)",
                        excess_identity, 0),
        R.SymbolicRoute("symbolic: special cases (1ᵀa* = 0: −‖a*‖²/(π − 1); a* = 1: k(k − 1)/(k + π − 1))",
                        lambda: sp.Matrix([catalogue_alignment().subs(ss, 0),
                                           sp.simplify(catalogue_alignment().subs({ss: k, As: k}))]),
                        sp.Matrix([-As / (sp.pi - 1), k * (k - 1) / (k + sp.pi - 1)])),
        R.CertifiedRoute("certified: (π − 1)(k + π − 1) > 0 for every k ≥ 1 (the sign-preserving factor)",
                         lambda: [Obligation("(π − 1)(1 + (π − 1)κ) > 0", (sp.pi - 1) * (1 + (sp.pi - 1) * kappa),
                                             (Bound(kappa, 0, 1),), strict=True,
                                             reduction="(π−1)(k+π−1)a_sᵀa* = πS² − (k+π−1)‖a*‖², divided by k")]),
        *R.on_settings("probing: no decrease where the condition holds; a decrease ∝ radius³ where it fails",
                       Kind.EVALUATION, classified_by_probing(), PROBED_TEACHERS,
                       {"swapped condition": classified_by_probing(lambda a: condition_holds(a, swap=True))}),
    ),
    expressions=(Expression("alignment of the spurious output weights", r"a_s^{\top} a^*", spurious_alignment, NOTATION),),
))


# --- C6: the interior critical set -----------------------------------------------------------------
def catalogue_g_star():
    return (r_ * (k + sp.pi - 1) - s_ * (k - 1) * (sp.pi - 1)) / (s_ * (sp.pi - 1) + r_ * (k + sp.pi - 1))


def alignment_of_a_phi():
    """a(φ)ᵀa* = s(k + g − 1)/(k + π − 1) + r(g − 1)/(π − 1), from a(φ) = M⁻¹N_g a*."""
    return sp.expand(on_combination(*a_of_phi_weights())[P])


def g_star_by_solving():
    """The g at which a(g)ᵀa* = 0 (a(φ) depends on φ only through g), by SymPy's solve."""
    gv = sp.Symbol("g")
    [root] = sp.solve(alignment_in_g(gv), gv)
    return root


def alignment_in_g(gv):
    """a(φ)ᵀa* as a function of g = g(φ) (a(φ) depends on φ only through g)."""
    alpha, beta = (k + gv - 1) / (k + sp.pi - 1), (gv - 1) / (sp.pi - 1)
    return on_combination((alpha - beta) * ss / k, beta)[P]


def interior_point(a_star, p=3):
    """(v, a) on the interior critical set: φ* = g⁻¹(g*) (bisection), a = M⁻¹N_{g*}a* (mpmath)."""
    kk = len(a_star)
    with mpmath.workdps(40):
        ast = [mpmath.mpf(x) for x in a_star]
        S, As_ = mpmath.fsum(ast), mpmath.fsum(x * x for x in ast)
        s, r = S**2 / kk, As_ - S**2 / kk
        gs = (r * (kk + mpmath.pi - 1) - s * (kk - 1) * (mpmath.pi - 1)) / (s * (mpmath.pi - 1) + r * (kk + mpmath.pi - 1))
        phi_star = mpmath.findroot(lambda t: (mpmath.pi - t) * mpmath.cos(t) + mpmath.sin(t) - gs, (0, mpmath.pi),
                                   solver="bisect")
        M = mpmath.ones(kk) + (mpmath.pi - 1) * mpmath.eye(kk)
        N = mpmath.ones(kk) + (gs - 1) * mpmath.eye(kk)
        a = mpmath.lu_solve(M, N * mpmath.matrix(ast))
        v = [mpmath.cos(phi_star), mpmath.sin(phi_star)] + [mpmath.mpf(0)] * (p - 2)
        return {"w_star": [1.0] + [0.0] * (p - 1), "a_star": list(a_star), "w": v, "a": [a[i] for i in range(kk)]}, phi_star


def strict_saddle(claim_minimum=False):
    """Property at a teacher satisfying C5's condition: at the interior point (handed over in
    float64) ∇ℓ = 0 to POINT_ROUNDING (40-digit differences),
    φ* > π/2 when 1ᵀa* ≠ 0, and the Hessian has a negative eigenvalue (a control claims a minimum)."""
    def predicate(setting):
        q, phi_star = interior_point(np.asarray(setting["a_star"], float))
        p = len(q["w"])
        with mpmath.workdps(40):
            grad = fd_of_loss("both", True)(q, 40).value
            H = fd_hessian(lambda x: loss_value({**q, "w": x[:p], "a": x[p:]}, True), [*q["w"], *q["a"]], dps=40).value
            low = float(min(mpmath.eigsy(mpmath.matrix(H))[0]))
        size = float(max(abs(x) for x in grad)) / float(1 + np.dot(setting["a_star"], setting["a_star"]))
        wide = abs(float(np.sum(setting["a_star"]))) < 1e-12 or float(phi_star) > np.pi / 2
        ok = size < POINT_ROUNDING and wide and ((low >= 0) if claim_minimum else (low < -1e-3))
        return ok, low, f"φ* = {float(phi_star):.4f}, |∇ℓ| = {size:.1e}, smallest Hessian eigenvalue {low:.3f}"
    return predicate


SADDLE_TEACHERS = [{"name": "e₁, k = 3", "a_star": [1.0, 0.0, 0.0]},
                   {"name": "random, k = 5", "a_star": list(np.random.default_rng(5).standard_normal(5))},
                   {"name": "1ᵀa* = 0, k = 4", "a_star": [1.0, -0.5, -0.5, 0.0]}]

register(Claim("DLTPS18-C6", LOCATION, "DER", "Interior critical set: exists iff C5's condition holds; every point a strict saddle",
    statement=(r"g^*=\frac{r(k+\pi-1)-s(k-1)(\pi-1)}{s(\pi-1)+r(k+\pi-1)}\in(0,\pi)\iff\pi(\mathbf 1^\top a^*)^2<(k+\pi-1)"
               r"\lVert a^*\rVert^2;\ 1-g^*=\frac{ks(\pi-1)}{s(\pi-1)+r(k+\pi-1)};\ \text{strict saddles};\ "
               r"\phi^*>\tfrac\pi2\ \text{if}\ \mathbf 1^\top a^*\ne0"),
    domain=TEACHERS, assumptions=(r"\lVert w^*\rVert=1,\ a^*\ne0,\ p\ge2",), uses=("DLTPS18-C1", "DLTPS18-C5", "DLTPS18-G1"),
    routes=(
        R.SymbolicRoute("symbolic: solving a(φ)ᵀa* = 0 for g gives the catalogued g*", g_star_by_solving, catalogue_g_star),
        R.SymbolicRoute("symbolic: g*'s numerator = (k + π − 1)‖a*‖² − π(1ᵀa*)² and 1 − g*",
                        lambda: sp.Matrix([sp.expand(r_ * (k + sp.pi - 1) - s_ * (k - 1) * (sp.pi - 1)),
                                           sp.simplify(1 - catalogue_g_star())]),
                        lambda: sp.Matrix([sp.expand((k + sp.pi - 1) * As - sp.pi * ss**2),
                                           k * s_ * (sp.pi - 1) / (s_ * (sp.pi - 1) + r_ * (k + sp.pi - 1))])),
        R.CertifiedRoute("certified: g*'s denominator ≥ 0 over ρ ∈ [0, 1], κ ∈ [0, 1]", lambda: [Obligation(
            "ρ(π − 1)κ + (1 − ρ)(1 + (π − 1)κ) ≥ 0", t_ * (sp.pi - 1) * kappa + (1 - t_) * (1 + (sp.pi - 1) * kappa),
            (Bound(t_, 0, 1), Bound(kappa, 0, 1)), reduction="divided by k‖a*‖²; t plays ρ")]),
        *R.on_settings("40-digit gradient and Hessian at the interior point", Kind.FINITE_DIFFERENCE, strict_saddle(),
                       SADDLE_TEACHERS, {"a local minimum there": strict_saddle(claim_minimum=True)}),
    ),
    expressions=(Expression("separatrix level", r"g^*", g_star_by_solving, NOTATION),),
))

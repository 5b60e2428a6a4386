r"""DLTPS18 — the landscape as a whole: the profile loss, the classification of every critical
point, the headline spurious-minimum claim and B&G's teacher.

Main statements
---------------
* ``DLTPS18-C7`` :math:`L(\phi)=\min_a\ell`, :math:`L'(\phi)=\frac1{2\pi}a(\phi)^\top a^*(\pi-\phi)\sin\phi`.
* ``DLTPS18-C1`` the critical points are exactly the global ray, the spurious ray and the interior set.
* ``DLTPS18-H1`` (``SRC``, abstract) the population loss has a spurious local minimiser — true for
  some teachers only (caveat W1).
* ``DLTPS18-BG4`` for B&G's teacher a* ∝ 1 (k ≥ 2) the spurious point is a saddle.

Notation
--------
As in :mod:`lemmas.dltps18.critical`.

Implementation notes
--------------------
The profile is checked against a minimisation over a that does not use the profile formula: the
normal equations M a = N_g a* solved by mpmath's LU at 30 digits, then the loss evaluated there.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: C1, C7, H1, BG4, W1.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from lemmas.dltps18.critical import (SADDLE_TEACHERS, TEACHERS, a_of_phi_weights, alignment_in_g, alignment_of_a_phi,
                                     catalogue_alignment, classified_by_probing, condition_holds, derived_ls,
                                     on_combination, probe_minima, spurious_loss, spurious_weights)
from lemmas.dltps18.gradients import wn_coefficients
from lemmas.dltps18.model import (NOTATION, As, P, deviation_from_profile, g_of, k, loss_value, nw, nws,
                                  phi, profile_loss, ss)
from verify import routes as R
from verify.domain import Domain, Real, sample
from verify.finitediff import gradient as fd_gradient
from verify.numeric import mp_function
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind

LOCATION = "catalogue (derived); the paper's statement was not seen"
s_, r_ = ss**2 / k, As - ss**2 / k


# --- C7: the profile loss ---------------------------------------------------------------------------
def catalogue_profile_derivative(angle_factor=1):
    """L′(φ) = a(φ)ᵀa*(π − φ) sin φ/(2π); a control drops (π − φ)."""
    return alignment_of_a_phi() * (sp.pi - phi) ** angle_factor * sp.sin(phi) / (2 * sp.pi)


def catalogue_profile(across=1):
    """L(φ) as catalogued; a control drops the 1⊥ term's −(g − 1)²/(π − 1)."""
    g = g_of(phi)
    return (s_ * ((k + sp.pi - 1) - (k + g - 1) ** 2 / (k + sp.pi - 1))
            + r_ * ((sp.pi - 1) - across * (g - 1) ** 2 / (sp.pi - 1))) / (4 * sp.pi)


PROFILE_POINTS = Domain(*TEACHERS.variables, Real("phi", 0, np.pi, special=(np.pi / 2,), latex=r"\phi"),
                        assumptions=TEACHERS.assumptions)


def minimised_over_a(pt, dps) -> Estimate:
    """min_a ℓ(v, a) at angle φ: the normal equations M a = N_{g(φ)} a* solved by LU, ℓ there."""
    a_star, p = [mpmath.mpf(x) for x in pt["a_star"]], len(pt["w_star"])
    kk, t = len(a_star), mpmath.mpf(pt["phi"])
    g = (mpmath.pi - t) * mpmath.cos(t) + mpmath.sin(t)
    M = mpmath.ones(kk) + (mpmath.pi - 1) * mpmath.eye(kk)
    a = mpmath.lu_solve(M, (mpmath.ones(kk) + (g - 1) * mpmath.eye(kk)) * mpmath.matrix(a_star))
    ws = [mpmath.mpf(1)] + [mpmath.mpf(0)] * (p - 1)
    v = [mpmath.cos(t), mpmath.sin(t)] + [mpmath.mpf(0)] * (p - 2)
    value = loss_value({"w_star": ws, "a_star": a_star, "w": v, "a": [a[i] for i in range(kk)]}, "both")
    return Estimate(value, float(mpmath.mpf(10) ** (-dps + 3) * (1 + abs(value))))


def profile_derivative_by_differences(pt, dps) -> Estimate:
    """dL/dφ of the derived profile by central differences (the precision ladder bounds the error)."""
    f = _profile_at(profile_loss())
    est = fd_gradient(lambda x: f({**pt, "phi": x[0]}), [float(pt["phi"])], dps=dps)
    return Estimate(est.value[0], est.error)


def _profile_at(expr):
    fn = mp_function((phi, ss, As, k), expr)
    return lambda pt: fn(mpmath.mpf(pt["phi"]), mpmath.fsum(pt["a_star"]),
                         mpmath.fsum(mpmath.mpf(x) ** 2 for x in pt["a_star"]), mpmath.mpf(len(pt["a_star"])))


register(Claim("DLTPS18-C7", LOCATION, "DER", "Profile loss L(φ) = min_a ℓ and L′(φ) = a(φ)ᵀa*(π − φ) sin φ/(2π)",
    statement=(r"L(\phi)=\tfrac1{4\pi}\Big[s\Big(k+\pi-1-\tfrac{(k+g-1)^2}{k+\pi-1}\Big)+r\Big(\pi-1-\tfrac{(g-1)^2}{\pi-1}\Big)\Big],"
               r"\ L'(\phi)=\tfrac1{2\pi}a(\phi)^\top a^*(\pi-\phi)\sin\phi,\ L(0)=0,\ L(\pi)=\ell_s"),
    domain=PROFILE_POINTS, assumptions=(r"a(\phi)=M^{-1}N_{g(\phi)}a^*,\ \lVert w^*\rVert=1",),
    uses=("DLTPS18-L2", "DLTPS18-C3", "DLTPS18-K3"),
    routes=(
        *R.with_controls(catalogue_profile(), (
            R.Symbolic(profile_loss, "symbolic: the minimum of the derived loss over a"),
            R.Agreement(minimised_over_a, sample(4), "ℓ at the LU solution of M a = N_g a* (30 digits)", Kind.EVALUATION,
                        scale=lambda pt: float(np.dot(pt["a_star"], pt["a_star"])))),
            {"no −(g − 1)²/(π − 1)": catalogue_profile(0)}, evaluate=_profile_at),
        R.SymbolicRoute("symbolic: the deviation vanishes at a = a(φ); L(0) = 0; L(π) = ℓ_s",
                        lambda: sp.Matrix([sp.simplify(deviation_from_profile().subs(on_combination(*a_of_phi_weights()))),
                                           sp.simplify(profile_loss().subs(phi, 0)),
                                           sp.simplify(profile_loss().subs(phi, sp.pi) - derived_ls())]), sp.zeros(3, 1)),
        *R.with_controls(catalogue_profile_derivative(), (
            R.Symbolic(lambda: sp.diff(profile_loss(), phi), "symbolic: d/dφ of the derived profile"),
            R.Agreement(profile_derivative_by_differences, sample(4), "mpmath.diff of the profile", Kind.FINITE_DIFFERENCE,
                        12, scale=lambda pt: float(np.dot(pt["a_star"], pt["a_star"])))),
            {"(π − φ) dropped": catalogue_profile_derivative(0)}, evaluate=_profile_at),
    ),
    expressions=(Expression("profile loss", r"L(\phi)", profile_loss, NOTATION),
                 Expression("profile derivative", r"L'(\phi)", lambda: sp.diff(profile_loss(), phi), NOTATION)),
))


# --- C1: the classification ---------------------------------------------------------------------
def interior_roots(a_star, grid=4001):
    """Sign changes of a(φ)ᵀa* on a uniform grid of (0, π): the interior critical angles."""
    kk, S, As_ = len(a_star), float(np.sum(a_star)), float(np.dot(a_star, a_star))
    s, r = S**2 / kk, As_ - S**2 / kk
    t = np.linspace(0, np.pi, grid)[1:-1]
    g = (np.pi - t) * np.cos(t) + np.sin(t)
    f = s * (kk + g - 1) / (kk + np.pi - 1) + r * (g - 1) / (np.pi - 1)
    signs = np.sign(f[f != 0])   # a grid point exactly at the root (φ = π/2 when 1ᵀa* = 0) is skipped
    return int(np.sum(signs[1:] != signs[:-1]))


def classification(negate=False):
    """Property of a teacher: the interior set has one angle iff C5's condition holds (none
    otherwise); a control claims the opposite."""
    def predicate(setting):
        a_star = np.asarray(setting["a_star"], float)
        roots, cond = interior_roots(a_star), condition_holds(a_star)
        expected = int(cond != negate)
        return roots == expected, abs(roots - expected), f"{roots} interior critical angle(s); condition {cond}"
    return predicate


CLASSIFIED = [*SADDLE_TEACHERS, {"name": "a* = 1, k = 4", "a_star": [1.0] * 4},
              {"name": "random, k = 10", "a_star": list(np.random.default_rng(10).standard_normal(10))},
              {"name": "a* ≈ 1, k = 6", "a_star": [1.0, 1.1, 0.9, 1.0, 1.05, 0.95]}]


def perp_norm_factors():
    """‖∇_vℓ‖·‖v‖ = |c_⊥|·‖v‖·‖w*‖ sin φ; its square over (aᵀa*(π − φ) sin φ/(2π))² is 1."""
    perp = wn_coefficients()[1]
    return sp.simplify((perp * nw * nws * sp.sin(phi)) ** 2 / (P * (sp.pi - phi) * nws * sp.sin(phi) / (2 * sp.pi)) ** 2)


register(Claim("DLTPS18-C1", LOCATION, "DER", "Every critical point: φ = 0, a = a*; φ = π, a = a_s; or g(φ) = g*, a = M⁻¹N_{g*}a*",
    statement=(r"\nabla\ell(v,a)=0\iff(\phi=0,a=a^*)\ \lor\ (\phi=\pi,a=a_s)\ \lor\ (g(\phi)=g^*,\ a=M^{-1}N_{g^*}a^*,"
               r"\ a^\top a^*=0)"),
    domain=TEACHERS, assumptions=(r"\lVert w^*\rVert=1,\ a^*\ne0,\ p\ge2",),
    uses=("DLTPS18-G1", "DLTPS18-G2", "DLTPS18-C2", "DLTPS18-C6"),
    routes=(
        R.SymbolicRoute("symbolic: ‖∇_vℓ‖ ∝ |aᵀa*|(π − φ) sin φ, so ∇_v = 0 iff aᵀa* = 0 or φ ∈ {0, π}",
                        perp_norm_factors, 1),
        R.SymbolicRoute("symbolic: ∇_a = 0 gives a(φ) = M⁻¹N_g a*: a(0) = a*, a(π) = a_s",
                        lambda: sp.Matrix([*(w.subs(phi, 0) for w in a_of_phi_weights()),
                                           *(sp.simplify(w.subs(phi, sp.pi) - v) for w, v in zip(a_of_phi_weights(),
                                                                                              spurious_weights()))]),
                        sp.Matrix([0, 1, 0, 0])),
        R.SymbolicRoute("symbolic: a(φ)ᵀa* is increasing in g (coefficient s/(k + π − 1) + r/(π − 1) ≥ 0): one root at most",
                        lambda: sp.simplify(sp.diff(alignment_in_g(sp.Symbol("g")), sp.Symbol("g"))),
                        lambda: s_ / (k + sp.pi - 1) + r_ / (sp.pi - 1)),
        *R.on_settings("interior critical angles counted on a 4001-point grid", Kind.EVALUATION, classification(),
                       CLASSIFIED, {"exists iff the condition fails": classification(negate=True)}),
    ),
))


# --- H1 and BG4 ---------------------------------------------------------------------------------
W1 = ("W1: the spurious local minimiser exists only when π(1ᵀa*)² < (k + π − 1)‖a*‖² (C5). For a* ∝ 1 (k ≥ 2), "
      "for k = 1 and whenever ρ > (k + π − 1)/(πk) it is a saddle: a* = 1, k = 4 gives ℓ − ℓ_s = −1.0e-4 at radius 0.1, "
      "and WN-GD reaches the global minimum in every simulated run. If the paper's theorem has no such hypothesis, "
      "it needs one.")


def spurious_minimum_exists(setting):
    """Property: at the teacher, no perturbation of (−w*, a_s) decreases ℓ (C5's probe), and ℓ_s > 0."""
    a_star = np.asarray(setting["a_star"], float)
    minima = [float(m) for m in probe_minima(a_star)]
    with mpmath.workdps(30):
        ls = float(spurious_loss(a_star))
    ok = min(minima) >= -1e-25 * float(np.dot(a_star, a_star)) and ls > 0
    return ok, max(-min(minima), 0.0), f"{setting['name']}: ℓ_s = {ls:.4f} > 0 = ℓ(w*, a*); smallest ℓ − ℓ_s {min(minima):.1e}"


register(Claim("DLTPS18-H1", "abstract", "SRC", "With Gaussian input the population loss has a spurious local minimiser",
    statement=r"\exists\ \text{a local minimiser of }\ell\ \text{that is not global (for the teachers of C5)}",
    domain=TEACHERS, assumptions=(r"Z_j\overset{iid}\sim\mathcal N(0,I_p)",), uses=("DLTPS18-C3", "DLTPS18-C5"),
    caveat=W1,
    routes=(
        *R.on_settings("the spurious point of a teacher with 1ᵀa* = 0 probed at radii 1e-1 … 1e-3", Kind.EVALUATION,
                       spurious_minimum_exists, [{"name": "a* = (1, −1, 0)", "a_star": [1.0, -1.0, 0.0]},
                                                 {"name": "a* = e₁, k = 3", "a_star": [1.0, 0.0, 0.0]}],
                       {"every teacher (a* = 1, k = 4)": [{"name": "a* = 1, k = 4", "a_star": [1.0] * 4}]}),
    ),
))

register(Claim("DLTPS18-BG4", LOCATION, "DER", "For B&G's teacher a* ∝ 1 (k ≥ 2) the point (−w*, a_s) is a saddle",
    statement=(r"a^*=c\mathbf 1,\ k\ge2:\ \pi(\mathbf 1^\top a^*)^2=\pi c^2k^2>(k+\pi-1)c^2k=(k+\pi-1)\lVert a^*\rVert^2"
               r"\ \Rightarrow\ (-w^*,a_s)\ \text{is a saddle}"),
    domain=TEACHERS, assumptions=(r"\text{trainable } a;\ a^*=c\mathbf 1",), uses=("DLTPS18-C5", "BG17-P5.1.2c"),
    routes=(
        R.SymbolicRoute("symbolic: a_sᵀa* at a* = c1 is c²k(k − 1)/(k + π − 1) > 0 for k ≥ 2",
                        lambda: sp.factor(catalogue_alignment().subs({ss: sp.Symbol("c") * k, As: sp.Symbol("c") ** 2 * k})),
                        lambda: sp.Symbol("c") ** 2 * k * (k - 1) / (k + sp.pi - 1)),
        *R.on_settings("probing: a decrease ∝ radius³ at a* = 1/2 · 1 (k = 4) and a* = 1 (k = 2)", Kind.EVALUATION,
                       classified_by_probing(), [{"name": "a* = 1/2, k = 4", "a_star": [0.5] * 4},
                                                 {"name": "a* = 1, k = 2", "a_star": [1.0, 1.0]}],
                       {"a local minimum (the no-overlap intuition)": classified_by_probing(lambda a: True)}),
    ),
))

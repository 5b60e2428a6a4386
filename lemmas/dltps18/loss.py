r"""DLTPS18 — claims on the kernel facts, the loss and its relation to Brutzkus & Globerson.

Main statements
---------------
``DLTPS18-K1``–``K4``, ``-L1``–``L5``, ``-BG1``, ``-BG2`` (derivations in :mod:`lemmas.dltps18.model`).

Notation
--------
As in :mod:`lemmas.dltps18.model`.

Implementation notes
--------------------
Every closed form is the catalogue's (tier ``DER``: the paper's displays were not seen) and is
compared with the derivation by SymPy, with 30-digit quadrature of the defining expectation pair by
pair, and with Monte Carlo of the network over Z. BG2 imports BG17's Eq. 8 through its public
functions (:func:`lemmas.bg17.s3_risk.no_overlap_risk`), never a copy.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: K1–K4, L1–L5, BG1, BG2.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3 import MC_UV, block_row  # MC_UV: angles where Monte Carlo has power
from lemmas.bg17.s3_risk import TO_W, no_overlap_risk, no_overlap_risk_value
from lemmas.common.kernels import NOTATION as KERNEL_NOTATION, a as nu, b as nv, kernel, kernel_from_gaussian_integral, theta
from lemmas.dltps18.model import (CNN, NOTATION, UNIT_TEACHER, As, P, aa, at_point, catalogue_l1, catalogue_l2,
                                  catalogue_l3, derived_loss, deviation_from_profile, expansion_gap, g_of, k,
                                  loss_value, network_loss_monte_carlo, nw, nws, pair_value,
                                  pairwise_quadrature_loss, phi, profile_loss, relu_mean, relu_second_moment,
                                  sa, ss, KS, _loss_scale)
from verify import gaussian as G
from verify import routes as R
from verify.domain import Domain, Integer, Vector, sample
from verify.montecarlo import gaussian_monte_carlo
from verify.obligations import Bound, Obligation
from verify.quadrature import Estimate, gaussian_expectation
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.symbols import evaluator_at, norm as norm_of
from verify.vectors import mp_vector, norm

LOCATION = "catalogue (derived); the paper's display was not seen"

# --- K1, K2: one-call claims of the Gaussian-expectation language ------------------------------
u, v = G.Vector("u", nonzero=True), G.Vector("v", nonzero=True)
second_moment = G.claim("DLTPS18-K1b", G.E(G.relu(u @ G.x) ** 2) == G.norm(u) ** 2 / 2, register=False, tier="DER",
                        derivation=lambda: relu_second_moment().subs(nu, G.norm(u)),
                        controls={"‖u‖²/π for ‖u‖²/2": G.norm(u) ** 2 / G.pi})
for route in second_moment.routes:
    route.name = "second moment: " + route.name
G.claim("DLTPS18-K1", G.E(G.relu(u @ G.x)) == G.norm(u) / G.sqrt(2 * G.pi), tier="DER", location=LOCATION,
        title="Gaussian ReLU moments: E σ(uᵀz) = ‖u‖/√(2π), E σ(uᵀz)² = ‖u‖²/2",
        derivation=lambda: relu_mean().subs(nu, G.norm(u)), controls={"√π for √(2π)": G.norm(u) / G.sqrt(G.pi)},
        assumptions=(r"\mathbb E\,\sigma(u^\top z)^2=\lVert u\rVert^2/2\ \text{(second-moment routes)}",),
        routes=second_moment.routes)

G.claim("DLTPS18-K2", G.E(G.relu(u @ G.x) * G.relu(v @ G.x))
        == G.norm(u) * G.norm(v) / (2 * G.pi) * g_of(G.angle(u, v)), tier="DER", location=LOCATION,
        title="Same-patch kernel: E σ(uᵀz)σ(vᵀz) = ‖u‖‖v‖ g(θ)/(2π) (B&G Lemma 3.1)",
        derivation=lambda: kernel_from_gaussian_integral().subs({nu: G.norm(u), nv: G.norm(v), theta: G.angle(u, v)}),
        controls={"π for π − θ": G.norm(u) * G.norm(v) / (2 * G.pi)
                  * (G.pi * G.cos(G.angle(u, v)) + G.sin(G.angle(u, v)))},
        uses=("BG17-L3.1",), points={"monte-carlo": MC_UV.sample(3)})


# --- K3: the angular factor g ----------------------------------------------------------------------
delta, c_ = sp.Symbol("delta", positive=True), sp.Symbol("c", real=True)
t_ = sp.Symbol("t", nonnegative=True)        # φ = π t, t ∈ [0, 1]


def g_facts(cubic=sp.Rational(1, 3)):
    """[g(0), g(π/2), g(π), g' + (π − φ) sin φ, the expansions at π and at 0, dg/dc − (π − arccos c)]
    as catalogued; a control changes the cubic coefficient at π."""
    g = g_of(phi)
    return sp.Matrix([g.subs(phi, 0), g.subs(phi, sp.pi / 2), g.subs(phi, sp.pi),
                      sp.diff(g, phi) + (sp.pi - phi) * sp.sin(phi),
                      sp.series(g.subs(phi, sp.pi - delta), delta, 0, 7).removeO() - (cubic * delta**3 - delta**5 / 30),
                      sp.series(g, phi, 0, 4).removeO() - (sp.pi - sp.pi / 2 * phi**2 + phi**3 / 3),
                      sp.diff(g_of(sp.acos(c_)), c_) - (sp.pi - sp.acos(c_))])


def g_obligations(floor=0):
    """−g'(πt) = (π − πt) sin(πt) ≥ 0 and g(πt) ≥ floor on t ∈ [0, 1]; a control claims floor 1/100."""
    g = g_of(sp.pi * t_)
    return [Obligation("−g′(φ) = (π − φ) sin φ ≥ 0", (sp.pi - sp.pi * t_) * sp.sin(sp.pi * t_), (Bound(t_, 0, 1),),
                       reduction="φ = πt, t ∈ [0, 1]"),
            Obligation(f"g(φ) ≥ {floor}", g - floor, (Bound(t_, 0, 1),), reduction="φ = πt, t ∈ [0, 1]")]


register(Claim("DLTPS18-K3", LOCATION, "DER", "g on [0, π]: g(0) = π, g(π/2) = 1, g(π) = 0, g′ = −(π − φ) sin φ ≤ 0",
    statement=(r"g(0)=\pi,\ g(\tfrac\pi2)=1,\ g(\pi)=0,\ g'(\phi)=-(\pi-\phi)\sin\phi\le0,\ 0\le g\le\pi;\ "
               r"g(\pi-\delta)=\tfrac{\delta^3}3-\tfrac{\delta^5}{30}+O(\delta^7),\ "
               r"g(\phi)=\pi-\tfrac\pi2\phi^2+\tfrac13\phi^3+O(\phi^4),\ \tfrac{dg}{d\cos\phi}=\pi-\phi"),
    assumptions=(r"\phi\in[0,\pi]",),
    routes=(
        R.SymbolicRoute("symbolic: values, derivative, expansions, dg/dc", g_facts,
                        sp.Matrix([sp.pi, 1, 0, 0, 0, 0, 0])),
        R.SymbolicRoute("symbolic control (δ³/6 at π)", lambda: g_facts(sp.Rational(1, 6)),
                        sp.Matrix([sp.pi, 1, 0, 0, 0, 0, 0]), role=Role.CONTROL),
        R.CertifiedRoute("certified: g′ ≤ 0 and g ≥ 0 on [0, π]", g_obligations),
        R.CertifiedRoute("certified control (g ≥ 1/100)", lambda: g_obligations(sp.Rational(1, 100)),
                         role=Role.CONTROL),
    ),
    expressions=(Expression("g", r"g(\phi)", g_of(phi), NOTATION),
                 Expression("derivative of g", r"g'(\phi)", lambda: sp.simplify(sp.diff(g_of(phi), phi)), NOTATION)),
))


# --- K4: the cross-patch term ----------------------------------------------------------------------
PAIR = Domain(Vector("u", dim="p", nonzero=True, max_dim=6, norms=(1e-2, 1e2)),
              Vector("v", dim="p", nonzero=True, max_dim=6, norms=(1e-2, 1e2)),
              assumptions=(r"Z_1, Z_2\overset{iid}{\sim}\mathcal N(0,I_p)",))
ON_PAIR = {nu: norm_of(PAIR.variables[0]), nv: norm_of(PAIR.variables[1])}


def _two_patches(pt):
    return block_row(pt["u"], 1, 2), block_row(pt["v"], 2, 2)


def _cross_quadrature(pt, dps):
    return gaussian_expectation(lambda s, t: max(s, 0) * max(t, 0), [mp_vector(x) for x in _two_patches(pt)],
                                dps=dps, degree=2)


def _cross_monte_carlo(pt, n, rng):
    return gaussian_monte_carlo(lambda q: np.maximum(q[0], 0) * np.maximum(q[1], 0), list(_two_patches(pt)),
                                n=n, rng=rng, full_dimension=True)


def hidden_gram(kk: int) -> sp.Matrix:
    """E[σ(wᵀZ_i)σ(wᵀZ_j)] for ‖w‖ = 1, i, j = 1..kk, from the pair values."""
    return sp.Matrix(kk, kk, lambda i, j: pair_value(i == j, 1, 1, 0))


register(Claim("DLTPS18-K4", LOCATION, "DER", "Cross-patch term E σ(uᵀZ_i)σ(vᵀZ_j) = ‖u‖‖v‖/(2π) (i ≠ j); Gram M/(2π)",
    statement=(r"i\ne j:\ \mathbb E[\sigma(u^\top Z_i)\sigma(v^\top Z_j)]=\frac{\lVert u\rVert\lVert v\rVert}{2\pi}"
               r"=g_{BG}(u,v)\big|_{\theta=\pi/2};\ \big(\mathbb E\sigma(w^\top Z_i)\sigma(w^\top Z_j)\big)_{ij}"
               r"=\tfrac{M}{2\pi}\ (\lVert w\rVert=1)"),
    domain=PAIR, assumptions=(r"M=\mathbf 1\mathbf 1^\top+(\pi-1)I_k",), uses=("DLTPS18-K1", "DLTPS18-K2"),
    routes=(
        R.SymbolicRoute("symbolic: product of K1's means = the kernel at θ = π/2",
                        lambda: pair_value(False, nu, nv, 0), lambda: kernel_from_gaussian_integral().subs(theta, sp.pi / 2)),
        R.SymbolicRoute("symbolic: hidden Gram matrix = M/(2π) for k = 1..5",
                        lambda: sp.Matrix([sum(x**2 for x in hidden_gram(kk) - (sp.ones(kk) + (sp.pi - 1) * sp.eye(kk))
                                               / (2 * sp.pi)) for kk in KS]), sp.zeros(5, 1)),
        *R.with_controls(nu * nv / (2 * sp.pi), (
            R.Agreement(_cross_quadrature, sample(4), "quadrature of the two-patch expectation",
                        scale=lambda pt: float(norm(pt["u"]) * norm(pt["v"]))),
            R.MonteCarlo(_cross_monte_carlo, sample(3))), {"1/π for 1/(2π)": nu * nv / sp.pi},
            evaluate=evaluator_at(ON_PAIR)),
    ),
    expressions=(Expression("cross-patch term", r"\mathbb E[\sigma(u^\top Z_i)\sigma(v^\top Z_j)]",
                            lambda: pair_value(False, nu, nv, 0), KERNEL_NOTATION),),
))


# --- L1, L2, L3: the loss ------------------------------------------------------------------------
def loss_checks(derivation, normalise=False, points=5):
    """The loss's routes: SymPy against the derivation, pairwise quadrature, Monte Carlo of the network."""
    return (R.Symbolic(derivation, "symbolic: derived by expanding the square = catalogued"),
            R.Agreement(lambda pt, dps: pairwise_quadrature_loss(pt, dps, normalise), sample(points),
                        "quadrature of each pair's defining expectation", scale=_loss_scale),
            R.MonteCarlo(lambda pt, n, rng: network_loss_monte_carlo(pt, n, rng, normalise), sample(3),
                         "Monte Carlo of the network over Z"))


LOSS_CONTROLS = {"π for π − 1 in M": {"diag": sp.pi}, "g for g − 1": {"g_shift": 0},
                 "no cross-patch term": {"cross": 0}}
L1_TEX = (r"\ell(w,a)=\frac1{4\pi}\Big[\lVert w\rVert^2a^\top Ma-2\lVert w\rVert\lVert w^*\rVert\big((g(\phi)-1)"
          r"a^\top a^*+(\mathbf 1^\top a)(\mathbf 1^\top a^*)\big)+\lVert w^*\rVert^2a^{*\top}Ma^*\Big]")

register(Claim("DLTPS18-L1", LOCATION, "DER", "Closed-form population loss without normalisation",
    statement=L1_TEX, domain=CNN, assumptions=(r"\phi=\angle(w,w^*)",), uses=("DLTPS18-K1", "DLTPS18-K2", "DLTPS18-K4"),
    routes=(
        R.SymbolicRoute("symbolic: the square expanded monomial by monomial, k = 1..5 = the symbolic-k form",
                        lambda: sp.Matrix([expansion_gap(kk) for kk in KS]), sp.zeros(5, 1)),
        *R.with_controls(catalogue_l1(), loss_checks(derived_loss),
                         {label: catalogue_l1(**c) for label, c in LOSS_CONTROLS.items()}, evaluate=at_point),
    ),
    expressions=(Expression("loss", r"\ell(w,a)", derived_loss, NOTATION),),
))

register(Claim("DLTPS18-L2", LOCATION, "DER", "Closed-form loss with weight normalisation w = v/‖v‖",
    statement=(r"\ell(v,a)=\tfrac12\Big[\tfrac{\pi-1}{2\pi}\lVert w^*\rVert^2\lVert a^*\rVert^2+\tfrac1{2\pi}\lVert w^*\rVert^2"
               r"(\mathbf 1^\top a^*)^2+\tfrac{\pi-1}{2\pi}\lVert a\rVert^2+\tfrac1{2\pi}(\mathbf 1^\top a)^2\Big]"
               r"-\tfrac{\lVert w^*\rVert}{2\pi}\Big[(g(\phi)-1)a^\top a^*+(\mathbf 1^\top a)(\mathbf 1^\top a^*)\Big]"),
    domain=CNN, assumptions=(r"w = v/\lVert v\rVert\ (\text{the domain's } w \text{ plays } v)",), uses=("DLTPS18-L1",),
    routes=R.with_controls(catalogue_l2(), loss_checks(lambda: derived_loss().subs(nw, 1), normalise=True),
                           {label: catalogue_l2(**c) for label, c in LOSS_CONTROLS.items()},
                           evaluate=lambda e: at_point(e, normalise=True)),
    expressions=(Expression("normalised loss", r"\ell(v,a)", lambda: derived_loss().subs(nw, 1), NOTATION),),
))

register(Claim("DLTPS18-L3", LOCATION, "DER", "The loss centred at the teacher (‖w*‖ = 1)",
    statement=r"\ell(v,a)=\tfrac1{4\pi}\big[(a-a^*)^\top M(a-a^*)+2(\pi-g(\phi))\,a^\top a^*\big]",
    domain=UNIT_TEACHER, assumptions=(r"\lVert w^*\rVert=1,\ w=v/\lVert v\rVert",), uses=("DLTPS18-L2",),
    routes=R.with_controls(catalogue_l3(), loss_checks(lambda: derived_loss().subs({nw: 1, nws: 1}), "both", 3),
                           {"π + g for π − g": catalogue_l3(-1)}, evaluate=lambda e: at_point(e, normalise=True)),
    expressions=(Expression("loss at unit norms", r"\ell(v,a)", lambda: derived_loss().subs({nw: 1, nws: 1}), NOTATION),),
))


# --- L4: ℓ ≥ 0 and its zero set -----------------------------------------------------------------
kappa, gv = sp.Symbol("kappa", nonnegative=True), sp.Symbol("g", nonnegative=True)


def profile_obligations(across=sp.pi - 1):
    """The profile's two eigen-coefficients are ≥ 0 for g ∈ [0, π] (K3) and every k ≥ 1, with
    κ = 1/k ∈ [0, 1] and g = πt: (1 + (π − 1)κ)² − (1 + (g − 1)κ)² and across² − (g − 1)²."""
    g = sp.pi * t_
    box = (Bound(t_, 0, 1),)
    return [Obligation("(k + π − 1)² − (k + g − 1)² ≥ 0", (1 + (sp.pi - 1) * kappa) ** 2 - (1 + (g - 1) * kappa) ** 2,
                       (*box, Bound(kappa, 0, 1)), reduction="divided by k², κ = 1/k; g = πt ∈ [0, π] by K3"),
            Obligation(f"({across})² − (g − 1)² ≥ 0", across**2 - (g - 1) ** 2, box, reduction="g = πt ∈ [0, π] by K3")]


def loss_sign(strict=False):
    """Property at 30 digits: ℓ ≥ 0 (to 1e-25 of the loss's scale). A control claims ℓ > 0 strictly,
    which the point placed at the teacher (w = w*, a = a*) refutes: the zero set is not empty."""
    def predicate(pt):
        with mpmath.workdps(30):
            value, scale = loss_value(pt), _loss_scale(pt)
        floor = 1e-20 * scale if strict else -1e-25 * scale
        ok = value > floor if strict else value >= floor
        return ok, float(max(floor - value, 0)), f"ℓ = {mpmath.nstr(value, 6)} (scale {scale:.3g})"
    return predicate


def at_the_teacher(points, rng):
    return [{**points[0], "w": points[0]["w_star"], "a": points[0]["a_star"]}]


register(Claim("DLTPS18-L4", LOCATION, "DER", "ℓ ≥ 0, and ℓ = 0 iff φ = 0 and a = a* (a* ≠ 0)",
    statement=(r"\ell\ge0;\ a^*\ne0\Rightarrow\big(\ell(v,a)=0\iff\phi=0,\ a=a^*\big);\quad"
               r"\ell=L(\phi)+\tfrac1{4\pi}(a-a(\phi))^\top M(a-a(\phi)),\ a(\phi)=M^{-1}N_{g(\phi)}a^*"),
    domain=UNIT_TEACHER, assumptions=(r"\lVert w\rVert=\lVert w^*\rVert=1\ (\text{general norms by L5})",),
    uses=("DLTPS18-L3", "DLTPS18-K3", "DLTPS18-C7"),
    routes=(
        R.SymbolicRoute("symbolic: ℓ = profile L(φ) + deviation quadratic",
                        lambda: derived_loss().subs({nw: 1, nws: 1}), lambda: profile_loss() + deviation_from_profile()),
        R.SymbolicRoute("symbolic: both profile coefficients carry the factor π − g (zero only at φ = 0)",
                        lambda: sp.Matrix([sp.factor((k + sp.pi - 1) ** 2 - (k + gv - 1) ** 2),
                                           sp.factor((sp.pi - 1) ** 2 - (gv - 1) ** 2)]),
                        lambda: sp.Matrix([(sp.pi - gv) * (2 * k + sp.pi + gv - 2), (sp.pi - gv) * (sp.pi + gv - 2)])),
        R.CertifiedRoute("certified: the profile's coefficients are ≥ 0 on g ∈ [0, π], all k ≥ 1", profile_obligations),
        R.CertifiedRoute("certified control ((π − 2)² for (π − 1)²)", lambda: profile_obligations(sp.pi - 2),
                         role=Role.CONTROL),
        *R.on_settings("30-digit ℓ ≥ 0 at drawn points and at the teacher", Kind.EVALUATION, loss_sign(),
                       sample(30, also=at_the_teacher), {"ℓ > 0 everywhere": loss_sign(strict=True)}),
    ),
))


# --- L5: invariances ------------------------------------------------------------------------------
SCALE = 2.0   # a power of two: c w and a/c are exact in floats
INPUT_ROUNDING = 1e-12
"""Closed-form invariance tolerance: the moved point is rounded to float64 (Qw carries ~p·2⁻⁵³
relative error), which moves ℓ by ≲ p·2⁻⁵³·‖∇ℓ‖·‖w‖ ≈ 1e-15 of the scale; 1e-12 leaves room and is
still 11 orders below what the control changes."""


def _rotation_fixing(ws, seed):
    """A rotation of ℝ^p fixing w*: the product of two reflections across hyperplanes containing w*."""
    rng, w_hat = np.random.default_rng(seed), ws / np.linalg.norm(ws)
    Q = np.eye(len(ws))
    for _ in range(2):
        h = rng.standard_normal(len(ws))
        h -= (h @ w_hat) * w_hat
        h /= np.linalg.norm(h)
        Q = (np.eye(len(ws)) - 2 * np.outer(h, h)) @ Q
    return Q


def transformations(pt, rescale_a=True):
    """The catalogue's symmetries as maps of the point; a control rescales w without a/c."""
    ws, a_, ast = (np.asarray(pt[n], float) for n in ("w_star", "a", "a_star"))
    perm = np.random.default_rng(len(a_)).permutation(len(a_))
    return {"(c w, a/c)": {**pt, "w": SCALE * np.asarray(pt["w"]), "a": a_ / SCALE if rescale_a else a_},
            "rotation fixing w*": {**pt, "w": _rotation_fixing(ws, len(ws)) @ np.asarray(pt["w"])},
            "common permutation of a, a*": {**pt, "a": a_[perm], "a_star": ast[perm]},
            "(−a, −a*)": {**pt, "a": -a_, "a_star": -ast}}


def invariance_of_closed_form(rescale_a=True):
    """Property at 30 digits: ℓ(T(point)) = ℓ(point) for every symmetry T (to INPUT_ROUNDING of the scale)."""
    def predicate(pt):
        with mpmath.workdps(30):
            base, scale = loss_value(pt), _loss_scale(pt)
            gaps = {name: float(abs(loss_value(q) - base) / scale) for name, q in transformations(pt, rescale_a).items()}
        name = max(gaps, key=gaps.get)
        return R.at_most(gaps[name], INPUT_ROUNDING, f"largest relative change {gaps[name]:.1e} under {name}")
    return predicate


def network_outputs(Z, w, a):
    """f(Z, w, a) for a batch Z of shape (n, k, p)."""
    return np.maximum(Z @ w, 0) @ a


def invariance_per_sample(rescale_a=True):
    """Property of the definition, per sample of Z (2000 draws): the squared network difference at
    T(point) equals that at the point for the correspondingly moved Z (ZQ for a rotation Q,
    patches permuted back for a permutation), and each moved Z has the law of Z. Float64 inputs:
    1e-10 of the scale."""
    def predicate(pt):
        w, ws, a_, ast = (np.asarray(pt[n], float) for n in ("w", "w_star", "a", "a_star"))
        kk, p = len(a_), len(w)
        Z = np.random.default_rng([kk, p]).standard_normal((2000, kk, p))
        inverse = np.argsort(np.random.default_rng(kk).permutation(kk))
        moved_Z = {"(c w, a/c)": Z, "rotation fixing w*": Z @ _rotation_fixing(ws, p),
                   "common permutation of a, a*": Z[:, inverse], "(−a, −a*)": Z}

        def sq(Zb, q):
            return (network_outputs(Zb, np.asarray(q["w"]), np.asarray(q["a"]))
                    - network_outputs(Zb, ws, np.asarray(q["a_star"]))) ** 2
        scale = _loss_scale(pt)
        gaps = {name: float(np.abs(sq(Z, q) - sq(moved_Z[name], pt)).max() / scale)
                for name, q in transformations(pt, rescale_a).items()}
        name = max(gaps, key=gaps.get)
        return R.at_most(gaps[name], 1e-10, f"largest per-sample change {gaps[name]:.1e} under {name}")
    return predicate


register(Claim("DLTPS18-L5", LOCATION, "DER", "Invariances: ℓ(cv, a) = ℓ(v, a); ℓ(cw, a/c) = ℓ(w, a); rotations fixing w*, permutations, sign",
    statement=(r"\ell(cv,a)=\ell(v,a),\ \ell(cw,a/c)=\ell(w,a)\ (c>0);\ \ell(Qw,a)=\ell(w,a)\ (Qw^*=w^*);\ "
               r"\ell\ \text{invariant under a common permutation of } a,a^* \text{ and under } (a,a^*)\mapsto(-a,-a^*)"),
    domain=CNN, assumptions=(r"c>0,\ Q\in O(p)\ \text{with}\ Qw^*=w^*",), uses=("DLTPS18-L1",),
    routes=(
        R.SymbolicRoute("symbolic: the normalised loss has no ‖v‖ (scale invariance)",
                        lambda: sp.Integer(int(nw in derived_loss().subs(nw, 1).free_symbols)), 0),
        *R.on_settings("closed form at 30 digits under each symmetry", Kind.EVALUATION, invariance_of_closed_form(),
                       sample(8), {"(c w, a) without a/c": invariance_of_closed_form(False)}),
        *R.on_settings("the network per sample of Z under each symmetry", Kind.PROPERTY, invariance_per_sample(),
                       sample(8), {"(c w, a) without a/c, per sample": invariance_per_sample(False)}),
    ),
))


# --- BG1, BG2: Brutzkus & Globerson ---------------------------------------------------------------
def bg_double_sum(pt, dps) -> Estimate:
    """½ Σ_ij [a_i a_j g(W_i, W_j) − 2 a_i a*_j g(W_i, W*_j) + a*_i a*_j g(W*_i, W*_j)] with B&G's
    kernel g (:func:`lemmas.common.kernels.kernel`) on the block rows W_i of the filter (B&G Eq. 7
    with output weights)."""
    kk = len(pt["a"])
    W = [mp_vector(block_row(pt["w"], i, kk)) for i in range(1, kk + 1)]
    Ws = [mp_vector(block_row(pt["w_star"], i, kk)) for i in range(1, kk + 1)]
    a_, ast = mp_vector(pt["a"]), mp_vector(pt["a_star"])
    value = sum(a_[i] * a_[j] * kernel(W[i], W[j]) - 2 * a_[i] * ast[j] * kernel(W[i], Ws[j])
                + ast[i] * ast[j] * kernel(Ws[i], Ws[j]) for i in range(kk) for j in range(kk)) / 2
    return Estimate(value, float(mpmath.mpf(10) ** (-dps + 3) * _loss_scale(pt)))


def bg_cross_value(n1, n2):
    return kernel_from_gaussian_integral().subs({nu: n1, nv: n2, theta: sp.pi / 2})


register(Claim("DLTPS18-BG1", LOCATION, "DER", "The loss is B&G's double sum of kernels, with g at θ = π/2 across patches",
    statement=(r"\ell=\tfrac12\sum_{i,j}\big[a_ia_jG_{ij}(w,w)-2a_ia^*_jG_{ij}(w,w^*)+a^*_ia^*_jG_{ij}(w^*,w^*)\big],\ "
               r"G_{ii}=g_{BG},\ G_{i\ne j}=g_{BG}\big|_{\theta=\pi/2}=\tfrac{\lVert u\rVert\lVert v\rVert}{2\pi}"),
    domain=CNN, uses=("DLTPS18-L1", "DLTPS18-K4", "BG17-L3.1", "BG17-Eq7"),
    routes=(
        R.SymbolicRoute("symbolic: the loss with B&G's kernel at π/2 across patches = the derived loss",
                        lambda: derived_loss(bg_cross_value), derived_loss),
        *R.with_controls(derived_loss(), (
            R.Agreement(bg_double_sum, sample(5), "B&G's kernel on the block rows, summed (30 digits)",
                        Kind.EVALUATION, scale=_loss_scale),),
            {"G_ij = 0 across patches": derived_loss(lambda n1, n2: 0)}, evaluate=at_point),
    ),
))

BG_TEACHER = Domain(Vector("w_star", dim="m", nonzero=True, max_dim=5, norms=(0.2, 2), latex="w^*"),
                    Vector("w", dim="m", nonzero=True, max_dim=5, norms=(0.05, 5), angle_to="w_star"),
                    Integer("k", min_value=1, draw_max=7))


def bg_special_case(factor=2):
    """factor · ℓ(w, 1/k; w*, 1/k) in B&G's symbols (‖w‖, ‖w*‖, θ, k); B&G's Eq. 8 is factor 2."""
    return factor * derived_loss().subs({aa: 1 / k, sa: 1, P: 1 / k, ss: 1, As: 1 / k}).subs(
        {nw: nu, nws: nv, phi: theta})


def _bg17_eq8(pt, dps):
    value = no_overlap_risk_value(pt["w"], pt["w_star"], pt["k"])
    return Estimate(value, float(mpmath.mpf(10) ** (-dps + 3) * (1 + abs(value))))


register(Claim("DLTPS18-BG2", LOCATION, "DER", "B&G's Eq. 8 is 2 ℓ(w, 1/k) with the teacher a* = 1/k",
    statement=(r"\ell_{BG}(w)=\tfrac1{k^2}\big[\gamma\lVert w\rVert^2-2k\,g_{BG}(w,w^*)-2\beta\lVert w\rVert\lVert w^*\rVert\big]"
               r"+\tfrac{\gamma}{k^2}\lVert w^*\rVert^2=2\,\ell\big(w,\tfrac1k\mathbf 1\big)\big|_{a^*=\frac1k\mathbf 1}"),
    domain=BG_TEACHER, assumptions=(r"\beta=\tfrac{k^2-k}{2\pi},\ \gamma=\beta+\tfrac k2",), uses=("DLTPS18-L1", "BG17-Eq8"),
    routes=R.with_controls(bg_special_case(), (
        R.Symbolic(lambda: no_overlap_risk(), "symbolic: BG17's derived Eq. 8 (its public function) = 2ℓ"),
        R.Agreement(_bg17_eq8, sample(5), "BG17's Eq. 8 evaluated (30 digits)", Kind.EVALUATION)),
        {"ℓ for 2ℓ": bg_special_case(1)}, evaluate=evaluator_at(TO_W)),
    expressions=(Expression("B&G's risk as 2ℓ", r"\ell_{BG}(w)", bg_special_case, KERNEL_NOTATION),),
))

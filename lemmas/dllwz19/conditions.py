r"""DLLWZ19 §3 — the activation conditions for softplus, the normalisation :math:`c_\sigma`, and the
patch operator.

Main statements
---------------
* ``DLLWZ19-C3.1a`` softplus meets Condition 3.1 with c = 1: :math:`|\sigma(0)|=\log2\le1`,
  :math:`\sigma'=\mathrm{sigmoid}\in(0,1)`, :math:`|\sigma''|\le\tfrac14`.
* ``DLLWZ19-X2`` the tight smoothness constant is :math:`\sup|\sigma''|=\sigma''(0)=\tfrac14`; the
  paper's 1 is valid but loose.
* ``DLLWZ19-C3.2a`` softplus is analytic on ℝ (nearest complex singularities ±iπ) and not a polynomial.
* ``DLLWZ19-N1`` :math:`c_\sigma=(\mathbb E\sigma(z)^2)^{-1}` makes every FC layer norm-preserving in the
  limit (:math:`K^{(h)}_{ii}=1`, h < H, unit inputs); the table of :math:`c_\sigma`.
* ``DLLWZ19-N2`` :math:`\|x\|_F\le\|\phi(x)\|_F\le\sqrt q\|x\|_F`: column l appears in
  :math:`c_l\in[1,q]` patches, so :math:`\|\phi(x)\|_F^2=\sum_lc_l\|x_{:l}\|^2`.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from lemmas.dllwz19.common import seed_of, unit_rows
from lemmas.dllwz19.kernels import c_sigma, fc_kernels
from lemmas.dllwz19.network import Net, forward, init, patches
from verify import routes as R
from verify.activations import ACTIVATIONS, hermite_series, mean, mean_square
from verify.domain import Domain, Integer, Real, sample
from verify.obligations import Bound, Obligation
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role

z = sp.Symbol("z", real=True)
s_ = sp.Symbol("s", positive=True)
SOFTPLUS = sp.log(1 + sp.exp(z))
PAIRS = Domain(Real("z", -40, 40, latex="z"), Real("zp", -40, 40, latex="z'"))


def softplus_derivatives():
    """(σ′, σ″) of softplus, and both written in s = sigmoid(z)."""
    d1, d2 = sp.diff(SOFTPLUS, z), sp.diff(SOFTPLUS, z, 2)
    return d1, d2


def second_derivative_in_s():
    """σ″ = s(1 − s) with s = σ′ = e^z/(1 + e^z): substitute e^z = s/(1 − s)."""
    return sp.simplify(softplus_derivatives()[1].subs(sp.exp(z), s_ / (1 - s_)))


def smoothness_obligations(bound=sp.Rational(1, 4)):
    """bound − σ″ ≥ 0 for every z ⇔ bound − s(1 − s) ≥ 0 on s ∈ [0, 1] (s = σ′(z) covers (0, 1))."""
    return [Obligation("bound − s(1 − s) ≥ 0", bound - second_derivative_in_s(), (Bound(s_, 0, 1),),
                       reduction="s = σ′(z) = e^z/(1 + e^z) maps ℝ onto (0, 1); σ″ = s(1 − s) (SymPy)")]


def lipschitz(c_value=1.0, c_smooth=0.25):
    """|σ(z) − σ(z′)| ≤ c|z − z′| and |σ′(z) − σ′(z′)| ≤ c_smooth|z − z′| at 30 digits."""
    sp_mp, dsp_mp = ACTIVATIONS["softplus"].mp, ACTIVATIONS["softplus"].mp_prime

    def predicate(pt):
        with mpmath.workdps(30):
            a, b = mpmath.mpf(pt["z"]), mpmath.mpf(pt["zp"])
            if a == b:
                return True, 0.0, "z = z′"
            r1 = abs(sp_mp(a) - sp_mp(b)) / abs(a - b)
            r2 = abs(dsp_mp(a) - dsp_mp(b)) / abs(a - b)
            worst = max(float(r1 - c_value), float(r2 - c_smooth))
            return worst <= 1e-25, -worst, f"difference quotients {float(r1):.6f} (σ), {float(r2):.6f} (σ′)"
    return predicate


register(Claim("DLLWZ19-C3.1a", "§3, remark after Condition 3.1", "SRC",
    "Softplus satisfies Condition 3.1 with c = 1 (Lipschitz and smoothness constants 1)",
    statement=(r"\sigma(z)=\log(1+e^z):\ |\sigma(0)|\le1,\ |\sigma(z)-\sigma(z')|\le|z-z'|,\ "
               r"|\sigma'(z)-\sigma'(z')|\le|z-z'|"),
    domain=PAIRS, assumptions=(r"z,z'\in\mathbb R",),
    routes=(
        R.SymbolicRoute("symbolic: σ′ = e^z/(1 + e^z)", lambda: softplus_derivatives()[0], sp.exp(z) / (1 + sp.exp(z))),
        R.SymbolicRoute("symbolic: σ″ = s(1 − s) in s = σ′", second_derivative_in_s, s_ * (1 - s_)),
        R.SymbolicRoute("symbolic: 1/4 − s(1 − s) = (1 − 2s)²/4", lambda: sp.Rational(1, 4) - second_derivative_in_s(),
                        (1 - 2 * s_) ** 2 / 4),
        R.CertifiedRoute("certified: σ″ ≤ 1/4 ≤ 1 on all of ℝ (s ∈ [0, 1])", smoothness_obligations),
        R.CertifiedRoute("certified control (σ″ ≤ 1/5)", lambda: smoothness_obligations(sp.Rational(1, 5)),
                         role=Role.CONTROL),
        R.PredicateRoute("difference quotients at 30 digits on [−40, 40]² (c = 1; for σ′ even 1/4)",
                         Kind.EVALUATION, lipschitz(1.0, 0.25), sample(200)),
        R.PredicateRoute("control (Lipschitz constant 0.9)", Kind.EVALUATION, lipschitz(0.9, 0.25),
                         sample(200), role=Role.CONTROL),
        R.SymbolicRoute("symbolic: σ(0) = log 2 (< 1)", lambda: SOFTPLUS.subs(z, 0), sp.log(2)),
    ),
    expressions=(Expression("second derivative", r"\sigma''(z)", lambda: softplus_derivatives()[1], {z: "z"}),)))


def smoothness_constant(s_value):
    def predicate(pt):
        d2 = ACTIVATIONS["sigmoid"].mp_prime
        with mpmath.workdps(30):
            grid = [mpmath.mpf(x) for x in np.linspace(-30, 30, 6001)] + [mpmath.mpf(pt["z"])]
            sup = max(d2(x) for x in grid)
        gap = abs(float(sup) - s_value)
        return gap <= 1e-25, -gap, f"max σ″ over a grid of [−30, 30] and z: {float(sup):.12f}"
    return predicate


register(Claim("DLLWZ19-X2", "§3, remark after Condition 3.1 (catalogue check item)", "DER",
    "The tight smoothness constant of softplus is sup|σ″| = σ″(0) = 1/4; the paper's 1 is valid but loose",
    statement=r"\sup_z|\sigma''(z)|=\sigma''(0)=\tfrac14<1",
    domain=Domain(Real("z", -30, 30)), assumptions=(r"\sigma=\mathrm{softplus}",), uses=("DLLWZ19-C3.1a",),
    routes=(
        R.SymbolicRoute("symbolic: σ″(0) = 1/4", lambda: softplus_derivatives()[1].subs(z, 0), sp.Rational(1, 4)),
        R.CertifiedRoute("certified: 1/4 − σ″ ≥ 0 everywhere", smoothness_obligations),
        R.PredicateRoute("grid maximum of σ″ at 30 digits equals 1/4", Kind.EVALUATION, smoothness_constant(0.25),
                         sample(2)),
        R.PredicateRoute("control (tight constant 1)", Kind.EVALUATION, smoothness_constant(1.0), sample(2),
                         role=Role.CONTROL),
    ),
    caveat="Not an error: Condition 3.1 asks for some c, and c = 1 is valid; the tight value is 1/4."))


# --- C3.2a -----------------------------------------------------------------------------------------
def even_hermite_coefficients(fn, count=7):
    """|a_2|, |a_4|, …, |a_{2·count}| of f (unit variance): all zero beyond the degree of a polynomial."""
    A, _ = hermite_series(fn, [1.0], terms=2 * count + 1)
    return np.abs(A[0, 2::2])


def not_polynomial(fn, label):
    def predicate(setting):
        coeffs = even_hermite_coefficients(fn)
        low = float(coeffs.min())
        return low > 1e-10, low - 1e-10, f"{label}: min |a_2k|, k = 1..7 = {low:.2e} (a polynomial of degree ≤ 13 has 0)"
    return predicate


register(Claim("DLLWZ19-C3.2a", "§3, remark after Condition 3.2", "SRC",
    "Softplus is analytic and not a polynomial (Condition 3.2)",
    statement=r"\sigma(z)=\log(1+e^z)\ \text{is real-analytic on }\mathbb R\text{ and not a polynomial}",
    assumptions=(r"z\in\mathbb R",),
    routes=(
        R.SymbolicRoute("symbolic: the singularities 1 + e^z = 0 are z = ±iπ (mod 2πi): none real",
                        lambda: sp.solve(sp.Eq(1 + sp.exp(sp.Symbol("w")), 0), sp.Symbol("w"))[0], sp.I * sp.pi),
        R.SymbolicRoute("symbolic: σ → 0 at −∞ while σ(0) = log 2 ≠ 0 (a polynomial tending to 0 is 0)",
                        lambda: sp.limit(SOFTPLUS, z, -sp.oo), 0),
        R.SymbolicRoute("symbolic: σ(z) − z → 0 at +∞", lambda: sp.limit(SOFTPLUS - z, z, sp.oo), 0),
        *R.on_settings("Hermite coefficients a_2, …, a_14 of softplus are nonzero", Kind.QUADRATURE,
                       not_polynomial(lambda x: np.logaddexp(0.0, x), "softplus"), {},
                       {"the polynomial 1 + z/2 + z²/8": not_polynomial(lambda x: 1 + x / 2 + x ** 2 / 8, "polynomial")}),
    )))


# --- N1 ------------------------------------------------------------------------------------------------
C_TABLE = {  # catalogue: E σ², c_σ, E σ (20 digits)
    "relu": ("0.5", "2", "0.3989422804014326779399"),
    "softplus": ("0.92124590885930027868", "1.0854865029883434179", "0.80605918334743978453"),
    "tanh": ("0.39429449039784117442", "2.5361754332174537542", "0"),
    "sigmoid": ("0.29337903585809296274", "3.4085598416231029829", "0.5"),
    "erf": ("0.46455905439753997851", "2.1525788606075985466", "0"),
}


def table_check(swap=False):
    def predicate(setting):
        worst, names = 0.0, list(C_TABLE)
        for k, name in enumerate(names):
            key = names[(k + 1) % len(names)] if swap else name
            with mpmath.workdps(40):
                want = [mpmath.mpf(x) for x in C_TABLE[key]]
                got = [mean_square(name, "value", 1, dps=30).value, c_sigma(name, 30), mean(name, "value", 1, dps=30).value]
                worst = max(worst, *(float(abs(g - w) / (1 + abs(w))) for g, w in zip(got, want)))
        return R.at_most(worst, 1e-19, f"max relative deviation from the 20-digit table {worst:.1e} (quadrature at 30 "
                                       "and 40 digits)")
    return predicate


def exact_values():
    """E relu² = 1/2 by SymPy, and the erf value from the closed form (2/π) arcsin(2/3) at 30 digits."""
    second = sp.integrate(z ** 2 * sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi), (z, 0, sp.oo))
    return sp.Matrix([1 / second, sp.integrate(z * sp.exp(-z ** 2 / 2) / sp.sqrt(2 * sp.pi), (z, 0, sp.oo))])


def erf_closed_form(scale=1):
    def predicate(setting):
        with mpmath.workdps(40):
            got = mean_square("erf", "value", 1, dps=30).value
            want = scale * 2 / mpmath.pi * mpmath.asin(mpmath.mpf(2) / 3)
            gap = float(abs(got - want))
        return R.at_most(gap, 1e-28, f"|E erf² − (2/π) asin(2/3)| = {gap:.1e}")
    return predicate


def diagonal_is_one(normalise=True):
    def predicate(setting):
        X = unit_rows(6, 4, setting["seed"])
        worst = 0.0
        for name in C_TABLE:
            kern = fc_kernels(X, name, 21)
            c = 1.0 if normalise else 1 / float(c_sigma(name))
            worst = max(worst, max(float(np.max(np.abs(c * np.diag(K) - 1))) for K in kern.K[1:-1]))
        return R.at_most(worst, 1e-13, f"max |K^(h)_ii − 1| over h ≤ 20 and 5 activations: {worst:.1e}")
    return predicate


def finite_width_norms(setting):
    X = unit_rows(6, 4, setting["seed"])
    net = Net("fc", 10, 1000, "softplus")
    xs = forward(net, init(net, 4, 1, np.random.default_rng(setting["seed"])), X)["x"][1:]
    norms = np.array([np.linalg.norm(x[:, :, 0], axis=1) for x in xs])
    lo, hi = float(norms.min()), float(norms.max())
    return R.at_most(max(1 - lo, hi - 1), 0.1, f"m = 1000, H = 10: all ‖x_i^(h)(0)‖ in [{lo:.3f}, {hi:.3f}]")



register(Claim("DLLWZ19-N1", "§3, the definition of c_σ (its consequence derived)", "SRC",
    "c_σ = 1/E σ(z)² makes every FC layer norm-preserving: K^(h)_ii = 1 for h < H; the values of c_σ",
    statement=r"c_\sigma=\big(\mathbb E_{z\sim N(0,1)}\sigma(z)^2\big)^{-1},\ \lVert x_i\rVert=1\Rightarrow K^{(h)}_{ii}=1\ (h<H)",
    assumptions=(r"\lVert x_i\rVert=1",),
    routes=(
        R.SymbolicRoute("symbolic: ReLU c_σ = 2 and E relu(z) = 1/√(2π)", exact_values,
                        sp.Matrix([2, 1 / sp.sqrt(2 * sp.pi)])),
        *R.on_settings("the 20-digit table: E σ², c_σ, E σ by quadrature at 30 and 40 digits", Kind.QUADRATURE,
                       table_check(), {}, {"table shifted by one activation": table_check(True)}),
        *R.on_settings("erf: E erf² = (2/π) arcsin(2/3) at 30 digits", Kind.QUADRATURE, erf_closed_form(), {},
                       {"E erf² = (1/π) arcsin(2/3)": erf_closed_form(sp.Rational(1, 2))}),
        *R.on_settings("the recursion keeps K^(h)_ii = 1 to h = 20 (5 activations, Mehler series)", Kind.EVALUATION,
                       diagonal_is_one(), seed_of, {"c_σ = 1": diagonal_is_one(False)}),
        *R.on_settings("finite width: ‖x_i^(h)(0)‖ ∈ [0.9, 1.1] (softplus, m = 1000, H = 10)", Kind.SIMULATION,
                       finite_width_norms, seed_of),
    ),
    expressions=(Expression("ReLU c_σ and mean", r"(c_{\mathrm{ReLU}},\ \mathbb{E}\,\mathrm{relu}(z))",
                            lambda: exact_values()[0], {}),)))


# --- N2 ------------------------------------------------------------------------------------------------
def patch_counts(p: int, q: int) -> list[int]:
    """How many of the p patches (size q, stride 1, zero padding) contain column l."""
    half = (q - 1) // 2
    return [sum(1 for l_ in range(p) if abs(l - l_) <= half) for l in range(p)]


def patch_norm_identity(p=5, q=3):
    """(‖φ(x)‖², Σ_l c_l ‖x_l‖²) on a symbolic 2 × p input (through the network's own patch code)."""
    X = np.array([[[sp.Symbol(f"x{c}_{l}", real=True) for l in range(p)] for c in range(2)]], dtype=object)
    lhs = sp.expand(sum(e ** 2 for e in patches(X, q).ravel()))
    counts = patch_counts(p, q)
    return lhs, sp.expand(sum(counts[l] * X[0, c, l] ** 2 for c in range(2) for l in range(p)))


PATCH_INPUTS = Domain(Integer("p", 1, 12), Integer("q_half", 0, 3), Real("scale", 1e-12, 1.0, log=True))


def patch_bounds(lower=1.0, upper_factor=1.0):
    def predicate(pt):
        p, q = pt["p"], 2 * pt["q_half"] + 1
        rng = np.random.default_rng(p * 31 + q)
        worst, detail = -np.inf, ""
        cases = [rng.standard_normal((1, 3, p)) * rng.uniform(pt["scale"], 1, size=p) for _ in range(20)]
        inner = np.zeros((1, 3, p))
        inner[..., (q - 1) // 2:p - (q - 1) // 2] = 1.0      # mass on interior columns: ‖φ‖ = √q ‖x‖
        cases += [inner] if inner.any() else []
        for x in cases:
            r = float(np.linalg.norm(patches(x, q)) / np.linalg.norm(x))
            worst = max(worst, lower - r, r - upper_factor * np.sqrt(q))
            detail = f"p = {p}, q = {q}: ratio ‖φ(x)‖/‖x‖ within [{lower}, {upper_factor:g}√q]"
        return worst <= 1e-12, -worst, detail
    return predicate


register(Claim("DLLWZ19-N2", "§3, the convolutional setup", "SRC",
    "The patch operator: ‖x‖_F ≤ ‖φ(x)‖_F ≤ √q ‖x‖_F (every entry appears at least once and at most q times)",
    statement=r"\lVert x\rVert_F\le\lVert\phi(x)\rVert_F\le\sqrt q\,\lVert x\rVert_F",
    domain=PATCH_INPUTS, assumptions=(r"\text{stride 1, zero padding, }q\text{ odd}",),
    routes=(
        R.SymbolicRoute("symbolic: ‖φ(x)‖² = Σ_l c_l ‖x_l‖², c = (2, 3, 3, 3, 2) for p = 5, q = 3",
                        lambda: patch_norm_identity()[0], lambda: patch_norm_identity()[1]),
        R.SymbolicRoute("symbolic control (c_l = q for every column)",
                        lambda: patch_norm_identity()[0],
                        lambda: sp.expand(3 * sum(s ** 2 for s in patch_norm_identity()[1].free_symbols)),
                        role=Role.CONTROL),
        R.PredicateRoute("random inputs with column scales down to 1e-12, and interior-only mass", Kind.EVALUATION,
                         patch_bounds(), sample(30)),
        R.PredicateRoute("control (upper bound 0.9√q)", Kind.EVALUATION, patch_bounds(1.0, 0.9), sample(30),
                         role=Role.CONTROL),
    )))

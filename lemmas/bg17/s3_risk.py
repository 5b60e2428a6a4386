r"""BG17 §3 (continued) — the population risk as a sum of kernels (Eq. 7) and its no-overlap
closed form (Eq. 8).

Main statements
---------------
* ``BG17-Eq7``  the risk of :math:`f(x;W)=\frac1k\sum_i\sigma(w_i^\top x)` as a double sum of kernels.
* ``BG17-Eq8``  the no-overlap network's risk in closed form, with β, γ; the additive constant
  :math:`\gamma\|w^*\|^2/k^2` (not printed) is derived here and makes :math:`\ell(w^*)=0`.

Notation
--------
``a`` = :math:`\|w\|`, ``b`` = :math:`\|w^*\|`, ``theta`` = :math:`\theta_{w,w^*}`, ``k`` the number
of blocks (hidden units), ``m`` the filter size, ``d = k m``.

Implementation notes
--------------------
* Eq. 7 is derived for each k = 1..5 by expanding the square of the network difference and
  applying linearity of expectation monomial by monomial (:math:`\mathbb E[\sigma(w_i^\top x)
  \sigma(w_j^\top x)] = g(w_i,w_j)` is the definition of g). Its numeric route is Monte Carlo of
  the network output itself, not of g.
* Eq. 8 is derived for symbolic k by substituting the block values of ``BG17-Eq8a`` into Eq. 7
  and counting the k diagonal and k^2 - k off-diagonal pairs; the count is itself checked against
  the substitution into the k = 1..5 derivations.

References
----------
Catalogue ``shared/claims/brutzkus-globerson-2017.md``: BG17-Eq7, BG17-Eq8, D3–D7.
"""
from __future__ import annotations

from functools import cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.bg17.s3 import block_row, printed_kernel
from lemmas.common.kernels import a, b, kernel, kernel_from_gaussian_integral, theta
from verify import routes as R
from verify.domain import Domain, Integer, Matrix, Vector
from verify.montecarlo import gaussian_monte_carlo
from verify.numeric import mp_function
from verify.quadrature import Estimate
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role
from verify.symbols import angle as angle_of, evaluator_at, norm as norm_of, scalar
from verify.vectors import angle, norm

k = sp.Symbol("k", positive=True, integer=True)
G = sp.Function("g")  # the kernel as an uninterpreted symmetric function
KS = range(1, 6)      # the k for which Eq. 7 is derived monomial by monomial

NOTATION = {a: r"\lVert w\rVert", b: r"\lVert w^*\rVert", theta: r"\theta_{w,w^*}"}


def _g(u, v):
    """G(u, v) with its arguments in a canonical order (g is symmetric, BG17-L3.1)."""
    return G(*sorted((u, v), key=sp.default_sort_key))


# --- Eq. 7 ---------------------------------------------------------------------------------------
def rows(kk: int):
    return sp.symbols(f"w1:{kk + 1}"), sp.symbols(f"ws1:{kk + 1}")


@cache
def risk_from_definition(kk: int) -> sp.Expr:
    r"""E[(f(x;W) - f(x;W*))^2] for k = kk, expanded, with E[s_i t_j] replaced by g(., .).

    ``s_i`` stands for :math:`\sigma(w_i^\top x)` and ``t_i`` for :math:`\sigma(w^{*\top}_i x)`; the
    square is expanded and each monomial's expectation is the kernel of its two rows.
    """
    W, Ws = rows(kk)
    s, t = sp.symbols(f"s1:{kk + 1}"), sp.symbols(f"t1:{kk + 1}")
    row_of = {**dict(zip(s, W)), **dict(zip(t, Ws))}
    square = sp.expand((sum(s) / kk - sum(t) / kk) ** 2)
    total = sp.S(0)
    for monomial, coeff in square.as_coefficients_dict().items():
        factors = [f for f, e in monomial.as_powers_dict().items() for _ in range(int(e))]
        assert len(factors) == 2, monomial  # every monomial of the square is quadratic
        total += coeff * _g(row_of[factors[0]], row_of[factors[1]])
    return total


def eq7_double_sum(W, W_star, g):
    """Σ_{i,j} [g(w_i, w_j) − 2 g(w_i, w*_j) + g(w*_i, w*_j)], Eq. 7 times k², for any g: the
    printed form with g a symbol, the risk with the derived kernel."""
    kk = len(W)
    return sum(g(W[i], W[j]) - 2 * g(W[i], W_star[j]) + g(W_star[i], W_star[j]) for i in range(kk) for j in range(kk))


def printed_eq7(kk: int, scale=None) -> sp.Expr:
    """Eq. 7 as printed, for k = kk; a control passes ``scale`` = 1/k instead of 1/k^2."""
    return (sp.Rational(1, kk**2) if scale is None else scale) * eq7_double_sum(*rows(kk), _g)


def risk_eq7(W, W_star):
    """Eq. 7 evaluated with the derived kernel, at the working precision."""
    return eq7_double_sum(W, W_star, kernel) / len(W) ** 2


def network_risk_monte_carlo(W, W_star, n, rng):
    """Monte Carlo of E[(f(x;W) - f(x;W*))^2] from the network itself (x in R^d)."""
    kk = len(W)

    def squared_difference(P):
        diff = np.maximum(P[:kk], 0).mean(axis=0) - np.maximum(P[kk:], 0).mean(axis=0)
        return diff * diff
    return gaussian_monte_carlo(squared_difference, [*W, *W_star], n=n, rng=rng)


WEIGHTS = Domain(Matrix("W", rows="k", dim="d", max_rows=4, min_dim=2, norms=(0.1, 10)),
                 Matrix("W_star", rows="k", dim="d", max_rows=4, min_dim=2, norms=(0.1, 10), latex="W^*"),
                 assumptions=(r"f(x;W)=\tfrac1k\sum_{i=1}^k\sigma(w_i^\top x)", r"x\sim\mathcal N(0,I_d)",
                              r"\ell(W)=\mathbb E[(f(x;W)-f(x;W^*))^2]"))


def sum_structure(scale_power):
    """Property of the Eq. 7 sum with 1/k^scale_power in front (40 digits): ≥ 0, zero at W*,
    symmetric in (W, W*), invariant under a row permutation and a rotation (seeded by the point),
    and unchanged when every row is duplicated (the network output is) — the last fails for
    1/k (the control)."""
    def predicate(pt):
        W, Ws = list(pt["W"]), list(pt["W_star"])
        risk = lambda A, B: risk_eq7(A, B) * len(A) ** (2 - scale_power)  # noqa: E731
        rng = np.random.default_rng(len(W) * 100 + len(W[0]))
        perm, Q = rng.permutation(len(W)), np.linalg.qr(rng.standard_normal((len(W[0]),) * 2))[0]
        size = sum(float(np.dot(r, r)) for r in [*W, *Ws])
        with mpmath.workdps(40):
            base = risk(W, Ws)
            defects = [max(-base, 0), abs(risk(W, W)), abs(base - risk(Ws, W)),
                       abs(risk([W[i] for i in perm], Ws) - base), abs(risk(W + W, Ws + Ws) - base)]
            rotated = abs(risk([Q @ w for w in W], [Q @ w for w in Ws]) - base)
        worst = float(max(defects)) / size
        # 40-digit sums: 1e-30 of the scale for rounding; Q is orthogonal to float precision only
        return worst <= 1e-30 and float(rotated) <= 1e-12 * size, max(worst, float(rotated) / size), (
            f"largest defect {worst:.1e}, rotation {float(rotated) / size:.1e} (relative to Σ|w|²)")
    return predicate


def eq7_scaled(power):
    """pt -> Eq. 7 with 1/k^power in front (the claim: power 2; a control: 1)."""
    return lambda pt: risk_eq7(pt["W"], pt["W_star"]) * len(pt["W"]) ** (2 - power)


register(Claim("BG17-Eq7", "§3, Eq. 7", "SRC", "Population risk as a double sum of kernels",
    statement=(r"\ell(W)=\frac{1}{k^2}\sum_{i,j}\Big[g(w_i,w_j)-2g(w_i,w^*_j)+g(w^*_i,w^*_j)\Big]"),
    domain=WEIGHTS,
    uses=("BG17-L3.1",),
    routes=(
        *(R.SymbolicRoute(f"symbolic: expanded square = printed, k = {kk}",
                          (lambda kk=kk: risk_from_definition(kk)), (lambda kk=kk: printed_eq7(kk)))
          for kk in KS),
        R.SymbolicRoute("control (1/k for 1/k²): symbolic, k = 3", lambda: risk_from_definition(3),
                        lambda: printed_eq7(3, sp.Rational(1, 3)), role=Role.CONTROL),
        *R.with_controls(eq7_scaled(2), (R.MonteCarlo(
            network_risk_monte_carlo, WEIGHTS.sample(4), "monte-carlo of the network output",
            args=("W", "W_star")),), {"1/k for 1/k²": eq7_scaled(1)}),
        *R.on_settings("property: ≥ 0, zero at W*, symmetric, invariant under permutations, rotations, "
                       "duplicated rows", Kind.PROPERTY, sum_structure(2), 8, {"1/k for 1/k²": sum_structure(1)}),
    ),
))


# --- Eq. 8 ---------------------------------------------------------------------------------------
def beta(kk=k):
    return (kk**2 - kk) / (2 * sp.pi)


def gamma(kk=k):
    return beta(kk) + kk / 2


@cache
def no_overlap_risk() -> sp.Expr:
    """Eq. 7 on block rows with symbolic k: k diagonal and k^2 - k off-diagonal pairs of each
    kind, with the block values of BG17-Eq8a (derived kernel at theta = 0 and pi/2)."""
    g = kernel_from_gaussian_integral()
    g_same = g.subs({theta: 0, b: a})                       # g(w_i, w_i)
    g_disjoint_ww = g.subs({theta: sp.pi / 2, b: a})          # g(w_i, w_j), i != j
    g_disjoint_wws = g.subs(theta, sp.pi / 2)                 # g(w_i, w*_j), i != j
    g_disjoint_ss = g.subs({theta: sp.pi / 2, a: b})          # g(w*_i, w*_j), i != j
    g_star_same = g.subs({theta: 0, a: b})                   # g(w*_i, w*_i)
    total = (k * g_same + (k**2 - k) * g_disjoint_ww
             - 2 * (k * g + (k**2 - k) * g_disjoint_wws)
             + k * g_star_same + (k**2 - k) * g_disjoint_ss)
    return total / k**2


def substituted_eq7(kk: int) -> sp.Expr:
    """The k = kk derivation of Eq. 7 with the block values substituted pair by pair."""
    W, Ws = rows(kk)
    g = kernel_from_gaussian_integral()
    values = {}
    for i in range(kk):
        for j in range(kk):
            values[_g(W[i], W[j])] = g.subs({theta: 0 if i == j else sp.pi / 2, b: a})
            values[_g(Ws[i], Ws[j])] = g.subs({theta: 0 if i == j else sp.pi / 2, a: b})
            values[_g(W[i], Ws[j])] = g if i == j else g.subs(theta, sp.pi / 2)
    return risk_from_definition(kk).xreplace(values)


def printed_eq8(gamma_=None, with_constant=True) -> sp.Expr:
    """Eq. 8 as printed plus the derived constant; a control passes a wrong gamma."""
    gm = gamma() if gamma_ is None else gamma_
    g = printed_kernel()  # Lemma 3.1 as printed
    bracket = (gm * a**2 - 2 * k * g - 2 * beta() * a * b) / k**2
    return bracket + (gm * b**2 / k**2 if with_constant else 0)


_eq8_fn = mp_function((a, b, theta, k), no_overlap_risk)  # derived on first use


def no_overlap_risk_value(w, w_star, kk):
    """Eq. 8 (derived form) at the working precision."""
    return _eq8_fn(norm(w), norm(w_star), angle(w, w_star), mpmath.mpf(kk))  # mpf: k**-2 exact


def block_matrix(w, kk):
    return [block_row(w, i, kk) for i in range(1, kk + 1)]


def _eq8_from_eq7(pt, dps):
    value = risk_eq7(block_matrix(pt["w"], pt["k"]), block_matrix(pt["w_star"], pt["k"]))
    return Estimate(value, float(mpmath.mpf(10) ** (-dps + 3) * (1 + abs(value))))


@R.defects_at_most(1e-12)
def depends_on_norms_and_angle(pt):
    """Property: Eq. 8 at (Qw, Qw*) equals Eq. 8 at (w, w*) for an orthogonal Q (seeded by the
    point); Q is orthogonal to float precision only, hence 1e-12."""
    w, ws = np.asarray(pt["w"]), np.asarray(pt["w_star"])
    Q = np.linalg.qr(np.random.default_rng(len(w) + pt["k"]).standard_normal((len(w),) * 2))[0]
    gap = abs(no_overlap_risk_value(Q @ w, Q @ ws, pt["k"]) - no_overlap_risk_value(w, ws, pt["k"]))
    return {"|ℓ(Qw, Qw*) − ℓ(w, w*)|/(‖w‖ + ‖w*‖)²": gap / (norm(w) + norm(ws)) ** 2}


NO_OVERLAP = Domain(Vector("w", dim="m", max_dim=5, norms=(0.05, 5)),
                    Vector("w_star", dim="m", nonzero=True, max_dim=5, norms=(0.2, 2)),
                    Integer("k", min_value=1, draw_max=7),
                    assumptions=(r"d = km", r"w_i = (0_{(i-1)m}, w, 0_{(k-i)m})", r"x\sim\mathcal N(0,I_d)"))
W_, WS_, K_ = NO_OVERLAP.variables
TO_W = {a: norm_of(W_), b: norm_of(WS_), theta: angle_of(W_, WS_), k: scalar(K_)}
"""The notation's symbols (‖w‖, ‖w*‖, θ, k) at a point of any domain with w, w_star, k."""


register(Claim("BG17-Eq8", "§3, Eq. 8", "SRC", "Closed-form population risk of the no-overlap network",
    statement=(r"\ell(w)=\frac{1}{k^2}\Big[\gamma\|w\|^2-2k\,g(w,w^*)-2\beta\|w\|\|w^*\|\Big]"
               r"+\frac{\gamma}{k^2}\|w^*\|^2,\quad \beta=\frac{k^2-k}{2\pi},\ \gamma=\beta+\frac k2"),
    formula=sp.Eq(sp.Symbol("ell"), printed_eq8()),
    domain=NO_OVERLAP,
    assumptions=(r"\text{additive constant } \gamma\|w^*\|^2/k^2 \text{ derived (not printed)}",),
    uses=("BG17-Eq7", "BG17-Eq8a"),
    routes=(
        *(R.SymbolicRoute(f"symbolic: pair counting = pairwise substitution, k = {kk}",
                          (lambda kk=kk: substituted_eq7(kk)),
                          (lambda kk=kk: no_overlap_risk().subs(k, kk)))
          for kk in (1, 2, 3, 4)),
        R.SymbolicRoute("symbolic: ℓ(w*) = 0", lambda: no_overlap_risk().subs({a: b, theta: 0}), 0),
        R.PredicateRoute("property: invariant under a common rotation", Kind.PROPERTY,
                         depends_on_norms_and_angle, 8),
        *R.with_controls(printed_eq8(), (
            R.Symbolic(no_overlap_risk, "symbolic: Eq. 7 on block rows (symbolic k) = printed",
                       {theta: (0, sp.pi), k: (1, 50)}),
            R.Agreement(_eq8_from_eq7, 12, "Eq. 7 on block rows (k² kernels)", Kind.KERNEL_SUM,
                        scale=lambda pt: float((np.linalg.norm(pt["w"]) + np.linalg.norm(pt["w_star"])) ** 2)),
            R.MonteCarlo(lambda w, ws, kk, n, rng: network_risk_monte_carlo(block_matrix(w, kk), block_matrix(ws, kk), n, rng),
                         NO_OVERLAP.restrict(w={"max_dim": 4}, k={"draw_max": 5}).sample(4),
                         "monte-carlo of the no-overlap network", args=("w", "w_star", "k"))),
            {"γ with k for k/2": printed_eq8(beta() + k)}, evaluate=evaluator_at(TO_W)),
    ),
    expressions=(Expression("risk", r"\ell(w)", no_overlap_risk, NOTATION),),
))

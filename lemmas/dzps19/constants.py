r"""DZPS19 — the explicit sufficient constants (``DZPS19-X3``), derived in SymPy from the lemmas'
constants, and the widths they require for given data (used by :mod:`.looseness`).

The width of Theorem 3.2 splits δ three ways (Lemma 3.1, Lemma 3.2, Markov on ‖y − u(0)‖²);
Theorem 4.1's four ways (also Lemma 4.1). With E‖y − u(0)‖² = ‖y‖² + n/2 ≤ n(C² + ½) (P3.2),
Markov at level δ/j gives ‖y − u(0)‖² ≤ j·n(C² + ½)/δ, and R' < R at R = c(δ/j)λ0/n² becomes a
width linear in n⁶(C² + ½)/(λ0⁴δ³).
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from lemmas.dzps19.descent import C_T41
from lemmas.dzps19.flow import C_L32
from verify import routes as R
from verify.registry import Claim, Expression, register
from verify.results import Kind

n_, m_, lam_, delta_, C_ = sp.symbols("n m lambda_0 delta C", positive=True)
THEOREMS = {
    # name: (R' numerator factor, c, δ split, label)
    "T3.2": (2, C_L32, 3, "gradient flow"),
    "T4.1": (4, C_T41, 4, "gradient descent"),
}


def radius_width(theorem: str, markov_split=None) -> sp.Expr:
    """The m at which R' = R once ‖y − u(0)‖² is at its Markov bound: R' = f√n Y/(√m λ0),
    Y² = j n (C² + ½)/δ, R = c (δ/j) λ0/n² (``markov_split`` overrides the j in Y², a control)."""
    factor, c, split, _ = THEOREMS[theorem]
    j = split if markov_split is None else markov_split
    Y2 = j * n_ * (C_**2 + sp.Rational(1, 2)) / delta_
    R = c * (delta_ / split) * lam_ / n_**2
    return sp.simplify(factor**2 * n_ * Y2 / (lam_**2 * R**2))


def concentration_width(theorem: str) -> sp.Expr:
    """Lemma 3.1's width at level δ/j: 8n² log(2jn²/δ)/λ0²."""
    split = THEOREMS[theorem][2]
    return 8 * n_**2 * sp.log(2 * split * n_**2 / delta_) / lam_**2


def required_width(theorem: str, n: int, lam0: float, delta: float, C: float) -> float:
    """The theorem's explicit sufficient width for the given data: the larger of the two."""
    values = {n_: n, lam_: lam0, delta_: delta, C_: C}
    return float(max(radius_width(theorem).subs(values), concentration_width(theorem).subs(values)))


def step_size_required(n: int, lam0: float) -> float:
    """Theorem 4.1's explicit step size λ0/(4n²) (P4.1 e)."""
    return lam0 / (4 * n**2)


def width_meets_lemmas(markov_split=None):
    """Evaluation on the data of the T3.2/T4.1 runs (n = 20, λ0 from the data, δ = 0.1, C = max|y|):
    at the width the collected formula gives, R' < R holds with ‖y − u(0)‖² at its Markov bound,
    and the width is ≥ Lemma 3.1's; a control builds the width without the Markov split."""
    from lemmas.dzps19.network import problem

    def predicate(pt):
        p = problem(20, 20, 1, 0)
        C, delta = float(np.abs(p.y).max()), 0.1
        worst = []
        for name, (factor, c, split, _) in THEOREMS.items():
            values = {n_: p.n, lam_: p.lam0, delta_: delta, C_: C}
            m = float(radius_width(name, markov_split).subs(values)) * (1 + 1e-12)
            Y = np.sqrt(split * p.n * (C**2 + 0.5) / delta)
            r_prime = factor * np.sqrt(p.n) * Y / (np.sqrt(m) * p.lam0)
            r = float(c) * (delta / split) * p.lam0 / p.n**2
            worst.append((r_prime / r, name, m))
        ratio = max(w[0] for w in worst)
        return R.at_most(ratio, 1, "; ".join(f"{name}: m = {m:.3g}, R'/R = {q:.6f}" for q, name, m in worst), strict=True)
    return predicate


register(Claim("DZPS19-X3", "catalogue (derived): explicit constants", "DER",
               "Sufficient widths 4400.3 (C² + ½) n⁶/(λ0⁴δ³) (flow) and 1.67·10⁵ (C² + ½) n⁶/(λ0⁴δ³) (GD)",
    statement=(r"m_{3.2}\ge\max\Big\{\tfrac{8n^2\log(6n^2/\delta)}{\lambda_0^2},\ \tfrac{4\cdot27\cdot256}{2\pi}"
               r"\tfrac{(C^2+\frac12)n^6}{\lambda_0^4\delta^3}\Big\},\ m_{4.1}\ge\max\Big\{\tfrac{8n^2\log(8n^2/\delta)}"
               r"{\lambda_0^2},\ \tfrac{2^{19}}{\pi}\tfrac{(C^2+\frac12)n^6}{\lambda_0^4\delta^3}\Big\},\ \eta\le\tfrac{\lambda_0}{4n^2}"),
    assumptions=(r"|y_i|\le C;\ c_{3.2}=\sqrt{2\pi}/16,\ C_{4.1}=\sqrt{2/\pi},\ c_{4.1}=1/(16C_{4.1})",),
    uses=("DZPS19-P3.2", "DZPS19-L3.1", "DZPS19-L3.2", "DZPS19-L4.1", "DZPS19-P4.1"),
    routes=(
        R.SymbolicRoute("symbolic: flow width constant 4·27·256/(2π) ≈ 4400.3", lambda: radius_width("T3.2"),
                        4 * 27 * 256 / (2 * sp.pi) * (C_**2 + sp.Rational(1, 2)) * n_**6 / (lam_**4 * delta_**3)),
        R.SymbolicRoute("symbolic: GD width constant 2¹⁹/π ≈ 1.67·10⁵", lambda: radius_width("T4.1"),
                        2**19 / sp.pi * (C_**2 + sp.Rational(1, 2)) * n_**6 / (lam_**4 * delta_**3)),
        *R.on_settings("evaluation on the runs' data: at the formula's width R' < R", Kind.EVALUATION,
                       width_meets_lemmas(), {"n": 20}, {"Markov split dropped": width_meets_lemmas(1)}),
    ),
    expressions=(Expression("flow width", r"m_{3.2}", lambda: radius_width("T3.2"), {C_: "C"}),
                 Expression("GD width", r"m_{4.1}", lambda: radius_width("T4.1"), {C_: "C"})),
))

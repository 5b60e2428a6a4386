"""The symbolic checker is three-valued and never says holds without a reduction to 0."""
import sympy as sp

from verify.results import Verdict
from verify.symbolic import check_identity

x = sp.Symbol("x", positive=True)
t = sp.Symbol("t", real=True)


def test_holds_when_reduced_to_zero():
    assert check_identity(sp.sin(t) ** 2 + sp.cos(t) ** 2, 1).verdict is Verdict.HOLDS
    assert check_identity(sp.sqrt(x**2), x).verdict is Verdict.HOLDS  # uses x > 0


def test_refuted_with_confirmed_counterexample():
    out = check_identity(sp.sqrt(t**2), t, domain={t: (-2, 2)})
    assert out.verdict is Verdict.REFUTED
    assert float(out.counterexample["t"]) < 0


def test_domain_restricts_the_search():
    """sqrt(t^2) = t holds on (0, 2): no counterexample exists there, and SymPy cannot prove it
    for a real t, so the verdict is undecided, never holds and never refuted."""
    out = check_identity(sp.sqrt(t**2), t, domain={t: (0, 2)})
    assert out.verdict is Verdict.UNDECIDED


def test_undecided_when_sympy_cannot_reduce():
    """Euler's reflection formula for the dilogarithm is true on (0, 1), but SymPy does not
    reduce it: the checker must say undecided, not holds."""
    lhs = sp.polylog(2, x) + sp.polylog(2, 1 - x)
    out = check_identity(lhs, sp.pi**2 / 6 - sp.log(x) * sp.log(1 - x), domain={x: (0, 1)})
    assert out.verdict is Verdict.UNDECIDED
    wrong = check_identity(lhs, sp.pi**2 / 6, domain={x: (0, 1)})
    assert wrong.verdict is Verdict.REFUTED


def test_matrices_entrywise_and_shape_mismatch():
    assert check_identity(sp.Matrix([x, 2 * x]), sp.Matrix([x, x + x])).verdict is Verdict.HOLDS
    out = check_identity(sp.Matrix([x, 2 * x]), sp.Matrix([x, 3 * x]))
    assert out.verdict is Verdict.REFUTED and "entry 1" in out.detail
    assert check_identity(sp.Matrix([x]), sp.Matrix([x, x])).verdict is Verdict.REFUTED


def test_unevaluated_limits_are_undecided():
    out = check_identity(sp.Limit(sp.besselj(x, t) / t, t, 0), 0)
    assert out.verdict is Verdict.UNDECIDED

"""The branch and bound (verify.certify) and the re-checker (verify.recheck).

Soundness of the interval translation is tested against mpmath at 50 digits on random
expressions, boxes and points; the branch and bound must return holds / refuted / undecided
exactly where it should; certificates must survive a round trip and be rejected when tampered with.
"""
from __future__ import annotations

import ast
import copy
import json
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp
from flint import arb
from hypothesis import given, settings, strategies as st

from verify import routes as R
from verify.certify import Undefined, build_certificate, certify, compile_interval
from verify.obligations import Bound, Obligation
from verify.recheck import recheck
from verify.registry import Claim, Registry


x, y = sp.symbols("x y", real=True)
k = sp.Symbol("k", integer=True, positive=True)


# --- translation ------------------------------------------------------------------------------
LEAVES = [x, y, sp.pi, sp.Rational(1, 3), sp.Integer(2), sp.Rational(3, 4)]


def expressions():
    """Random expressions in x, y ∈ [-1, 1] that are defined on the whole box."""
    leaf = st.sampled_from(LEAVES)

    def extend(inner):
        return st.one_of(
            st.tuples(inner, inner).map(lambda t: t[0] + t[1]),
            st.tuples(inner, inner).map(lambda t: t[0] * t[1]),
            st.tuples(inner, inner).map(lambda t: t[0] - t[1]),
            inner.map(sp.sin), inner.map(sp.cos), inner.map(sp.atan), inner.map(sp.Abs),
            inner.map(lambda e: sp.sin(sp.pi * e)), inner.map(lambda e: sp.cos(sp.pi * e)),
            inner.map(lambda e: e**2), inner.map(lambda e: e**3),
            inner.map(lambda e: sp.sqrt(e**2 + 1)), inner.map(lambda e: (e**2 + 1) ** sp.Rational(-3, 2)),
            inner.map(lambda e: sp.exp(sp.sin(e))), inner.map(lambda e: sp.log(e**2 + 2)),
            inner.map(lambda e: sp.acos(sp.cos(e))), inner.map(lambda e: sp.asin(sp.sin(e) / 2)),
            st.tuples(inner, inner).map(lambda t: sp.atan2(t[0], t[1]**2 + 1)),
            st.tuples(inner, inner).map(lambda t: sp.Min(t[0], t[1])),
            st.tuples(inner, inner).map(lambda t: sp.Piecewise((t[0], x < 0), (t[1], True))),
            st.tuples(inner, inner).map(lambda t: t[0] / (t[1]**2 + 1)),
        )
    return st.recursive(leaf, extend, max_leaves=8)


@st.composite
def box_and_point(draw):
    ends = []
    for _ in range(2):
        a, b = sorted(draw(st.fractions(-1, 1, max_denominator=64)) for _ in range(2))
        ends.append((a, b))
    fractions = [draw(st.floats(0, 1)) for _ in range(2)]
    point = [a + (b - a) * Fraction(f) for (a, b), f in zip(ends, fractions)]
    return ends, point


def _interval(lo, hi):
    a, b = arb(lo.numerator) / lo.denominator, arb(hi.numerator) / hi.denominator
    return a.lower(), b.upper()


@settings(max_examples=40, deadline=None)
@given(expressions(), box_and_point())
def test_translation_encloses_the_value_at_every_point_of_the_box(expr, bp):
    ends, point = bp
    f = compile_interval(expr, (x, y))
    lo, hi = f([_interval(a, b) for a, b in ends])
    with mpmath.workdps(50):
        exact = sp.N(expr.subs({x: sp.Rational(point[0].numerator, point[0].denominator),
                                y: sp.Rational(point[1].numerator, point[1].denominator)}), 50)
        value = mpmath.mpf(str(exact))
        assert _mpf(lo) <= value <= _mpf(hi), (expr, ends, point, lo, hi, value)


def _mpf(exact_arb):
    """An exact arb end point as an mpf, without rounding."""
    man, exp = exact_arb.man_exp()
    return mpmath.ldexp(mpmath.mpf(int(man)), int(exp))


def _range(expr, lo, hi):
    f = compile_interval(expr, (x,))
    return f([_interval(Fraction(lo), Fraction(hi))])


def test_floats_are_translated_exactly():
    lo, hi = _range(sp.Float(0.1) + 0 * x, 0, 1)
    assert _mpf(lo) == _mpf(hi) == mpmath.mpf(0.1)


def test_exact_zeros_stay_exact():
    lo, hi = _range(sp.sin(sp.pi * x), 0, Fraction(1, 2))
    assert lo == 0 and hi == 1
    lo, _ = _range(sp.pi * x, 0, 1)
    assert lo == 0
    lo, _ = _range(x * sp.sin(sp.pi * x), 0, Fraction(1, 4))
    assert lo == 0
    lo, hi = _range(sp.cos(x), -1, 1)       # contains the maximum at 0
    assert hi == 1 and lo > 0.54


@pytest.mark.parametrize("expr, lo, hi", [
    (sp.sqrt(x), -1, 1), (sp.acos(2 * x), 0, 1), (1 / x, -1, 1), (sp.log(x), 0, 1),
    (sp.atan2(x, x), -1, 1), (x ** sp.Rational(-1, 2), 0, 1),
])
def test_operations_outside_their_domain_are_undefined_not_guessed(expr, lo, hi):
    with pytest.raises(Undefined):
        _range(expr, lo, hi)


def test_unsupported_functions_are_named():
    with pytest.raises(ValueError, match="gamma"):
        compile_interval(sp.gamma(x), (x,))


# --- branch and bound -------------------------------------------------------------------------
def ob(expr, *bounds, strict=False, name="t"):
    return Obligation(name, expr, tuple(bounds), strict=strict)


def test_true_inequality_is_certified_with_a_complete_cover():
    # minimum 1/100 at the origin; dependency (x and y appear several times) forces splitting
    r = certify(ob(x**2 + x * y + y**2 + sp.Rational(1, 100), Bound(x, -1, 1), Bound(y, -1, 1)))
    assert r.verdict == "holds" and 0 <= r.lower_bound <= 0.01 and r.boxes > 10


def test_zero_on_the_boundary_is_certified_by_monotonicity_and_exact_substitution():
    H = sp.sin(sp.pi * x) + sp.pi * (1 - x) * sp.cos(sp.pi * x)   # H(1) = 0, H' <= 0
    r = certify(ob(H, Bound(x, 0, 1)))
    assert r.verdict == "holds" and any(leaf["rule"] == "monotone" for leaf in r.leaves)


def test_false_inequality_is_refuted_with_a_confirmed_counterexample():
    r = certify(ob(x**2 - sp.Rational(1, 10), Bound(x, -1, 1)))
    assert r.verdict == "refuted"
    point = Fraction(r.counterexample["exact_point"]["x"])
    assert point**2 < Fraction(1, 10)


def test_tangential_interior_zero_is_undecided_not_holds():
    # (x - 1/3)^2 expanded has a double zero inside the box: interval bounds cannot close it
    r = certify(ob(sp.expand((x - sp.Rational(1, 3)) ** 2), Bound(x, 0, 1)), max_boxes=2000)
    assert r.verdict == "undecided" and r.open_boxes and r.lower_bound < 0


def test_budget_exhausted_is_undecided_with_open_boxes():
    r = certify(ob(sp.expand((x + y - 1) ** 2) + sp.Rational(1, 10**6), Bound(x, 0, 1),
                   Bound(y, 0, 1)), max_boxes=20)
    assert r.verdict == "undecided" and len(r.open_boxes) > 0 and 0 < r.boxes <= 20


def test_strict_inequality_needs_a_positive_lower_bound():
    assert certify(ob(x + 1, Bound(x, 0, 1), strict=True)).verdict == "holds"
    assert certify(ob(x, Bound(x, 0, 1), strict=True)).verdict != "holds"  # 0 at x = 0
    assert certify(ob(x, Bound(x, 0, 1))).verdict == "holds"


def test_integer_variables_are_split_to_integers():
    f = (k - 3) * (k - 4)  # >= 0 at every integer, < 0 on (3, 4)
    assert certify(ob(f, Bound(k, 1, 10, integer=True))).verdict == "holds"
    real = sp.Symbol("kr", real=True)
    assert certify(ob(f.subs(k, real), Bound(real, 1, 10))).verdict == "refuted"


def test_bounds_reject_irrational_and_float_end_points():
    with pytest.raises(ValueError, match="rational"):
        Bound(x, 0, sp.pi)
    with pytest.raises(ValueError, match="rational"):
        Bound(x, 0, 0.5)
    with pytest.raises(ValueError, match="unbounded"):
        ob(x + y, Bound(x, 0, 1))


# --- certificates and the re-checker ----------------------------------------------------------
def _claim(obligations):
    registry = Registry()
    registry.register(Claim(id="TEST-C1", paper="TEST", location="-", title="t", tier="USER",
                            statement="-", routes=(R.CertifiedRoute("c", lambda: obligations),)))
    return registry


OBLIGATIONS = [
    ob(sp.sin(sp.pi * x) + sp.pi * (1 - x) * sp.cos(sp.pi * x), Bound(x, 0, 1), name="H >= 0"),
    ob(x**2 + x * y + y**2 + sp.Rational(1, 100), Bound(x, -1, 1), Bound(y, -1, 1), name="2-d"),
    ob(sp.expand((k - 3) * (k - 4) + y * k), Bound(y, 0, 1), Bound(k, 1, 50, integer=True),
       name="integer"),
]


@pytest.fixture(scope="module")
def certificate():
    results = [certify(o) for o in OBLIGATIONS]
    assert all(r.verdict == "holds" for r in results)
    return build_certificate("TEST-C1", results)


def _leaves(cert, rule=None):
    out = []

    def walk(leaves):
        for leaf in leaves:
            if rule is None or leaf["rule"] == rule:
                out.append(leaf)
            walk(leaf.get("face", []))
    for o in cert["obligations"]:
        walk(o["leaves"])
    return out


def test_certificate_round_trip(certificate):
    report = recheck(json.loads(json.dumps(certificate)), _claim(OBLIGATIONS))
    assert report.ok, report.problems
    assert report.leaves == len(_leaves(certificate))
    assert {leaf["rule"] for leaf in _leaves(certificate)} >= {"enclosure", "monotone"}


def _tampered(certificate, change):
    c = copy.deepcopy(certificate)
    change(c)
    return recheck(c, _claim(OBLIGATIONS))


def _remove_box(c):
    leaves = c["obligations"][1]["leaves"]
    assert len(leaves) > 1
    del leaves[len(leaves) // 2]


def _shrink_box(c):
    leaf = next(leaf for leaf in c["obligations"][1]["leaves"]
                if Fraction(leaf["box"]["y"][1]) > Fraction(leaf["box"]["y"][0]))
    lo, hi = (Fraction(v) for v in leaf["box"]["y"])
    leaf["box"]["y"][1] = str(hi - (hi - lo) / 1000)


def _alter_enclosure(c):
    leaf = _leaves(c, "enclosure")[-1]
    leaf["enclosure"] = [leaf["enclosure"][1] + 1, leaf["enclosure"][1] + 2]


def _alter_derivative(c):
    leaf = _leaves(c, "monotone")[0]
    leaf["derivative"] = [leaf["derivative"][0] - 10, leaf["derivative"][0] - 9]


def _alter_expression(c):
    c["obligations"][0]["expression"] = sp.srepr(x + 1)


def _change_bounds(c):
    c["obligations"][2]["bounds"][1]["hi"] = "40"


def _drop_obligation(c):
    del c["obligations"][0]


def _claim_id(c):
    c["claim"] = "TEST-NOPE"


def _face_removed(c):
    _leaves(c, "monotone")[0]["face"] = []


@pytest.mark.parametrize("change", [_remove_box, _shrink_box, _alter_enclosure, _alter_derivative,
                                    _alter_expression, _change_bounds, _drop_obligation, _claim_id,
                                    _face_removed])
def test_tampered_certificates_are_rejected(certificate, change):
    report = _tampered(certificate, change)
    assert not report.ok and report.problems


def test_re_checker_shares_no_code_with_the_branch_and_bound():
    source = Path(__file__).parents[1] / "verify" / "recheck.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    assert not any("certify" in m or "flint" in m for m in imported), imported

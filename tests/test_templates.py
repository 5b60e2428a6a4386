"""Routes built once for the claimed form and for each control; seeds from a stable key."""
import numpy as np

from verify import Claim, RunContext
from verify import routes as R
from verify.domain import Domain, Real
from verify.quadrature import Estimate
from verify.results import Role, Verdict

T = Domain(Real("t", 0, 1))


def _square_reference(pt, dps):
    return Estimate(pt["t"] ** 2, 0.0)


def _claim(label):
    return Claim("USER-Square", "test", "USER", "t² by evaluation", statement="t^2", domain=T,
                 routes=R.with_controls(lambda pt: pt["t"] ** 2,
                                        (R.Agreement(_square_reference, 5, label, "evaluation", 12),),
                                        {"t for t²": lambda pt: pt["t"]}))


def test_one_template_gives_a_check_and_a_control_route():
    c = _claim("evaluation")
    assert [(r.name, r.role) for r in c.routes] == [("evaluation", Role.CHECK),
                                                     ("evaluation control (t for t²)", Role.CONTROL)]
    result = c.check(RunContext())
    assert result.verdict is Verdict.HOLDS
    assert [r.verdict for r in result.routes] == [Verdict.HOLDS, Verdict.REFUTED]


def test_rewording_a_label_changes_no_point():
    a, b = _claim("evaluation"), _claim("a reworded label")
    pa = a.routes[0].resolve_points(RunContext(claim=a), a.id)
    pb = b.routes[0].resolve_points(RunContext(claim=b), b.id)
    assert [p["t"] for p in pa] == [p["t"] for p in pb]
    assert a.routes[0].key == b.routes[0].key == ("evaluation", 0)


def test_settings_and_their_controls():
    routes = R.on_settings("run", "simulation", lambda pt: (pt["n"] > 2, 0.0, ""), {"n": 3},
                           {"n = 1": {"n": 1}, "wrong predicate": lambda pt: (False, 1.0, "")})
    assert [r.role for r in routes] == [Role.CHECK, Role.CONTROL, Role.CONTROL]
    rng = np.random.default_rng(0)
    assert routes[1].points(rng) == [{"n": 1}] and routes[2].points(rng) == [{"n": 3}]


def test_a_predicate_on_the_claims_own_points_takes_a_wrong_predicate_as_control():
    import pytest

    positive = lambda pt: (pt["x"] > 0, 0.0, "")  # noqa: E731
    routes = R.on_settings("x > 0", "property", positive, 5, {"x > 1": lambda pt: (pt["x"] > 1, 0.0, "")})
    assert [r.points for r in routes] == [5, 5] and not routes[0].report and not routes[1].report
    assert not R.on_settings("x > 0", "property", positive, {"x": 1}, report=False)[0].report
    claim = Claim("USER-x-positive", "", "DER", "x > 0", "x > 0", domain=(Real("x", 0, 1, open_lo=True),),
                  routes=routes)
    assert claim.check(RunContext()).verdict is Verdict.HOLDS
    with pytest.raises(ValueError, match="a change of settings needs settings"):
        R.on_settings("x > 0", "property", positive, 5, {"x = 2": {"x": 2}})


def test_a_predicate_that_cannot_decide_makes_the_claim_undecided_with_its_reason():
    def undecidable(pt):
        return None, None, "a conjecture: no finite computation decides it"
    claim = Claim("USER-Conjecture", "test", "USER", "undecidable", statement="P", domain=T,
                  routes=(R.PredicateRoute("the conjecture", "evaluation", undecidable, 1),
                          R.PredicateRoute("control", "evaluation", lambda pt: (False, 1.0, "no"), 1,
                                           role=Role.CONTROL)))
    result = claim.check(RunContext())
    assert result.verdict is Verdict.UNDECIDED
    assert "no finite computation" in result.routes[0].detail


def test_at_most_gives_the_violation_as_margin():
    assert R.at_most(0.5, 1, "d") == (True, 0.0, "d")
    assert R.at_most(1.5, 1, "d") == (False, 0.5, "d")
    assert R.at_most(1, 1, "d")[0] and not R.at_most(1, 1, "d", strict=True)[0]
    assert not R.at_most(float("nan"), 1, "d")[0]


def test_defects_below_the_tolerance_hold_at_the_precision_asked():
    import mpmath

    def rounding(pt):  # 4e-16 at 15 digits, about 1e-40 at 40
        return {"|√2² − 2|": abs(mpmath.sqrt(2) ** 2 - 2), "offset": pt["offset"]}
    ok, worst, detail = R.defects_at_most(1e-30, digits=40)(rounding)({"offset": 0})
    assert ok and worst < 1e-30 and "|√2² − 2| = " in detail and "offset = 0.0e+00" in detail
    assert R.defects_at_most(1e-30)(rounding)({"offset": 1e-20})[:2] == (False, 1e-20)
    assert not R.defects_at_most(1e-30, digits=15)(rounding)({"offset": 0})[0]
    assert R.defects_at_most(1e-30)(rounding)({"offset": float("nan")})[:2] == (False, float("inf"))


def test_a_negated_predicate_holds_where_the_predicate_fails():
    negated = R.negation(lambda pt: R.at_most(pt["x"], 1, f"x = {pt['x']}"))
    assert negated({"x": 2}) == (True, 0.0, "x = 2") and negated({"x": 0}) == (False, 1.0, "x = 0")
    assert R.negation(lambda pt: (None, 0.0, "cannot tell"))({})[0] is None


def test_forms_in_a_modules_own_symbols_are_evaluated_through_declared_quantities():
    import mpmath
    import pytest
    import sympy as sp

    from verify.domain import Vector
    from verify.symbols import angle, combination_at, evaluator_at, norm, scalar

    u, v = Vector("u", nonzero=True), Vector("v", nonzero=True)
    a, th, s = sp.symbols("a theta s", positive=True)
    to_uv = {a: norm(u), th: angle(u, v), s: scalar(Real("s", 0, 2)),
             sp.Symbol("n"): lambda pt: len(pt["u"])}                      # or any function of the point
    pt = {"u": [3.0, 4.0], "v": [0.0, 2.0], "s": 0.5}
    with mpmath.workdps(30):
        value = evaluator_at(to_uv)(a * sp.cos(th) * s * sp.Symbol("n"))(pt)
        assert abs(value - 4 * 0.5 * 2) < 1e-28                   # ‖u‖ cos θ = u·v/‖v‖ = 4
        vec = combination_at(to_uv, "u", "v")((1 / a, -s))(pt)          # u/‖u‖ − s v = (0.6, −0.2)
        assert max(abs(vec[0] - mpmath.mpf("0.6")), abs(vec[1] + mpmath.mpf("0.2"))) < 1e-28
        table = evaluator_at(to_uv)((a, s))(pt)
        assert table == [5, 0.5]
    with pytest.raises(ValueError, match="symbol b has no value at a point"):
        evaluator_at(to_uv)(a + sp.Symbol("b"))


def test_a_user_point_runs_only_the_routes_whose_points_are_the_domains():
    """--at: a route over the claim's domain runs at the user's point; an experiment's own settings
    (keys the domain does not have) and a sub-domain in other variables do not."""
    other = Domain(Real("s", 0, 1))
    c = Claim("USER-Mixed", "test", "USER", "mixed routes", statement="t^2", domain=T, routes=(
        *_claim("evaluation").routes,
        *R.on_settings("settings", "evaluation", lambda pt: (True, 0.0, ""), {"runs": 3}),
        R.PredicateRoute("sub-domain", "evaluation", lambda pt: (True, 0.0, ""), other.sample(2)),
        R.PredicateRoute("settings in the domain's variables", "evaluation", lambda pt: (True, 0.0, ""),
                         lambda rng: [{"t": 0.25}])))
    ctx = RunContext(at={"t": 0.5})
    assert [r.name for _, r in c.routes_for(ctx)] == ["evaluation", "evaluation control (t for t²)",
                                                      "settings in the domain's variables"]
    assert c.check(RunContext(at={"t": 0.5})).verdict is Verdict.HOLDS

"""How route verdicts combine: a check that cannot fail never yields holds."""
import pytest

from verify.results import Role, RouteResult, Verdict, combine


def r(verdict, role=Role.CHECK, name="r"):
    return RouteResult(name, "kind", role, Verdict(verdict), "detail")


@pytest.mark.parametrize("routes, erratum, expected", [
    ([r("holds"), r("refuted", Role.CONTROL)], False, Verdict.HOLDS),
    ([r("holds"), r("holds", Role.CONTROL)], False, Verdict.ERROR),        # control not rejected
    ([r("holds"), r("undecided", Role.CONTROL)], False, Verdict.ERROR),
    ([r("refuted"), r("refuted", Role.CONTROL)], False, Verdict.REFUTED),
    ([r("holds"), r("undecided"), r("refuted", Role.CONTROL)], False, Verdict.UNDECIDED),
    ([r("holds"), r("error")], False, Verdict.ERROR),
    ([r("holds"), r("refuted", Role.PRINTED), r("refuted", Role.CONTROL)], True, Verdict.ERRATUM),
    ([r("holds"), r("holds", Role.PRINTED)], True, Verdict.ERROR),          # printed form not refuted
    ([r("holds")], True, Verdict.ERROR),                                    # erratum without evidence
    ([r("refuted", Role.CONTROL)], False, Verdict.ERROR),                   # only controls
    ([], False, Verdict.ERROR),
])
def test_combine(routes, erratum, expected):
    verdict, reason = combine(routes, has_erratum=erratum)
    assert verdict is expected, reason


def test_expected_verdict_per_role():
    assert Role.CHECK.expected is Verdict.HOLDS
    assert Role.CONTROL.expected is Verdict.REFUTED
    assert Role.PRINTED.expected is Verdict.REFUTED

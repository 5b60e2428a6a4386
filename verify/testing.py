"""Property tests from a claim's domain: the generic test, the tests a one-call claim adds to its
module, and ``@property_of(ID)`` for a hand-written test that draws from a claim's domain.

A claim's *pointwise* check routes (quadrature, finite differences, evaluation, property —
every pointwise route except Monte Carlo and simulations, whose costs and false alarms are
budgeted per run, not per example) are run at points Hypothesis draws from the domain the route
draws from (the claim's, or the route's own sub-domain). A route may be undecided at a drawn
point; it must never be refuted or crash there.

The number of examples follows the active Hypothesis profile (``conftest.py``), divided by
``EXAMPLES_DIVISOR`` because each example runs high-precision oracles.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from .domain import Sample
from .registry import REGISTRY, Claim, RunContext, load_claims
from .results import Kind, Role, Verdict

EXPENSIVE_KINDS = {Kind.MONTE_CARLO.value, Kind.SIMULATION.value}
EXAMPLES_DIVISOR = 6


def _examples() -> settings:
    base = settings.default
    return settings(base, max_examples=max(3, base.max_examples // EXAMPLES_DIVISOR),
                    deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.filter_too_much])


SIMULATION_DIVISOR = 20


def simulation_examples() -> settings:
    """Hypothesis settings for a property test whose every example runs a simulation (a fraction
    ``1/SIMULATION_DIVISOR`` of the active profile's examples, at least 3; no deadline)."""
    base = settings.default
    return settings(base, max_examples=max(3, base.max_examples // SIMULATION_DIVISOR), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def pointwise_routes(claim: Claim, role: Role = Role.CHECK) -> list:
    """The claim's routes a property test can run at one drawn point."""
    return [r for r in claim.routes if r.role is role and r.pointwise
            and isinstance(r.points, (Sample, int)) and r.kind not in EXPENSIVE_KINDS]


def _route_domain(claim: Claim, route):
    source = route.points
    return source.domain if isinstance(source, Sample) and source.domain is not None else claim.domain


def outcomes_at(claim: Claim, routes, point) -> list[tuple[str, object]]:
    ctx = RunContext(claim=claim)
    return [(r.name, r.compare(point, ctx, 1)) for r in routes]


def has_property_test(claim: Claim) -> bool:
    return bool(claim.domain.variables) and bool(pointwise_routes(claim))


def check_claim_at_drawn_points(claim: Claim) -> None:
    """Run every pointwise check route of ``claim`` at Hypothesis-drawn points of its domain;
    for a claim expected to be refuted, find a point where a check route refutes it."""
    routes = pointwise_routes(claim)
    if not routes:
        raise AssertionError(f"{claim.id}: no pointwise route to test at drawn points")
    if claim.expect is Verdict.REFUTED:
        from .strategies import counterexample

        counterexample(claim.domain.strategy(), lambda p: any(
            out.verdict is Verdict.REFUTED for _, out in outcomes_at(claim, routes, p)))
        return
    by_domain: dict[int, tuple] = {}
    for r in routes:
        dom = _route_domain(claim, r)
        by_domain.setdefault(id(dom), (dom, []))[1].append(r)
    for dom, group in by_domain.values():
        @_examples()
        @given(dom.strategy())
        def run(point):
            if set(point) == set(claim.domain.names):  # a route's own parameters are its own
                point = claim.domain.validate(point)
            for name, out in outcomes_at(claim, group, point):
                assert out.verdict is not Verdict.REFUTED, f"{claim.id}, {name}: {out.detail}"
                assert out.verdict is not Verdict.ERROR, f"{claim.id}, {name}: {out.detail}"
        run()


def verdict_test(claim: Claim):
    @pytest.mark.claim(claim.id)
    def test_verdict():
        result = claim.check(RunContext())
        assert result.verdict is claim.expect, result.reason
    test_verdict.__doc__ = f"{claim.id} gets its expected verdict ({claim.expect})."
    return test_verdict


def property_test(claim: Claim):
    @pytest.mark.claim(claim.id)
    def test_property():
        check_claim_at_drawn_points(claim)
    test_property.__doc__ = f"{claim.id}: pointwise routes at Hypothesis-drawn points."
    return test_property


def property_of(claim_id: str, *, where: dict | None = None, **strategies):
    """Decorate a test taking the claim's variables as keyword arguments: Hypothesis draws them
    from the claim's domain (restricted by ``where``, as :meth:`Domain.restrict`), further
    arguments from ``strategies``, and the test carries the ``claim(ID)`` marker.

    >>> # @property_of("BG17-L3.1")
    >>> # def test_symmetric(u, v): assert kernel(u, v) == kernel(v, u)
    """
    def decorate(fn):
        if claim_id not in REGISTRY:
            load_claims()
        domain = REGISTRY.get(claim_id).domain
        domain = domain.restrict(**where) if where else domain

        def test(point, **extra):
            fn(**point, **extra)
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(test, attr, getattr(fn, attr))
        return pytest.mark.claim(claim_id)(given(point=domain.strategy(), **strategies)(test))
    return decorate


def without_timings(value, drop=("seconds", "cached_at")):
    """A result's JSON (``--json``, :meth:`ClaimResult.to_json`) without what depends on the
    machine and the day: the seconds and the cache's date. Two runs of the same claims under the
    same seed are equal after this, whatever ran them (``-j 1``, ``-j N``, a cluster)."""
    if isinstance(value, dict):
        return {k: without_timings(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [without_timings(v, drop) for v in value]
    return value


SLOW_SECONDS = 60
"""A claim that declares a ``cost=`` of this many seconds (its full check on one core) or more is
run by the slow test environment only."""


def is_costly(claim) -> bool:
    return (claim.cost or 0) >= SLOW_SECONDS

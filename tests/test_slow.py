"""Slow checks of the engine's statistics (run by `tox -e slow`)."""
import numpy as np
import pytest

from verify import REGISTRY, RunContext, load_claims
from verify.results import Verdict

load_claims()


@pytest.mark.slow
def test_monte_carlo_routes_rarely_false_alarm_across_seeds():
    """Each Monte Carlo route has a false-alarm probability <= 1e-3; over 30 seeds of the three
    Monte Carlo check routes (90 route runs) the expected number of alarms is <= 0.09 and
    P(>= 2 alarms) < 0.004. Seeded, so the outcome is reproducible."""
    alarms, runs = 0, 0
    for seed in range(30):
        for claim in REGISTRY:
            if claim.paper == "USER":
                continue
            for route in claim.routes:
                if route.kind == "monte-carlo" and route.role.value == "check":
                    result = route.run(RunContext(seed=seed), claim.id)
                    runs += 1
                    alarms += result.verdict is Verdict.REFUTED
    assert runs >= 90
    assert alarms <= 1


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_claims_hold_under_other_seeds(seed):
    """The verdicts do not depend on the default seed's points."""
    for claim in REGISTRY:
        if claim.paper == "USER":
            continue
        result = claim.check(RunContext(seed=seed))
        assert result.verdict is Verdict.HOLDS, (claim.id, seed, result.reason)

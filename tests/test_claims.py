"""Every registered claim, run once through the parallel runner exactly as `verify check` runs
it (the ``catalogue`` fixture, tests/conftest.py): the expected verdict and every negative
control rejected. Claims that declare a cost of ``verify.testing.SLOW_SECONDS`` or more run in
the slow environment."""
import pytest

from verify import REGISTRY, load_claims
from verify.results import Role, Verdict
from verify.runner import default_jobs, run_claims
from verify.testing import is_costly

load_claims()
CATALOGUE = [c for c in REGISTRY if c.paper != "USER"]
FAST = [c.id for c in CATALOGUE if not is_costly(c)]
COSTLY = [c.id for c in CATALOGUE if is_costly(c)]


def expected_verdict_and_controls_rejected(claim_id, result):
    assert result.verdict is REGISTRY.get(claim_id).expect, result.reason
    controls = [r for r in result.routes if r.role is Role.CONTROL]
    assert controls and all(r.verdict is Verdict.REFUTED for r in controls)


@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in FAST])
def test_claim_verdict(claim_id, catalogue):
    expected_verdict_and_controls_rejected(claim_id, catalogue[claim_id])


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in COSTLY])
def test_costly_claim_verdict(claim_id):
    expected_verdict_and_controls_rejected(claim_id, run_claims([REGISTRY.get(claim_id)], jobs=default_jobs())[0])

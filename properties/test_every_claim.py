"""The generic property test: every claim's pointwise check routes, run at points Hypothesis
draws from the claim's domain (or the route's own sub-domain). Hand-written property tests in
``properties/<paper>/`` cover only what no route checks."""
import pytest

from verify import REGISTRY, load_claims
from verify.testing import check_claim_at_drawn_points, has_property_test

load_claims()
COVERED = [c.id for c in REGISTRY if has_property_test(c) and c.paper != "USER"]


@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in COVERED])
def test_pointwise_routes_hold_at_drawn_points(claim_id):
    check_claim_at_drawn_points(REGISTRY.get(claim_id))

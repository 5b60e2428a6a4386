"""The generic tests: every claim's pointwise check routes, run at points Hypothesis draws from
the claim's domain (or the route's own sub-domain), and every figure claim's image, drawn.
Hand-written property tests in ``properties/<paper>/`` cover only what no route checks."""
import pytest

from verify import REGISTRY, load_claims
from verify.testing import check_claim_at_drawn_points, has_property_test, is_costly

load_claims()
COVERED = [c.id for c in REGISTRY if has_property_test(c) and c.paper != "USER"]


@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in COVERED])
def test_pointwise_routes_hold_at_drawn_points(claim_id):
    check_claim_at_drawn_points(REGISTRY.get(claim_id))


def _figure_marks(c):
    # a figure drawn from a simulation that a costly claim shares (DZPS19 Fig. 1) is slow too
    slow = is_costly(c) or any(c.id in u.uses and is_costly(u) for u in REGISTRY)
    return [pytest.mark.claim(c.id), *([pytest.mark.slow] if slow else [])]


@pytest.mark.parametrize("claim_id", [pytest.param(c.id, marks=_figure_marks(c))
                                      for c in REGISTRY if c.figure is not None])
def test_figure_is_drawn(claim_id, tmp_path):
    path = tmp_path / "figure.png"
    REGISTRY.get(claim_id).figure(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, f"{claim_id}: {len(data)} bytes"

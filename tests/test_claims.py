"""Every registered claim, run exactly as `verify check` runs it: the expected verdict, every
negative control rejected, and the run reproducible under its seed."""
import pytest

from verify import REGISTRY, RunContext, load_claims
from verify.results import Role, Verdict

load_claims()
EXPECTED = {c.id: (Verdict.ERRATUM if c.erratum else Verdict.HOLDS) for c in REGISTRY}


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_claim_verdict(claim_id):
    result = REGISTRY.get(claim_id).check(RunContext())
    assert result.verdict is EXPECTED[claim_id], result.reason
    controls = [r for r in result.routes if r.role is Role.CONTROL]
    assert controls and all(r.verdict is Verdict.REFUTED for r in controls)

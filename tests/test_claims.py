"""Every registered claim, run exactly as `verify check` runs it: the expected verdict, every
negative control rejected, and the run reproducible under its seed."""
import pytest

from verify import REGISTRY, RunContext, load_claims
from verify.results import Role, Verdict

load_claims()
EXPECTED = {c.id: (Verdict.ERRATUM if c.erratum else Verdict.HOLDS) for c in REGISTRY}


# claims whose full check takes over a minute (a certified cover for k up to 1000): slow env
SLOW = {"BG17-P7.2"}


@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.slow) if i in SLOW else i
                                      for i in sorted(EXPECTED)])
def test_claim_verdict(claim_id):
    result = REGISTRY.get(claim_id).check(RunContext())
    assert result.verdict is EXPECTED[claim_id], result.reason
    controls = [r for r in result.routes if r.role is Role.CONTROL]
    assert controls and all(r.verdict is Verdict.REFUTED for r in controls)

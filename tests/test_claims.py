"""Every registered claim, run once through the parallel runner exactly as `verify check` runs
it: the expected verdict and every negative control rejected. Claims that declare a cost above
``SLOW_SECONDS`` run in the slow environment (tests/test_slow.py)."""
import fcntl
import os

import pytest

from verify import REGISTRY, load_claims
from verify.cache import Cache
from verify.results import Role, Verdict
from verify.runner import default_jobs, run_claims

load_claims()
SLOW_SECONDS = 60
CATALOGUE = [c for c in REGISTRY if c.paper != "USER"]
FAST = [c.id for c in CATALOGUE if (c.cost or 0) < SLOW_SECONDS]
COSTLY = [c.id for c in CATALOGUE if (c.cost or 0) >= SLOW_SECONDS]


@pytest.fixture(scope="session")
def results(tmp_path_factory):
    """One parallel run of the fast claims per test session: the first pytest-xdist worker to get
    here runs it into a cache shared by the session's workers; the others wait for it and read
    the results from that cache."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "catalogue-cache"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out = run_claims([REGISTRY.get(i) for i in FAST], jobs=default_jobs(), cache=Cache(shared))
    return {r.id: r for r in out}


def expected_verdict_and_controls_rejected(claim_id, result):
    assert result.verdict is REGISTRY.get(claim_id).expect, result.reason
    controls = [r for r in result.routes if r.role is Role.CONTROL]
    assert controls and all(r.verdict is Verdict.REFUTED for r in controls)


@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in FAST])
def test_claim_verdict(claim_id, results):
    expected_verdict_and_controls_rejected(claim_id, results[claim_id])


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", [pytest.param(i, marks=pytest.mark.claim(i)) for i in COSTLY])
def test_costly_claim_verdict(claim_id):
    expected_verdict_and_controls_rejected(claim_id, run_claims([REGISTRY.get(claim_id)], jobs=default_jobs())[0])

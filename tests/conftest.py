"""Fixtures shared by the engine's tests."""
import fcntl
import os

import pytest

from verify import REGISTRY, load_claims
from verify.cache import Cache
from verify.runner import default_jobs, run_claims

from verify.testing import is_costly

load_claims()
FAST = [c.id for c in REGISTRY if c.paper != "USER" and not is_costly(c)]


@pytest.fixture(scope="session")
def catalogue_cache(tmp_path_factory):
    """The cache directory shared by the session's pytest-xdist workers."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "catalogue-cache"
    shared.mkdir(exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def catalogue(catalogue_cache):
    """One parallel run of the fast claims per test session: the first pytest-xdist worker to get
    here runs it into the shared cache; the others wait for it and read the results from there."""
    with open(catalogue_cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out = run_claims([REGISTRY.get(i) for i in FAST], jobs=default_jobs(), cache=Cache(catalogue_cache))
    return {r.id: r for r in out}

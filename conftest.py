"""Shared pytest configuration: Hypothesis profiles and the ``claim`` marker.

Profiles are registered once here and chosen by ``HYPOTHESIS_PROFILE`` (tox sets it):
``dev`` (quick, local), ``ci`` (derandomized, reproducible), ``thorough`` (many examples).
Tests never set ``max_examples`` themselves.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


if os.environ.get("PYTEST_XDIST_WORKER"):
    # xdist workers share the cores: one BLAS thread each (see verify.runner.one_blas_thread)
    from verify.runner import one_blas_thread

    one_blas_thread()


@pytest.fixture(autouse=True)
def _own_verify_cache(tmp_path_factory, monkeypatch):
    """Every test gets an empty cache of its own (never the working directory's)."""
    monkeypatch.setenv("VERIFY_CACHE", str(tmp_path_factory.mktemp("verify_cache")))


def pytest_collection_modifyitems(config, items):
    """Every ``claim(ID)`` marker must name a registered claim."""
    from verify import REGISTRY, load_claims

    load_claims()
    unknown = set()
    for item in items:
        for marker in item.iter_markers("claim"):
            if len(marker.args) != 1:
                raise pytest.UsageError(f"{item.nodeid}: claim marker takes exactly one ID")
            if marker.args[0] not in REGISTRY:
                unknown.add((item.nodeid, marker.args[0]))
    if unknown:
        lines = "; ".join(f"{node} uses {cid}" for node, cid in sorted(unknown))
        raise pytest.UsageError(f"claim markers name unregistered IDs: {lines}")

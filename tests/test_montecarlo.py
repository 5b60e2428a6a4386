"""The Monte Carlo oracle: reproducible, calibrated, with the stated power."""
import math

import numpy as np
import pytest

from verify import tolerances
from verify.errors import InputError
from verify.montecarlo import gaussian_monte_carlo

RELU_PRODUCT = staticmethod(lambda P: np.maximum(P[0], 0) * np.maximum(P[1], 0))


def relu_product(P):
    return np.maximum(P[0], 0) * np.maximum(P[1], 0)


def test_seeded_runs_are_reproducible():
    a = gaussian_monte_carlo(relu_product, [[1.0, 0.0], [0.0, 1.0]], n=10_000, rng=7)
    b = gaussian_monte_carlo(relu_product, [[1.0, 0.0], [0.0, 1.0]], n=10_000, rng=7)
    c = gaussian_monte_carlo(relu_product, [[1.0, 0.0], [0.0, 1.0]], n=10_000, rng=8)
    assert a.mean == b.mean and a.stderr == b.stderr and a.mean != c.mean


def test_confidence_intervals_cover_at_the_stated_rate():
    """200 independent 95% intervals for E[relu(x1)^2] = 1/2: coverage within the binomial band.

    The number of misses is Binomial(200, 0.05); P(misses > 22) < 1e-4, so this test has a
    false-alarm probability below 1e-4 (and it is seeded, hence deterministic)."""
    rng = np.random.default_rng(2024)
    misses = 0
    for _ in range(200):
        est = gaussian_monte_carlo(lambda P: np.maximum(P[0], 0) ** 2, [[1.0, 0.0]], n=2_000, rng=rng)
        lo, hi = est.interval(0.05)
        misses += not (lo <= 0.5 <= hi)
    assert misses <= 22


def test_full_dimension_and_projected_sampling_agree():
    """Drawing x in R^d and drawing its projections directly estimate the same expectation."""
    rng = np.random.default_rng(1)
    d = 40
    u, v = rng.standard_normal(d), rng.standard_normal(d)
    full = gaussian_monte_carlo(relu_product, [u, v], n=400_000, rng=2, full_dimension=True)
    proj = gaussian_monte_carlo(relu_product, [u, v], n=400_000, rng=3)
    z = (full.mean - proj.mean) / math.hypot(full.stderr, proj.stderr)
    assert abs(z) < tolerances.z_two_sided(1e-4)


def test_default_sample_size_rejects_a_one_percent_error():
    """At theta = pi/2 (cv = 2.98) the default n rejects g * 1.01 at the per-point level used by
    a 4-point, 2-component route, and accepts g itself."""
    u, v = [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]
    g = 1 / (2 * math.pi)
    est = gaussian_monte_carlo(relu_product, [u, v], rng=11)
    zcrit = tolerances.z_two_sided(tolerances.MC_FALSE_ALARM / 8)
    assert abs(est.z_scores(g)) < zcrit
    assert abs(est.z_scores(1.01 * g)) > zcrit
    assert abs(est.z_scores(0.99 * g)) > zcrit
    mde = tolerances.minimum_detectable_relative_error(est.stderr, est.mean, tolerances.MC_FALSE_ALARM / 8)
    assert mde < tolerances.MC_TARGET_RELATIVE_ERROR


def test_vector_valued_integrands_and_chunking():
    est = gaussian_monte_carlo(lambda P: np.stack([P[0], P[0] ** 2]), [[2.0]], n=100_003, rng=5,
                               chunk=4096)
    assert est.mean.shape == (2,)
    assert abs(est.mean[0]) < 5 * est.stderr[0]
    assert abs(est.mean[1] - 4.0) < 5 * est.stderr[1]


@pytest.mark.parametrize("vectors, n, message", [
    ([[1.0, float("inf")]], 100, "finite"),
    ([[1.0, 2.0], [1.0]], 100, "dimensions differ"),
    ([[1.0]], 1, "n: expected an integer >= 2"),
])
def test_bad_input(vectors, n, message):
    with pytest.raises(InputError, match=message):
        gaussian_monte_carlo(lambda P: P[0], vectors, n=n)


def test_failure_rate_decides_both_ways_and_says_when_it_cannot():
    from verify.statistics import failure_rate_at_most
    assert failure_rate_at_most(0, 400, 0.1)[0] is True
    assert failure_rate_at_most(200, 400, 0.1)[0] is False
    ok, text = failure_rate_at_most(4, 40, 0.1)
    assert ok is None and "too few runs" in text


def test_loglog_slope_recovers_a_power_law_and_its_interval_excludes_others():
    from verify.statistics import loglog_slope
    rng = np.random.default_rng(1)
    xs = [100, 400, 1600, 6400]
    samples = [x ** -0.5 * (1 + 0.05 * rng.standard_normal(20)) for x in xs]
    slope, lo, hi = loglog_slope(xs, samples)
    assert lo < -0.5 < hi and abs(slope + 0.5) < 0.02 and hi < -0.45


def test_a_weaker_power_target_is_stated_and_used():
    """A route too weak for 1% at its n is undecided; declaring a 10% target makes it decide, and
    its detail says so."""
    from verify import RunContext
    from verify.results import Verdict
    from verify.routes import MonteCarloRoute

    def estimate(pt, n, rng):
        return gaussian_monte_carlo(relu_product, [[1.0, 0.0], [0.0, 1.0]], n=n, rng=rng)
    args = ("g", lambda pt: 1 / (2 * math.pi), estimate, lambda rng: [{"x": 1.0}])
    strict = MonteCarloRoute(*args, n=200_000).run(RunContext(), "T-1")
    weak = MonteCarloRoute(*args, n=200_000, target=0.1).run(RunContext(), "T-1")
    assert strict.verdict is Verdict.UNDECIDED and weak.verdict is Verdict.HOLDS
    assert "power target 10%" in weak.detail

"""BG17-X5 (l <= |w - w*|^2 / 2) and BG17-S5-risk (l <= d |w - w*|^2)."""
import mpmath
import numpy as np
import pytest
from hypothesis import example, given, target

from lemmas.bg17.s3_risk import no_overlap_risk_value
from strategies_bg17 import landscape_points
from verify.strategies import counterexample

DPS = 40


def ratio(w, ws, kk):
    with mpmath.workdps(DPS):
        dist2 = mpmath.fsum((mpmath.mpf(x) - mpmath.mpf(y)) ** 2 for x, y in zip(w, ws))
        return no_overlap_risk_value(w, ws, kk) / dist2 if dist2 else mpmath.mpf(0)


near_teacher = (np.array([1.0 + 1e-5, 0.0]), np.array([1.0, 0.0]), 1, 0.0)


@pytest.mark.claim("BG17-X5")
@given(landscape_points())
@example(near_teacher)
def test_risk_at_most_half_the_squared_distance(pt):
    w, ws, kk, _ = pt
    r = ratio(w, ws, kk)
    target(float(r), label="l / |w - w*|^2 (must stay <= 1/2)")
    with mpmath.workdps(DPS):  # equality holds for k = 1, theta = 0: compare at full precision
        assert r <= mpmath.mpf(1) / 2 + mpmath.mpf(10) ** -30


@pytest.mark.claim("BG17-S5-risk")
@given(landscape_points())
def test_risk_at_most_d_times_the_squared_distance(pt):
    w, ws, kk, _ = pt
    assert ratio(w, ws, kk) <= kk * len(ws)


@pytest.mark.claim("BG17-X5")
@pytest.mark.claim("BG17-S5-risk")
def test_negative_control_quarter_is_refuted():
    counterexample(landscape_points(max_k=2, max_norm=3), lambda pt: ratio(*pt[:3]) > 0.25)

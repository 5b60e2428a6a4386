"""BG17-Eq14 (gradient = -c1 w - c2 w*, c1 >= -1, c2 >= 0, c2 = 0 iff theta = pi) and BG17-Eq15
(the update) and BG17-S5-angle (the angle decreases for 0 < lambda < 1)."""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, target
from hypothesis import strategies as st

from lemmas.bg17.s3_risk import no_overlap_risk_value
from lemmas.bg17.s5 import coefficients, gd_step, risk_gradient
from strategies_bg17 import landscape_points
from verify.finitediff import gradient as fd_gradient
from verify.strategies import counterexample
from verify.vectors import angle, norm

DPS = 40


@pytest.mark.claim("BG17-Eq14")
@given(landscape_points(max_m=5, min_norm=1e-2, max_norm=10))
def test_gradient_equals_finite_differences(pt):
    w, ws, kk, _ = pt
    est = fd_gradient(lambda x: no_overlap_risk_value(x, ws, kk), w, dps=DPS)
    with mpmath.workdps(2 * DPS):
        g = risk_gradient(w, ws, kk)
        err = max(abs(x - y) for x, y in zip(g, est.value)) / (norm(w) + norm(ws))
    assert err <= mpmath.mpf(10) ** -25


@pytest.mark.claim("BG17-Eq14")
@given(landscape_points())
@example((np.array([100.0, 0.0]), np.array([1.0, 0.0]), 1, 0.0))   # c1 -> -1: k = 1, theta = 0
def test_coefficient_bounds(pt):
    w, ws, kk, _ = pt
    with mpmath.workdps(DPS):
        c1, c2 = coefficients(w, ws, kk)
        target(-float(c1), label="closeness of c1 to -1")
        assert c1 >= -(mpmath.pi + kk - 1) / (mpmath.pi * kk) - mpmath.mpf(10) ** -35 >= -1 - mpmath.mpf(10) ** -35
        assert c2 >= 0
        at_pi = angle(w, ws) == mpmath.pi
        assert (c2 == 0) == at_pi or (at_pi and abs(c2) < mpmath.mpf(10) ** -35)


@pytest.mark.claim("BG17-Eq14")
def test_negative_control_c1_nonnegative_is_refuted():
    def c1_negative(pt):
        with mpmath.workdps(DPS):
            return coefficients(pt[0], pt[1], pt[2])[0] < 0
    counterexample(landscape_points(), c1_negative)


@pytest.mark.claim("BG17-Eq15")
@given(landscape_points(max_m=4, min_norm=1e-2, max_norm=10), st.floats(0.01, 2.0))
def test_update_is_a_gradient_step(pt, lam):
    w, ws, kk, _ = pt
    est = fd_gradient(lambda x: no_overlap_risk_value(x, ws, kk), w, dps=DPS)
    with mpmath.workdps(2 * DPS):
        step = gd_step(w, ws, kk, mpmath.mpf(lam))
        direct = [mpmath.mpf(x) - lam * g for x, g in zip(w, est.value)]
        assert max(abs(x - y) for x, y in zip(step, direct)) <= mpmath.mpf(10) ** -25 * (norm(w) + norm(ws))


def angle_change(w, ws, kk, lam):
    with mpmath.workdps(DPS):
        return angle(gd_step(w, ws, kk, mpmath.mpf(lam)), ws) - angle(w, ws)


@pytest.mark.claim("BG17-S5-angle")
@given(landscape_points(min_angle=1e-6, max_angle=math.pi - 1e-6), st.floats(0.001, 0.999))
def test_angle_strictly_decreases(pt, lam):
    w, ws, kk, _ = pt
    change = angle_change(w, ws, kk, lam)
    target(float(change), label="angle change (must stay < 0)")
    assert change < 0


@pytest.mark.claim("BG17-S5-angle")
@given(landscape_points(), st.floats(0.001, 0.999))
def test_angle_zero_and_pi_are_invariant(pt, lam):
    w, ws, kk, theta = pt
    if theta in (0.0, math.pi):
        with mpmath.workdps(DPS):
            before = angle(w, ws)
            assert abs(angle(gd_step(w, ws, kk, mpmath.mpf(lam)), ws) - before) < 1e-12


@pytest.mark.claim("BG17-S5-angle")
def test_negative_control_large_step_is_refuted():
    counterexample(st.tuples(landscape_points(max_k=1, min_angle=0.01, max_angle=3.0, min_norm=5,
                                              max_norm=100), st.floats(1.5, 4.0)),
                   lambda p: angle_change(p[0][0], p[0][1], p[0][2], p[1]) > 0)

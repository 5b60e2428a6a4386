"""BG17 Prop. 5.1 and the derived facts around it: the kink at 0 (P5.1.1, P5.1.2a, P5.1.k1), the
unique global minimum (P5.1.2b, X1), the saddle (P5.1.2c, X2, X3, X6), the special values (X4).
Each claim has a property test and a negative control; the printed form of Prop. 5.1.2(c) at m = 1
is a strict xfail (erratum)."""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, target
from hypothesis import strategies as st

from lemmas.bg17.s3_risk import no_overlap_risk_value
from lemmas.bg17.s5 import (_mp_saddle_scale, _mp_wrong_saddle_scale, has_descent_direction,
                            risk_gradient)
from strategies_bg17 import landscape_points
from verify.finitediff import hessian as fd_hessian
from verify.strategies import counterexample, unit_vectors, vectors
from verify.vectors import norm

DPS = 40
teachers = vectors(min_dim=1, max_dim=5, min_value=0.1, max_value=10)


def risk(w, ws, kk):
    with mpmath.workdps(DPS):
        return no_overlap_risk_value(w, ws, kk)


def zero_drop(u, ws, kk, r=1e-8):
    """l(0) - l(r |w*| u) for a unit u (40 digits)."""
    with mpmath.workdps(DPS):
        step = r * norm(ws)
        return (no_overlap_risk_value([0.0] * len(ws), ws, kk)
                - no_overlap_risk_value([step * x for x in u], ws, kk))


@st.composite
def directions_and_teachers(draw, min_k=1, max_k=12):
    m = draw(st.integers(1, 5))
    return (draw(unit_vectors(min_dim=m, max_dim=m)), draw(vectors(min_dim=m, max_dim=m, min_value=0.1,
                                                                    max_value=10)), draw(st.integers(min_k, max_k)))


def directional_sum(u, ws, kk):
    """D_u l(0) + D_-u l(0) by one-sided quotients at t = 1e-20 (40 digits); 0 if l were
    differentiable at 0."""
    with mpmath.workdps(DPS):
        t = mpmath.mpf(10) ** -20
        zero = no_overlap_risk_value([0.0] * len(u), ws, kk)
        return (no_overlap_risk_value([t * x for x in u], ws, kk)
                + no_overlap_risk_value([-t * x for x in u], ws, kk) - 2 * zero) / t


@pytest.mark.claim("BG17-P5.1.1")
@given(directions_and_teachers())
def test_directional_derivatives_at_zero_are_not_linear(p):
    total = directional_sum(*p)
    target(float(total), label="D_u + D_-u (must stay < 0)")
    assert total < 0


@pytest.mark.claim("BG17-P5.1.1")
def test_negative_control_linear_directional_derivative_is_refuted():
    """The variant 'l is differentiable at 0' (D_u + D_-u = 0) must be refuted."""
    counterexample(directions_and_teachers(), lambda p: abs(directional_sum(*p)) > 1e-6)


@pytest.mark.claim("BG17-P5.1.2a")
@given(directions_and_teachers(min_k=2))
def test_zero_is_a_local_maximum_for_k_above_one(p):
    assert zero_drop(*p) > 0


@pytest.mark.claim("BG17-P5.1.2a")
def test_negative_control_k_equal_one_is_refuted():
    counterexample(directions_and_teachers(min_k=1, max_k=1), lambda p: zero_drop(*p) < 0)


@pytest.mark.claim("BG17-P5.1.k1")
@given(teachers, st.floats(1e-6, 1e-2))
def test_k1_risk_increases_along_minus_w_star(ws, r):
    with mpmath.workdps(DPS):
        u = [-x / norm(ws) for x in ws]
        increment = (no_overlap_risk_value([r * x for x in u], ws, 1)
                     - no_overlap_risk_value([0.0] * len(ws), ws, 1))
        assert abs(increment - mpmath.mpf(r) ** 2 / 2) <= mpmath.mpf(10) ** -30


@pytest.mark.claim("BG17-P5.1.k1")
def test_negative_control_k1_saddle_scale_is_refuted():
    """The wrong scale (k^2 - k)/(k^2 + pi k) vanishes at k = 1 too; the gradient at -w*/2 does not."""
    def gradient_vanishes(ws):
        with mpmath.workdps(DPS):
            return max(abs(x) for x in risk_gradient([-x / 2 for x in ws], ws, 1)) < 1e-20
    counterexample(teachers, lambda ws: not gradient_vanishes(ws))


@pytest.mark.claim("BG17-P5.1.2b")
@given(landscape_points(min_norm=1e-3, max_norm=20))
def test_risk_positive_except_at_teacher(pt):
    w, ws, kk, _ = pt
    if np.array_equal(w, ws):
        return
    assert risk(w, ws, kk) > 0
    assert abs(risk(ws, ws, kk)) < mpmath.mpf(10) ** -30 * norm(ws) ** 2


@pytest.mark.claim("BG17-P5.1.2b")
def test_negative_control_saddle_as_minimum_is_refuted():
    def below_saddle(pt):
        w, ws, kk, _ = pt
        s = _mp_saddle_scale(mpmath.mpf(kk))
        return risk(w, ws, kk) < risk([-s * x for x in ws], ws, kk)
    counterexample(landscape_points(min_k=2), below_saddle)


def hessian_eigenvalues(point, ws, kk):
    est = fd_hessian(lambda x: no_overlap_risk_value(x, ws, kk), [float(x) for x in point], dps=DPS)
    with mpmath.workdps(DPS):
        return sorted(mpmath.eigsy(mpmath.matrix(est.value))[0])


@pytest.mark.claim("BG17-X1")
@given(vectors(min_dim=2, max_dim=4, min_value=0.2, max_value=5), st.integers(1, 10))
def test_hessian_at_teacher(ws, kk):
    ev = hessian_eigenvalues(ws, ws, kk)
    with mpmath.workdps(DPS):
        radial, across = (kk + mpmath.pi - 1) / (mpmath.pi * kk), mpmath.mpf(1) / kk
        expected = sorted([radial] + [across] * (len(ws) - 1))
        assert max(abs(x - y) for x, y in zip(ev, expected)) < 1e-8


@pytest.mark.claim("BG17-X2")
@given(vectors(min_dim=2, max_dim=4, min_value=0.2, max_value=5), st.integers(2, 10))
def test_hessian_at_saddle_is_psd_and_degenerate(ws, kk):
    s = float(_mp_saddle_scale(mpmath.mpf(kk)))
    ev = hessian_eigenvalues([-s * x for x in ws], ws, kk)
    with mpmath.workdps(DPS):
        assert all(abs(x) < 1e-8 for x in ev[:-1])
        assert abs(ev[-1] - (kk + mpmath.pi - 1) / (mpmath.pi * kk)) < 1e-8


@pytest.mark.claim("BG17-X1")
@pytest.mark.claim("BG17-X2")
def test_negative_control_wrong_transverse_eigenvalue_is_refuted():
    counterexample(st.tuples(vectors(min_dim=2, max_dim=3, min_value=0.2, max_value=5), st.integers(2, 6)),
                   lambda p: abs(hessian_eigenvalues(p[0], p[0], p[1])[0] - 1 / p[1] ** 2) > 1e-6)


@pytest.mark.claim("BG17-P5.1.2c")
@pytest.mark.claim("BG17-X3")
@given(vectors(min_dim=2, max_dim=6, min_value=0.1, max_value=10), st.integers(2, 12))
def test_saddle_has_a_descent_direction_when_m_at_least_two(ws, kk):
    assert has_descent_direction({"w_star": ws, "k": kk})[0]


@pytest.mark.claim("BG17-P5.1.2c")
@pytest.mark.xfail(strict=True, reason="erratum: for m = 1 the point -a_k w* is a strict local minimum (BG17-X6)")
@given(vectors(min_dim=1, max_dim=1, min_value=0.1, max_value=10), st.integers(2, 12))
def test_printed_saddle_claim_at_m_equal_one(ws, kk):
    assert has_descent_direction({"w_star": ws, "k": kk})[0]


@pytest.mark.claim("BG17-P5.1.2c")
def test_negative_control_wrong_saddle_point_is_refuted():
    def gradient_size(p):
        ws, kk = p
        with mpmath.workdps(DPS):
            s = _mp_wrong_saddle_scale(mpmath.mpf(kk))
            return max(abs(x) for x in risk_gradient([-s * x for x in ws], ws, kk))
    counterexample(st.tuples(teachers, st.integers(2, 10)), lambda p: gradient_size(p) > 1e-10)


@pytest.mark.claim("BG17-X6")
@given(vectors(min_dim=1, max_dim=1, min_value=0.1, max_value=10), st.integers(2, 12))
def test_m1_saddle_is_a_strict_local_minimum(ws, kk):
    assert not has_descent_direction({"w_star": ws, "k": kk})[0]


@pytest.mark.claim("BG17-X6")
def test_negative_control_m2_is_not_a_local_minimum():
    counterexample(st.tuples(vectors(min_dim=2, max_dim=3, min_value=0.1, max_value=10), st.integers(2, 8)),
                   lambda p: has_descent_direction({"w_star": p[0], "k": p[1]})[0])


@pytest.mark.claim("BG17-X4")
@given(teachers, st.integers(1, 20))
def test_special_values(ws, kk):
    with mpmath.workdps(DPS):
        b2 = norm(ws) ** 2
        g_, b_ = mpmath.mpf(kk) / 2 + (mpmath.mpf(kk) ** 2 - kk) / (2 * mpmath.pi), (mpmath.mpf(kk) ** 2 - kk) / (2 * mpmath.pi)
        assert abs(risk([0.0] * len(ws), ws, kk) - g_ * b2 / kk**2) < mpmath.mpf(10) ** -30 * b2
        s = _mp_saddle_scale(mpmath.mpf(kk))
        assert abs(risk([-s * x for x in ws], ws, kk) - (g_**2 - b_**2) * b2 / (g_ * kk**2)) < mpmath.mpf(10) ** -30 * b2


@pytest.mark.claim("BG17-X4")
def test_negative_control_beta_for_gamma_is_refuted():
    def agrees(p):
        ws, kk = p
        with mpmath.workdps(DPS):
            b_ = (mpmath.mpf(kk) ** 2 - kk) / (2 * mpmath.pi)
            return abs(risk([0.0] * len(ws), ws, kk) - b_ * norm(ws) ** 2 / kk**2) < 1e-20
    counterexample(st.tuples(teachers, st.integers(1, 20)), lambda p: not agrees(p))

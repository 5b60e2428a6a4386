"""BG17-L3.1: the Gaussian–ReLU kernel g(u, v) in closed form — properties.

Symmetry, positive homogeneity, the bounds 0 <= g <= |u||v|/2 with their equality cases
(theta = 0 and theta = pi), and agreement with quadrature of the defining expectation at
Hypothesis-chosen points. Negative control: the variant with 1/pi for 1/(2 pi) must be refuted by
the same bound check (Hypothesis finds the counterexample).
"""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, target
from hypothesis import strategies as st

from lemmas.bg17_s3 import kernel, quadrature_kernel
from verify.strategies import counterexample, vector_pairs
from verify.vectors import norm

pytestmark = pytest.mark.claim("BG17-L3.1")

DPS = 40
REL = mpmath.mpf(10) ** -30  # 40-digit arithmetic on exact float inputs: 10 digits of headroom
powers_of_two = st.integers(-30, 30).map(lambda e: 2.0**e)  # exact scalings in binary


def g40(u, v):
    with mpmath.workdps(DPS):
        return kernel(u, v)


@given(vector_pairs())
def test_symmetric(pair):
    u, v, _ = pair
    with mpmath.workdps(DPS):
        assert abs(kernel(u, v) - kernel(v, u)) <= REL * abs(kernel(u, v))


@given(vector_pairs(), powers_of_two, powers_of_two)
def test_positively_homogeneous(pair, alpha, beta):
    u, v, _ = pair
    with mpmath.workdps(DPS):
        lhs, rhs = kernel(alpha * u, beta * v), alpha * beta * kernel(u, v)
        assert abs(lhs - rhs) <= REL * abs(rhs) + mpmath.mpf(10) ** (-DPS + 5) * alpha * beta * \
            norm(u) * norm(v)


def _bound_margins(kernel_fn, u, v):
    with mpmath.workdps(DPS):
        g, top = kernel_fn(u, v), norm(u) * norm(v) / 2
        return g / top, 1 - g / top  # both must be >= 0


@given(vector_pairs())
@example((np.array([1.0, 0.0]), np.array([-3.0, 0.0]), math.pi))
@example((np.array([1.0, 0.0]), np.array([3.0, 0.0]), 0.0))
def test_between_zero_and_half_norm_product(pair):
    u, v, _ = pair
    low, high = _bound_margins(kernel, u, v)
    target(-float(min(low, high)), label="closeness to a bound")
    tol = mpmath.mpf(10) ** (-DPS + 5)
    assert low >= -tol and high >= -tol


@given(st.integers(2, 64), st.integers(-20, 20), st.integers(0, 2**32 - 1))
def test_equality_cases_are_theta_zero_and_pi(dim, e, seed):
    u = np.random.default_rng(seed).standard_normal(dim)
    with mpmath.workdps(DPS):
        top = norm(u) ** 2 * 2.0**e / 2
        assert abs(kernel(u, 2.0**e * u) - top) <= REL * top       # theta = 0: upper bound
        assert abs(kernel(u, -(2.0**e) * u)) <= REL * top          # theta = pi: lower bound


@given(vector_pairs(min_angle=1e-6, max_angle=math.pi - 1e-6))
def test_bounds_strict_inside(pair):
    u, v, theta = pair
    low, high = _bound_margins(kernel, u, v)
    assert low > 0 and high > 0


@given(vector_pairs(max_dim=16, min_value=1e-3, max_value=1e3))
@example((np.array([1.0, 0.0]), np.array([math.cos(1e-8), math.sin(1e-8)]), 1e-8))
@example((np.array([1.0, 0.0]), np.array([-math.cos(1e-8), math.sin(1e-8)]), math.pi - 1e-8))
def test_equals_quadrature_to_30_digits(pair):
    u, v, _ = pair
    est = quadrature_kernel(u, v, 38)
    with mpmath.workdps(80):
        g = kernel(u, v)
        scale = norm(u) * norm(v)
        err = abs(g - est.value) / max(abs(est.value), scale * mpmath.mpf(10) ** -30)
    assert err <= mpmath.mpf(10) ** -30


def test_negative_control_one_over_pi_is_refuted():
    """The same bound check, on g with 1/pi for 1/(2 pi): Hypothesis must find a violation."""
    def wrong(u, v):
        return 2 * kernel(u, v)

    def violates(pair):
        low, high = _bound_margins(wrong, pair[0], pair[1])
        return high < -mpmath.mpf(10) ** -20

    u, v, theta = counterexample(vector_pairs(), violates)
    assert theta < math.pi / 2  # the wrong variant exceeds |u||v|/2 near theta = 0

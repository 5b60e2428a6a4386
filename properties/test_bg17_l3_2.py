"""BG17-L3.2: the gradient of g in its first argument — properties.

Euler's identity grad_u g . u = g (g is 1-homogeneous in u), 0-homogeneity of the gradient,
the values v/2 at theta = 0 and 0 at theta = pi, and agreement with 40-digit finite differences
(mpmath.diff) at Hypothesis-chosen points. Negative control: the gradient with the sign of the
(pi - theta) v term flipped must be refuted by the same Euler check.
"""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import example, given, target
from hypothesis import strategies as st

from lemmas.bg17_s3 import (_gradient_from_coefficients, kernel, kernel_gradient,
                            printed_gradient_coefficients)
from verify.finitediff import gradient as fd_gradient
from verify.strategies import counterexample, vector_pairs
from verify.vectors import dot, norm

pytestmark = pytest.mark.claim("BG17-L3.2")

DPS = 40
REL = mpmath.mpf(10) ** -30


def euler_defect(grad_fn, u, v):
    """|grad . u - g| / (|u||v|): zero for a correct gradient of a 1-homogeneous function."""
    with mpmath.workdps(DPS):
        return abs(dot(grad_fn(u, v), u) - kernel(u, v)) / (norm(u) * norm(v))


@given(vector_pairs())
@example((np.array([1.0, 0.0]), np.array([2.0, 0.0]), 0.0))
@example((np.array([1.0, 0.0]), np.array([-2.0, 0.0]), math.pi))
def test_euler_identity(pair):
    u, v, _ = pair
    assert euler_defect(kernel_gradient, u, v) <= REL


@given(vector_pairs(), st.integers(-30, 30).map(lambda e: 2.0**e))
def test_gradient_is_zero_homogeneous_in_u(pair, alpha):
    u, v, _ = pair
    with mpmath.workdps(DPS):
        a, b = kernel_gradient(alpha * u, v), kernel_gradient(u, v)
        assert max(abs(x - y) for x, y in zip(a, b)) <= REL * norm(v)


@given(st.integers(1, 64), st.integers(-20, 20), st.integers(0, 2**32 - 1))
def test_values_at_theta_zero_and_pi(dim, e, seed):
    u = np.random.default_rng(seed).standard_normal(dim)
    with mpmath.workdps(DPS):
        v = 2.0**e * u
        at_zero = kernel_gradient(u, v)          # theta = 0: v / 2
        assert max(abs(x - y / 2) for x, y in zip(at_zero, v)) <= REL * norm(v)
        at_pi = kernel_gradient(u, -v)           # theta = pi: 0
        assert max(abs(x) for x in at_pi) <= REL * norm(v)


@given(vector_pairs(max_dim=8, min_value=1e-3, max_value=1e3))
def test_equals_finite_differences_to_25_digits(pair):
    u, v, _ = pair
    est = fd_gradient(lambda x: kernel(x, v), u, dps=40)
    with mpmath.workdps(80):
        g = kernel_gradient(u, v)
        err = max(abs(x - y) for x, y in zip(g, est.value)) / norm(v)
    target(float(err), label="finite-difference error")
    assert err <= mpmath.mpf(10) ** -25


def test_negative_control_sign_flip_is_refuted():
    flipped = _gradient_from_coefficients(printed_gradient_coefficients(sign=-1))

    def flipped_fn(u, v):
        return flipped({"u": u, "v": v})

    u, v, theta = counterexample(vector_pairs(), lambda p: euler_defect(flipped_fn, p[0], p[1]) > 1e-10)
    assert theta < math.pi  # at theta = pi the (pi - theta) term vanishes and the flip is invisible

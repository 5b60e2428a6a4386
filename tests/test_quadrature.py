"""The quadrature oracle against Gaussian expectations known in closed form."""
import math

import mpmath
import pytest

from verify.errors import InputError
from verify.quadrature import gaussian_expectation, plane_basis


def relu(s):
    return s if s > 0 else 0


@pytest.mark.parametrize("a", [[3.0, 4.0], [1e-3, 0, 2e-3], [1e3, -2e3, 5.0, 0.1]])
def test_second_moment_of_relu(a):
    est = gaussian_expectation(lambda s: relu(s) ** 2, [a], dps=40, degree=2)
    with mpmath.workdps(50):
        exact = mpmath.fsum(x * x for x in map(mpmath.mpf, a)) / 2
        assert abs(est.value - exact) <= est.error + mpmath.mpf(10) ** -38 * exact
        assert est.error < mpmath.mpf(10) ** -35 * exact


def test_first_moment_and_probability_homogeneous_degrees_1_and_0():
    a = [0.3, -1.2, 2.0]
    with mpmath.workdps(50):
        norm = mpmath.sqrt(mpmath.fsum(mpmath.mpf(x) ** 2 for x in a))
        mean = gaussian_expectation(relu, [a], dps=35, degree=1)
        assert abs(mean.value - norm / mpmath.sqrt(2 * mpmath.pi)) < mpmath.mpf(10) ** -33
        prob = gaussian_expectation(lambda s: 1 if s > 0 else 0, [a], dps=35, degree=0)
        assert abs(prob.value - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -33


def test_orthant_probability_needs_the_kinks_as_breakpoints():
    """P(u.x > 0, v.x > 0) = (pi - theta) / (2 pi): a step function of the polar angle."""
    u, v = [1.0, 0.0], [math.cos(2.0), math.sin(2.0)]
    est = gaussian_expectation(lambda s, t: 1 if (s > 0 and t > 0) else 0, [u, v], dps=35, degree=0)
    with mpmath.workdps(50):
        theta = mpmath.atan2(mpmath.mpf(v[1]), mpmath.mpf(v[0]))
        assert abs(est.value - (mpmath.pi - theta) / (2 * mpmath.pi)) < mpmath.mpf(10) ** -33


def test_homogeneity_is_required():
    with pytest.raises(ValueError, match="homogeneous"):
        gaussian_expectation(mpmath.cos, [[0.6, 0.8]], dps=15, degree=-1)


def test_wrong_degree_is_detected():
    with pytest.raises(ValueError, match="homogeneous"):
        gaussian_expectation(lambda s: relu(s) ** 2, [[1.0, 2.0]], dps=20, degree=1)


def test_rank_above_three_is_rejected():
    with pytest.raises(InputError, match="more than 3 dimensions"):
        gaussian_expectation(lambda *s: 0, [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1.0, 0],
                                            [0, 0, 0, 1.0]], dps=20, degree=0)


def test_three_vectors_spanning_three_dimensions():
    """E[(a.x)(b.x) 1(c.x > 0)] = a.b / 2 (x -> -x leaves (a.x)(b.x) unchanged), for a, b, c
    spanning R^3 with every kink a breakpoint; the control a.b / 3 is off by far more than the
    error bound."""
    a, b, c = [1.0, 0.2, -0.3], [0.3, 1.0, 0.1], [0.2, -0.5, 1.0]
    est = gaussian_expectation(lambda p, q, r: p * q * (r > 0), [a, b, c], dps=12, degree="auto")
    exact = sum(x * y for x, y in zip(a, b)) / 2
    assert abs(est.value - exact) <= est.error + 1e-10 and est.error < 1e-8
    assert abs(est.value - 2 * exact / 3) > 100 * est.error


@pytest.mark.parametrize("vectors, message", [
    ([[1.0, 2.0], [1.0]], "dimensions differ"),
    ([[1.0, float("nan")]], "finite"),
    ([], "at least one"),
])
def test_bad_vectors(vectors, message):
    with pytest.raises(InputError, match=message):
        gaussian_expectation(lambda *s: 0, vectors, dps=20, degree=0)


def test_plane_basis_is_orthonormal_and_spans():
    with mpmath.workdps(40):
        basis = plane_basis([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [0.0, 2.5, 5.0]])
        assert len(basis) == 2
        for i in range(2):
            for j in range(2):
                d = mpmath.fsum(x * y for x, y in zip(basis[i], basis[j]))
                assert abs(d - (i == j)) < mpmath.mpf(10) ** -35


def test_zero_vectors_give_the_value_at_zero():
    est = gaussian_expectation(lambda s: relu(s), [[0.0, 0.0]], dps=20, degree=1)
    assert est.value == 0

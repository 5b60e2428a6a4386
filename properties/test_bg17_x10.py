"""BG17-X10: the Hessian of g in its first argument — properties.

Symmetric, positive semidefinite (g is convex in u), annihilates u (the gradient is
0-homogeneous), and agrees with the Jacobian of the derived gradient by 40-digit finite
differences. Negative control: the Hessian with the rank-one term dropped must be refuted by the
same finite-difference check.
"""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, target

from lemmas.bg17_s3 import (_hessian_from_coefficients, kernel_gradient, kernel_hessian,
                            printed_hessian_coefficients)
from verify.finitediff import gradient as fd_gradient
from verify.strategies import counterexample, vector_pairs
from verify.vectors import norm

pytestmark = pytest.mark.claim("BG17-X10")

DPS = 40
REL = mpmath.mpf(10) ** -28
INTERIOR = dict(min_angle=1e-6, max_angle=math.pi - 1e-6)


def scale(u, v):
    return norm(v) / norm(u)


@given(vector_pairs(max_dim=12, **INTERIOR))
def test_symmetric_psd_and_annihilates_u(pair):
    u, v, _ = pair
    with mpmath.workdps(DPS):
        H = mpmath.matrix(kernel_hessian(u, v))
        s = scale(u, v)
        assert mpmath.mnorm(H - H.T, 1) <= REL * s
        Hu = H * mpmath.matrix(list(u))
        assert max(abs(x) for x in Hu) <= REL * s * norm(u)
        eigenvalues = mpmath.eigsy(H)[0]
        target(-float(min(eigenvalues) / s), label="most negative eigenvalue")
        assert min(eigenvalues) >= -REL * s


def jacobian_defect(hessian_fn, u, v):
    """max |H - d(grad)/du| / (|v|/|u|), the Jacobian of the derived gradient by finite differences."""
    rows = [fd_gradient(lambda x, i=i: kernel_gradient(x, v)[i], u, dps=DPS).value
            for i in range(len(u))]
    with mpmath.workdps(2 * DPS):
        H = hessian_fn(u, v)
        return max(abs(H[i][j] - rows[i][j]) for i in range(len(u)) for j in range(len(u))) / scale(u, v)


@given(vector_pairs(max_dim=6, min_value=1e-3, max_value=1e3, **INTERIOR))
def test_equals_jacobian_of_gradient(pair):
    u, v, _ = pair
    assert jacobian_defect(kernel_hessian, u, v) <= mpmath.mpf(10) ** -25


def test_negative_control_dropped_term_is_refuted():
    dropped = _hessian_from_coefficients(printed_hessian_coefficients(keep_rank_one_term=False))

    def dropped_fn(u, v):
        return dropped({"u": u, "v": v})

    pair = counterexample(vector_pairs(max_dim=4, min_value=0.1, max_value=10, **INTERIOR),
                lambda p: jacobian_defect(dropped_fn, p[0], p[1]) > 1e-10)
    assert 0 < pair[2] < math.pi

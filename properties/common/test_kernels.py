"""lemmas.common.kernels — the degree-0 arc-cosine kernel that later papers build on (DZPS19's
H∞): its derivation against quadrature of the definition and against its numpy form, with a
wrong variant rejected. (The degree-1 kernel is BG17-L3.1, checked by its routes.)"""
import math

import mpmath
import numpy as np
from hypothesis import given, strategies as st

from lemmas.common.kernels import quadrature_step_kernel, step_kernel, step_kernel_numpy
from verify.strategies import unit_vectors
from verify.vectors import angle


@given(unit_vectors(min_dim=2, max_dim=6), st.floats(0.0, math.pi), st.floats(1e-3, 1e3))
def test_step_kernel_is_the_orthant_probability(u, theta, scale):
    e = np.zeros_like(u)
    e[int(np.argmin(np.abs(u)))] = 1.0
    w = e - (e @ u) * u
    v = scale * (math.cos(theta) * u + math.sin(theta) * w / np.linalg.norm(w))
    est = quadrature_step_kernel(u, v, 38)
    with mpmath.workdps(38):
        assert abs(step_kernel(u, v) - est.value) <= 1e-30 + est.error
        assert abs(float(step_kernel_numpy()(float(angle(u, v)))) - float(step_kernel(u, v))) < 1e-15
        # the control (π − θ)/π (a factor 2 dropped) differs wherever the kernel is non-zero
        assert theta > math.pi - 1e-9 or abs(2 * step_kernel(u, v) - est.value) > 1e-3

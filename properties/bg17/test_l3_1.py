"""BG17-L3.1 — what no route of the claim checks: g is symmetric, positively homogeneous in each
argument, and strictly between its bounds for θ ∈ (0, π). (The closed form against quadrature and
Monte Carlo, the bounds and their equality cases are routes: certified, symbolic, and run at drawn
points by the generic property test.)"""
import mpmath
from hypothesis import strategies as st

from lemmas.common.kernels import kernel
from verify import property_of
from verify.vectors import angle, norm

DPS = 40
REL = mpmath.mpf(10) ** -30  # 40-digit arithmetic on exact float inputs: 10 digits of headroom
powers_of_two = st.integers(-30, 30).map(lambda e: 2.0**e)  # exact scalings in binary


@property_of("BG17-L3.1")
def test_symmetric(u, v):
    with mpmath.workdps(DPS):
        assert abs(kernel(u, v) - kernel(v, u)) <= REL * norm(u) * norm(v)


@property_of("BG17-L3.1", alpha=powers_of_two, beta=powers_of_two)
def test_positively_homogeneous(u, v, alpha, beta):
    with mpmath.workdps(DPS):
        assert abs(kernel(alpha * u, beta * v) - alpha * beta * kernel(u, v)) <= \
            REL * alpha * beta * norm(u) * norm(v)


@property_of("BG17-L3.1", where={"v": {"angles": (1e-6, 3.1415)}})
def test_bounds_strict_inside(u, v):
    with mpmath.workdps(DPS):
        if 1e-6 <= angle(u, v) <= mpmath.pi - 1e-6:
            ratio = kernel(u, v) / (norm(u) * norm(v))
            assert 0 < ratio < mpmath.mpf(1) / 2

"""BG17-L3.2 — what no route of the claim checks: Euler's identity ∇_u g · u = g (g is
1-homogeneous in u) and the gradient's 0-homogeneity in u. (Finite differences, quadrature and
Monte Carlo of the gradient, and its limits at θ = 0, π, are routes.)"""
import mpmath
from hypothesis import strategies as st

from lemmas.bg17.s3 import kernel_gradient
from lemmas.common.kernels import kernel
from verify import property_of
from verify.vectors import dot, norm

DPS = 40
REL = mpmath.mpf(10) ** -30


@property_of("BG17-L3.2")
def test_euler_identity(u, v):
    with mpmath.workdps(DPS):
        assert abs(dot(kernel_gradient(u, v), u) - kernel(u, v)) <= REL * norm(u) * norm(v)


@property_of("BG17-L3.2", alpha=st.integers(-30, 30).map(lambda e: 2.0**e))
def test_gradient_is_zero_homogeneous_in_u(u, v, alpha):
    with mpmath.workdps(DPS):
        a, b = kernel_gradient(alpha * u, v), kernel_gradient(u, v)
        assert max(abs(x - y) for x, y in zip(a, b)) <= REL * norm(v)


def test_euler_identity_can_fail():
    """The same identity rejects the gradient with its v term's sign flipped (negative control)."""
    from lemmas.bg17.s3 import gradient_of, printed_gradient_coefficients

    wrong = gradient_of(printed_gradient_coefficients(sign=-1))
    u, v = [1.0, 0.0], [0.5, 0.5]
    with mpmath.workdps(DPS):
        assert abs(dot(wrong({"u": u, "v": v}), u) - kernel(u, v)) > mpmath.mpf(10) ** -3

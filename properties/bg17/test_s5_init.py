"""BG17-S5-init: P(theta_0 <= (1 - delta) pi) for w_0 uniform on the sphere S^{m-1}.

Exactly 1 - delta for m = 2; for m >= 3 at least 1 - delta iff delta <= 1/2 (erratum). The printed
form ("probability 1 - delta" for every m) is a strict xfail."""
import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lemmas.bg17.s5 import angle_cdf_value
from verify.strategies import counterexample

pytestmark = pytest.mark.claim("BG17-S5-init")


def gap(m, delta, claimed=lambda d: 1 - d):
    """P(theta_0 <= (1 - delta) pi) - claimed(delta), at 30 digits."""
    with mpmath.workdps(30):
        d = mpmath.mpf(delta)
        return angle_cdf_value(m, (1 - d) * mpmath.pi) - claimed(d)


@given(st.floats(0.001, 0.999))
def test_exact_for_m_equal_two(delta):
    assert abs(gap(2, delta)) < 1e-25


@given(st.integers(3, 60), st.floats(0.001, 0.5))
def test_at_least_one_minus_delta_for_delta_at_most_half(m, delta):
    assert gap(m, delta) >= -1e-25


@given(st.integers(3, 60), st.floats(0.501, 0.999))
def test_below_one_minus_delta_for_delta_above_half(m, delta):
    assert gap(m, delta) < 0


@pytest.mark.xfail(strict=True, reason="erratum: the probability is 1 - delta only for m = 2")
@given(st.integers(2, 40), st.floats(0.01, 0.99))
def test_printed_form_probability_is_one_minus_delta(m, delta):
    assert abs(gap(m, delta)) < 1e-10


def test_negative_control_one_minus_half_delta_is_refuted():
    counterexample(st.floats(0.01, 0.99), lambda d: abs(gap(2, d, lambda x: 1 - x / 2)) > 1e-10)

"""BG17 §5 critical points — what no route checks: the special values of BG17-X4 by a 40-digit
evaluation of Eq. 8 (its routes are symbolic and Monte Carlo), and the strict xfail of the printed
Prop. 5.1.2(c) and of the printed S5-init (errata). The rest (the kink at 0, the minimum, the saddle,
the Hessians, the bounds ℓ ≤ ½‖w − w*‖², the uniform start for δ ≤ ½) are routes, run at drawn
points by the generic property test."""
import mpmath
import pytest
from hypothesis import given, strategies as st

from lemmas.bg17.s3_risk import no_overlap_risk_value
from lemmas.bg17.s5_critical import angle_cdf_value, has_descent_direction, mp_saddle_scale
from verify import property_of
from verify.vectors import norm

DPS = 40


def special_values_defect(w_star, k, gamma_of_k):
    with mpmath.workdps(DPS):
        kk, b2 = mpmath.mpf(k), norm(w_star) ** 2
        g_, b_ = gamma_of_k(kk), (kk**2 - kk) / (2 * mpmath.pi)
        s = mp_saddle_scale(kk)
        zero = no_overlap_risk_value([0.0] * len(w_star), w_star, k) - g_ * b2 / kk**2
        saddle = no_overlap_risk_value([-s * x for x in w_star], w_star, k) - (g_**2 - b_**2) * b2 / (g_ * kk**2)
        return max(abs(zero), abs(saddle)) / b2


@property_of("BG17-X4")
def test_special_values(w_star, k):
    assert special_values_defect(w_star, k, lambda kk: kk / 2 + (kk**2 - kk) / (2 * mpmath.pi)) < 1e-30


@property_of("BG17-X4")
def test_special_values_reject_beta_for_gamma(w_star, k):
    if k >= 2:
        assert special_values_defect(w_star, k, lambda kk: (kk**2 - kk) / (2 * mpmath.pi)) > 1e-6


@pytest.mark.xfail(strict=True, reason="erratum: for m = 1 the point -a_k w* is a strict local minimum (BG17-X6)")
@property_of("BG17-P5.1.2c", where={"w_star": {"max_dim": 1}})
def test_printed_saddle_claim_at_m_equal_one(w_star, k):
    assert has_descent_direction({"w_star": w_star, "k": k})[0]


@pytest.mark.claim("BG17-S5-init")
@pytest.mark.xfail(strict=True, reason="erratum: the probability is 1 - delta only for m = 2")
@given(st.integers(2, 40), st.floats(0.01, 0.99))
def test_printed_form_probability_is_one_minus_delta(m, delta):
    with mpmath.workdps(30):
        d = mpmath.mpf(delta)
        assert abs(angle_cdf_value(m, (1 - d) * mpmath.pi) - (1 - d)) < 1e-10

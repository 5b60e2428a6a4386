"""BG17 §5 — what no route checks: at θ = 0 and θ = π the angle to w* stays put (BG17-S5-angle's
routes cover θ ∈ (0, π)); and the errata as strict xfails, the printed Prop. 5.1.2(c) at m = 1 and
the printed S5-init. Everything else of §5 (the gradient, the bounds on c1, c2, the update, the kink
at 0, the minimum, the saddle, the Hessians, the special values, ℓ ≤ ½‖w − w*‖², the uniform start
for δ ≤ ½) is a route, run at drawn points by the generic property test."""
import math

import mpmath
import pytest
from hypothesis import given, strategies as st

from lemmas.bg17.s5 import gd_step
from lemmas.bg17.s5_critical import angle_cdf_value, has_descent_direction
from verify import property_of
from verify.vectors import angle


@property_of("BG17-Eq14", where={"w_star": {"angles": (0.0, 0.0), "boundary_angles": (0.0, math.pi)}},
             lam=st.floats(0.001, 0.999), flip=st.booleans())
def test_angle_zero_and_pi_are_invariant(w, w_star, k, lam, flip):
    ws = -w_star if flip else w_star          # θ = 0 or θ = π exactly
    with mpmath.workdps(40):
        before = angle(w, ws)                 # 0 or π up to the rounding of the drawn floats
        assert abs(angle(gd_step(w, ws, k, mpmath.mpf(lam)), ws) - before) < 1e-12


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

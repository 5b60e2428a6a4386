"""BG17-S5-angle — what no route checks: at θ = 0 and θ = π the angle to w* stays put (the
claim's routes cover θ ∈ (0, π); the gradient, the bounds on c1, c2 and the update are routes run
at drawn points by the generic property test)."""
import math

import mpmath
from hypothesis import strategies as st

from lemmas.bg17.s5 import gd_step
from verify import property_of
from verify.vectors import angle


@property_of("BG17-Eq14", where={"w_star": {"angles": (0.0, 0.0), "boundary_angles": (0.0, math.pi)}},
             lam=st.floats(0.001, 0.999), flip=st.booleans())
def test_angle_zero_and_pi_are_invariant(w, w_star, k, lam, flip):
    ws = -w_star if flip else w_star          # θ = 0 or θ = π exactly
    with mpmath.workdps(40):
        before = angle(w, ws)                 # 0 or π up to the rounding of the drawn floats
        assert abs(angle(gd_step(w, ws, k, mpmath.mpf(lam)), ws) - before) < 1e-12

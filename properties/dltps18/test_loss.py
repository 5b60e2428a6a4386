"""DLTPS18 kernel facts and loss — what no route checks at drawn points: g's sign facts at any
angle (K3's routes are symbolic and certified), and ℓ ≥ 0 searched by Hypothesis ``target()``
toward its smallest values (L4)."""
import math

import mpmath
import pytest
from hypothesis import example, given, strategies as st, target

from lemmas.dltps18.model import loss_value, _loss_scale
from verify import property_of


@pytest.mark.claim("DLTPS18-K3")
@given(phi=st.floats(0, math.pi))
@example(phi=0.0)
@example(phi=math.pi / 2)
@example(phi=math.pi)
def test_g_is_between_0_and_pi_and_non_increasing(phi):
    g = (math.pi - phi) * math.cos(phi) + math.sin(phi)
    slope = -(math.pi - phi) * math.sin(phi)
    assert -1e-15 <= g <= math.pi + 1e-15 and slope <= 0


@property_of("DLTPS18-L4")
def test_loss_is_nonnegative_where_hypothesis_pushes_it_down(w_star, w, a_star, a):
    pt = {"w_star": w_star, "w": w, "a_star": a_star, "a": a}
    with mpmath.workdps(30):
        relative = float(loss_value(pt)) / _loss_scale(pt)
    target(-relative, label="ℓ / scale (pushed toward 0)")
    assert relative >= -1e-25

"""Strategies for the BG17 no-overlap landscape: (w, w*, k) with w, w* in R^m at any angle."""
import math

import numpy as np
from hypothesis import strategies as st

from verify.sampling import pair_at_angle
from verify.strategies import angles, norms


@st.composite
def landscape_points(draw, *, min_k=1, max_k=12, min_m=1, max_m=6, min_angle=0.0, max_angle=math.pi,
                     min_norm=1e-3, max_norm=1e2):
    """(w, w*, k, theta): theta drawn with its boundary values; m >= 2 unless theta is 0 or pi."""
    theta = draw(angles(min_value=min_angle, max_value=max_angle))
    lo = min_m if theta in (0.0, math.pi) else max(min_m, 2)
    m = draw(st.integers(lo, max(lo, max_m)))
    seed = draw(st.integers(0, 2**32 - 1))
    w, ws = pair_at_angle(np.random.default_rng(seed), m, theta,
                          draw(norms(min_value=min_norm, max_value=max_norm)),
                          draw(norms(min_value=0.1, max_value=10)))
    return w, ws, draw(st.integers(min_k, max_k)), theta

"""BG17-Eq8 — what no route checks: the closed form depends on w, w* only through ‖w‖, ‖w*‖
and their angle (invariance under a common rotation). Eq. 8 against the Eq. 7 kernel sum on block
rows, against Monte Carlo of the network, and ℓ(w*) = 0 are routes."""
import mpmath
import numpy as np
from hypothesis import strategies as st

from lemmas.bg17.s3_risk import no_overlap_risk_value
from verify import property_of
from verify.vectors import norm


@property_of("BG17-Eq8", seed=st.integers(0, 2**32 - 1))
def test_depends_only_on_norms_and_angle(w, w_star, k, seed):
    Q = np.linalg.qr(np.random.default_rng(seed).standard_normal((len(w), len(w))))[0]
    with mpmath.workdps(40):
        base = no_overlap_risk_value(w, w_star, k)
        assert abs(no_overlap_risk_value(Q @ w, Q @ w_star, k) - base) <= 1e-12 * (norm(w) + norm(w_star)) ** 2

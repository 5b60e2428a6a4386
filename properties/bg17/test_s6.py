"""BG17 §6 (BG17-S6) — what no route checks: the experiment's data set and the optimiser's
gradient. The AdaGrad runs themselves (trapped on the reduction data, recovering on Gaussian
data) are the routes of BG17-S6 and BG17-F3."""
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lemmas.bg17.s6 import D, N_SUBSETS, ZERO_LOSS, experiment_data, literal_numbers, loss_and_gradient


@pytest.mark.claim("BG17-S6")
def test_instance_has_the_papers_shape_and_the_planted_split():
    inst, parts, Z, y_red, X, y_g, w_star = experiment_data()
    assert inst.d == D and len(inst.subsets) == N_SUBSETS and {len(c) for c in inst.subsets} == {20}
    assert inst.is_splitting(parts)
    assert Z.shape == X.shape == (D + N_SUBSETS, 2, D)
    assert np.mean(y_red**2) == pytest.approx(ZERO_LOSS) and np.mean(y_g**2) == pytest.approx(ZERO_LOSS)
    assert literal_numbers()["zero_loss_reduction"] == Fraction(1, 80)


@pytest.mark.claim("BG17-S6")
@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31))
def test_gradient_matches_central_differences(seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((30, 2, 5))
    y = rng.uniform(0, 1, 30)
    W = rng.standard_normal((2, 5))
    _, g = loss_and_gradient(W, X, y)
    eps = 1e-6
    for idx in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[idx] = eps
        fd = (loss_and_gradient(W + E, X, y)[0] - loss_and_gradient(W - E, X, y)[0]) / (2 * eps)
        assert g[idx] == pytest.approx(fd, abs=1e-6)

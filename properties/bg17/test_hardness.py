"""BG17 §4 (hardness) and §6 (its experiment) — what no route checks: the exact solver against
brute force, one-line errors for bad instances, the empty-subset caveat for any d; the §6 data set
and the optimiser's gradient. The reduction from 3SAT, the zero-risk weights, the Eq. 12 bound, the
decoding and Thm. 4.2 are routes over random instances, run at Hypothesis-drawn seeds by the
generic property test; the AdaGrad runs (trapped on the reduction data, recovering on Gaussian
data) are the routes of BG17-S6 and BG17-F3."""
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lemmas.bg17.s4 import SetSplitting, risk, training_set
from lemmas.bg17.s6 import D, N_SUBSETS, ZERO_LOSS, experiment_data, literal_numbers, loss_and_gradient
from verify.errors import InputError


def brute_force(inst):
    return any(inst.is_splitting([{i for i in range(inst.d) if colours[i] == l} for l in range(inst.k)])
               for colours in itertools.product(range(inst.k), repeat=inst.d))


@pytest.mark.claim("BG17-P4.1")
@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.sampled_from([2, 3]), st.data())
def test_solver_agrees_with_brute_force(d, k, data):
    subsets = data.draw(st.lists(st.frozensets(st.integers(0, d - 1), min_size=1), max_size=(k - 1) * d))
    inst = SetSplitting(d, tuple(subsets), k)
    assert (inst.solve() is not None) == brute_force(inst)


@pytest.mark.claim("BG17-P4.1")
@pytest.mark.parametrize("kwargs, message", [
    ({"d": 3, "subsets": ({0, 1}, set()), "k": 2}, "C_1 is empty"),
    ({"d": 3, "subsets": ({0, 5},), "k": 2}, "outside S"),
    ({"d": 2, "subsets": ({0, 1}, {0}, {1}), "k": 2}, "exceeds (k - 1) d"),
    ({"d": 2, "subsets": ({0, 1},), "k": 1}, "k >= 2"),
])
def test_bad_instances_are_rejected_with_one_line(kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SetSplitting(**kwargs)


@pytest.mark.claim("BG17-T4.2-empty")
@given(st.integers(1, 6).flatmap(lambda d: st.tuples(st.just(d), st.integers(1, d))))
def test_only_empty_subsets_give_a_no_instance_with_zero_risk_data(d_and_empties):
    """For any d and any number of empty C_j: no splitting, yet w = (1…1, −1…−1) has risk 0 (the
    route checks d = 2 with one empty subset)."""
    d, empties = d_and_empties
    inst = SetSplitting(d, (frozenset(),) * empties, 2, allow_empty=True)
    w = [(Fraction(1),) * d, (Fraction(-1),) * d]
    assert inst.solve() is None and risk(w, training_set(inst), 2) == 0


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

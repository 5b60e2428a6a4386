"""BG17 §4 (hardness) — what no route checks: the exact solver against brute force, one-line
errors for bad instances, the empty-subset caveat for any d. The reduction from 3SAT, the
zero-risk weights, the Eq. 12 bound, the decoding and Thm. 4.2 are routes over random instances,
run at Hypothesis-drawn seeds by the generic property test."""
import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from lemmas.bg17.s4 import SetSplitting, risk, training_set
from verify.errors import InputError


def brute_force(inst):
    for colours in itertools.product(range(inst.k), repeat=inst.d):
        parts = [{i for i in range(inst.d) if colours[i] == l} for l in range(inst.k)]
        if inst.is_splitting(parts):
            return True
    return False


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

"""BG17 §4 (hardness): Set-Splitting-by-k-Sets, our 3SAT reduction (P4.1), the reduction to
k-Non-Overlap-Opt in exact rationals (Eq. 10–12, the decoding, Thm. 4.2) and the empty-subset
caveat."""
import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lemmas.bg17.s4 import (SetSplitting, decode, network, optimised_weights, perturbed, planted_instance,
                            reduce_3sat, risk, risk_threshold, satisfiable, splitting_weights,
                            training_set)
from verify.errors import InputError

literals = st.integers(1, 3).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(*[st.integers(1, n).map(int) .flatmap(
        lambda v: st.sampled_from([v, -v]))] * 3), min_size=1, max_size=10)))


@pytest.mark.claim("BG17-P4.1")
@settings(max_examples=60, deadline=None)
@given(literals, st.sampled_from([2, 3, 4]))
def test_satisfiable_iff_splittable(formula, k):
    n_vars, clauses = formula
    inst = reduce_3sat(n_vars, clauses, k)
    assert len(inst.subsets) <= (k - 1) * inst.d
    parts = inst.solve()
    assert (parts is not None) == satisfiable(n_vars, clauses)
    if parts is not None:
        assert inst.is_splitting(parts)


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


instances = st.tuples(st.integers(0, 2**31), st.integers(2, 3), st.integers(2, 6))


@pytest.mark.claim("BG17-Eq10")
@pytest.mark.claim("BG17-T4.2")
@settings(max_examples=40, deadline=None)
@given(instances)
def test_splitting_weights_have_zero_risk(case):
    seed, k, d = case
    rng = np.random.default_rng(seed)
    inst, parts = planted_instance(rng, d, k, int(rng.integers(1, (k - 1) * d + 1)))
    w = splitting_weights(inst, parts)
    data = training_set(inst)
    assert risk(w, data, k) == 0
    assert all(network(w, z, k) == y for z, y in data)


@pytest.mark.claim("BG17-Eq12")
@pytest.mark.claim("BG17-T4.2-dec")
@settings(max_examples=40, deadline=None)
@given(instances, st.sampled_from([1e-3, 1e-2, 0.1, 0.3]))
def test_small_risk_decodes_to_a_splitting(case, scale):
    seed, k, d = case
    rng = np.random.default_rng(seed)
    inst, parts = planted_instance(rng, d, k, int(rng.integers(1, (k - 1) * d + 1)))
    w = perturbed(splitting_weights(inst, parts), rng, scale / k**3)
    data = training_set(inst)
    if risk(w, data, k) < risk_threshold(k, d):
        assert all(abs(network(w, z, k) - y) < Fraction(1, 2 * k**2) for z, y in data)
        assert inst.is_splitting(decode(w, inst))


@pytest.mark.claim("BG17-T4.2-empty")
def test_empty_subset_instance_is_no_but_realisable():
    inst = SetSplitting(2, (frozenset(),), 2, allow_empty=True)
    assert inst.solve() is None
    w = [(Fraction(1), Fraction(1)), (Fraction(-1), Fraction(-1))]
    assert risk(w, training_set(inst), 2) == 0


@pytest.mark.claim("BG17-T4.2-dec")
@settings(max_examples=15, deadline=None)
@given(instances)
def test_optimised_weights_below_the_threshold_decode_to_splittings(case):
    seed, k, d = case
    rng = np.random.default_rng(seed)
    inst, _ = planted_instance(rng, max(d, 3), k, int(rng.integers(1, (k - 1) * max(d, 3) + 1)))
    w = optimised_weights(inst, seed % 1000, steps=1500)
    if risk(w, training_set(inst), k) < risk_threshold(k, inst.d):
        assert inst.is_splitting(decode(w, inst))

"""DZPS19's dynamics at Hypothesis-drawn starts: each test runs the claim's own simulation predicate
on a drawn seed (a few examples each: every one is a training run), in a regime where the claim
holds with room (the routes' settings, away from the smallest widths)."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from lemmas.dzps19 import descent, flow, joint, remarks
from lemmas.dzps19.gram import gram_infinity
from lemmas.dzps19.network import gram, problem, train
from verify.testing import simulation_examples

SEEDS = st.integers(4, 10**5)   # seeds 0–3 are the routes' own


def runs(*pairs):
    """A table row: (predicate, setting-without-seed) pairs, each run at the drawn seed."""
    return lambda seed: [(predicate, {**setting, "seed": seed}) for predicate, setting in pairs]


GD = {"m": 400, "eta": "large"}
CLAIMED_RUNS = [
    pytest.param(runs((flow.theorem32_on_runs(), {"m": 400}), (flow.lemma33_on_runs(), {"m": 400})),
                 marks=(pytest.mark.claim("DZPS19-T3.2"), pytest.mark.claim("DZPS19-L3.3")), id="flow"),
    pytest.param(runs((descent.theorem41_on_runs(), GD), (descent.per_step(), GD), (descent.displacement_on_runs(), GD)),
                 marks=(pytest.mark.claim("DZPS19-T4.1"), pytest.mark.claim("DZPS19-Cd4.1"),
                        pytest.mark.claim("DZPS19-C4.1")), id="gd"),
    pytest.param(runs((flow.lemma34_invariants(), {"n": 2, "m": 20_000, "delta": 0.5})),
                 marks=pytest.mark.claim("DZPS19-L3.4"), id="continuation"),
    pytest.param(runs((joint.theorem33_on_runs(), {"m": 400}), (joint.continuation_joint, {"m": 400})),
                 marks=(pytest.mark.claim("DZPS19-T3.3"), pytest.mark.claim("DZPS19-LA.6")), id="joint"),
    pytest.param(runs((remarks.output_layer_only(), {"n": 6, "d": 4})), marks=pytest.mark.claim("DZPS19-FN3"),
                 id="output-layer"),
]


@pytest.mark.parametrize("claimed", CLAIMED_RUNS)
@simulation_examples()
@given(seed=SEEDS)
def test_claim_holds_on_a_drawn_run(claimed, seed):
    """The claim's own simulation predicate at a seed the routes never use."""
    for predicate, pt in claimed(seed):
        ok, _, detail = predicate(pt)
        assert ok, detail


@pytest.mark.claim("DZPS19-R3.1")
@simulation_examples()
@given(SEEDS)
def test_start_gram_error_shrinks_with_width(seed):
    X = problem(20, 20, 1, 0).X
    gaps = [np.linalg.norm(gram(X, np.random.default_rng([seed, m]).standard_normal((m, 20))) - gram_infinity(X), 2)
            for m in (100, 6400)]
    assert gaps[1] < gaps[0] / 2      # expected ratio 8 (= √64)


@pytest.mark.claim("DZPS19-X5.1")
@pytest.mark.claim("DZPS19-X5.2")
@pytest.mark.claim("DZPS19-X5.3")
@simulation_examples()
@given(SEEDS)
def test_small_experiment_trends(seed):
    """n = d = 100, 30 steps of η = 0.5: width 1600 against 25 — lower loss, fewer changed patterns,
    less movement (expected ratios about 8 for the last two)."""
    runs = [train(problem(100, 100, m, seed), 0.5, 30, every=30) for m in (25, 1600)]
    small, large = runs
    assert large.residual2[-1] < small.residual2[-1]
    assert large.flips[-1] < small.flips[-1] / 2
    assert large.w_move[-1] < small.w_move[-1] / 2

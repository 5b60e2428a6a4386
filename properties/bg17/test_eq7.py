"""BG17-Eq7: the risk of a one-hidden-layer average-pooling net as a double sum of kernels.

Properties of the sum (evaluated with the derived kernel): non-negative, zero at W = W*,
symmetric in (W, W*), invariant under permuting rows and under a common rotation, and unchanged
when every row is duplicated (the network output is). Negative control: 1/k for 1/k^2 breaks the
duplication invariance.
"""
import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lemmas.bg17.s3_risk import risk_eq7
from verify.strategies import counterexample, unit_vectors

pytestmark = pytest.mark.claim("BG17-Eq7")
DPS = 40
REL = mpmath.mpf(10) ** -30


@st.composite
def weight_pairs(draw, max_k=4, max_d=6):
    kk, d = draw(st.integers(1, max_k)), draw(st.integers(2, max_d))
    scales = st.floats(0.1, 10)
    W = [draw(unit_vectors(min_dim=d, max_dim=d)) * draw(scales) for _ in range(kk)]
    Ws = [draw(unit_vectors(min_dim=d, max_dim=d)) * draw(scales) for _ in range(kk)]
    return W, Ws


def risk(W, Ws):
    with mpmath.workdps(DPS):
        return risk_eq7(W, Ws)


def size(W, Ws):
    return sum(float(np.dot(r, r)) for r in [*W, *Ws])


@given(weight_pairs(), st.randoms(use_true_random=False))
def test_nonnegative_symmetric_zero_at_teacher_and_invariant(pair, rnd):
    """ℓ ≥ 0, ℓ(W*) = 0, symmetric in (W, W*), invariant under row permutations and rotations."""
    W, Ws = pair
    base, tol = risk(W, Ws), REL * size(W, Ws)
    perm = list(range(len(W)))
    rnd.shuffle(perm)
    Q = np.linalg.qr(np.random.default_rng(rnd.randrange(2**32)).standard_normal((len(W[0]),) * 2))[0]
    assert base >= -tol and abs(risk(W, W)) <= REL * size(W, W) and abs(base - risk(Ws, W)) <= tol
    assert abs(risk([W[i] for i in perm], Ws) - base) <= tol
    assert abs(risk([Q @ w for w in W], [Q @ w for w in Ws]) - base) <= 1e-12 * size(W, Ws)


def duplication_defect(risk_fn, W, Ws):
    with mpmath.workdps(DPS):
        return abs(risk_fn(W + W, Ws + Ws) - risk_fn(W, Ws)) / size(W, Ws)


@given(weight_pairs(max_k=3))
def test_duplicating_rows_changes_nothing(pair):
    assert duplication_defect(risk_eq7, *pair) <= REL


def test_negative_control_one_over_k_is_refuted():
    def wrong(W, Ws):  # 1/k instead of 1/k^2
        return risk_eq7(W, Ws) * len(W)

    counterexample(weight_pairs(max_k=3), lambda p: duplication_defect(wrong, *p) > 1e-10)

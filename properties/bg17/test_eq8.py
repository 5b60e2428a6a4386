"""BG17-Eq8: the closed-form risk of the no-overlap network.

Equals Eq. 7 on block rows, vanishes at w*, is non-negative, and depends on w only through
(|w|, |w*|, theta). Negative control: gamma = beta + k (for beta + k/2) disagrees with Eq. 7.
"""
import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from lemmas.bg17.s3 import block_row
from lemmas.common.kernels import a, b, theta
from lemmas.bg17.s3_risk import beta, k, no_overlap_risk_value, printed_eq8, risk_eq7
from verify.strategies import counterexample, vectors
from verify.vectors import angle, norm

pytestmark = pytest.mark.claim("BG17-Eq8")
DPS = 40
REL = mpmath.mpf(10) ** -30


@st.composite
def settings_(draw, max_k=8, max_m=5):
    m, kk = draw(st.integers(1, max_m)), draw(st.integers(1, max_k))
    return (draw(vectors(min_dim=m, max_dim=m, min_value=1e-3, max_value=1e2)),
            draw(vectors(min_dim=m, max_dim=m, min_value=1e-2, max_value=1e1)), kk)


def eq7_on_blocks(w, ws, kk):
    W = [block_row(w, i, kk) for i in range(1, kk + 1)]
    Ws = [block_row(ws, i, kk) for i in range(1, kk + 1)]
    return risk_eq7(W, Ws)


def scale(w, ws):
    return (norm(w) + norm(ws)) ** 2


@given(settings_())
def test_equals_eq7_on_block_rows(s):
    w, ws, kk = s
    with mpmath.workdps(DPS):
        assert abs(no_overlap_risk_value(w, ws, kk) - eq7_on_blocks(w, ws, kk)) <= REL * scale(w, ws)


@given(settings_())
def test_zero_at_teacher_and_nonnegative(s):
    w, ws, kk = s
    with mpmath.workdps(DPS):
        assert abs(no_overlap_risk_value(ws, ws, kk)) <= REL * scale(ws, ws)
        assert no_overlap_risk_value(w, ws, kk) >= -REL * scale(w, ws)


@given(settings_(max_m=6), st.integers(0, 2**32 - 1))
def test_depends_only_on_norms_and_angle(s, seed):
    w, ws, kk = s
    m = len(w)
    Q = np.linalg.qr(np.random.default_rng(seed).standard_normal((m, m)))[0]
    with mpmath.workdps(DPS):
        base = no_overlap_risk_value(w, ws, kk)
        assert abs(no_overlap_risk_value(Q @ w, Q @ ws, kk) - base) <= 1e-12 * scale(w, ws)


def test_negative_control_wrong_gamma_is_refuted():
    wrong = sp.lambdify((a, b, theta, k), printed_eq8(beta() + k), modules="mpmath")

    def disagrees(s):
        w, ws, kk = s
        with mpmath.workdps(DPS):
            value = wrong(norm(w), norm(ws), angle(w, ws), kk)
            return abs(value - eq7_on_blocks(w, ws, kk)) > 1e-10 * scale(w, ws)

    counterexample(settings_(), disagrees)

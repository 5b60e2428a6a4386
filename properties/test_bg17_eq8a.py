"""BG17-Eq8a: kernel values on no-overlap block rows — properties.

For w, w* in R^m and block rows w_i = (0, ..., w, ..., 0) in R^{km}: g(w_i, w_i) = |w|^2/2,
g(w_i, w_j) = |w|^2/(2 pi) and g(w_i, w*_j) = |w||w*|/(2 pi) for i != j, g(w_i, w*_i) = g(w, w*).
Negative control: 1/pi in place of 1/(2 pi) for g(w_i, w_j) is refuted.
"""
import mpmath
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lemmas.bg17_s3 import block_row, kernel
from verify.strategies import counterexample, vectors
from verify.vectors import norm

pytestmark = pytest.mark.claim("BG17-Eq8a")

DPS = 40
REL = mpmath.mpf(10) ** -30


@st.composite
def block_settings(draw):
    m = draw(st.integers(1, 6))
    k = draw(st.integers(2, 8))
    i = draw(st.integers(1, k))
    j = draw(st.integers(1, k))
    assume(i != j)
    w = draw(vectors(min_dim=m, max_dim=m, min_value=1e-4, max_value=1e4))
    w_star = draw(vectors(min_dim=m, max_dim=m, min_value=1e-4, max_value=1e4))
    return w, w_star, k, i, j


def block_values(setting):
    w, ws, k, i, j = setting
    wi, wj, wsi, wsj = block_row(w, i, k), block_row(w, j, k), block_row(ws, i, k), block_row(ws, j, k)
    return kernel(wi, wi), kernel(wi, wj), kernel(wi, wsj), kernel(wi, wsi)


@given(block_settings())
def test_block_identities(setting):
    w, ws = setting[0], setting[1]
    with mpmath.workdps(DPS):
        diag, off, off_star, same = block_values(setting)
        a, b = norm(w), norm(ws)
        assert abs(diag - a**2 / 2) <= REL * a**2
        assert abs(off - a**2 / (2 * mpmath.pi)) <= REL * a**2
        assert abs(off_star - a * b / (2 * mpmath.pi)) <= REL * a * b
        assert abs(same - kernel(w, ws)) <= REL * a * b


def test_negative_control_one_over_pi_is_refuted():
    def wrong_off_diagonal_holds(setting):
        with mpmath.workdps(DPS):
            off = block_values(setting)[1]
            a = norm(setting[0])
            return abs(off - a**2 / mpmath.pi) <= REL * a**2

    found = counterexample(block_settings(), lambda s: not wrong_off_diagonal_holds(s))
    assert found[2] >= 2

"""DZPS19's H∞ as a user calls it: bad input is one line naming X; a duplicated row makes it
singular and an antipodal pair does not (the catalogue's X2 b: "no two parallel" is sufficient,
not necessary); the vectorised form is the 30-digit one to float64 accuracy."""
import mpmath
import numpy as np
import pytest
from hypothesis import example, given

from lemmas.dzps19.gram import gram_infinity, gram_infinity_mp, lambda0
from verify.domain import Domain, UnitRows
from verify.errors import InputError

EPS = np.finfo(float).eps
DATA = Domain(UnitRows("X", rows=(1, 8), max_dim=5, parallel_ok=True)).strategy().map(lambda p: p["X"])


@pytest.mark.claim("DZPS19-K2")
@pytest.mark.parametrize("bad, message", [
    ([1.0, 0.0], "expected an n x d array"),
    ([[1.0, 0.0], [np.nan, 1.0]], "finite"),
    ([[1.0, 0.0], [0.0, 2.0]], "row 1 has norm 2"),
])
def test_bad_data_is_one_line_naming_x(bad, message):
    with pytest.raises(InputError, match=message) as info:
        gram_infinity(bad)
    assert str(info.value).startswith("X:") and "\n" not in str(info.value)


@pytest.mark.claim("DZPS19-K2")
@given(DATA)
def test_float64_form_is_the_30_digit_form(X):
    with mpmath.workdps(30):
        exact = np.array(gram_infinity_mp(X).tolist(), dtype=float)
    # entries are at most 1/2; ρ carries d ε of rounding, arccos near ±1 amplifies it to √(dε)
    assert np.abs(gram_infinity(X) - exact).max() <= 10 * np.sqrt(X.shape[1] * EPS)


@pytest.mark.claim("DZPS19-K2")
@given(DATA)
@example(np.array([[1.0, 0.0], [-1.0, 0.0]]))
def test_duplicate_row_is_singular_and_antipodal_pair_is_not(X):
    n = len(X) + 1
    with_duplicate = np.vstack([X, X[:1]])
    # eigvalsh's backward error is at most about n ε ‖H‖₂ ≤ n² ε / 2
    assert abs(lambda0(with_duplicate)) <= n**2 * EPS
    # ρ = −‖x‖² misses −1 by δ = |‖x‖² − 1| (rounding); arccos near −1 turns that into
    # √(2δ), so the off-diagonal entry is at most √(2δ)/(2π), not 0
    delta = max(abs(float(X[0] @ X[0]) - 1), EPS)
    assert lambda0(np.array([X[0], -X[0]])) == pytest.approx(0.5, abs=np.sqrt(2 * delta) / (2 * np.pi) + 4 * EPS)

"""DLLWZ19 kernels at Hypothesis-drawn data: structure of the recursions (symmetric, PSD, unit
diagonal, b ≡ 0 for odd σ, the conv net at p = 1), the two-layer case against DZPS19, the
depth dependence of λ_min, and the iteration-count bookkeeping."""
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings, strategies as st

from lemmas.dllwz19.common import kernels_of, unit_rows
from lemmas.dllwz19.comparisons import corrected_count, resnet_iterations
from lemmas.dllwz19.conditions import C_TABLE, patch_counts, second_derivative_in_s
from lemmas.dllwz19.kernels import c_sigma, conv_resnet_kernels, fc_kernels, resnet_kernels
from lemmas.dzps19.constants import n_ as dz_n, radius_width
from lemmas.dzps19.gram import gram_infinity
from verify.activations import hermite_coefficients, mean_vector, pair_matrix

SMOOTH = ("softplus", "tanh", "sigmoid", "erf")


@st.composite
def data(draw, n_max=6, d_max=5, unit=True):
    n, d = draw(st.integers(2, n_max)), draw(st.integers(2, d_max))
    X = unit_rows(n, d, draw(st.integers(0, 10 ** 6)))
    cos = np.abs(X @ X.T) - np.eye(n)
    assume(cos.max() < 0.99)
    if not unit:
        X = X * np.asarray(draw(st.lists(st.floats(0.3, 3.0), min_size=n, max_size=n)))[:, None]
    return X


@pytest.mark.claim("DLLWZ19-N1")
@pytest.mark.claim("DLLWZ19-D5.1-LIM")
@settings(max_examples=15, deadline=None)
@given(data(), st.sampled_from(SMOOTH), st.integers(1, 8))
def test_fc_kernels_are_symmetric_psd_with_unit_hidden_diagonal(X, name, H):
    kern = fc_kernels(X, name, H)
    for K in kern.K:
        assert np.allclose(K, K.T, atol=1e-14)
        assert np.linalg.eigvalsh(K)[0] >= -1e-12 * np.abs(K).max()
    for K in kern.K[1:-1]:
        assert np.max(np.abs(np.diag(K) - 1)) < 1e-13
    assert float(c_sigma(name)) * float(C_TABLE[name][0]) == pytest.approx(1, abs=1e-15)


@pytest.mark.claim("DLLWZ19-D6.1-LIM")
@settings(max_examples=15, deadline=None)
@given(data(unit=False), st.integers(2, 6), st.floats(0.1, 1.0))
def test_resnet_mean_series_vanishes_for_odd_activations_and_kernels_are_psd(X, H, c_res):
    odd = resnet_kernels(X, "tanh", H, c_res)
    assert all(np.max(np.abs(b)) < 1e-15 for b in odd.b[1:])
    # with b ≡ 0 the skip pairing cannot matter: the swapped and derived kernels agree
    assert np.allclose(resnet_kernels(X, "tanh", H, c_res, variant="swapped").last, odd.last, atol=1e-15)
    soft = resnet_kernels(X, "softplus", H, c_res)
    assert all(np.min(b) > 0 for b in soft.b[1:])
    assert np.linalg.eigvalsh(soft.last)[0] >= -1e-14


@pytest.mark.claim("DLLWZ19-D7.1-LIM")
@settings(max_examples=10, deadline=None)
@given(data(unit=False), st.integers(1, 5))
def test_conv_kernels_with_one_position_are_the_resnet_kernels(X, H):
    conv = conv_resnet_kernels(X[:, :, None], "softplus", H, 0.5, q=1).last
    res = resnet_kernels(X, "softplus", H, 0.5).last
    assert np.max(np.abs(conv - res)) < 1e-14


@pytest.mark.claim("DLLWZ19-D7.1-LIM")
@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(2, 4))
def test_conv_kernel_is_psd_and_the_all_pairs_sum_differs(seed, H):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, 2, 5))
    kern = conv_resnet_kernels(X, "softplus", H, 0.5)
    assert np.linalg.eigvalsh(kern.last)[0] >= -1e-14
    assert np.max(np.abs(conv_resnet_kernels(X, "softplus", H, 0.5, variant="all-pairs").last - kern.last)) > 1e-3


@pytest.mark.claim("DLLWZ19-S4.3")
@pytest.mark.claim("DLLWZ19-X3")
@settings(max_examples=20, deadline=None)
@given(data(n_max=8, d_max=6))
def test_relu_two_layer_kernel_is_twice_dzps19_gram(X):
    K1 = fc_kernels(X, "relu", 1).last
    assert np.max(np.abs(K1 - 2 * gram_infinity(X))) < 1e-13
    assert np.max(np.abs(K1 - gram_infinity(X))) > 0.4          # "the same": off by c_σ = 2


@pytest.mark.claim("DLLWZ19-N1")
@settings(max_examples=20, deadline=None)
@given(st.sampled_from(SMOOTH), st.floats(-0.99, 0.99), st.floats(0.2, 2.0), st.floats(0.2, 2.0))
def test_mehler_series_matches_the_erf_closed_forms(name, rho, v1, v2):
    """The engine's series against closed forms (erf) and its own symmetry under swapping the pair."""
    k12 = rho * math.sqrt(v1 * v2)
    K = np.array([[v1, k12], [k12, v2]])
    value = pair_matrix("erf", "value", K).value[0, 1]
    assert value == pytest.approx(2 / math.pi * math.asin(2 * k12 / math.sqrt((1 + 2 * v1) * (1 + 2 * v2))), abs=1e-13)
    deriv = pair_matrix("erf", "derivative", K).value[0, 1]
    assert deriv == pytest.approx(4 / math.pi / math.sqrt((1 + 2 * v1) * (1 + 2 * v2) - 4 * k12 ** 2), abs=1e-13)
    M = pair_matrix(name, "value", K).value
    assert M[0, 1] == pytest.approx(M[1, 0], abs=1e-15)


@pytest.mark.claim("DLLWZ19-C3.2a")
@settings(max_examples=10, deadline=None)
@given(st.floats(0.3, 2.0))
def test_softplus_has_nonzero_even_hermite_coefficients_at_every_scale(scale):
    A, _ = hermite_coefficients("softplus", "value", [scale])
    assert np.min(np.abs(A[0, 2:15:2])) > 1e-12


@pytest.mark.claim("DLLWZ19-C3.1a")
@pytest.mark.claim("DLLWZ19-X2")
@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1))
def test_second_derivative_in_s_is_at_most_a_quarter(s):
    value = float(second_derivative_in_s().subs(sp.Symbol("s", positive=True), s))
    assert 0 <= value <= 0.25 + 1e-15


@pytest.mark.claim("DLLWZ19-N2")
@settings(max_examples=30, deadline=None)
@given(st.integers(1, 20), st.integers(0, 4))
def test_patch_counts_lie_between_one_and_q(p, half):
    q = 2 * half + 1
    counts = patch_counts(p, q)
    assert min(counts) >= 1 and max(counts) <= q


@pytest.mark.claim("DLLWZ19-K1")
@settings(max_examples=12, deadline=None)
@given(data(), st.integers(2, 40))
def test_resnet_lambda_min_is_below_the_diagonal(X, H):
    kern = resnet_kernels(X, "softplus", H, 0.5)
    lam = np.linalg.eigvalsh(kern.last)[0]
    prev = kern.K[-2]
    assert lam <= np.min(np.diag(kern.last)) + 1e-15
    formula = 0.25 / H ** 2 * np.diag(prev) * np.diag(pair_matrix("softplus", "derivative", prev).value)
    assert np.max(np.abs(np.diag(kern.last) - formula)) < 1e-15


@pytest.mark.claim("DLLWZ19-PF.2")
@pytest.mark.claim("DLLWZ19-R5")
@pytest.mark.claim("DLLWZ19-X1")
@pytest.mark.claim("DLLWZ19-R2")
@settings(max_examples=6, deadline=None)
@given(data(n_max=5))
def test_resnet_lambda_scales_as_inverse_square_depth_while_fc_collapses(X):
    depths = (2, 5, 20, 60)
    res = np.array([h * h * np.linalg.eigvalsh(kernels_of("resnet", X, "softplus", h, 0.5).last)[0] for h in depths])
    assert res.max() / res.min() <= 2
    fc = [np.linalg.eigvalsh(kernels_of("fc", X, "softplus", h).last)[0] for h in (2, 8)]
    assert fc[1] < fc[0] / 20
    # X1: T ∝ 1/(λ² H²) then grows as H² up to the factor (κ_2/κ_H)² ∈ [1/4, 4]
    T = 1 / (res / np.array(depths) ** 2) ** 2 / np.array(depths, dtype=float) ** 2
    growth = (T / T[0]) / (np.array(depths) / 2) ** 2
    assert 0.25 <= growth.min() and growth.max() <= 4


@pytest.mark.claim("DLLWZ19-R3")
@pytest.mark.claim("DLLWZ19-PF.1")
@settings(max_examples=6, deadline=None)
@given(data(n_max=5))
def test_fc_lambda_is_positive_and_decays_geometrically(X):
    lams = np.array([np.linalg.eigvalsh(kernels_of("fc", X, "softplus", h).last)[0] for h in range(1, 9)])
    assert np.all(lams > 0)
    assert np.all(lams[1:] < lams[:-1])


@pytest.mark.claim("DLLWZ19-X1")
@pytest.mark.claim("DLLWZ19-R1")
@settings(max_examples=20, deadline=None)
@given(st.integers(2, 500), st.integers(2, 500))
def test_iteration_and_width_bookkeeping(n1, n2):
    # X1: the corrected count is what the theorem's step and λ give (SymPy), at any (n, H) pair
    assert sp.simplify(resnet_iterations() - corrected_count()) == 0
    # R1: DZPS19's width scales as n⁶
    w = radius_width("T4.1")
    ratio = float(w.subs(dz_n, n2) / w.subs(dz_n, n1))
    assert ratio == pytest.approx((n2 / n1) ** 6, rel=1e-12)


@pytest.mark.claim("DLLWZ19-I1")
@settings(max_examples=8, deadline=None)
@given(data(), st.floats(0.1, 1.0))
def test_resnet_feature_variance_stays_bounded_in_depth(X, c_res):
    diag = [np.max(np.diag(kernels_of("resnet", X, "softplus", h, c_res).K[-2])) for h in (10, 50, 150)]
    assert max(diag) <= 5.0          # uniform in H (c_res ≤ 1: at most 3.3 seen)
    assert abs(diag[2] - diag[1]) <= abs(diag[1] - diag[0]) + 1e-12


def test_mean_vector_matches_the_relu_closed_form():
    v = np.array([0.5, 1.0, 2.0])
    assert np.allclose(mean_vector("relu", "value", v), np.sqrt(v / (2 * np.pi)))

"""The engine's Gaussian expectations of activations (verify.activations) and the joint mean test
(verify.statistics): two routes agree, the Gauss–Hermite rule is exact where it must be, bad input
is a one-line error, and the tests can fail."""
import math

import numpy as np
import pytest

from verify.activations import (_hermite_rule, hermite_series, mean, mean_square, mean_vector, pair_expectation,
                                pair_matrix)
from verify.errors import InputError
from verify.statistics import joint_mean_test, student_t_two_sided


def test_the_christoffel_weighted_rule_integrates_gaussian_moments_exactly():
    z, root_w = _hermite_rule(480)
    w = root_w ** 2
    for k, moment in ((0, 1), (2, 1), (8, 105), (20, 654729075)):
        assert float(w @ z ** k) == pytest.approx(moment, rel=1e-12)
    assert float(w @ z ** 7) == pytest.approx(0, abs=1e-12)


def test_a_polynomial_has_no_hermite_tail_and_softplus_has_one():
    A, tail = hermite_series(lambda x: 1 + x + x ** 2, [1.0], terms=6)
    assert np.allclose(A[0], [2, 1, math.sqrt(2), 0, 0, 0], atol=1e-13) and tail[0] < 1e-13
    _, tail = hermite_series(lambda x: np.logaddexp(0, x), [1.0], terms=3)
    assert tail[0] > 1e-5          # 1.7e-4: softplus is no quadratic


def test_mehler_series_agrees_with_mpmath_quadrature():
    K11, K12, K22 = 1.3, 0.55, 0.8
    fast = pair_matrix("softplus", "value", np.array([[K11, K12], [K12, K22]]))
    slow = pair_expectation("softplus", "value", K11, K12, K22, dps=10)
    assert abs(fast.value[0, 1] - float(slow.value)) <= 1e-13 + fast.error + slow.error
    assert abs(fast.value[0, 1] - float(slow.value)) < 1e-12


def test_relu_closed_form_agrees_with_the_homogeneous_quadrature():
    for kind in ("value", "derivative"):
        fast = pair_matrix("relu", kind, np.array([[2.0, -0.7], [-0.7, 0.5]])).value[0, 1]
        slow = float(pair_expectation("relu", kind, 2.0, -0.7, 0.5, dps=20).value)
        assert fast == pytest.approx(slow, abs=1e-14)


def test_diagonal_and_means_agree_with_one_dimensional_quadrature():
    M = pair_matrix("tanh", "derivative", np.array([[1.7, 0.2], [0.2, 0.4]])).value
    assert M[0, 0] == pytest.approx(float(mean_square("tanh", "derivative", 1.7).value), abs=1e-13)
    assert mean_vector("softplus", "value", [0.6])[0] == pytest.approx(float(mean("softplus", "value", 0.6).value),
                                                                       abs=1e-13)


def test_the_ladder_error_is_small_and_the_single_rung_says_it_has_none():
    est = mean("sigmoid", "value", 2.0, dps=25)
    assert est.error < 1e-24 and float(est.value) == pytest.approx(0.5, abs=1e-24)
    assert math.isnan(mean("sigmoid", "value", 2.0, dps=25, ladder=False).error)


@pytest.mark.parametrize("call, needle", [
    (lambda: pair_matrix("swish", "value", np.eye(2)), "activation"),
    (lambda: pair_matrix("tanh", "second", np.eye(2)), "kind"),
    (lambda: pair_matrix("tanh", "value", np.array([[1.0, 2.0], [2.0, 1.0]])), "positive semidefinite"),
    (lambda: pair_matrix("tanh", "value", np.array([[1.0, np.nan], [np.nan, 1.0]])), "finite"),
    (lambda: pair_matrix("tanh", "value", np.array([[1.0, 0.1], [0.2, 1.0]])), "symmetric"),
    (lambda: pair_expectation("erf", "value", 1, 3, 1), "positive semidefinite"),
    (lambda: mean_vector("erf", "value", [-1.0]), "variances"),
])
def test_bad_input_is_a_one_line_error_naming_it(call, needle):
    with pytest.raises(InputError) as err:
        call()
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_student_t_quantiles():
    assert student_t_two_sided(0.05, 10) == pytest.approx(2.228138852, abs=1e-8)
    assert student_t_two_sided(0.01, 10 ** 6) == pytest.approx(2.5758293, abs=1e-5)


def test_the_joint_mean_test_accepts_the_true_means_and_rejects_a_shift():
    rng = np.random.default_rng(0)
    ref = np.array([0.0, 1.0, 2.0])
    common = rng.standard_normal((40, 1))                      # correlated statistics
    samples = ref + 0.5 * common + rng.standard_normal((40, 3))
    assert joint_mean_test(samples, ref)[0]
    assert not joint_mean_test(samples + np.array([0, 0, 1.5]), ref)[0]

"""Finite differences at high precision, with honest error bounds."""
import mpmath

from verify.finitediff import gradient, hessian


def f(x):
    return mpmath.exp(x[0]) * mpmath.sin(x[1]) + x[0] * x[1] ** 3


def test_gradient_to_25_digits():
    x = [0.3, -1.1]
    est = gradient(f, x, dps=35)
    with mpmath.workdps(60):
        a, b = map(mpmath.mpf, x)
        exact = [mpmath.exp(a) * mpmath.sin(b) + b**3, mpmath.exp(a) * mpmath.cos(b) + 3 * a * b**2]
        err = max(abs(p - q) for p, q in zip(est.value, exact))
    assert err <= est.error and est.error < 1e-30


def test_hessian_to_25_digits():
    x = [0.3, -1.1]
    est = hessian(f, x, dps=35)
    with mpmath.workdps(60):
        a, b = map(mpmath.mpf, x)
        e = mpmath.exp(a)
        exact = [[e * mpmath.sin(b), e * mpmath.cos(b) + 3 * b**2],
                 [e * mpmath.cos(b) + 3 * b**2, -e * mpmath.sin(b) + 6 * a * b]]
        err = max(abs(est.value[i][j] - exact[i][j]) for i in range(2) for j in range(2))
    assert err <= est.error and est.error < 1e-30

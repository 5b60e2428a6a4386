"""verify.numeric.mp_function: arguments run at the working precision; a callable expression is
derived on the first call, once."""
import mpmath
import sympy

from verify.numeric import mp_function


def test_a_lazy_expression_is_derived_once_on_the_first_call():
    k = sympy.Symbol("k")
    calls = []

    def derive():
        calls.append(1)
        return [1 / k**2, k]
    f = mp_function([k], derive)
    assert calls == []                               # nothing derived at definition time
    with mpmath.workdps(30):
        third, three = f(3)
        assert abs(third - mpmath.mpf(1) / 9) < mpmath.mpf(10) ** -29 and three == 3
        f(2)
    assert calls == [1]


def test_a_float_argument_keeps_the_working_precision():
    x = sympy.Symbol("x")
    with mpmath.workdps(40):
        assert abs(mp_function([x], x / 3)(0.5) - mpmath.mpf(1) / 6) < mpmath.mpf(10) ** -39

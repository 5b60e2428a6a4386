"""Turning SymPy expressions into mpmath functions safely.

``sympy.lambdify(..., modules="mpmath")`` prints ``1/k**2`` as ``k**(-2)``; called with a Python
int that is a float (0.01), silently losing all digits beyond 16. :func:`mp_function` converts
every argument to ``mpmath.mpf`` first, so the generated code runs in the working precision.
"""
from __future__ import annotations

from typing import Callable, Sequence

import mpmath
import sympy


def mp_function(symbols: Sequence[sympy.Symbol], expr) -> Callable:
    """``lambdify`` for mpmath whose arguments are converted to ``mpf`` at call time.

    >>> k = sympy.Symbol("k")
    >>> f = mp_function([k], 1 / k**2)
    >>> with mpmath.workdps(30): print(f(3))
    0.111111111111111111111111111111
    """
    symbols = [symbols] if isinstance(symbols, sympy.Symbol) else list(symbols)
    raw = sympy.lambdify(symbols, expr, modules="mpmath")

    def call(*args):
        return raw(*(mpmath.mpf(x) for x in args))
    return call

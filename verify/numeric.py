"""Turning SymPy expressions into mpmath and numpy functions safely.

``sympy.lambdify(..., modules="mpmath")`` prints ``1/k**2`` as ``k**(-2)``; called with a Python
int that is a float (0.01), silently losing all digits beyond 16. :func:`mp_function` converts
every argument to ``mpmath.mpf`` first, so the generated code runs in the working precision.
``Heaviside(z, h0)`` (the indicator of z > 0 with value h0 at 0) and ``Max`` / ``Min`` are
translated for both back ends.
"""
from __future__ import annotations

from typing import Callable, Sequence

import mpmath
import numpy as np
import sympy


def _mp_heaviside(z, h0=0.5):
    return mpmath.mpf(1) if z > 0 else (mpmath.mpf(0) if z < 0 else mpmath.mpf(h0))


MP_MODULES = [{"Heaviside": _mp_heaviside, "Max": max, "Min": min}, "mpmath"]
NUMPY_MODULES = [{"Heaviside": lambda z, h0=0.5: np.heaviside(z, h0)}, "numpy"]


def mp_function(symbols: Sequence[sympy.Symbol], expr) -> Callable:
    """``lambdify`` for mpmath whose arguments are converted to ``mpf`` at call time. ``expr`` may
    be a zero-argument callable returning the expression (a slow derivation): it is then derived
    and lambdified on the first call, not when the module is imported.

    >>> k = sympy.Symbol("k")
    >>> f = mp_function([k], 1 / k**2)
    >>> with mpmath.workdps(30): print(f(3))
    0.111111111111111111111111111111
    """
    symbols = [symbols] if isinstance(symbols, sympy.Symbol) else list(symbols)
    lazy = callable(expr) and not isinstance(expr, sympy.Basic)
    raw = None if lazy else sympy.lambdify(symbols, expr, modules=MP_MODULES)

    def call(*args):
        nonlocal raw
        if raw is None:
            raw = sympy.lambdify(symbols, expr(), modules=MP_MODULES)
        return raw(*(mpmath.mpf(x) for x in args))
    return call


def numpy_function(symbols: Sequence[sympy.Symbol], expr) -> Callable:
    """``lambdify`` for numpy arrays (vectorised), with the same translations."""
    return sympy.lambdify(list(symbols), expr, modules=NUMPY_MODULES)

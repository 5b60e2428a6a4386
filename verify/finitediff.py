"""Derivatives by high-precision finite differences (``mpmath.diff``), with a ladder error bound.

``mpmath.diff`` picks its step from the working precision and raises that precision internally to
absorb the cancellation, so for a function analytic near the point the result is good to roughly
the working precision. The error bound is the difference between two rungs of the ladder
(``dps`` and ``dps + LADDER_STEP``), as for quadrature (:mod:`verify.tolerances`).
"""
from __future__ import annotations

from typing import Callable, Sequence

import mpmath
from mpmath import mp

from . import tolerances
from .quadrature import Estimate


def _gradient_once(f: Callable, x: list) -> list:
    n = len(x)
    return [mpmath.diff(lambda *xs: f(list(xs)), x, tuple(int(i == j) for j in range(n)))
            for i in range(n)]


def _hessian_once(f: Callable, x: list) -> list:
    n = len(x)
    H = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            order = [0] * n
            order[i] += 1
            order[j] += 1
            H[i][j] = H[j][i] = mpmath.diff(lambda *xs: f(list(xs)), x, tuple(order))
    return H


def _ladder(once: Callable, f: Callable, x: Sequence[float], dps: int) -> Estimate:
    results = []
    for rung in (dps, dps + tolerances.LADDER_STEP):
        with mp.workdps(rung):
            results.append(once(f, [mpmath.mpf(v) for v in x]))
    lo, hi = results

    def flat(a):
        return [e for row in a for e in (row if isinstance(row, list) else [row])]

    with mp.workdps(dps + tolerances.LADDER_STEP):
        diff = max(abs(a - b) for a, b in zip(flat(lo), flat(hi)))
        scale = max(abs(b) for b in flat(hi))
        error = diff + mpmath.mpf(10) ** (-dps) * scale
    return Estimate(hi, float(error))


def gradient(f: Callable[[list], mpmath.mpf], x: Sequence[float], *, dps: int = 40) -> Estimate:
    """Gradient of ``f`` (a function of a list of mpf) at ``x``; value is a list of mpf.

    >>> est = gradient(lambda v: v[0] ** 2 * v[1], [3.0, 2.0], dps=30)
    >>> [mpmath.nstr(c, 15) for c in est.value]
    ['12.0', '9.0']
    """
    return _ladder(_gradient_once, f, x, dps)


def hessian(f: Callable[[list], mpmath.mpf], x: Sequence[float], *, dps: int = 40) -> Estimate:
    """Hessian of ``f`` at ``x``; value is a list of rows of mpf."""
    return _ladder(_hessian_once, f, x, dps)

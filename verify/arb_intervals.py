r"""Interval arithmetic on exact ``arb`` end points (python-flint), and the translation of SymPy
expressions into interval functions: what :mod:`verify.certify`'s branch and bound evaluates.

Working with end points rather than mid-radius balls keeps exact zeros exact (a ball
``[δ/2 ± δ/2]`` times π has a negative lower end; the interval ``[0, δ]`` times π does not), and the
elementary functions are evaluated at end points where they are monotone (``sin``, ``cos`` also
include ±1 when a critical point may lie inside). Supported: ``+ - * /``, integer and rational
powers, ``sqrt exp log sin cos acos asin atan atan2 Abs Min Max Piecewise``, π, e, rationals.
An operation outside its domain (``sqrt`` of a possibly negative number, division by an interval
containing 0, ``acos`` beyond [-1, 1]) raises :class:`Undefined`: the caller splits the box.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

import sympy
from flint import arb, fmpq

Interval = tuple  # (lo, hi): exact arb end points; the true values lie in [lo, hi]


class Undefined(Exception):
    """The expression is not known to be defined (or finite) on the whole box."""


class UnsupportedExpression(ValueError):
    pass


# --- interval operations on exact arb end points -------------------------------------------
def _hull(*balls) -> Interval:
    lo = hi = None
    for b in balls:
        if not b.is_finite():
            raise Undefined("not finite")
        low, high = b.lower(), b.upper()
        if lo is None or low < lo:
            lo = low
        if hi is None or high > hi:
            hi = high
    return lo, hi


def _point(value: Fraction) -> Interval:
    ball = arb(fmpq(value.numerator, value.denominator))
    return ball.lower(), ball.upper()


def _add(x, y):
    return (x[0] + y[0]).lower(), (x[1] + y[1]).upper()


def _neg(x):
    return -x[1], -x[0]


def _mul(x, y):
    a, b = x
    c, d = y
    return _hull(a * c, a * d, b * c, b * d)


def _inv(x):
    if x[0] > 0 or x[1] < 0:
        return (1 / x[1]).lower(), (1 / x[0]).upper()
    raise Undefined("division by an interval containing 0")


def _increasing(fn, x):
    lo, hi = fn(x[0]), fn(x[1])
    if not (lo.is_finite() and hi.is_finite()):
        raise Undefined("not finite")
    return lo.lower(), hi.upper()


def _decreasing(fn, x):
    return _increasing(fn, (x[1], x[0]))


def _may_contain(x, offset, period) -> bool:
    """Whether offset + n * period (n integer) may lie in [x]: conservative."""
    first = ((x[0] - offset) / period).lower().ceil()
    last = ((x[1] - offset) / period).upper().floor()
    return bool(first <= last)


def _periodic(fn, x, max_at, min_at, period):
    candidates = [fn(x[0]), fn(x[1])]
    if _may_contain(x, max_at, period):
        candidates.append(arb(1))
    if _may_contain(x, min_at, period):
        candidates.append(arb(-1))
    return _hull(*candidates)


def _sin(x):
    return _periodic(arb.sin, x, arb.pi() / 2, -arb.pi() / 2, 2 * arb.pi())


def _cos(x):
    return _periodic(arb.cos, x, arb(0), arb.pi(), 2 * arb.pi())


def _sin_pi(x):
    """sin(π x), exact at integers and half-integers (arb's sin_pi)."""
    return _periodic(arb.sin_pi, x, arb(1) / 2, -arb(1) / 2, arb(2))


def _cos_pi(x):
    return _periodic(arb.cos_pi, x, arb(0), arb(1), arb(2))


def _require(x, lo=None, hi=None, open_lo=False, what=""):
    if lo is not None and (x[0] < lo or (open_lo and x[0] <= lo)):
        raise Undefined(f"{what} outside its domain")
    if hi is not None and x[1] > hi:
        raise Undefined(f"{what} outside its domain")
    return x


def _integer_power(x, n: int):
    if n == 0:
        return arb(1), arb(1)
    if n < 0:
        return _inv(_integer_power(x, -n))
    if n % 2 == 1 or x[0] >= 0:
        return _increasing(lambda t: t ** n, x)
    if x[1] <= 0:
        return _decreasing(lambda t: t ** n, x)
    return arb(0), _hull(x[0] ** n, x[1] ** n)[1]


def _rational_power(x, p: int, q: int):
    if q == 2:
        root = arb.sqrt
    else:
        def root(t):
            return t.root(q)
    if p > 0:
        _require(x, lo=0, what=f"x**({p}/{q})")
        return _increasing(lambda t: root(t) ** p, x)
    _require(x, lo=0, open_lo=True, what=f"x**({p}/{q})")
    return _decreasing(lambda t: root(t) ** p, x)


def _atan2(y, x):
    if x[0] <= 0 <= x[1] and y[0] <= 0 <= y[1]:
        raise Undefined("atan2 at the origin")
    if x[0] > 0 or y[0] >= 0 or y[1] < 0:  # the box misses the branch cut (x < 0, y = 0)
        return _hull(*(arb.atan2(b, a) for a in x for b in y))
    return _hull(-arb.pi(), arb.pi())


def _abs(x):
    if x[0] >= 0:
        return x
    if x[1] <= 0:
        return _neg(x)
    return arb(0), _hull(-x[0], x[1])[1]


def _min(*xs):
    return _hull(*(x[0] for x in xs))[0], _hull(*(x[1] for x in xs))[0]


def _max(*xs):
    return _hull(*(x[0] for x in xs))[1], _hull(*(x[1] for x in xs))[1]


_UNARY: dict[Any, Callable] = {
    sympy.sin: _sin,
    sympy.cos: _cos,
    sympy.exp: lambda x: _increasing(arb.exp, x),
    sympy.log: lambda x: _increasing(arb.log, _require(x, lo=0, open_lo=True, what="log")),
    sympy.acos: lambda x: _decreasing(arb.acos, _require(x, lo=-1, hi=1, what="acos")),
    sympy.asin: lambda x: _increasing(arb.asin, _require(x, lo=-1, hi=1, what="asin")),
    sympy.atan: lambda x: _increasing(arb.atan, x),
    sympy.Abs: _abs,
}
NON_SMOOTH = (sympy.Abs, sympy.Min, sympy.Max, sympy.Piecewise, sympy.sign, sympy.floor,
              sympy.ceiling, sympy.Heaviside)


# --- SymPy -> interval function --------------------------------------------------------------
def compile_interval(expr: sympy.Expr, symbols) -> Callable[[list], Interval]:
    """An interval extension of ``expr``: called with one interval per symbol (same order)."""
    index = {s: i for i, s in enumerate(symbols)}
    return _compile(sympy.sympify(expr), index)


def _constant(value) -> Callable:
    return lambda env: value


def _compile(e, index) -> Callable:
    if e.is_Symbol:
        if e not in index:
            raise UnsupportedExpression(f"symbol {e} has no bounds")
        i = index[e]
        return lambda env: env[i]
    if e.is_Rational:
        return _constant(_point(Fraction(int(e.p), int(e.q))))
    if e.is_Float:
        r = sympy.Rational(e)
        return _constant(_point(Fraction(int(r.p), int(r.q))))
    if e is sympy.pi:
        return _constant(_hull(arb.pi()))
    if e is sympy.E:
        return _constant(_hull(arb(1).exp()))
    if e.is_Add or e.is_Mul:
        parts, op = [_compile(a, index) for a in e.args], (_add if e.is_Add else _mul)

        def fold(env):
            total = parts[0](env)
            for p in parts[1:]:
                total = op(total, p(env))
            return total
        return fold
    if e.is_Pow:
        base, exponent = e.args
        b = _compile(base, index)
        if exponent.is_Integer:
            n = int(exponent)
            if n == -1:
                return lambda env: _inv(b(env))
            return lambda env: _integer_power(b(env), n)
        if exponent.is_Rational:
            p, q = int(exponent.p), int(exponent.q)
            return lambda env: _rational_power(b(env), p, q)
        return _compile(sympy.exp(exponent * sympy.log(base), evaluate=False), index)
    if e.func in (sympy.sin, sympy.cos):
        over_pi = sympy.cancel(e.args[0] / sympy.pi)
        if not over_pi.has(sympy.pi):  # sin(π x): evaluate as sin_pi(x), exact at integers
            fn, arg = (_sin_pi if e.func is sympy.sin else _cos_pi), _compile(over_pi, index)
            return lambda env: fn(arg(env))
    if e.func in _UNARY:
        fn, arg = _UNARY[e.func], _compile(e.args[0], index)
        return lambda env: fn(arg(env))
    if e.func is sympy.atan2:
        y, x = (_compile(a, index) for a in e.args)
        return lambda env: _atan2(y(env), x(env))
    if e.func in (sympy.Min, sympy.Max):
        fn, parts = (_min if e.func is sympy.Min else _max), [_compile(a, index) for a in e.args]
        return lambda env: fn(*(p(env) for p in parts))
    if isinstance(e, sympy.Piecewise):
        return _compile_piecewise(e, index)
    raise UnsupportedExpression(f"cannot translate {e.func.__name__} ({e}) to interval arithmetic")


def _compile_condition(c, index) -> Callable:
    """A three-valued condition: True, False, or None (undetermined on the box)."""
    if c is sympy.true:
        return lambda env: True
    if c is sympy.false:
        return lambda env: False
    if isinstance(c, (sympy.And, sympy.Or, sympy.Not)):
        parts = [_compile_condition(a, index) for a in c.args]
        if isinstance(c, sympy.Not):
            return lambda env: None if (v := parts[0](env)) is None else not v

        def combine(env, conjunction=isinstance(c, sympy.And)):
            values = [p(env) for p in parts]
            if conjunction:
                return False if False in values else (None if None in values else True)
            return True if True in values else (None if None in values else False)
        return combine
    if isinstance(c, (sympy.StrictLessThan, sympy.LessThan, sympy.StrictGreaterThan,
                      sympy.GreaterThan)):
        sign = 1 if isinstance(c, (sympy.StrictLessThan, sympy.LessThan)) else -1
        diff = _compile(sign * (c.lhs - c.rhs), index)  # the condition is diff < 0 (or <= 0)
        strict = isinstance(c, (sympy.StrictLessThan, sympy.StrictGreaterThan))

        def relation(env):
            d = diff(env)
            if d[1] < 0 or (not strict and d[1] <= 0):
                return True
            if d[0] > 0 or (strict and d[0] >= 0):
                return False
            return None
        return relation
    raise UnsupportedExpression(f"cannot translate the condition {c}")


def _compile_piecewise(e, index):
    branches = [(_compile(expr, index), _compile_condition(cond, index)) for expr, cond in e.args]

    def piecewise(env):
        values = []
        for value, condition in branches:
            holds = condition(env)
            if holds is False:
                continue
            values.append(value(env))
            if holds:
                return _min(*values)[0], _max(*values)[1]
        raise Undefined("no branch of the Piecewise is known to apply")
    return piecewise

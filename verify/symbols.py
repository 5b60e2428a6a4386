r"""SymPy stand-ins for the quantities of a Gaussian claim, and how to evaluate them at a point.

A claim about :math:`x\sim\mathcal N(0, I_d)` and vectors :math:`a, b, \dots` is written in
SymPy over a few kinds of symbols, each remembering what it stands for:

========== ======================= =====================================
``a @ x``  projection :math:`a^\top x`  the integrand's variables
``norm(a)`` :math:`\lVert a\rVert`     positive when ``a`` is non-zero
``a @ b``  :math:`a^\top b`
``angle(a, b)`` :math:`\theta_{a,b}\in[0,\pi]`
scalar     a :class:`~verify.domain.Real` or :class:`~verify.domain.Integer` variable
========== ======================= =====================================

:func:`evaluator` turns an expression in these symbols into a function of a point (a dict of the
variables' values) evaluated at the working precision of mpmath (angles by ``atan2`` of the
Lagrange identity, exact at 0 and π); :func:`notation` gives their LaTeX.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy

from .domain import Integer, Real, Vector
from .numeric import mp_function
from .vectors import angle as mp_angle, dot as mp_dot, norm as mp_norm


class GaussianInput:
    """The standard Gaussian vector x of a claim (``a @ x`` is a projection)."""

    def __matmul__(self, other):
        return inner(self, other)

    def __rmatmul__(self, other):
        return inner(other, self)

    def __repr__(self) -> str:
        return "x"


x = GaussianInput()


@dataclass(frozen=True)
class Meaning:
    kind: str                  # "projection", "norm", "dot", "angle", "scalar"
    variables: tuple           # the declarations it depends on (Vector / Real / Integer)
    latex: str
    order: int


MEANING: dict[sympy.Symbol, Meaning] = {}
_SYMBOLS: dict[tuple, sympy.Symbol] = {}
_order = itertools.count()


def _remember(name: str, kind: str, variables: tuple, latex: str, **assumptions) -> sympy.Symbol:
    """The symbol of (kind, declarations): equal declarations share it; two declarations with the
    same name but other bounds (a user's u and a paper's u) get distinct symbols (a Dummy)."""
    key = (kind, variables)
    if key not in _SYMBOLS:
        sym = sympy.Dummy(name, **assumptions)
        _SYMBOLS[key] = sym
        MEANING[sym] = Meaning(kind, variables, latex, next(_order))
    return _SYMBOLS[key]


def inner(a, b) -> sympy.Symbol:
    """``a @ x`` (a projection) or ``a @ b`` (an inner product of two vectors)."""
    if isinstance(b, GaussianInput) and isinstance(a, Vector):
        return _remember(f"{a.name}·x", "projection", (a,), rf"{a.tex}^{{\top}} x", real=True)
    if isinstance(a, GaussianInput) and isinstance(b, Vector):
        return inner(b, a)
    if isinstance(a, Vector) and isinstance(b, Vector):
        return _remember(f"{a.name}·{b.name}", "dot", (a, b), rf"{a.tex}^{{\top}} {b.tex}", real=True)
    raise TypeError(f"@ takes vectors and x, got {a!r} and {b!r}")


def norm(a: Vector) -> sympy.Symbol:
    """:math:`\\lVert a\\rVert` of a declared vector."""
    if not isinstance(a, Vector):
        raise TypeError(f"norm takes a declared Vector, got {a!r}")
    sign = {"positive": True} if (a.nonzero or a.unit) else {"nonnegative": True}
    return _remember(f"|{a.name}|", "norm", (a,), rf"\lVert {a.tex}\rVert", **sign)


def angle(a: Vector, b: Vector) -> sympy.Symbol:
    """:math:`\\theta_{a,b}\\in[0,\\pi]`, the angle between two declared non-zero vectors."""
    return _remember(f"θ_{a.name},{b.name}", "angle", (a, b), rf"\theta_{{{a.tex},{b.tex}}}",
                     nonnegative=True)


def scalar(var: Real | Integer) -> sympy.Symbol:
    """The symbol of a scalar variable, remembered with its declaration."""
    s = var.symbol
    return _remember(var.name, "scalar", (var,), var.tex, **{k: v for k, v in s.assumptions0.items()
                                                              if k in ("real", "integer", "positive",
                                                                       "nonnegative")})


def variables_of(*exprs) -> tuple:
    """The declarations the expressions depend on, in the order they were first used."""
    seen: dict[str, Any] = {}
    syms = sorted({s for e in exprs for s in sympy.sympify(e).free_symbols if s in MEANING},
                  key=lambda s: MEANING[s].order)
    for s in syms:
        for var in MEANING[s].variables:
            seen.setdefault(var.name, var)
    return tuple(seen.values())


def notation(*exprs) -> dict[sympy.Symbol, str]:
    return {s: MEANING[s].latex for e in exprs for s in sympy.sympify(e).free_symbols
            if s in MEANING}


def value_of(sym: sympy.Symbol, point) -> Any:
    """The value of a remembered symbol at a point, at the working precision."""
    m = MEANING[sym]
    names = [v.name for v in m.variables]
    if m.kind == "norm":
        return mp_norm(point[names[0]])
    if m.kind == "dot":
        return mp_dot(point[names[0]], point[names[1]])
    if m.kind == "angle":
        return mp_angle(point[names[0]], point[names[1]])
    if m.kind == "scalar":
        return mpmath.mpf(point[names[0]])
    raise ValueError(f"{sym} is a projection: it has no value at a point, only a law")


def evaluator(expr) -> Callable:
    """``point -> expr`` at the working precision (a scalar, or a list for a matrix/tuple), for an
    expression in declared variables only."""
    expr = sympy.sympify(expr) if not isinstance(expr, (tuple, list)) else sympy.Matrix(expr)
    unknown = sorted((s for s in expr.free_symbols if s not in MEANING), key=str)
    if unknown:
        raise ValueError(f"symbols {unknown} are not declared variables (use Vector, Real, Integer)")
    return evaluator_at({})(expr)


def evaluator_at(mapping: dict) -> Callable:
    """``expr -> (point -> expr)`` for an expression (or tuple) in a module's own symbols:
    ``mapping`` sends each of them to a declared quantity (``norm(w)``, ``angle(w, v)``,
    ``w @ v``, ``scalar(k)``) or to a function of the point; symbols already declared map to
    themselves. Evaluated at the working precision, like :func:`evaluator`.

    >>> u = Vector("u", nonzero=True)
    >>> r = sympy.Symbol("r", positive=True)
    >>> with mpmath.workdps(20): print(evaluator_at({r: norm(u)})(r**2 / 2)({"u": [3.0, 4.0]}))
    12.5
    """
    def getter(sym):
        target = mapping.get(sym, sym)
        if callable(target) and not isinstance(target, sympy.Basic):
            return target
        if target not in MEANING:
            raise ValueError(f"symbol {sym} has no value at a point: map it to a declared quantity")
        return lambda point: value_of(target, point)

    def build(expr) -> Callable:
        expr = sympy.Matrix(expr) if isinstance(expr, (tuple, list)) else sympy.sympify(expr)
        free = sorted(expr.free_symbols, key=str)
        getters = [getter(s) for s in free]
        f = mp_function(free, list(expr) if isinstance(expr, sympy.MatrixBase) else expr)
        return lambda point: f(*(g(point) for g in getters))
    return build


def combination_at(mapping: dict, *names: str) -> Callable:
    """``coefficients -> (point -> Σ c_i point[names_i])``: a vector combination whose SymPy
    coefficients are evaluated as by :func:`evaluator_at`, at the working precision."""
    def build(coefficients) -> Callable:
        coeffs = evaluator_at(mapping)(tuple(coefficients))

        def at(point):
            cs, vecs = coeffs(point), [[mpmath.mpf(x) for x in point[n]] for n in names]
            return [mpmath.fsum(c * v[i] for c, v in zip(cs, vecs)) for i in range(len(vecs[0]))]
        return at
    return build


class Combination:
    r"""A vector expression :math:`\sum_i c_i v_i`: declared vectors with SymPy coefficients in
    the scalar symbols (norms, inner products, angles, scalar variables). ``2 * u``,
    ``norm(v) / norm(u) * u + (pi - angle(u, v)) / (2 * pi) * v`` build one."""

    def __init__(self, terms: dict):
        self.terms = {name: (vec, sympy.sympify(c)) for name, (vec, c) in terms.items()}

    @staticmethod
    def of(vec: Vector) -> "Combination":
        return Combination({vec.name: (vec, sympy.Integer(1))})

    def _merge(self, other, sign=1):
        other = other if isinstance(other, Combination) else Combination.of(other)
        out = dict(self.terms)
        for name, (vec, c) in other.terms.items():
            out[name] = (vec, out.get(name, (vec, 0))[1] + sign * c)
        return Combination(out)

    def __add__(self, other):
        return self._merge(other)

    __radd__ = __add__

    def __sub__(self, other):
        return self._merge(other, -1)

    def __mul__(self, c):
        return Combination({n: (v, k * c) for n, (v, k) in self.terms.items()})

    __rmul__ = __mul__

    def __truediv__(self, c):
        return self * (1 / sympy.sympify(c))

    def __neg__(self):
        return self * -1

    @property
    def coefficients(self) -> list:
        return [c for _, c in self.terms.values()]

    def latex(self) -> str:
        from .latex import to_latex

        parts = [rf"\left({to_latex(c, notation(c))}\right) {v.tex}" for v, c in self.terms.values()]
        return " + ".join(parts)

    def evaluator(self) -> Callable:
        """``point -> [Σ c_i v_i]`` (mpf entries) at the working precision."""
        return combination_at({}, *self.terms)(self.coefficients)


def combine(vec_or_combination) -> Combination:
    return vec_or_combination if isinstance(vec_or_combination, Combination) else Combination.of(vec_or_combination)

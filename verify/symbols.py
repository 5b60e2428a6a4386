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
_order = itertools.count()


def _remember(sym: sympy.Symbol, kind: str, variables: tuple, latex: str) -> sympy.Symbol:
    if sym not in MEANING:
        MEANING[sym] = Meaning(kind, variables, latex, next(_order))
    return sym


def inner(a, b) -> sympy.Symbol:
    """``a @ x`` (a projection) or ``a @ b`` (an inner product of two vectors)."""
    if isinstance(b, GaussianInput) and isinstance(a, Vector):
        return _remember(sympy.Symbol(f"{a.name}·x", real=True), "projection", (a,),
                         rf"{a.tex}^{{\top}} x")
    if isinstance(a, GaussianInput) and isinstance(b, Vector):
        return inner(b, a)
    if isinstance(a, Vector) and isinstance(b, Vector):
        return _remember(sympy.Symbol(f"{a.name}·{b.name}", real=True), "dot", (a, b),
                         rf"{a.tex}^{{\top}} {b.tex}")
    raise TypeError(f"@ takes vectors and x, got {a!r} and {b!r}")


def norm(a: Vector) -> sympy.Symbol:
    """:math:`\\lVert a\\rVert` of a declared vector."""
    if not isinstance(a, Vector):
        raise TypeError(f"norm takes a declared Vector, got {a!r}")
    sym = sympy.Symbol(f"|{a.name}|", positive=True) if (a.nonzero or a.unit) else \
        sympy.Symbol(f"|{a.name}|", nonnegative=True)
    return _remember(sym, "norm", (a,), rf"\lVert {a.tex}\rVert")


def angle(a: Vector, b: Vector) -> sympy.Symbol:
    """:math:`\\theta_{a,b}\\in[0,\\pi]`, the angle between two declared non-zero vectors."""
    return _remember(sympy.Symbol(f"θ_{a.name},{b.name}", nonnegative=True), "angle", (a, b),
                     rf"\theta_{{{a.tex},{b.tex}}}")


def scalar(var: Real | Integer) -> sympy.Symbol:
    """The symbol of a scalar variable, remembered with its declaration."""
    return _remember(var.symbol, "scalar", (var,), var.tex)


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


def evaluator(expr, exclude=()) -> Callable:
    """``point -> expr`` at the working precision (a scalar, or a list for a matrix/tuple)."""
    expr = sympy.sympify(expr) if not isinstance(expr, (tuple, list)) else sympy.Matrix(expr)
    free = sorted((s for s in expr.free_symbols if s not in exclude), key=str)
    unknown = [s for s in free if s not in MEANING]
    if unknown:
        raise ValueError(f"symbols {unknown} are not declared variables (use Vector, Real, Integer)")
    f = mp_function(free, list(expr) if isinstance(expr, sympy.MatrixBase) else expr)
    return lambda point: f(*(value_of(s, point) for s in free))

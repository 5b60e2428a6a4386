"""What a certified route proves: an inequality over a box, stated once as data.

An :class:`Obligation` says ``expression >= 0`` (or ``> 0`` when ``strict``) at every point of a
box: real variables over closed intervals with rational end points, integer variables over integer
ranges. The branch and bound (:mod:`verify.certify`) proves it and writes a certificate; the
re-checker (:mod:`verify.recheck`) reads the certificate and re-proves every box with a second,
unrelated interval implementation. Both read the obligation from here; neither shares code with
the other.

End points must be rational so that a cover can be checked exactly (π is not: rescale, e.g.
θ = π τ with τ ∈ [0, 1]). Unbounded variables must be compactified first (e.g. r = s / (1 − s)),
and the claim module documents, and checks symbolically, why the obligation implies the claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy


CERTIFICATE_FORMAT = "relu-gd-verify certificate 1"


@dataclass(frozen=True)
class Bound:
    symbol: sympy.Symbol
    lo: Fraction
    hi: Fraction
    integer: bool = False

    def __post_init__(self) -> None:
        for end in ("lo", "hi"):
            value = getattr(self, end)
            exact = None if isinstance(value, float) else sympy.sympify(value)
            if exact is None or not exact.is_Rational:
                raise ValueError(f"bound {self.symbol}: {end} = {value!r} is not an exact rational; "
                                 "rescale the variable so that the box has rational end points")
            object.__setattr__(self, end, Fraction(int(exact.p), int(exact.q)))
        if self.lo > self.hi:
            raise ValueError(f"bound {self.symbol}: lo {self.lo} > hi {self.hi}")
        if self.integer and (self.lo.denominator != 1 or self.hi.denominator != 1):
            raise ValueError(f"integer bound {self.symbol}: end points must be integers")


@dataclass(frozen=True)
class Obligation:
    """``expression >= 0`` (``> 0`` if strict) for every point of the box ``bounds``."""

    name: str
    expression: sympy.Expr
    bounds: tuple[Bound, ...]
    strict: bool = False
    reduction: str = ""
    """Why this obligation implies the claim (changes of variables, symbolic side steps)."""

    def __post_init__(self) -> None:
        names = [b.symbol for b in self.bounds]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: a variable is bounded twice")
        free = self.expression.free_symbols - set(names)
        if free:
            raise ValueError(f"{self.name}: unbounded symbols {sorted(map(str, free))}")

    @property
    def symbols(self) -> tuple[sympy.Symbol, ...]:
        return tuple(b.symbol for b in self.bounds)

    @property
    def relation(self) -> str:
        return ">" if self.strict else ">="

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "expression": sympy.srepr(self.expression),
            "relation": self.relation,
            "bounds": [{"symbol": sympy.srepr(b.symbol), "lo": str(b.lo), "hi": str(b.hi),
                        "integer": b.integer} for b in self.bounds],
        }

"""Symbolic identity checking: reduce lhs - rhs to 0 under stated assumptions.

The verdict is three-valued:

holds      SymPy reduced every entry of lhs - rhs to exactly 0;
refuted    SymPy proved an entry non-zero, or the difference is non-zero at a point of the
           domain at two precisions (a confirmed counterexample, reported);
undecided  SymPy could not reduce the difference and no counterexample was found. Never ``holds``.

Assumptions are of two kinds: SymPy assumptions on the symbols (``positive=True`` ...), which the
simplifier uses, and a ``domain`` of intervals per symbol, which bounds where counterexamples are
sought (e.g. theta in (0, pi)).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import mpmath
import numpy as np
import sympy

from . import tolerances
from .results import Verdict

Interval = tuple[Any, Any]


@dataclass
class SymbolicOutcome:
    verdict: Verdict
    detail: str
    counterexample: dict[str, str] | None = None


def _entries(expr) -> list[sympy.Expr]:
    if isinstance(expr, sympy.MatrixBase):
        return list(expr)
    return [sympy.sympify(expr)]


_SIMPLIFIERS = (
    lambda e: sympy.expand(e),
    lambda e: sympy.cancel(sympy.together(e)),
    lambda e: sympy.simplify(e),
    lambda e: sympy.trigsimp(sympy.expand_trig(e)),
    lambda e: sympy.simplify(sympy.expand(sympy.radsimp(e))),
)


def reduces_to_zero(expr: sympy.Expr, simplifiers=_SIMPLIFIERS) -> bool | None:
    """True if some simplifier reduces ``expr`` to 0, False if SymPy proves it non-zero,
    None if undecided."""
    if expr == 0:
        return True
    for simplify in simplifiers:
        reduced = simplify(expr)
        if reduced == 0:
            return True
        if reduced.is_number and reduced.is_zero is False:
            return False
    return None


def _default_interval(sym: sympy.Symbol) -> Interval:
    if sym.is_positive:
        return (sympy.Rational(1, 10), 10)
    if sym.is_nonnegative:
        return (0, 10)
    return (-10, 10)


def _free_unknowns(diff: sympy.Expr, lhs: sympy.Expr):
    """Replace applications of undefined functions (e.g. g(w1, w2)) by fresh real symbols: an
    identity between expressions in such atoms is probed with the atoms as independent unknowns."""
    from sympy.core.function import AppliedUndef

    atoms = sorted((diff.atoms(AppliedUndef) | lhs.atoms(AppliedUndef)), key=sympy.default_sort_key)
    names = {atom: sympy.Symbol(str(atom).replace(" ", ""), real=True) for atom in atoms}
    return diff.xreplace(names), lhs.xreplace(names)


def _probe(diff: sympy.Expr, lhs: sympy.Expr, domain: Mapping[sympy.Symbol, Interval],
           rng: np.random.Generator) -> dict[str, str] | None:
    diff, lhs = _free_unknowns(diff, lhs)
    symbols = sorted(diff.free_symbols | lhs.free_symbols, key=str)
    bounds = {s: domain.get(s, _default_interval(s)) for s in symbols}
    f = sympy.lambdify(symbols, [diff, lhs], modules="mpmath")
    for _ in range(tolerances.SYMBOLIC_PROBE_POINTS):
        # strictly inside each interval, avoiding the ends (where limits may be needed)
        fractions = rng.uniform(0.02, 0.98, size=len(symbols))
        values: list[Any] = []
        confirmed = True
        for dps in (tolerances.SYMBOLIC_PROBE_DPS, 2 * tolerances.SYMBOLIC_PROBE_DPS):
            with mpmath.mp.workdps(dps):
                point = []
                for s, u in zip(symbols, fractions):
                    lo, hi = (mpmath.mpf(sympy.N(b, dps + 5)) for b in bounds[s])
                    x = lo + (hi - lo) * mpmath.mpf(float(u))
                    point.append(mpmath.nint(x) if s.is_integer else x)
                d, ref = f(*point)
                threshold = mpmath.mpf(10) ** (-tolerances.SYMBOLIC_PROBE_DPS // 2) * (1 + abs(ref))
                if not (isinstance(d, (mpmath.mpf, mpmath.mpc)) and abs(d) > threshold):
                    confirmed = False
                    break
                values.append((point, d))
        if confirmed:
            point, d = values[-1]
            ce = {str(s): mpmath.nstr(x, 20) for s, x in zip(symbols, point)}
            ce["lhs-rhs"] = mpmath.nstr(d, 10)
            return ce
    return None


def check_identity(lhs, rhs, *, domain: Mapping[sympy.Symbol, Interval] | None = None,
                   seed: int = 0) -> SymbolicOutcome:
    """Decide lhs == rhs (scalars or matrices of equal shape).

    >>> x = sympy.Symbol("x", positive=True)
    >>> check_identity(sympy.sqrt(x**2), x).verdict
    <Verdict.HOLDS: 'holds'>
    >>> check_identity(sympy.sqrt(x**2), -x).verdict
    <Verdict.REFUTED: 'refuted'>
    """
    domain = dict(domain or {})
    left, right = _entries(lhs), _entries(rhs)
    if len(left) != len(right):
        return SymbolicOutcome(Verdict.REFUTED, f"shapes differ ({len(left)} vs {len(right)} entries)")
    unevaluated = (sympy.Limit, sympy.Integral, sympy.Derivative)
    undecided = []
    rng = np.random.default_rng(seed)
    for i, (l, r) in enumerate(zip(left, right)):
        diff = l - r
        if diff.has(*unevaluated):
            undecided.append(i)
            continue
        # the cheap simplifiers, then the probe: a counterexample confirmed at two precisions
        # settles a false identity (a control) at once, where the full simplifiers could spend
        # minutes on a non-zero expression
        zero = reduces_to_zero(diff, _SIMPLIFIERS[:2])
        ce = None if zero else _probe(diff, l, domain, rng)
        if not zero and ce is None:
            zero = reduces_to_zero(diff)
        if zero:
            continue
        if ce is not None:
            where = f"entry {i}: " if len(left) > 1 else ""
            return SymbolicOutcome(Verdict.REFUTED, f"{where}lhs - rhs != 0 (confirmed at "
                                   f"{tolerances.SYMBOLIC_PROBE_DPS} and "
                                   f"{2 * tolerances.SYMBOLIC_PROBE_DPS} digits)", ce)
        if zero is False:
            return SymbolicOutcome(Verdict.REFUTED, f"SymPy proves entry {i} of lhs - rhs non-zero")
        undecided.append(i)
    if undecided:
        return SymbolicOutcome(Verdict.UNDECIDED, f"SymPy could not reduce {len(undecided)} of "
                               f"{len(left)} entries to 0; no counterexample found at "
                               f"{tolerances.SYMBOLIC_PROBE_POINTS} probe points")
    n = len(left)
    return SymbolicOutcome(Verdict.HOLDS, "lhs - rhs reduces to 0" + (f" ({n} entries)" if n > 1 else ""))


def _nonnegative_polynomial_fraction(expr: sympy.Expr) -> bool:
    """True if expr = N/D with N, D polynomials in non-negative symbols, every coefficient of N
    non-negative and every coefficient of D non-negative with D not identically 0 (so D > 0
    wherever expr is defined)."""
    num, den = sympy.fraction(sympy.together(expr))
    symbols = sorted(expr.free_symbols, key=str)
    if not symbols or not all(s.is_nonnegative for s in symbols):
        return False
    try:
        pn, pd = sympy.Poly(sympy.expand(num), *symbols), sympy.Poly(sympy.expand(den), *symbols)
    except sympy.PolynomialError:
        return False
    return (all(c.is_nonnegative for c in pn.coeffs()) and all(c.is_nonnegative for c in pd.coeffs())
            and not pd.is_zero)


def check_nonnegative(expr, *, substitutions: Mapping[Any, Any] | None = None,
                      domain: Mapping[sympy.Symbol, Interval] | None = None,
                      seed: int = 0) -> SymbolicOutcome:
    """Decide expr >= 0 on the domain.

    ``substitutions`` rewrite the expression in terms of symbols whose signs SymPy knows, each
    justified by the domain (e.g. ``sin(theta) -> s`` with ``s`` non-negative on [0, pi],
    ``k -> j + 1`` with ``j`` non-negative for k >= 1). ``holds`` when SymPy's assumption system
    proves the rewritten expression non-negative; ``refuted`` when a point of the domain makes the
    original expression negative (confirmed at two precisions); otherwise ``undecided``.

    >>> x = sympy.Symbol("x", positive=True)
    >>> check_nonnegative(x**2 + 1 / x).verdict
    <Verdict.HOLDS: 'holds'>
    """
    expr = sympy.sympify(expr)
    rewritten = expr.subs(dict(substitutions or {}))
    for candidate in (rewritten, sympy.factor(sympy.together(rewritten)), sympy.simplify(rewritten)):
        if candidate.is_nonnegative:
            return SymbolicOutcome(Verdict.HOLDS, "SymPy proves the expression non-negative")
    if _nonnegative_polynomial_fraction(rewritten):
        return SymbolicOutcome(Verdict.HOLDS, "a ratio of polynomials in non-negative symbols "
                               "whose coefficients are all non-negative")
    rng = np.random.default_rng(seed)
    ce = _probe(sympy.Min(expr, 0), expr, dict(domain or {}), rng)
    if ce is not None:
        return SymbolicOutcome(Verdict.REFUTED, "negative at a point of the domain (confirmed at "
                               f"{tolerances.SYMBOLIC_PROBE_DPS} and "
                               f"{2 * tolerances.SYMBOLIC_PROBE_DPS} digits)", ce)
    return SymbolicOutcome(Verdict.UNDECIDED, "SymPy could not prove the sign; no negative value "
                           f"found at {tolerances.SYMBOLIC_PROBE_POINTS} probe points")

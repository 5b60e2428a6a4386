r"""Certified inequalities: adaptive branch and bound in ball arithmetic (python-flint ``arb``).

:func:`certify` proves an :class:`~verify.obligations.Obligation` (``f >= 0`` or ``f > 0`` over a
box) and returns a certificate, or a counterexample confirmed at high precision, or ``undecided``
with the boxes left open and the tightest lower bound found. It never says ``holds`` without a
complete cover of the box.

Arithmetic. SymPy expressions are translated automatically (:func:`compile_interval`) into
interval functions whose end points are exact ``arb`` numbers, every operation rounded outward by
``arb``. Working with end points rather than mid-radius balls keeps exact zeros exact (a ball
``[δ/2 ± δ/2]`` times π has a negative lower end; the interval ``[0, δ]`` times π does not), and the
elementary functions are evaluated at end points where they are monotone (``sin``, ``cos`` also
include ±1 when a critical point may lie inside). Supported: ``+ - * /``, integer and rational
powers, ``sqrt exp log sin cos acos asin atan atan2 Abs Min Max Piecewise``, π, e, rationals.
An operation outside its domain (``sqrt`` of a possibly negative number, division by an interval
containing 0, ``acos`` beyond [-1, 1]) makes the box *unproved*; it is split, never guessed.

Rules, per box B:

1. *enclosure*: the lower end of f(B) is ≥ 0 (> 0 for a strict obligation): B is proved;
2. *counterexample*: the upper end of f(B) is < 0, or f at the midpoint is < 0: the point is
   re-evaluated at 256 bits and, independently, by mpmath at 50 digits; both must agree;
3. *monotonicity*: ∂f/∂x_i (SymPy) has a sign on B: f ≥ its value on the face x_i = lo (or hi),
   which becomes a sub-problem of one dimension less. On a face that lies on the boundary of the
   domain the variable is substituted *symbolically* (sin(π·1) is exactly 0 there, not a ball
   around it): this is how zeros on the boundary (θ = 0, θ = π, ‖w‖ → 0 after a change of
   variables) are certified. Not used when f has non-smooth parts (Abs, Min, Max, Piecewise);
4. otherwise B is bisected along the variable that is widest relative to the domain (integer
   variables split into two integer ranges; their real relaxation is what is bounded).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable

import mpmath
import sympy
from flint import arb, ctx, fmpq

from .obligations import Obligation

WORKING_BITS = 64
CONFIRM_BITS = 256
CONFIRM_DIGITS = 50
MAX_BOXES = 400_000
MIN_RELATIVE_WIDTH = Fraction(1, 2**40)

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


# --- branch and bound -----------------------------------------------------------------------
Box = tuple  # one (Fraction lo, Fraction hi) per variable


@dataclass
class CertifyResult:
    obligation: Obligation
    verdict: str  # "holds" | "refuted" | "undecided"
    leaves: list = field(default_factory=list)
    counterexample: dict | None = None
    open_boxes: list = field(default_factory=list)
    lower_bound: float | None = None
    """holds: the certified lower bound of f over the box; undecided: the smallest lower end
    over the open boxes (f >= it is what the cover proves)."""
    boxes: int = 0
    seconds: float = 0.0

    @property
    def boxes_per_second(self) -> float:
        return self.boxes / self.seconds if self.seconds > 0 else math.inf

    def summary(self) -> str:
        ob = self.obligation
        head = f"{ob.name}: f {ob.relation} 0"
        if self.verdict == "holds":
            return (f"{head} certified on the whole box: {self.boxes} boxes, "
                    f"{_count_leaves(self.leaves)} leaves, inf f ≥ {self.lower_bound:.3g}, "
                    f"{self.seconds:.2f} s")
        if self.verdict == "refuted":
            ce = self.counterexample
            return f"{head} refuted: f = {ce['value']} at {ce['point']}"
        return (f"{head} undecided after {self.boxes} boxes: {len(self.open_boxes)} open, "
                f"smallest lower end {self.lower_bound:.3g}")

    def certificate(self, claim_id: str) -> dict:
        if self.verdict != "holds":
            raise ValueError(f"{self.obligation.name}: no certificate, the verdict is {self.verdict}")
        return {**self.obligation.to_json(), "boxes": self.boxes, "leaves": self.leaves}


def _count_leaves(leaves) -> int:
    return sum(1 + _count_leaves(leaf.get("face", [])) for leaf in leaves)


class _Problem:
    """f on a face: the obligation's expression with some variables substituted exactly."""

    def __init__(self, expr, symbols, substituted: frozenset):
        self.expr, self.symbols, self.substituted = expr, symbols, substituted
        self.f = compile_interval(expr, symbols)
        self.smooth = not expr.has(*NON_SMOOTH)
        self._derivatives: dict[int, Callable] = {}

    def derivative(self, i):
        if i not in self._derivatives:
            self._derivatives[i] = compile_interval(sympy.factor_terms(sympy.diff(self.expr, self.symbols[i])),
                                                    self.symbols)
        return self._derivatives[i]


def _env(box: Box) -> list:
    return [_point(lo) if lo == hi else (_point(lo)[0], _point(hi)[1]) for lo, hi in box]


def _evaluate(fn, box) -> Interval | None:
    try:
        return fn(_env(box))
    except (Undefined, ZeroDivisionError):
        return None


def _fmt_box(symbols, box) -> dict:
    return {str(s): [str(lo), str(hi)] for s, (lo, hi) in zip(symbols, box)}


def _outward(x: arb, down: bool) -> float:
    """A float on the safe side of the exact arb number x."""
    f = float(x)
    if down and arb(f) > x:
        f = math.nextafter(f, -math.inf)
    if not down and arb(f) < x:
        f = math.nextafter(f, math.inf)
    return f


def _midpoint(bounds, box) -> tuple:
    mid = []
    for b, (lo, hi) in zip(bounds, box):
        m = (lo + hi) / 2
        mid.append(Fraction(math.floor(m)) if b.integer else m)
    return tuple(mid)


def confirm_counterexample(ob: Obligation, point: tuple) -> dict | None:
    """f(point) < 0 (<= 0 for strict) at 256 bits, and again by mpmath at 50 digits."""
    with ctx.workprec(CONFIRM_BITS):
        value = _evaluate(compile_interval(ob.expression, ob.symbols), tuple((p, p) for p in point))
        if value is None or not (value[1] < 0):
            return None
        ball_hi = _outward(value[1], down=False)
    subs = {s: sympy.Rational(p.numerator, p.denominator) for s, p in zip(ob.symbols, point)}
    with mpmath.workdps(CONFIRM_DIGITS):
        check = sympy.N(ob.expression.subs(subs), CONFIRM_DIGITS)
        if not (check.is_real and check < 0):
            return None
        return {"point": {str(s): float(p) for s, p in zip(ob.symbols, point)},
                "exact_point": {str(s): str(p) for s, p in zip(ob.symbols, point)},
                "value": f"{mpmath.nstr(mpmath.mpf(str(check)), 12)}",
                "upper_bound_256_bits": ball_hi}


def certify(ob: Obligation, *, max_boxes: int = MAX_BOXES, time_limit: float | None = None,
            try_monotone: bool = True) -> CertifyResult:
    """Prove ``ob`` by branch and bound; see the module docstring for the rules."""
    start = time.perf_counter()
    with ctx.workprec(WORKING_BITS):
        result = _branch_and_bound(ob, max_boxes, time_limit, try_monotone, start)
    result.seconds = time.perf_counter() - start
    return result


def _branch_and_bound(ob, max_boxes, time_limit, try_monotone, start):
    symbols, bounds = ob.symbols, ob.bounds
    domain = tuple((b.lo, b.hi) for b in bounds)
    widths = [b.hi - b.lo for b in bounds]
    problems: dict[frozenset, _Problem] = {}

    def problem(substituted: frozenset) -> _Problem:
        if substituted not in problems:
            subs = {symbols[i]: sympy.Rational(v.numerator, v.denominator) for i, v in substituted}
            problems[substituted] = _Problem(ob.expression.subs(subs), symbols, substituted)
        return problems[substituted]

    def proves(enc):
        return enc[0] > 0 if ob.strict else enc[0] >= 0

    root: list = []
    stack = [(domain, frozenset(), root)]
    unresolved: list = []
    result = CertifyResult(ob, "holds", leaves=root)
    lowest = None
    while stack:
        if result.boxes >= max_boxes or (time_limit and time.perf_counter() - start > time_limit):
            break
        box, substituted, out = stack.pop()
        result.boxes += 1
        prob = problem(substituted)
        enc = _evaluate(prob.f, box)
        if enc is not None and proves(enc):
            lowest = enc[0] if lowest is None or enc[0] < lowest else lowest
            out.append({"box": _fmt_box(symbols, box), "rule": "enclosure",
                        "enclosure": _outward_pair(enc)})
            continue
        mid = _midpoint(bounds, box)
        if enc is not None and enc[1] < 0 or _negative_at(prob, mid):
            found = confirm_counterexample(ob, mid)
            if found is not None:
                result.verdict, result.counterexample = "refuted", found
                return result
        gradient = None
        if prob.smooth:
            gradient = _gradient(prob, box)
            centred = _mean_value(prob, box, gradient) if gradient is not None else None
            if centred is not None and proves(centred):
                lowest = centred[0] if lowest is None or centred[0] < lowest else lowest
                out.append({"box": _fmt_box(symbols, box), "rule": "mean-value",
                            "enclosure": _outward_pair(centred),
                            "gradient": {str(symbols[i]): _outward_pair(g) for i, g in gradient.items()}})
                continue
            face = _monotone_face(gradient) if try_monotone and gradient is not None else None
            if face is not None:
                i, end = face
                leaf = {"box": _fmt_box(symbols, box), "rule": "monotone", "variable": str(symbols[i]),
                        "face_at": end, "derivative": _outward_pair(gradient[i]), "face": []}
                out.append(leaf)
                value = box[i][0] if end == "lo" else box[i][1]
                face_box = tuple((value, value) if j == i else r for j, r in enumerate(box))
                on_boundary = value == domain[i][0] or value == domain[i][1]
                stack.append((face_box, substituted | {(i, value)} if on_boundary else substituted,
                              leaf["face"]))
                continue
        child = _bisect(box, bounds, widths, gradient if prob.smooth else None)
        if child is None:
            unresolved.append((box, substituted, None))
            continue
        for part in child:
            stack.append((part, substituted | _degenerate_on_boundary(part, domain), out))
    if stack or unresolved:
        result.verdict = "undecided"
        unresolved.extend(stack)
        result.open_boxes = [_fmt_box(symbols, box) for box, _, _ in unresolved]
        lows = [e[0] for box, substituted, _ in unresolved
                if (e := _evaluate(problem(substituted).f, box)) is not None]
        result.lower_bound = float(min(lows)) if lows else -math.inf
        return result
    result.lower_bound = float(lowest) if lowest is not None else math.inf
    return result


def _degenerate_on_boundary(box, domain) -> frozenset:
    """Variables a bisection has pinned to an end of the domain (e.g. k = 1): substituted
    exactly, so that SymPy cancels terms that interval arithmetic cannot (π k − π at k = 1)."""
    return frozenset((i, lo) for i, ((lo, hi), (dlo, dhi)) in enumerate(zip(box, domain))
                     if lo == hi and lo in (dlo, dhi))


def _negative_at(prob: _Problem, point) -> bool:
    value = _evaluate(prob.f, tuple((p, p) for p in point))
    return value is not None and value[1] < 0


def _gradient(prob: _Problem, box) -> dict | None:
    """Enclosures of ∂f/∂x_i over the box, for every variable of positive width."""
    gradient = {}
    for i, (lo, hi) in enumerate(box):
        if hi > lo:
            try:
                gradient[i] = prob.derivative(i)(_env(box))
            except (Undefined, ZeroDivisionError):
                return None
    return gradient


def _mean_value(prob: _Problem, box, gradient) -> Interval | None:
    """The centred form f(m) + Σ ∂_i f(B) (B_i − m_i), m the midpoint (mean-value theorem)."""
    mid = tuple((lo + hi) / 2 for lo, hi in box)
    value = _evaluate(prob.f, tuple((m, m) for m in mid))
    if value is None:
        return None
    for i, g in gradient.items():
        lo, hi = box[i]
        offset = (_point(lo - mid[i])[0], _point(hi - mid[i])[1])
        value = _add(value, _mul(g, offset))
    return value


def _monotone_face(gradient: dict):
    """(i, "lo" | "hi") if ∂f/∂x_i has a sign on the box: f is smallest on that face."""
    for i, d in gradient.items():
        if d[0] >= 0:
            return i, "lo"
        if d[1] <= 0:
            return i, "hi"
    return None


def _outward_pair(x: Interval) -> list:
    return [_outward(x[0], True), _outward(x[1], False)]


def _bisect(box, bounds, widths, gradient=None):
    """Split in two along the variable with the largest smear |∂f/∂x_i|·width_i when the gradient
    is known (the variable that contributes most to the overestimate), else the widest relative
    to the domain. Integer variables split into two integer ranges."""
    splittable = [i for i, ((lo, hi), b, w) in enumerate(zip(box, bounds, widths))
                  if hi > lo and w > 0 and (b.integer or (hi - lo) / w > MIN_RELATIVE_WIDTH)]
    best = None
    if gradient:
        smear = {i: max(abs(float(gradient[i][0])), abs(float(gradient[i][1])))
                 * float(box[i][1] - box[i][0]) for i in splittable if i in gradient}
        if smear and max(smear.values()) > 0 and all(math.isfinite(v) for v in smear.values()):
            best = max(smear, key=smear.get)
    if best is None and splittable:
        best = max(splittable, key=lambda i: (box[i][1] - box[i][0]) / widths[i])
    if best is None:
        return None
    lo, hi = box[best]
    if bounds[best].integer:
        m = Fraction(math.floor((lo + hi) / 2))
        halves = ((lo, m), (m + 1, hi))
    else:
        m = (lo + hi) / 2
        halves = ((lo, m), (m, hi))
    return [tuple(h if j == best else r for j, r in enumerate(box)) for h in reversed(halves)]


def build_certificate(claim_id: str, results: list[CertifyResult]) -> dict:
    """The JSON certificate of a claim: every obligation with all its boxes and enclosures."""
    import importlib.metadata

    from .obligations import CERTIFICATE_FORMAT

    try:
        version = importlib.metadata.version("relu-gd-verify")
    except importlib.metadata.PackageNotFoundError:  # running from a source tree
        version = "source"
    return {"format": CERTIFICATE_FORMAT, "claim": claim_id, "producer": f"relu-gd-verify {version}",
            "arithmetic": f"python-flint arb, {WORKING_BITS}-bit end points rounded outward",
            "obligations": [r.certificate(claim_id) for r in results]}

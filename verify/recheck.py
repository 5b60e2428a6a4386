r"""Independent re-checker of certificates written by ``verify certify``.

It shares no code with the branch and bound (:mod:`verify.certify`): a second interval
implementation (``mpmath.iv`` in a private context at 113 bits, plus directed-rounding ``sin(πx)``
from mpmath's ``libmp``), its own SymPy walker, its own derivatives, and an exact cover check in
rationals. What it trusts from the file: only the boxes. What it takes from the registry: the
claim's obligations (expression, box, relation) — a certificate for a different expression or a
smaller box is rejected, not re-interpreted.

A certificate proves an obligation when

* its leaves cover the obligation's box (exactly: boxes with rational end points, integer
  variables as unions of integer ranges), and every face of a monotonicity leaf is covered;
* every ``enclosure`` leaf: the re-checker's own enclosure of f over the box has a lower end ≥ 0
  (> 0 for a strict obligation), and the stored enclosure contains f at the box's midpoint;
* every ``mean-value`` leaf: f(m) + Σ ∂f/∂x_i(B)·(B_i − m_i), m the box's centre, re-computed
  with the re-checker's own derivatives, has a lower end ≥ 0 (> 0), and the stored enclosure and
  gradient contain the values at the midpoint;
* every ``monotone`` leaf: f has no non-smooth part, the re-checker's enclosure of ∂f/∂x has the
  sign that makes the stated face the minimum, the stored derivative enclosure contains ∂f/∂x at
  the midpoint, and the face (x substituted exactly) is proved by its own leaves.

Removing a box, shrinking one, or altering an enclosure so that it no longer contains the true
value makes the certificate fail.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import mpmath
import sympy
from mpmath import libmp
from mpmath.ctx_iv import MPIntervalContext

from .errors import UnknownClaimError
from .obligations import CERTIFICATE_FORMAT

RECHECK_BITS = 113
NON_SMOOTH = (sympy.Abs, sympy.Min, sympy.Max, sympy.Piecewise, sympy.sign, sympy.floor,
              sympy.ceiling, sympy.Heaviside)


class Rejected(Exception):
    """The certificate does not prove what it says."""


@dataclass
class RecheckReport:
    claim: str
    ok: bool
    problems: list[str] = field(default_factory=list)
    leaves: int = 0
    obligations: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        if self.ok:
            return (f"{self.claim}: certificate confirmed — {self.obligations} obligation(s), "
                    f"{self.leaves} leaves re-proved by mpmath.iv and covering every box "
                    f"({self.seconds:.1f} s)")
        return f"{self.claim}: certificate REJECTED — {self.problems[0]}"


# --- a second interval evaluator: mpmath.iv ----------------------------------------------------
class _IntervalEvaluator:
    def __init__(self, prec: int = RECHECK_BITS):
        self.iv = MPIntervalContext()
        self.iv.prec = prec

    def point(self, q: Fraction):
        return self.iv.mpf(f"{q.numerator}/{q.denominator}")

    def span(self, lo: Fraction, hi: Fraction):
        return self.iv.mpf((self.point(lo).a, self.point(hi).b))

    def evaluate(self, e, env: dict):
        iv = self.iv
        if e.is_Symbol:
            return env[e]
        if e.is_Rational:
            return self.point(Fraction(int(e.p), int(e.q)))
        if e.is_Float:
            r = sympy.Rational(e)
            return self.point(Fraction(int(r.p), int(r.q)))
        if e is sympy.pi:
            return iv.pi
        if e is sympy.E:
            return iv.e
        if e.is_Add:
            total = self.evaluate(e.args[0], env)
            for a in e.args[1:]:
                total = total + self.evaluate(a, env)
            return total
        if e.is_Mul:
            total = self.evaluate(e.args[0], env)
            for a in e.args[1:]:
                total = total * self.evaluate(a, env)
            return total
        if e.is_Pow:
            return self._power(e.args[0], e.args[1], env)
        if e.func in (sympy.sin, sympy.cos):
            over_pi = sympy.cancel(e.args[0] / sympy.pi)
            if not over_pi.has(sympy.pi):
                return self._sin_cos_pi(self.evaluate(over_pi, env), e.func is sympy.sin)
            return (iv.sin if e.func is sympy.sin else iv.cos)(self.evaluate(e.args[0], env))
        if e.func is sympy.exp:
            return iv.exp(self.evaluate(e.args[0], env))
        if e.func is sympy.log:
            x = self.evaluate(e.args[0], env)
            self._need(x.a > 0, "log of a non-positive interval")
            return iv.log(x)
        if e.func in (sympy.acos, sympy.asin, sympy.atan):
            return self._inverse_trig(e.func, self.evaluate(e.args[0], env))
        if e.func is sympy.atan2:
            y, x = (self.evaluate(a, env) for a in e.args)
            self._need(not (x.a <= 0 <= x.b and y.a <= 0 <= y.b), "atan2 at the origin")
            return iv.atan2(y, x)
        if e.func is sympy.Abs:
            x = self.evaluate(e.args[0], env)
            if x.a >= 0:
                return x
            if x.b <= 0:
                return -x
            return iv.mpf((iv.mpf(0).a, max(-x.a, x.b).b))
        if e.func in (sympy.Min, sympy.Max):
            xs = [self.evaluate(a, env) for a in e.args]
            pick = min if e.func is sympy.Min else max
            return iv.mpf((pick((x.a for x in xs), key=mpmath.mpf).a,
                           pick((x.b for x in xs), key=mpmath.mpf).b))
        if isinstance(e, sympy.Piecewise):
            return self._piecewise(e, env)
        raise Rejected(f"the re-checker cannot evaluate {e.func.__name__}")

    @staticmethod
    def _need(condition, what):
        if condition is not True:
            raise Rejected(what)

    def _power(self, base, exponent, env):
        iv = self.iv
        x = self.evaluate(base, env)
        if exponent.is_Integer:
            n = int(exponent)
            if n < 0:
                self._need(x.a > 0 or x.b < 0, "division by an interval containing 0")
                return 1 / x ** (-n)
            return x ** n
        if exponent.is_Rational and exponent.q == 2:
            self._need(x.a >= 0, "square root of a possibly negative interval")
            root = iv.sqrt(x)
            p = int(exponent.p)
            if p < 0:
                self._need(x.a > 0, "negative power of an interval containing 0")
                return 1 / root ** (-p)
            return root ** p
        self._need(x.a > 0, "real power of a possibly non-positive interval")
        return iv.exp(self.evaluate(exponent, env) * iv.log(x))

    def _sin_cos_pi(self, x, is_sin):
        """sin(π x) or cos(π x) with exact values at integers: end points by libmp with directed
        rounding, ±1 added when an extremum lies in the interval (exact rational test)."""
        prec = self.iv.prec
        fn = libmp.mpf_sin_pi if is_sin else libmp.mpf_cos_pi
        lo_mpf, hi_mpf = x._mpi_
        values = [(fn(v, prec, libmp.round_floor), fn(v, prec, libmp.round_ceiling))
                  for v in (lo_mpf, hi_mpf)]
        lo = min((v[0] for v in values), key=libmp.to_float)
        hi = max((v[1] for v in values), key=libmp.to_float)
        a, b = _to_fraction(lo_mpf), _to_fraction(hi_mpf)
        peak, trough = (Fraction(1, 2), Fraction(-1, 2)) if is_sin else (Fraction(0), Fraction(1))
        if _hits(a, b, peak, 2):
            hi = libmp.fone
        if _hits(a, b, trough, 2):
            lo = libmp.mpf_neg(libmp.fone)
        return self.iv.mpf([mpmath.mp.make_mpf(lo), mpmath.mp.make_mpf(hi)])

    def _inverse_trig(self, func, x):
        iv = self.iv
        one = iv.mpf(1)
        if func is not sympy.atan:
            self._need(x.a >= -1 and x.b <= 1, f"{func.__name__} outside [-1, 1]")

        def at(t):  # t degenerate: acos, asin and atan through atan2, which mpmath.iv has
            if func is sympy.atan:
                return iv.atan2(t, one)
            root = iv.sqrt(one - t * t) if (one - t * t).a >= 0 else iv.sqrt(iv.mpf((0, (one - t * t).b)))
            return iv.atan2(root, t) if func is sympy.acos else iv.atan2(t, root)
        lo, hi = at(x.a), at(x.b)
        if func is sympy.acos:  # decreasing
            lo, hi = hi, lo
        return iv.mpf((lo.a, hi.b))

    def _condition(self, c, env):
        if c is sympy.true or c is sympy.false:
            return bool(c)
        if isinstance(c, sympy.And):
            values = [self._condition(a, env) for a in c.args]
            return False if False in values else (None if None in values else True)
        if isinstance(c, sympy.Or):
            values = [self._condition(a, env) for a in c.args]
            return True if True in values else (None if None in values else False)
        if isinstance(c, sympy.Not):
            v = self._condition(c.args[0], env)
            return None if v is None else not v
        ops = {sympy.StrictLessThan: "lt", sympy.LessThan: "le", sympy.StrictGreaterThan: "gt",
               sympy.GreaterThan: "ge"}
        if type(c) in ops:
            d = self.evaluate(c.lhs - c.rhs, env)
            op = ops[type(c)]
            if op == "lt":
                return True if d.b < 0 else (False if d.a >= 0 else None)
            if op == "le":
                return True if d.b <= 0 else (False if d.a > 0 else None)
            if op == "gt":
                return True if d.a > 0 else (False if d.b <= 0 else None)
            return True if d.a >= 0 else (False if d.b < 0 else None)
        raise Rejected(f"the re-checker cannot evaluate the condition {c}")

    def _piecewise(self, e, env):
        values = []
        for expr, cond in e.args:
            holds = self._condition(cond, env)
            if holds is False:
                continue
            values.append(self.evaluate(expr, env))
            if holds:
                lo = min((v.a for v in values), key=mpmath.mpf)
                hi = max((v.b for v in values), key=mpmath.mpf)
                return self.iv.mpf((lo.a, hi.b))
        raise Rejected("no branch of a Piecewise is known to apply")


def _to_fraction(m) -> Fraction:
    sign, man, exp, _ = m
    value = Fraction(man) * (Fraction(2) ** exp)
    return -value if sign else value


def _hits(a: Fraction, b: Fraction, offset: Fraction, period: int) -> bool:
    """Whether offset + n * period lies in [a, b] for some integer n."""
    n = -((-(a - offset)) // period)  # ceil((a - offset) / period)
    return offset + n * period <= b


# --- exact cover -------------------------------------------------------------------------------
def _covers(domain: list, boxes: list) -> bool:
    """Whether the closed boxes cover the closed box ``domain`` (all end points rational).
    Dimensions where the domain is a point need a box containing that point."""
    work = [(domain, boxes)]
    while work:
        dom, cands = work.pop()
        live = [b for b in cands if all(
            (lo <= dlo <= hi) if dlo == dhi else max(lo, dlo) < min(hi, dhi)
            for (lo, hi), (dlo, dhi) in zip(b, dom))]
        if not live:
            return False
        if any(all(lo <= dlo and dhi <= hi for (lo, hi), (dlo, dhi) in zip(b, dom)) for b in live):
            continue
        cut = _cut(dom, live)
        i, value = cut
        left = [r if j != i else (r[0], value) for j, r in enumerate(dom)]
        right = [r if j != i else (value, r[1]) for j, r in enumerate(dom)]
        work.append((left, live))
        work.append((right, live))
    return True


def _cut(dom, live):
    """Where to split: a clean midpoint (no box straddles it) when there is one, else any box
    end point strictly inside the domain (one exists when no box contains the domain)."""
    for i, (dlo, dhi) in enumerate(dom):
        if dlo == dhi:
            continue
        mid = (dlo + dhi) / 2
        if not any(b[i][0] < mid < b[i][1] for b in live) and any(mid in b[i] for b in live):
            return i, mid
    for b in live:
        for i, ((lo, hi), (dlo, dhi)) in enumerate(zip(b, dom)):
            for v in (lo, hi):
                if dlo < v < dhi:
                    return i, v
    raise Rejected("cover check: no cut found")  # unreachable for well-formed input


# --- the re-check ------------------------------------------------------------------------------
def recheck_file(path: Path, registry) -> RecheckReport:
    try:
        data = json.loads(Path(path).read_text())
    except OSError as exc:
        raise FileNotFoundError(f"certificate {str(path)!r}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return RecheckReport("?", False, [f"not a JSON certificate: {exc}"])
    return recheck(data, registry)


def recheck(data: dict, registry) -> RecheckReport:
    start = time.perf_counter()
    claim_id = data.get("claim", "?") if isinstance(data, dict) else "?"
    report = RecheckReport(str(claim_id), False)
    try:
        if not isinstance(data, dict) or data.get("format") != CERTIFICATE_FORMAT:
            raise Rejected(f"not a certificate of format {CERTIFICATE_FORMAT!r}")
        try:
            claim = registry.get(str(claim_id))
        except UnknownClaimError:
            raise Rejected(f"the certificate names an unknown claim {claim_id!r}") from None
        expected = {ob.name: ob for ob in claim.certified_obligations()}
        if not expected:
            raise Rejected(f"{claim_id} has no certified obligations")
        given = data.get("obligations")
        if not isinstance(given, list):
            raise Rejected("no list of obligations")
        names = [g.get("name") for g in given if isinstance(g, dict)]
        missing = sorted(set(expected) - set(names))
        if missing:
            raise Rejected(f"obligation(s) {missing} of {claim_id} are not in the certificate")
        checker = _IntervalEvaluator()
        for entry in given:
            ob = expected.get(entry.get("name"))
            if ob is None:
                raise Rejected(f"obligation {entry.get('name')!r} is not one of {claim_id}'s")
            report.leaves += _recheck_obligation(checker, ob, entry)
            report.obligations += 1
        report.ok = True
    except Rejected as exc:
        report.problems.append(str(exc))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, AttributeError) as exc:
        report.problems.append(f"malformed certificate: {type(exc).__name__}: {exc}")
    report.seconds = time.perf_counter() - start
    return report


def _recheck_obligation(checker: _IntervalEvaluator, ob, entry: dict) -> int:
    where = ob.name
    if entry.get("expression") != sympy.srepr(ob.expression):
        raise Rejected(f"{where}: the certificate is for a different expression")
    if entry.get("relation") != (">" if ob.strict else ">="):
        raise Rejected(f"{where}: the certificate is for a different relation")
    declared = [(b["symbol"], b["lo"], b["hi"], b["integer"]) for b in entry.get("bounds", [])]
    wanted = [(sympy.srepr(b.symbol), str(b.lo), str(b.hi), b.integer) for b in ob.bounds]
    if declared != wanted:
        raise Rejected(f"{where}: the certificate is for a different box")
    symbols = [b.symbol for b in ob.bounds]
    integer = [b.integer for b in ob.bounds]
    domain = [(b.lo, b.hi) for b in ob.bounds]
    return _recheck_leaves(checker, ob, ob.expression, symbols, integer, domain,
                           entry.get("leaves"), where)


def _parse_box(leaf, symbols) -> list:
    box = leaf["box"]
    if set(box) != {str(s) for s in symbols}:
        raise Rejected(f"a box names variables {sorted(box)}")
    out = []
    for s in symbols:
        lo, hi = (Fraction(x) for x in box[str(s)])
        if lo > hi:
            raise Rejected(f"a box has lo > hi for {s}")
        out.append((lo, hi))
    return out


def _as_cover(box, integer):
    return [(lo, hi + 1) if is_int else (lo, hi) for (lo, hi), is_int in zip(box, integer)]


def _recheck_leaves(checker, ob, expr, symbols, integer, domain, leaves, where) -> int:
    if not isinstance(leaves, list) or not leaves:
        raise Rejected(f"{where}: no boxes")
    boxes = [_parse_box(leaf, symbols) for leaf in leaves]
    if not _covers(_as_cover(domain, integer), [_as_cover(b, integer) for b in boxes]):
        raise Rejected(f"{where}: the boxes do not cover the domain "
                       f"{ {str(s): [str(lo), str(hi)] for s, (lo, hi) in zip(symbols, domain)} }")
    count = 0
    whole = expr
    for leaf, box in zip(leaves, boxes):
        count += 1
        # a variable pinned to one value is substituted exactly (π k − π at k = 1 is exactly 0)
        expr = whole.subs({s: sympy.Rational(lo.numerator, lo.denominator)
                           for s, (lo, hi) in zip(symbols, box) if lo == hi})
        env = {s: checker.span(lo, hi) for s, (lo, hi) in zip(symbols, box)}
        mid = {s: checker.point(_mid(lo, hi, is_int)) for s, (lo, hi), is_int in
               zip(symbols, box, integer)}
        label = f"{where}: box {leaf['box']}"
        if leaf.get("rule") == "enclosure":
            _require_proof(checker.evaluate(expr, env), ob, label, "enclosure")
            _stored_contains(leaf["enclosure"], checker.evaluate(expr, mid), label, "enclosure")
        elif leaf.get("rule") == "mean-value":
            if expr.has(*NON_SMOOTH):
                raise Rejected(f"{label}: the mean-value rule used on a non-smooth expression")
            centre = {s: (lo + hi) / 2 for s, (lo, hi) in zip(symbols, box)}
            value = checker.evaluate(expr, {s: checker.point(m) for s, m in centre.items()})
            for s, (lo, hi) in zip(symbols, box):
                if hi > lo:
                    derivative = _derivative(expr, s)
                    value = value + checker.evaluate(derivative, env) * checker.span(
                        lo - centre[s], hi - centre[s])
                    _stored_contains(leaf["gradient"][str(s)], checker.evaluate(derivative, mid),
                                     label, f"∂f/∂{s}")
            _require_proof(value, ob, label, "mean-value enclosure")
            _stored_contains(leaf["enclosure"], checker.evaluate(expr, mid), label, "enclosure")
        elif leaf.get("rule") == "monotone":
            x = next((s for s in symbols if str(s) == leaf["variable"]), None)
            if x is None or leaf.get("face_at") not in ("lo", "hi"):
                raise Rejected(f"{label}: bad monotonicity leaf")
            if expr.has(*NON_SMOOTH):
                raise Rejected(f"{label}: monotonicity used on a non-smooth expression")
            derivative = _derivative(expr, x)
            d = checker.evaluate(derivative, env)
            sign_ok = d.a >= 0 if leaf["face_at"] == "lo" else d.b <= 0
            if sign_ok is not True:
                raise Rejected(f"{label}: re-checked ∂f/∂{x} = {d} does not make the "
                               f"{leaf['face_at']} face the minimum")
            _stored_contains(leaf["derivative"], checker.evaluate(derivative, mid), label, "derivative")
            i = symbols.index(x)
            value = box[i][0] if leaf["face_at"] == "lo" else box[i][1]
            face = [(value, value) if j == i else r for j, r in enumerate(box)]
            face_expr = expr.subs(x, sympy.Rational(value.numerator, value.denominator))
            count += _recheck_leaves(checker, ob, face_expr, symbols, integer, face,
                                     leaf.get("face"), f"{where} (face {x} = {value})")
        else:
            raise Rejected(f"{label}: unknown rule {leaf.get('rule')!r}")
    return count


def _require_proof(value, ob, label, what):
    """The re-checker's own enclosure must prove f >= 0 (> 0 for a strict obligation)."""
    if (value.a > 0 if ob.strict else value.a >= 0) is not True:
        raise Rejected(f"{label}: re-checked {what} {value} does not prove f "
                       f"{'>' if ob.strict else '>='} 0")


def _derivative(expr, x):
    return sympy.factor_terms(sympy.diff(expr, x))


def _mid(lo: Fraction, hi: Fraction, is_int: bool) -> Fraction:
    m = (lo + hi) / 2
    return Fraction(m.numerator // m.denominator) if is_int else m


def _stored_contains(stored, value, label, what):
    lo, hi = (Fraction(float(x)) for x in stored)
    value_lo, value_hi = (_to_fraction(end) for end in value._mpi_)
    if not (lo <= value_hi and value_lo <= hi):
        raise Rejected(f"{label}: the stored {what} [{stored[0]}, {stored[1]}] does not contain "
                       f"the value at the midpoint {value}")

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

import functools
import math
import time
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import mpmath
import sympy
from flint import arb, ctx

from .obligations import Obligation
from .arb_intervals import Interval, NON_SMOOTH, Undefined, _add, _mul, _point, compile_interval

WORKING_BITS = 64
CONFIRM_BITS = 256
CONFIRM_DIGITS = 50
MAX_BOXES = 400_000
MIN_RELATIVE_WIDTH = Fraction(1, 2**40)


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

    def summary(self, timing: bool = True) -> str:
        """One line; ``timing=False`` leaves out the seconds (a route's detail must not depend on
        the machine)."""
        ob = self.obligation
        head = f"{ob.name}: f {ob.relation} 0"
        if self.verdict == "holds":
            return (f"{head} certified on the whole box: {self.boxes} boxes, "
                    f"{_count_leaves(self.leaves)} leaves, inf f ≥ {self.lower_bound:.3g}"
                    + (f", {self.seconds:.2f} s" if timing else ""))
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


FRONTIER = 16
"""Open boxes the breadth-first start of a search hands out as independent pieces (fixed, so that
the pieces, the certificate and the verdict do not depend on how many workers run them)."""


@dataclass
class Item:
    """A box still to prove: its variables pinned exactly (``substituted``) and the leaf list its
    proof is appended to."""

    box: Box
    substituted: frozenset
    out: list


class _Search:
    """The branch and bound's rules applied to one box at a time (see the module docstring)."""

    def __init__(self, ob: Obligation, try_monotone: bool = True):
        self.ob, self.try_monotone = ob, try_monotone
        self.symbols, self.bounds = ob.symbols, ob.bounds
        self.domain = tuple((b.lo, b.hi) for b in ob.bounds)
        self.widths = [b.hi - b.lo for b in ob.bounds]
        self.problems = _problems_of(ob)
        self.boxes, self.lowest, self.counterexample = 0, None, None
        self.unresolved: list[Item] = []

    def problem(self, substituted: frozenset) -> _Problem:
        if substituted not in self.problems:
            subs = {self.symbols[i]: sympy.Rational(v.numerator, v.denominator) for i, v in substituted}
            self.problems[substituted] = _Problem(self.ob.expression.subs(subs), self.symbols, substituted)
        return self.problems[substituted]

    def _proves(self, enc) -> bool:
        return enc[0] > 0 if self.ob.strict else enc[0] >= 0

    def _proved(self, enc) -> None:
        self.lowest = enc[0] if self.lowest is None or enc[0] < self.lowest else self.lowest

    def step(self, item: Item) -> list[Item]:
        """Process one box: prove it, refute it (sets ``counterexample``), or return its parts."""
        box, substituted, out, symbols = item.box, item.substituted, item.out, self.symbols
        self.boxes += 1
        prob = self.problem(substituted)
        enc = _evaluate(prob.f, box)
        if enc is not None and self._proves(enc):
            self._proved(enc)
            out.append({"box": _fmt_box(symbols, box), "rule": "enclosure", "enclosure": _outward_pair(enc)})
            return []
        mid = _midpoint(self.bounds, box)
        if enc is not None and enc[1] < 0 or _negative_at(prob, mid):
            self.counterexample = confirm_counterexample(self.ob, mid)
            if self.counterexample is not None:
                return []
        gradient = None
        if prob.smooth:
            gradient = _gradient(prob, box)
            centred = _mean_value(prob, box, gradient) if gradient is not None else None
            if centred is not None and self._proves(centred):
                self._proved(centred)
                out.append({"box": _fmt_box(symbols, box), "rule": "mean-value",
                            "enclosure": _outward_pair(centred),
                            "gradient": {str(symbols[i]): _outward_pair(g) for i, g in gradient.items()}})
                return []
            face = _monotone_face(gradient) if self.try_monotone and gradient is not None else None
            if face is not None:
                i, end = face
                leaf = {"box": _fmt_box(symbols, box), "rule": "monotone", "variable": str(symbols[i]),
                        "face_at": end, "derivative": _outward_pair(gradient[i]), "face": []}
                out.append(leaf)
                value = box[i][0] if end == "lo" else box[i][1]
                face_box = tuple((value, value) if j == i else r for j, r in enumerate(box))
                on_boundary = value in self.domain[i]
                return [Item(face_box, substituted | {(i, value)} if on_boundary else substituted, leaf["face"])]
        child = _bisect(box, self.bounds, self.widths, gradient if prob.smooth else None)
        if child is None:
            self.unresolved.append(item)
            return []
        return [Item(part, substituted | _degenerate_on_boundary(part, self.domain), out) for part in child]

    def lower_end(self, items: list[Item]) -> float:
        lows = [e[0] for it in items if (e := _evaluate(self.problem(it.substituted).f, it.box)) is not None]
        return float(min(lows)) if lows else -math.inf


@functools.lru_cache(maxsize=16)
def _problems_of(ob: Obligation) -> dict:
    """The compiled faces of an obligation, shared by the pieces a process proves."""
    return {}


@dataclass
class Plan:
    """The start of an obligation's search, breadth-first until :data:`FRONTIER` boxes are open
    (or it is decided): the open boxes are the pieces, proved independently and in any order."""

    obligation: Obligation
    leaves: list
    pieces: list[Item]
    boxes: int
    lowest: float | None
    counterexample: dict | None
    unresolved: list[Item]
    seconds: float


@dataclass
class PieceResult:
    """What proving one piece found; ``leaves`` are appended to the piece's place in the plan."""

    leaves: list
    boxes: int
    lowest: float | None
    counterexample: dict | None
    open_boxes: list
    lower_end: float | None
    seconds: float
    cached: bool = False


def plan(ob: Obligation, *, frontier: int = FRONTIER, max_boxes: int = MAX_BOXES,
         try_monotone: bool = True) -> Plan:
    start = time.perf_counter()
    with ctx.workprec(WORKING_BITS):
        search = _Search(ob, try_monotone)
        root: list = []
        queue = deque([Item(tuple((b.lo, b.hi) for b in ob.bounds), frozenset(), root)])
        while queue and len(queue) < frontier and search.counterexample is None and search.boxes < min(64 * frontier, max_boxes):
            queue.extend(search.step(queue.popleft()))
        lowest = None if search.lowest is None else float(search.lowest)
    return Plan(ob, root, list(queue) if search.counterexample is None else [], search.boxes, lowest,
                search.counterexample, search.unresolved, time.perf_counter() - start)


def plan_to_json(p: Plan) -> dict:
    """A plan as JSON (for the cache): each open box with the path to the leaf list it extends."""
    def path_to(target: list, leaves: list, trail=()) -> list | None:
        if leaves is target:
            return list(trail)
        for i, leaf in enumerate(leaves):
            found = path_to(target, leaf.get("face", []), (*trail, i)) if "face" in leaf else None
            if found is not None:
                return found
        return None

    def item(it: Item) -> dict:
        return {"box": [[str(lo), str(hi)] for lo, hi in it.box],
                "substituted": sorted([i, str(v)] for i, v in it.substituted), "path": path_to(it.out, p.leaves)}
    return {"leaves": p.leaves, "pieces": [item(it) for it in p.pieces], "boxes": p.boxes, "lowest": p.lowest,
            "counterexample": p.counterexample, "unresolved": [item(it) for it in p.unresolved],
            "seconds": p.seconds}


def plan_from_json(ob: Obligation, data: dict) -> Plan:
    """The inverse of :func:`plan_to_json` (the open boxes again extend the leaves they belong to)."""
    leaves = data["leaves"]

    def item(d: dict) -> Item:
        out = leaves
        for i in d["path"]:
            out = out[i]["face"]
        return Item(tuple((Fraction(lo), Fraction(hi)) for lo, hi in d["box"]),
                    frozenset((i, Fraction(v)) for i, v in d["substituted"]), out)
    return Plan(ob, leaves, [item(d) for d in data["pieces"]], data["boxes"], data["lowest"],
                data["counterexample"], [item(d) for d in data["unresolved"]], data["seconds"])


def piece_budget(p: Plan, max_boxes: int) -> int:
    """Each piece's share of the obligation's box budget."""
    return max(0, (max_boxes - p.boxes) // max(1, len(p.pieces)))


def certify_piece(ob: Obligation, box: Box, substituted: frozenset, *, max_boxes: int,
                  time_limit: float | None = None, try_monotone: bool = True) -> PieceResult:
    """Depth-first branch and bound of one piece, within ``max_boxes`` (and ``time_limit``)."""
    start = time.perf_counter()
    with ctx.workprec(WORKING_BITS):
        search = _Search(ob, try_monotone)
        leaves: list = []
        stack = [Item(box, substituted, leaves)]
        while stack and search.counterexample is None:
            if search.boxes >= max_boxes or (time_limit and time.perf_counter() - start > time_limit):
                break
            stack.extend(search.step(stack.pop()))
        open_items = [] if search.counterexample is not None else search.unresolved + stack
        lower = search.lower_end(open_items) if open_items else None
        lowest = None if search.lowest is None else float(search.lowest)
    return PieceResult(leaves, search.boxes, lowest, search.counterexample,
                       [_fmt_box(ob.symbols, it.box) for it in open_items], lower, time.perf_counter() - start)


def assemble(p: Plan, pieces: list[PieceResult]) -> CertifyResult:
    """The obligation's result from its plan and its pieces' results (in the plan's order)."""
    ob = p.obligation
    result = CertifyResult(ob, "holds", leaves=p.leaves, boxes=p.boxes + sum(r.boxes for r in pieces),
                           seconds=p.seconds + sum(r.seconds for r in pieces))
    found = p.counterexample or next((r.counterexample for r in pieces if r.counterexample), None)
    if found is not None:
        result.verdict, result.counterexample = "refuted", found
        return result
    for item, piece in zip(p.pieces, pieces):
        item.out.extend(piece.leaves)
    open_boxes = [_fmt_box(ob.symbols, it.box) for it in p.unresolved] + [b for r in pieces for b in r.open_boxes]
    lows = [r.lowest for r in pieces if r.lowest is not None] + ([p.lowest] if p.lowest is not None else [])
    if open_boxes:
        result.verdict, result.open_boxes = "undecided", open_boxes
        ends = [r.lower_end for r in pieces if r.lower_end is not None]
        if p.unresolved:
            with ctx.workprec(WORKING_BITS):
                ends.append(_Search(ob).lower_end(p.unresolved))
        result.lower_bound = min(ends) if ends else -math.inf
        return result
    result.lower_bound = min(lows) if lows else math.inf
    return result


def certify(ob: Obligation, *, max_boxes: int = MAX_BOXES, time_limit: float | None = None,
            try_monotone: bool = True) -> CertifyResult:
    """Prove ``ob`` by branch and bound (see the module docstring): the plan, then every piece
    in this process, exactly as parallel runs split it."""
    p = plan(ob, max_boxes=max_boxes, try_monotone=try_monotone)
    budget = piece_budget(p, max_boxes)
    return assemble(p, [certify_piece(ob, it.box, it.substituted, max_boxes=budget, time_limit=time_limit,
                                      try_monotone=try_monotone) for it in p.pieces])


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


def certified_routes(claim) -> list:
    """The routes of ``claim`` that prove an inequality in ball arithmetic (their ``certify``)."""
    from .results import Role

    return [r for r in claim.routes if r.role is Role.CHECK and hasattr(r, "certify")]


def certificate_of(claim, run_context) -> tuple[list[CertifyResult], dict | None]:
    """Every obligation of ``claim``'s certified routes proved through ``run_context``'s cache,
    and the certificate when every one holds (else None)."""
    results = [res for r in certified_routes(claim) for res in r.certify(run_context)]
    ok = bool(results) and all(res.verdict == "holds" for res in results)
    return results, (build_certificate(claim.id, results) if ok else None)

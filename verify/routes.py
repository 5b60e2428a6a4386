"""Route builders: the ways a claim gets checked.

``SymbolicRoute``      lhs - rhs reduced to 0 by SymPy (:mod:`verify.symbolic`).
``AgreementRoute``     a candidate (usually the derived closed form, evaluated at high precision)
                       against a high-precision reference with an error bound (quadrature,
                       finite differences), at seeded random points or at a user's point.
``MonteCarloRoute``    a candidate against a Monte Carlo estimate, with a confidence interval at a
                       stated false-alarm probability and a measured power.
``PredicateRoute``     a property (inequality, structural fact) evaluated at points.
``CertifiedRoute``     inequalities over whole boxes, by ball arithmetic.

Every route takes a ``role`` (:class:`verify.results.Role`): a negative control is the same route
built on a deliberately wrong variant, expected to be refuted. :func:`with_controls` builds a set
of route templates (:class:`Symbolic`, :class:`Agreement`, :class:`MonteCarlo`,
:class:`Predicate`, :class:`Certified`) once for the claimed form and once for each control.

Points of a pointwise route: an ``int`` n or :func:`verify.domain.sample` (n random points of
the claim's domain plus its boundary points), ``Domain.sample(n)`` (a sub-domain's), or a
callable ``rng -> [point, ...]`` for experiment settings. Points are validated against the
claim's domain; seeds come from (claim ID, route kind, index), never from the label.

Precision: a reference oracle ``reference(point, dps)`` runs inside ``mp.workdps(dps)`` with
``dps = digits + GUARD_DIGITS``; the candidate runs at ``2 dps`` so that its own rounding does
not count. Oracles may raise the precision further for their own use, never lower it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import mpmath
import numpy as np
from mpmath import mp

from . import tolerances
from .domain import Sample
from .montecarlo import MonteCarloEstimate
from .quadrature import Estimate
from .registry import Route, RunContext
from .results import Kind, PieceError, Role, RoutePlan, RouteResult, Verdict
from .symbolic import check_identity, check_nonnegative

Point = Mapping[str, Any]
PointSource = Callable[[np.random.Generator], list[Point]] | Sample | int
POINTS_PER_PIECE = 6
"""Points of a pointwise route that one piece (one task of a parallel run) evaluates."""


def _lazy(x):
    return x() if callable(x) else x


def jsonable_point(point: Point) -> dict[str, Any]:
    out = {}
    for k, v in point.items():
        if isinstance(v, np.ndarray):
            out[k] = np.asarray(v, dtype=float).tolist()  # vectors and matrices alike
        elif isinstance(v, (np.integer, int)):
            out[k] = int(v)
        elif isinstance(v, (float, np.floating)):
            out[k] = float(v)
        else:  # e.g. a control's function: named, without the memory address a repr carries
            name = getattr(v, "__qualname__", None)
            out[k] = f"{v.__module__}.{name}" if callable(v) and name else re.sub(r" at 0x[0-9a-fA-F]+", "", str(v))
    return out


class SymbolicRoute(Route):
    """lhs == rhs by SymPy; lhs and rhs may be zero-argument callables (built lazily)."""

    kind = "symbolic"

    def __init__(self, name: str, lhs, rhs, *, domain=None, role: Role = Role.CHECK):
        super().__init__(name, role)
        self.lhs, self.rhs, self.domain = lhs, rhs, domain

    def _run(self, ctx: RunContext, claim_id: str) -> RouteResult:
        out = check_identity(_lazy(self.lhs), _lazy(self.rhs), domain=_lazy(self.domain),
                             seed=ctx.seed)
        return RouteResult(self.name, self.kind, self.role, out.verdict, out.detail,
                           counterexample=out.counterexample)


class NonnegativeRoute(Route):
    """expr >= 0 on a domain, proved by SymPy's assumptions after justified substitutions
    (:func:`verify.symbolic.check_nonnegative`); expr may be a zero-argument callable."""

    kind = "symbolic"

    def __init__(self, name: str, expr, *, substitutions=None, domain=None,
                 role: Role = Role.CHECK):
        super().__init__(name, role)
        self.expr, self.substitutions, self.domain = expr, substitutions, domain

    def _run(self, ctx: RunContext, claim_id: str) -> RouteResult:
        out = check_nonnegative(_lazy(self.expr), substitutions=_lazy(self.substitutions),
                                domain=_lazy(self.domain), seed=ctx.seed)
        return RouteResult(self.name, self.kind, self.role, out.verdict, out.detail,
                           counterexample=out.counterexample)


@dataclass
class PointOutcome:
    verdict: Verdict
    error: float | None
    detail: str = ""


class PointwiseRoute(Route):
    """A route decided point by point; refuted at the first failing point (reported)."""

    pointwise = True
    metric: str | None = None

    def __init__(self, name: str, points: PointSource, role: Role = Role.CHECK):
        super().__init__(name, role)
        self.points = points

    def compare(self, point: Point, ctx: RunContext, n_points: int) -> PointOutcome:
        raise NotImplementedError

    def describe_error(self, worst: float | None) -> str:
        return "" if worst is None else f"worst error {worst:.2e}"

    def takes_points_of(self, names) -> bool:
        """Whether a point with these variables (a user's ``--at``) is a point of this route: its
        points are the claim's domain's, a sub-domain's with the same variables, or settings
        with no other keys (an experiment's own settings, or a sub-domain in other variables,
        are not)."""
        source = self.points
        if isinstance(source, int):
            return True
        if isinstance(source, Sample):
            return source.domain is None or set(source.domain.names) == set(names)
        return all(set(s) <= set(names) for s in source(np.random.default_rng(0)))

    def resolve_points(self, ctx: RunContext, claim_id: str) -> list[Point]:
        """The points this route evaluates at (see the module docstring)."""
        if ctx.at is not None:
            return [ctx.at]
        rng = ctx.rng_for(claim_id, *self.key)
        claim_domain = ctx.claim.domain if ctx.claim is not None else None
        source = Sample(self.points) if isinstance(self.points, int) else self.points
        if isinstance(source, Sample):
            domain = source.domain or claim_domain
            if domain is None:
                raise ValueError(f"route {self.name!r}: no domain to draw points from")
            points = source.draw(domain, rng)
        else:
            points = source(rng)
        if claim_domain is not None and claim_domain.variables and self.role is Role.CHECK:
            names = set(claim_domain.names)
            # points of the claim's variables are validated (a sub-domain must lie inside);
            # experiment settings (other keys) are the route's own, and a control may step
            # outside the domain on purpose (e.g. "the claim holds for k = 1 too")
            points = [claim_domain.validate(p) if set(p) == names else p for p in points]
        return points

    def points_of(self, ctx: RunContext, claim_id: str) -> list[Point]:
        """The resolved points, kept for the pieces this process runs."""
        key = (ctx.seed, claim_id, repr(ctx.at))
        if getattr(self, "_points_key", None) != key:
            self._points, self._points_key = self.resolve_points(ctx, claim_id), key
        return self._points

    def plan(self, ctx: RunContext, claim_id: str) -> RoutePlan:
        """Pieces of :data:`POINTS_PER_PIECE` consecutive points (a fixed size, so that the pieces
        do not depend on the number of workers)."""
        n = len(self.points_of(ctx, claim_id))
        if n == 0:
            return RoutePlan(result=self.failure("no point satisfied the claim's assumptions"))
        return RoutePlan(pieces=[(i, min(i + POINTS_PER_PIECE, n)) for i in range(0, n, POINTS_PER_PIECE)])

    def run_piece(self, ctx: RunContext, claim_id: str, piece) -> list:
        """[(outcome, point)] for the piece's points, up to the first that refutes."""
        points = self.points_of(ctx, claim_id)
        out = []
        for point in points[piece[0]:piece[1]]:
            outcome = self.compare(point, ctx, len(points))
            out.append((outcome, jsonable_point(point)))
            if outcome.verdict is Verdict.REFUTED:
                break
        return out

    def assemble(self, ctx: RunContext, claim_id: str, state, outcomes: list) -> RouteResult:
        """Refuted at the first failing point in point order (as a serial run stops there)."""
        n = sum(len(o) for o in outcomes if not isinstance(o, PieceError))
        worst: float | None = None
        undecided, notes = [], []
        for piece in outcomes:
            if isinstance(piece, PieceError):
                return self.failure(piece.detail)
            for out, point in piece:
                notes.append(out.detail)
                if out.error is not None:
                    worst = out.error if worst is None else max(worst, out.error)
                if out.verdict is Verdict.REFUTED:
                    return RouteResult(self.name, self.kind, self.role, Verdict.REFUTED,
                                       f"fails at a point: {out.detail}", out.error,
                                       counterexample=point, metric=self.metric)
                if out.verdict is not Verdict.HOLDS:
                    undecided.append((out.detail, point))
        summary = f"{n} point(s); {self.describe_error(worst)}".rstrip("; ")
        if getattr(self, "report", False):  # e.g. simulations: the numbers seen at every point
            summary += " — " + "; ".join(x for x in notes if x)
        if undecided:
            detail, where = undecided[0]
            return RouteResult(self.name, self.kind, self.role, Verdict.UNDECIDED,
                               f"{summary}; undecided at {len(undecided)} point(s), first at "
                               f"{_short_point(where)}: {detail}", worst, metric=self.metric,
                               undecided_at=where)
        return RouteResult(self.name, self.kind, self.role, Verdict.HOLDS, summary, worst,
                           metric=self.metric)


def _short_point(point: dict) -> str:
    def fmt(x):
        if isinstance(x, list):
            return "[" + ", ".join(fmt(y) for y in x[:3]) + (", …]" if len(x) > 3 else "]")
        return f"{x:.4g}" if isinstance(x, float) else str(x)
    return ", ".join(f"{k}={fmt(v)}" for k, v in point.items())


def _flatten(value) -> list:
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    if isinstance(value, np.ndarray):
        return [x for v in value.tolist() for x in _flatten(v)] if value.ndim else [value.item()]
    if hasattr(value, "tolist"):  # mpmath matrix
        return _flatten(value.tolist())
    return [value]


class AgreementRoute(PointwiseRoute):
    r"""``candidate(point)`` against ``reference(point, dps) -> Estimate`` to ``digits`` digits.

    Error metric (max-norm over entries): relative, :math:`\|c-r\|/\|r\|`, where
    :math:`\|r\| \ge 10^{-digits}\,\mathrm{scale}`; below that the quantity is zero to the requested
    accuracy and the comparison is absolute, :math:`\|c-r\|/\mathrm{scale}` (``scale(point)`` is the
    natural size of the quantity, e.g. :math:`\|u\|\|v\|` for g). So values near zero (θ within
    1e-8 of π) are still compared to ``digits`` significant digits, while exact zeros are not
    asked for digits they do not have. The candidate is evaluated at twice the working precision,
    so its own rounding does not count; ``undecided`` if the reference's error bound exceeds the
    tolerance.
    """

    metric = "relative error"

    def __init__(self, name: str, kind: str, candidate: Callable[[Point], Any],
                 reference: Callable[[Point, int], Estimate], points: PointSource, *,
                 digits: int, scale: Callable[[Point], float] = lambda p: 1.0,
                 role: Role = Role.CHECK):
        super().__init__(name, points, role)
        self.kind = kind
        self.candidate, self.reference = candidate, reference
        self.digits, self.scale = digits, scale

    def describe_error(self, worst):
        tol = tolerances.relative_tolerance(self.digits)
        return "" if worst is None else f"worst relative error {worst:.1e} (tolerance {tol:.0e})"

    def compare(self, point: Point, ctx: RunContext, n_points: int) -> PointOutcome:
        dps = tolerances.working_dps(self.digits)
        with mp.workdps(dps):  # the oracle runs at the precision it is asked for
            ref = self.reference(point, dps)
        with mp.workdps(2 * dps):
            cand = self.candidate(point)
            c, r = _flatten(cand), _flatten(ref.value)
            if len(c) != len(r):
                return PointOutcome(Verdict.REFUTED, None, f"shape {len(c)} != {len(r)}")
            size = max(abs(mpmath.mpf(x)) for x in r)
            scale = mpmath.mpf(self.scale(point))
            denom = size if size >= mpmath.mpf(10) ** (-self.digits) * scale else scale
            err = max(abs(mpmath.mpf(x) - mpmath.mpf(y)) for x, y in zip(c, r)) / denom
            ref_err = mpmath.mpf(ref.error) / denom
        tol = tolerances.relative_tolerance(self.digits)
        if err > tol + ref_err:
            return PointOutcome(Verdict.REFUTED, float(err),
                                f"relative error {float(err):.2e} > {tol:.0e}")
        if ref_err > tol:
            return PointOutcome(Verdict.UNDECIDED, float(err),
                                f"reference error bound {float(ref_err):.1e} exceeds {tol:.0e}")
        return PointOutcome(Verdict.HOLDS, float(err))


class MonteCarloRoute(PointwiseRoute):
    r"""``candidate(point)`` (float or vector) against ``estimate(point, n, rng)``.

    Rejects when some component has :math:`|z| > z_{1-\alpha'/2}` with
    :math:`\alpha' = \alpha/(\text{points}\times\text{components})` (Bonferroni), so the whole route
    raises a false alarm with probability at most ``alpha``. Reports ``undecided`` when the
    smallest relative error it could detect with power :math:`1-\beta` exceeds
    ``MC_TARGET_RELATIVE_ERROR`` (a check too weak to fail never says ``holds``).

    Where the claimed value is zero (e.g. a gradient at a critical point) a relative error means
    nothing: the power is then measured against an absolute ``scale(point)`` (the natural size of
    the quantity, e.g. ``|w*|``), or, if none is given, against the estimate's own E|f| — so
    "∇ℓ = 0" can be confirmed, not only left undecided. ``target`` (default
    ``MC_TARGET_RELATIVE_ERROR``) is the relative error the route must be able to detect; a route
    whose integrand is too noisy for 1% at a practical n may declare a weaker one, which is shown in
    its detail — its controls must still be rejected at that power.
    """

    kind = "monte-carlo"
    metric = "|z|"

    def __init__(self, name: str, candidate: Callable[[Point], Any],
                 estimate: Callable[[Point, int, np.random.Generator], MonteCarloEstimate],
                 points: PointSource, *, n: int = tolerances.MC_DEFAULT_SAMPLES,
                 alpha: float = tolerances.MC_FALSE_ALARM, role: Role = Role.CHECK,
                 scale: Callable[[Point], float] | None = None,
                 target: float = tolerances.MC_TARGET_RELATIVE_ERROR):
        super().__init__(name, points, role)
        self.candidate, self.estimate, self.n, self.alpha = candidate, estimate, n, alpha
        self.scale, self.target = scale, target

    def describe_error(self, worst):
        power = "" if self.target == tolerances.MC_TARGET_RELATIVE_ERROR else f", power target {self.target:.0%}"
        return "" if worst is None else (f"max |z| {worst:.2f}; n={self.n:,} per point, "
                                         f"false-alarm probability {self.alpha:g}{power}")

    def compare(self, point: Point, ctx: RunContext, n_points: int) -> PointOutcome:
        cand = np.atleast_1d(np.asarray([float(x) for x in _flatten(self.candidate(point))]))
        rng = ctx.rng_for("monte-carlo", repr(jsonable_point(point)))
        est = self.estimate(point, self.n, rng)
        mean, se = np.atleast_1d(est.mean), np.atleast_1d(est.stderr)
        alpha = self.alpha / (n_points * cand.size)
        zcrit = tolerances.z_two_sided(alpha)
        z = np.abs(np.atleast_1d(est.z_scores(cand)))
        worst = float(z.max())
        if worst > zcrit:
            i = int(z.argmax())
            return PointOutcome(Verdict.REFUTED, worst,
                                f"|z| = {worst:.1f} > {zcrit:.2f} (estimate {mean[i]:.6g} ± "
                                f"{se[i]:.2g}, claimed {cand[i]:.6g})")
        # power: relative to the largest component (direction-free for vectors); absolute
        # (against scale) where the claimed value is zero
        size = float(np.max(np.abs(cand)))
        scale = float(self.scale(point)) if self.scale is not None else float(
            np.max(np.atleast_1d(est.abs_mean))) if est.abs_mean is not None else 0.0
        if size <= tolerances.MC_ZERO * scale:
            mde = tolerances.minimum_detectable_relative_error(float(np.max(se)), scale, alpha)
            what = f"absolute errors >= {mde:.1%} of the scale {scale:.3g}"
        else:
            mde = tolerances.minimum_detectable_relative_error(
                float(np.max(se)), float(np.max(np.abs(mean))), alpha)
            what = f"relative errors >= {mde:.1%}"
        if mde > self.target:
            return PointOutcome(Verdict.UNDECIDED, worst,
                                f"too weak: detects only {what} (the target is "
                                f"{self.target:.0%}; see verify.tolerances)")
        return PointOutcome(Verdict.HOLDS, worst)


def at_most(value: float, bound: float, detail: str, *, strict: bool = False) -> tuple[bool, float, str]:
    """A predicate's outcome for ``value <= bound`` (``value < bound`` when strict): ok, the
    violation ``max(value - bound, 0)`` as the margin, and ``detail`` as given."""
    value, bound = float(value), float(bound)
    ok = value < bound if strict else value <= bound
    return ok, max(value - bound, 0.0), detail


def defects_at_most(tolerance: float, digits: int = 40) -> Callable:
    """Decorator: ``defects(point) -> {name: value}`` (non-negative measures of how far identities
    are from holding, computed at ``digits`` digits) becomes a predicate that holds when every
    defect is below ``tolerance``; the margin is the largest, the detail lists them all."""
    def decorate(defects: Callable) -> Callable:
        def predicate(point):
            with mp.workdps(digits):
                found = {name: float(value) for name, value in defects(point).items()}
            ok = all(value < tolerance for value in found.values())  # a NaN defect fails
            worst = max(found.values()) if all(v == v for v in found.values()) else math.inf
            return ok, worst, ", ".join(f"{name} = {value:.1e}" for name, value in found.items())
        return predicate
    return decorate


def negation(predicate: Callable) -> Callable:
    """The predicate that holds exactly where ``predicate`` fails, for a claim that something
    fails (a counterexample, a point that is not a maximum): its margin is 1 where ``predicate``
    holds and 0 where it fails, its detail is kept, and undecided stays undecided."""
    def negated(point):
        ok, _, detail = predicate(point)
        return None if ok is None else not ok, float(bool(ok)), detail
    return negated


class PredicateRoute(PointwiseRoute):
    """``predicate(point) -> (ok, margin, detail)`` at each point: a property such as an
    inequality or a structural identity. ``kind`` names what evaluates it. ``ok`` is True
    (holds), False (refuted there) or None (cannot be decided there; ``detail`` says why)."""

    metric = "violation"

    def __init__(self, name: str, kind: str, predicate: Callable[[Point], tuple[bool, float, str]],
                 points: PointSource, *, role: Role = Role.CHECK, report: bool | None = None):
        super().__init__(name, points, role)
        self.kind, self.predicate = kind, predicate
        self.report = kind == "simulation" if report is None else report

    def describe_error(self, worst):
        return "" if worst is None else f"worst violation measure {worst:.2e}"

    def compare(self, point: Point, ctx: RunContext, n_points: int) -> PointOutcome:
        ok, margin, detail = self.predicate(point)
        if ok is None:  # the predicate cannot decide here: it says why in ``detail``
            return PointOutcome(Verdict.UNDECIDED, margin, detail)
        return PointOutcome(Verdict.HOLDS if ok else Verdict.REFUTED, margin, detail)


class CertifiedRoute(Route):
    """Inequalities ``f >= 0`` over whole boxes, proved by branch and bound in ball arithmetic
    (:mod:`verify.certify`). ``obligations`` is a zero-argument callable returning a list of
    :class:`verify.obligations.Obligation` (built lazily, as derivations can be slow).

    holds      every obligation is covered by proved boxes (the certificate exists);
    refuted    a counterexample confirmed at 256 bits and by mpmath at 50 digits;
    undecided  the budget ran out: open boxes and the tightest lower bound are reported."""

    kind = "certified"

    def __init__(self, name: str, obligations, *, role: Role = Role.CHECK,
                 max_boxes: int | None = None, time_limit: float | None = None):
        super().__init__(name, role)
        self._obligations = obligations
        self.max_boxes, self.time_limit = max_boxes, time_limit

    def obligations(self) -> list:
        """The obligations, built once per process (derivations can be slow)."""
        if getattr(self, "_built", None) is None:
            self._built = list(_lazy(self._obligations))
        return self._built

    @property
    def budget(self) -> int:
        from .certify import MAX_BOXES

        return self.max_boxes or MAX_BOXES

    def plan(self, ctx: RunContext, claim_id: str) -> RoutePlan:
        """Each obligation's search starts breadth-first; its open boxes are the pieces."""
        from .certify import piece_budget

        plans = [self._plan(ctx, ob) for ob in self.obligations()]
        pieces = [(i, it.box, it.substituted, piece_budget(p, self.budget))
                  for i, p in enumerate(plans) for it in p.pieces]
        return RoutePlan(pieces=pieces, state=plans)

    def _plan(self, ctx: RunContext, ob):
        from .certify import plan

        key = None if ctx.cache is None else ctx.cache.plan_key(ob, self.budget)
        found = None if key is None else ctx.cache.load_plan(key, ob)
        if found is None:
            found = plan(ob, max_boxes=self.budget)
            if key is not None:
                ctx.cache.store_plan(key, found)
        return found

    def run_piece(self, ctx: RunContext, claim_id: str, piece):
        """One open box proved (or taken from the cache: certificates are cached by the
        obligation, the box and the budget, whatever claim they belong to)."""
        from .certify import certify_piece

        i, box, substituted, budget = piece
        ob = self.obligations()[i]
        key = None if ctx.cache is None else ctx.cache.piece_key(ob, box, substituted, budget, self.time_limit)
        found = None if key is None else ctx.cache.load_piece(key)
        if found is not None:
            return found
        result = certify_piece(ob, box, substituted, max_boxes=budget, time_limit=self.time_limit)
        if key is not None and self.time_limit is None:  # a time-limited result depends on the machine
            ctx.cache.store_piece(key, result)
        return result

    def results(self, plans, outcomes) -> list:
        """One :class:`~verify.certify.CertifyResult` per obligation (``outcomes`` in the order of
        the plans' pieces)."""
        from .certify import assemble

        out, start = [], 0
        for p in plans:
            out.append(assemble(p, outcomes[start:start + len(p.pieces)]))
            start += len(p.pieces)
        return out

    def certify(self, ctx: RunContext | None = None) -> list:
        """Every obligation proved in this process (``verify certify``), through the cache."""
        ctx = ctx or RunContext()
        state = self.plan(ctx, "")
        return self.results(state.state, [self.run_piece(ctx, "", p) for p in state.pieces])

    def assemble(self, ctx: RunContext, claim_id: str, state, outcomes: list) -> RouteResult:
        failed = next((o for o in outcomes if isinstance(o, PieceError)), None)
        if failed is not None:
            return self.failure(failed.detail)
        results = self.results(state, outcomes)
        detail = "; ".join(r.summary(timing=False) for r in results)
        refuted = [r for r in results if r.verdict == "refuted"]
        if refuted:
            ce = refuted[0].counterexample
            return RouteResult(self.name, self.kind, self.role, Verdict.REFUTED, detail,
                               counterexample=ce["point"])
        undecided = [r for r in results if r.verdict == "undecided"]
        if undecided:
            return RouteResult(self.name, self.kind, self.role, Verdict.UNDECIDED, detail,
                               worst_error=min(r.lower_bound for r in undecided),
                               metric="lower bound")
        return RouteResult(self.name, self.kind, self.role, Verdict.HOLDS, detail)


# --- route templates: built once for the claimed form and once per control ------------------
class Form:
    """A form of the claim (the claimed one or a control's wrong variant): ``expr`` (a SymPy
    expression, a tuple of them, or a zero-argument callable returning one) and, where numeric
    routes need it, ``evaluate(expr) -> (point -> value)``, built on first use."""

    def __init__(self, expr, evaluate: Callable | None = None):
        self._expr, self._evaluate, self._fn = expr, evaluate, None

    @property
    def expr(self):
        return _lazy(self._expr)

    def __call__(self, point: Point):
        if self._fn is None:
            if self._evaluate is None:
                raise ValueError("this form has no numeric evaluator (pass evaluate=)")
            self._fn = self._evaluate(self.expr)
        return self._fn(point)


@dataclass(frozen=True)
class Symbolic:
    """Template: ``derivation() == form`` by SymPy (``domain`` bounds the counterexample search)."""

    derivation: Any
    name: str = "symbolic"
    domain: Any = None
    transform: Callable | None = None
    """Maps the form's expression to what the derivation is compared with (e.g. a change of
    variables); default: the expression itself."""

    def build(self, form: Form, role: Role, label: str) -> Route:
        rhs = (lambda: self.transform(form.expr)) if self.transform else (lambda: form.expr)
        return SymbolicRoute(self.name + label, self.derivation, rhs, domain=self.domain, role=role)


@dataclass(frozen=True)
class Agreement:
    """Template: the form against ``reference(point, dps)`` to ``digits`` digits."""

    reference: Callable
    points: Any
    name: str = "quadrature"
    kind: str = Kind.QUADRATURE
    digits: int = tolerances.QUADRATURE_DIGITS
    scale: Callable = lambda p: 1.0
    candidate: Callable | None = None
    """Maps the form to the candidate (e.g. a change of coordinates); default: the form."""
    args: tuple[str, ...] = ()
    """If given, ``reference(*(point[a] for a in args), dps)``: an oracle taking the variables
    themselves needs no adapter."""

    def build(self, form: Form, role: Role, label: str) -> Route:
        cand = self.candidate(form) if self.candidate else form
        return AgreementRoute(self.name + label, self.kind, cand, _spread(self.reference, self.args),
                              self.points, digits=self.digits, scale=self.scale, role=role)


def _spread(oracle: Callable, args: tuple[str, ...]) -> Callable:
    """``oracle`` called with the named variables of the point first, then the rest."""
    if not args:
        return oracle
    return lambda point, *rest: oracle(*(point[a] for a in args), *rest)


@dataclass(frozen=True)
class MonteCarlo:
    """Template: the form against a Monte Carlo estimate ``estimate(point, n, rng)``."""

    estimate: Callable
    points: Any
    name: str = "monte-carlo"
    candidate: Callable | None = None
    scale: Callable | None = None
    n: int = tolerances.MC_DEFAULT_SAMPLES
    args: tuple[str, ...] = ()
    """As for :class:`Agreement`: ``estimate(*(point[a] for a in args), n, rng)``."""
    target: float = tolerances.MC_TARGET_RELATIVE_ERROR

    def build(self, form: Form, role: Role, label: str) -> Route:
        cand = self.candidate(form) if self.candidate else form
        return MonteCarloRoute(self.name + label, cand, _spread(self.estimate, self.args),
                               self.points, n=self.n, role=role, scale=self.scale, target=self.target)


@dataclass(frozen=True)
class Predicate:
    """Template: ``predicate(form)`` is a point predicate ``point -> (ok, margin, detail)``."""

    predicate: Callable
    points: Any
    name: str
    kind: str = Kind.PROPERTY

    def build(self, form: Form, role: Role, label: str) -> Route:
        return PredicateRoute(self.name + label, self.kind, self.predicate(form), self.points,
                              role=role)


@dataclass(frozen=True)
class Certified:
    """Template: ``obligations(form) -> [Obligation]`` proved by ball arithmetic."""

    obligations: Callable
    name: str = "certified"

    def build(self, form: Form, role: Role, label: str) -> Route:
        return CertifiedRoute(self.name + label, lambda: self.obligations(form), role=role)


def with_controls(claimed, checks: Sequence, controls: Mapping[str, Any] | None = None, *,
                  evaluate: Callable | None = None, printed=None) -> tuple[Route, ...]:
    """Every template in ``checks`` built on the claimed form (role check), on each control's
    wrong variant (role control, named ``"<route> control (<label>)"``) and, for an erratum,
    on the printed form (role printed). Forms are SymPy expressions (or lazy callables) mapped to
    point evaluators by ``evaluate``, or point functions themselves (``evaluate=None``)."""

    def form(expr):
        if evaluate is None and callable(expr) and not hasattr(expr, "free_symbols"):
            return _PointForm(expr)
        return Form(expr, evaluate)

    built = [c.build(form(claimed), Role.CHECK, "") for c in checks]
    for label, wrong in (controls or {}).items():
        built += [c.build(form(wrong), Role.CONTROL, f" control ({label})") for c in checks]
    if printed is not None:
        built += [c.build(form(printed), Role.PRINTED, " (printed form)") for c in checks]
    return tuple(built)


class _PointForm(Form):
    """A form given directly as a point function (no SymPy expression)."""

    def __init__(self, fn: Callable):
        super().__init__(None, None)
        self._fn = fn

    @property
    def expr(self):
        raise ValueError("this form is a point function; a symbolic template needs an expression")


def on_settings(name: str, kind: str, predicate: Callable, settings, controls=None, *,
                report: bool | None = None) -> tuple[Route, ...]:
    """A predicate run on fixed experiment settings (a dict, a list of dicts, a callable
    ``rng -> [dict]``, or a :class:`Sample` of a domain with its own ``domain``) or on ``settings``
    points of the claim's own domain (an int), and once per control, named
    ``"control (<label>)"``. A control is a wrong predicate (a callable taking a setting), run on
    the claim's settings; a change of settings (a dict merged into every setting, not for the
    claim's own points); or settings of its own (a list, or a Sample). The numbers the predicate
    reports at each setting are shown (``report``) unless the points are the claim's own (an int)
    or ``report=False`` (for a sample of many points)."""
    def source(s):
        if callable(s) or isinstance(s, (Sample, int)):
            return s
        items = [s] if isinstance(s, dict) else list(s)
        return lambda rng: [dict(x) for x in items]
    report = not isinstance(settings, int) if report is None else report
    routes = [PredicateRoute(name, kind, predicate, source(settings), report=report)]
    for label, change in (controls or {}).items():
        if callable(change):
            pred, points = change, source(settings)
        elif isinstance(change, dict):
            base = source(settings)
            if isinstance(base, int) or (isinstance(base, Sample) and base.domain is None):
                raise ValueError(f"control {label!r}: a change of settings needs settings or a Sample of a "
                                 "domain; for the claim's own points pass a wrong predicate or points")
            if isinstance(base, Sample):  # a control drawn like the check, then changed
                base = (lambda rng, s=base: s.draw(s.domain, rng))
            pred, points = predicate, (lambda rng, base=base, change=change:
                                       [{**s, **change} for s in base(rng)])
        else:
            pred, points = predicate, source(change)
        routes.append(PredicateRoute(f"control ({label})", kind, pred, points, role=Role.CONTROL,
                                     report=None if report else False))
    return tuple(routes)

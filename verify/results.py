"""Verdicts of routes and claims, and how route verdicts combine into a claim verdict."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Verdict(str, Enum):
    HOLDS = "holds"
    REFUTED = "refuted"
    ERRATUM = "erratum"
    UNDECIDED = "undecided"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


class Kind(str, Enum):
    """What evaluates a route (the table and JSON show the value)."""

    SYMBOLIC = "symbolic"                    # SymPy reduces lhs - rhs to 0, or proves a sign
    QUADRATURE = "quadrature"                # high-precision quadrature of a defining integral
    MONTE_CARLO = "monte-carlo"              # Monte Carlo with a confidence interval
    FINITE_DIFFERENCE = "finite-difference"  # mpmath.diff with a precision ladder
    CERTIFIED = "certified"                  # branch and bound in ball arithmetic
    SIMULATION = "simulation"                # gradient descent or another dynamics, simulated
    EVALUATION = "evaluation"                # a high-precision or exact evaluation
    PROPERTY = "property"                    # a structural property evaluated at points
    KERNEL_SUM = "kernel-sum"                # an explicit sum of kernels (e.g. Eq. 7 over rows)

    def __str__(self) -> str:
        return self.value


NUMERIC_KINDS = frozenset(Kind) - {Kind.SYMBOLIC, Kind.PROPERTY}
"""Kinds that are independent numeric routes (not the closed form checked against itself)."""


class Role(str, Enum):
    """What a route is for, and therefore which verdict it is expected to return."""

    CHECK = "check"      # checks the claim (or its corrected form): expected to hold
    CONTROL = "control"  # a deliberately wrong variant: expected to be refuted by the same check
    PRINTED = "printed"  # the printed form of an erratum: expected to be refuted

    @property
    def expected(self) -> Verdict:
        return Verdict.HOLDS if self is Role.CHECK else Verdict.REFUTED


@dataclass
class RouteResult:
    route: str
    kind: str
    role: Role
    verdict: Verdict
    detail: str
    worst_error: float | None = None
    """The route's worst discrepancy, in the units of ``metric``."""
    counterexample: dict[str, Any] | None = None
    seconds: float = 0.0
    metric: str | None = None
    """"relative error" (agreement routes), "|z|" (Monte Carlo), "violation" (properties)."""
    undecided_at: dict[str, Any] | None = None
    """For an undecided pointwise route: the first point where it could not decide."""

    def __post_init__(self) -> None:
        self.kind = str(getattr(self.kind, "value", self.kind))  # plain strings compare and hash

    @property
    def as_expected(self) -> bool:
        return self.verdict is self.role.expected

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "route": self.route,
            "kind": self.kind,
            "role": self.role.value,
            "verdict": self.verdict.value,
            "expected": self.role.expected.value,
            "detail": self.detail,
            "worst_error": self.worst_error,
            "metric": self.metric,
            "seconds": round(self.seconds, 4),
        }
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample
        if self.undecided_at is not None:
            out["undecided_at"] = self.undecided_at
        return out


@dataclass
class RoutePlan:
    """How a route splits into independent pieces. A route that does not split runs entirely
    while planning and returns its ``result``; otherwise ``pieces`` (small picklable descriptions,
    run by :meth:`Route.run_piece` in any process and any order) and ``state`` (kept by whoever
    assembles the pieces' outcomes, in the order of ``pieces``)."""

    result: RouteResult | None = None
    pieces: list = field(default_factory=list)
    state: Any = None
    seconds: float = 0.0


@dataclass
class PieceError:
    """A piece that raised: the route's verdict is ``error`` unless an earlier piece decided it."""

    detail: str


@dataclass
class ClaimResult:
    id: str
    verdict: Verdict
    reason: str
    routes: list[RouteResult] = field(default_factory=list)
    seconds: float = 0.0
    cached_at: str | None = None
    """When the result came from the cache: the date it was computed (ISO 8601)."""

    @property
    def worst_error(self) -> float | None:
        """The worst relative error over the check routes that measure one."""
        errors = [r.worst_error for r in self.routes if r.role is Role.CHECK
                  and r.metric == "relative error" and r.worst_error is not None]
        return max(errors) if errors else None

    @property
    def status(self) -> str:
        """What a reader is told: certified (an inequality proved over its whole domain by ball
        arithmetic), derived (a symbolic route holds), sampled (numeric routes only), or the
        verdict itself (erratum, refuted, undecided, error)."""
        if self.verdict is not Verdict.HOLDS:
            return self.verdict.value
        held = {r.kind for r in self.routes if r.role is Role.CHECK and r.verdict is Verdict.HOLDS}
        return "certified" if "certified" in held else ("derived" if "symbolic" in held else "sampled")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "verdict": self.verdict.value,
            "status": self.status,
            "reason": self.reason,
            "worst_error": self.worst_error,
            "routes": [r.to_json() for r in self.routes],
            "seconds": round(self.seconds, 4),
            "cached": self.cached_at is not None,
            **({"cached_at": self.cached_at} if self.cached_at else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ClaimResult":
        """The inverse of :meth:`to_json` (for results read back from the cache)."""
        routes = [RouteResult(r["route"], r["kind"], Role(r["role"]), Verdict(r["verdict"]), r["detail"],
                              r["worst_error"], r.get("counterexample"), r["seconds"], r["metric"],
                              r.get("undecided_at")) for r in data["routes"]]
        return cls(data["id"], Verdict(data["verdict"]), data["reason"], routes, data["seconds"],
                   data.get("cached_at"))


def combine(routes: list[RouteResult], has_erratum: bool) -> tuple[Verdict, str]:
    """The claim's verdict from its routes' verdicts.

    error      a route failed to run, or a control / printed-form route was *not* refuted
               (the check cannot fail, so its passes mean nothing);
    refuted    a check route found a counterexample;
    undecided  every check route that decided held, but at least one could not decide;
    erratum    the claim is registered with an erratum, its printed-form routes were refuted and
               the corrected form holds on every check route;
    holds      every check route held and every control was rejected.
    """
    if not routes:
        return Verdict.ERROR, "no routes ran"
    for r in routes:
        if r.verdict is Verdict.ERROR:
            return Verdict.ERROR, f"route {r.route!r} errored: {r.detail}"
    checks = [r for r in routes if r.role is Role.CHECK]
    refuted = [r for r in checks if r.verdict is Verdict.REFUTED]
    if refuted:
        return Verdict.REFUTED, f"refuted by {', '.join(r.route for r in refuted)}"
    for r in routes:
        if r.role is not Role.CHECK and r.verdict is not Verdict.REFUTED:
            what = "negative control" if r.role is Role.CONTROL else "printed form"
            return Verdict.ERROR, (f"{what} {r.route!r} was not rejected ({r.verdict}): "
                                   "the check cannot fail")
    undecided = [r for r in checks if r.verdict is Verdict.UNDECIDED]
    if undecided:
        return Verdict.UNDECIDED, f"undecided on {', '.join(r.route for r in undecided)}"
    if not checks:
        return Verdict.ERROR, "no check routes (only controls)"
    n_controls = sum(r.role is Role.CONTROL for r in routes)
    if has_erratum:
        printed = [r for r in routes if r.role is Role.PRINTED]
        if not printed:
            return Verdict.ERROR, "erratum registered but no route checks the printed form"
        return Verdict.ERRATUM, (f"printed form refuted by {len(printed)} route(s); corrected "
                                 f"form holds on {len(checks)}; {n_controls} control(s) rejected")
    return Verdict.HOLDS, f"{len(checks)} route(s) hold; {n_controls} control(s) rejected"

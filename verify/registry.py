"""The claim registry: one place where every claim is declared, found and run.

The engine knows no paper. Paper modules (``lemmas.*``) register their claims when imported; the
engine imports them through the ``verify.claims`` entry-point group declared in ``pyproject.toml``,
plus any module a user names with ``--module``.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import sympy

from .domain import Variable, validate_point
from .errors import InputError, UnknownClaimError
from .results import ClaimResult, Role, RouteResult, Verdict, combine

ENTRY_POINT_GROUP = "verify.claims"
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9.\-*]*$")
TIERS = ("SRC", "SRC*", "DER", "EMP", "USER")


@dataclass(frozen=True)
class Expression:
    """A derived expression to export: ``lhs`` is LaTeX, ``rhs`` a SymPy expression."""

    name: str
    lhs: str
    rhs: Any
    """A SymPy expression, or a zero-argument callable returning one (derived lazily)."""
    notation: dict[sympy.Symbol, str] = field(default_factory=dict)

    def value(self) -> sympy.Expr:
        return self.rhs() if callable(self.rhs) else self.rhs


@dataclass(frozen=True)
class Erratum:
    """A printed statement that is false, with its correction and the evidence."""

    printed: str
    corrected: str
    evidence: str


@dataclass
class RunContext:
    """What a run needs beyond the claim: a seed, and optionally a user-chosen point."""

    seed: int = 20170226
    at: dict[str, Any] | None = None

    def rng_for(self, *labels: str):
        import numpy as np

        digest = hashlib.sha256("\x1f".join((str(self.seed),) + labels).encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "little"))


class Route:
    """One way of checking a claim. Subclasses implement :meth:`_run`."""

    kind = "route"
    pointwise = False  # True when the route can be evaluated at a user point (--at)

    def __init__(self, name: str, role: Role = Role.CHECK):
        self.name = name
        self.role = role

    def run(self, ctx: RunContext, claim_id: str) -> RouteResult:
        start = time.perf_counter()
        try:
            result = self._run(ctx, claim_id)
        except InputError:
            raise
        except Exception as exc:  # a route that crashes is an error verdict, never a pass
            result = RouteResult(self.name, self.kind, self.role, Verdict.ERROR,
                                 f"{type(exc).__name__}: {exc}")
        result.seconds = time.perf_counter() - start
        return result

    def _run(self, ctx: RunContext, claim_id: str) -> RouteResult:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Claim:
    id: str
    paper: str
    location: str
    title: str
    tier: str
    statement: str
    """The claim in LaTeX, as printed (or reconstructed) in the paper."""
    variables: tuple[Variable, ...] = ()
    assumptions: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    routes: tuple[Route, ...] = ()
    expressions: tuple[Expression, ...] = ()
    erratum: Erratum | None = None
    formula: sympy.Basic | None = None
    """The statement as a SymPy object where it is a formula (e.g. ``Eq(g, closed_form)``)."""
    figure: Any = None
    """For a figure claim: a callable writing the image to the path it is given."""

    def __post_init__(self) -> None:
        if not ID_PATTERN.match(self.id):
            raise ValueError(f"claim ID {self.id!r} does not look like PAPER-LABEL (e.g. BG17-L3.1)")
        if self.tier not in TIERS:
            raise ValueError(f"{self.id}: tier {self.tier!r} is not one of {TIERS}")
        names = [r.name for r in self.routes]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.id}: route names must be unique, got {names}")

    def certified_obligations(self) -> list:
        """The obligations of the claim's certified check routes (see :mod:`verify.certify`)."""
        return [ob for r in self.routes if r.role is Role.CHECK and hasattr(r, "obligations")
                for ob in r.obligations()]

    def check(self, ctx: RunContext | None = None) -> ClaimResult:
        ctx = ctx or RunContext()
        if ctx.at is not None:
            ctx.at = validate_point(self.variables, ctx.at)
            routes = [r for r in self.routes if r.pointwise]
            if not routes:
                raise InputError(f"{self.id}: no route of this claim can be evaluated at a point")
        else:
            routes = list(self.routes)
        start = time.perf_counter()
        results = [r.run(ctx, self.id) for r in routes]
        verdict, reason = combine(results, has_erratum=self.erratum is not None)
        if ctx.at is not None and verdict is Verdict.ERROR and all(
                r.verdict is not Verdict.ERROR for r in results):
            # At a single user point a control may legitimately pass (a wrong variant can agree
            # with the truth at special points); report the check routes' verdict instead.
            verdict, reason = combine([r for r in results if r.role is Role.CHECK],
                                      has_erratum=False)
        return ClaimResult(self.id, verdict, reason, results, time.perf_counter() - start)


class Registry:
    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}

    def register(self, claim: Claim) -> Claim:
        if claim.id in self._claims:
            raise ValueError(f"claim {claim.id} is registered twice")
        self._claims[claim.id] = claim
        return claim

    def get(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            close = [c for c in self._claims if c.lower() == claim_id.lower()]
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UnknownClaimError(f"unknown claim ID {claim_id!r}{hint}; "
                                    "`verify list` shows the registered IDs") from None

    def select(self, ids: Iterable[str] = (), paper: str | None = None) -> list[Claim]:
        ids = list(ids)
        if paper is not None:
            papers = sorted({c.paper for c in self._claims.values()})
            if paper not in papers:
                raise InputError(f"--paper {paper!r}: no such paper; known: {', '.join(papers)}")
        chosen = [self.get(i) for i in ids] if ids else list(self._claims.values())
        if paper is not None:
            chosen = [c for c in chosen if c.paper == paper]
        return chosen

    def __iter__(self) -> Iterator[Claim]:
        return iter(list(self._claims.values()))

    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claims


REGISTRY = Registry()
register = REGISTRY.register


def load_claims(extra_modules: Iterable[str] = ()) -> Registry:
    """Import every module of the ``verify.claims`` entry-point group, then each extra module
    (a dotted name or a path to a ``.py`` file); modules register their claims on import."""
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        importlib.import_module(ep.value)
    for spec in extra_modules:
        _import_user_module(spec)
    return REGISTRY


def _import_user_module(spec: str) -> None:
    path = Path(spec)
    if spec.endswith(".py"):
        if not path.is_file():
            raise InputError(f"--module {spec!r}: no such file")
        name = "verify_user_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
        if name in sys.modules:
            return
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
    else:
        try:
            importlib.import_module(spec)
        except ModuleNotFoundError:
            raise InputError(f"--module {spec!r}: no such module") from None

"""The claim registry: one place where every claim is declared, found and run.

The engine knows no paper. Paper packages (``lemmas.bg17`` ...) register their claims when
imported; the engine imports them through the ``verify.claims`` entry-point group declared in
``pyproject.toml`` (one entry point per paper), plus any module a user names with ``--module``
(a path to a ``.py`` file or a dotted module name importable from the working directory).

A claim ID is ``PAPER-LABEL``: the paper (capitals and digits, starting with a capital) and a
label of letters, digits, ``.``, ``-`` and ``*`` (e.g. ``BG17-L3.1``, ``USER-ReLU-mean``); the
paper is taken from the prefix. Tiers are :class:`Tier`. A mistake in a claim declaration
(an ID that breaks the pattern, an unknown tier, a duplicate ID) is a
:class:`ClaimDeclarationError` naming the file and line of the declaration.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Iterator

import sympy

from .domain import Domain, as_domain
from .errors import ClaimDeclarationError, InputError, UnknownClaimError
from .results import ClaimResult, PieceError, Role, RoutePlan, RouteResult, Verdict, combine

ENTRY_POINT_GROUP = "verify.claims"
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9.\-*]*$")
ENGINE_DIR = Path(__file__).resolve().parent


class Tier(str, Enum):
    """Where a claim's statement comes from (shown to users)."""

    SRC = "SRC"          # printed in the paper
    SRC_STAR = "SRC*"    # reconstructed from a stripped display: printed form unconfirmed
    DER = "DER"          # derived for the catalogue
    EMP = "EMP"          # a simulation figure of the paper
    USER = "USER"        # a user's own claim

    def __str__(self) -> str:
        return self.value

    @property
    def note(self) -> str:
        return "printed form unconfirmed" if self is Tier.SRC_STAR else ""


TIERS = tuple(t.value for t in Tier)


def declaration_site() -> tuple[str, int]:
    """(file, line) of the innermost frame outside the engine: where a claim was declared."""
    for frame in reversed(traceback.extract_stack()[:-1]):
        # generated code (a dataclass __init__ is "<string>") is not a declaration site
        if not frame.filename.startswith("<") and Path(frame.filename).resolve().parent != ENGINE_DIR:
            return frame.filename, frame.lineno or 0
    return "<unknown>", 0


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
    claim: "Claim | None" = None
    """The claim being checked (set by :meth:`Claim.check`): its ID and domain."""
    cache: Any = None
    """A :class:`verify.cache.Cache` for certificate pieces, or None."""

    def rng_for(self, *labels: Any):
        """A generator seeded by the run's seed and a stable key, e.g. (claim ID, route kind,
        index): never by a display label, so rewording a route changes no point."""
        import numpy as np

        text = "\x1f".join((str(self.seed),) + tuple(str(x) for x in labels))
        digest = hashlib.sha256(text.encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "little"))


class Route:
    """One way of checking a claim. Subclasses implement :meth:`_run`."""

    kind: str = "route"
    pointwise = False  # True when the route can be evaluated at a user point (--at)
    key: tuple[str, int] = ("route", 0)
    """(kind, index among the claim's routes of that kind): the seed key, set by the claim."""

    def __init__(self, name: str, role: Role = Role.CHECK):
        self.name = name
        self.role = role

    # A route runs as a plan, then independent pieces, then an assembly (see RoutePlan); the
    # parallel runner (verify.runner) calls the three steps in worker processes, run() calls
    # them here in order, so both give the same result.
    def plan(self, ctx: RunContext, claim_id: str) -> RoutePlan:
        """Split the route into pieces; by default it runs whole while planning."""
        return RoutePlan(result=self._run(ctx, claim_id))

    def run_piece(self, ctx: RunContext, claim_id: str, piece: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def assemble(self, ctx: RunContext, claim_id: str, state: Any, outcomes: list) -> RouteResult:
        failed = next((o for o in outcomes if isinstance(o, PieceError)), None)
        if failed is not None:
            return self.failure(failed.detail)
        raise NotImplementedError  # pragma: no cover

    def failure(self, detail: str) -> RouteResult:
        return RouteResult(self.name, self.kind, self.role, Verdict.ERROR, detail)

    def guarded(self, step, *args):
        """``step(*args)``, with an oracle's bad input or a crash turned into the error it is
        (a route that crashes is an error verdict, never a pass)."""
        try:
            return step(*args)
        except InputError as exc:
            return PieceError(f"an oracle rejected its input: {exc}")
        except Exception as exc:
            return PieceError(f"{type(exc).__name__}: {exc}")

    def run(self, ctx: RunContext, claim_id: str) -> RouteResult:
        start = time.perf_counter()
        plan = self.guarded(self.plan, ctx, claim_id)
        if isinstance(plan, PieceError):
            result = self.failure(plan.detail)
        elif plan.result is not None:
            result = plan.result
        else:
            outcomes = [self.guarded(self.run_piece, ctx, claim_id, p) for p in plan.pieces]
            result = self.guarded(self.assemble, ctx, claim_id, plan.state, outcomes)
            result = self.failure(result.detail) if isinstance(result, PieceError) else result
        result.seconds = time.perf_counter() - start
        return result

    def _run(self, ctx: RunContext, claim_id: str) -> RouteResult:  # pragma: no cover
        raise NotImplementedError


@dataclass
class Claim:
    """A claim: ``Claim(id, location, tier, title, statement=..., domain=..., routes=...)``."""

    id: str
    location: str
    tier: Tier | str
    title: str
    statement: str
    """The claim in LaTeX, as printed (or reconstructed) in the paper."""
    domain: Domain | tuple = ()
    """The variables and relations, declared once (a :class:`~verify.domain.Domain`, or a tuple
    of variables)."""
    assumptions: tuple[str, ...] = ()
    """Assumptions beyond the domain's, in LaTeX (the domain's own are added)."""
    uses: tuple[str, ...] = ()
    routes: tuple[Route, ...] = ()
    expressions: tuple[Expression, ...] = ()
    erratum: Erratum | None = None
    caveat: str = ""
    """What a reader must see next to the verdict: a hypothesis the printed statement may lack, or
    where the suite's statement differs from the catalogue's (shown in the table, JSON and LaTeX)."""
    formula: sympy.Basic | None = None
    """The statement as a SymPy object where it is a formula (e.g. ``Eq(g, closed_form)``)."""
    figure: Any = None
    """For a figure claim: a callable writing the image to the path it is given."""
    paper: str = ""
    """Taken from the ID prefix when not given."""
    expect: Verdict | None = None
    """The verdict a correct suite gives (default: erratum if an erratum is registered, else
    holds); a deliberately false example claim sets ``Verdict.REFUTED``."""
    source: tuple[str, int] = ("<unknown>", 0)
    cost: float | None = None
    """The declared seconds of the full check on one core, for claims that take long (the test
    suite runs claims above its threshold in the slow environment only)."""

    def __post_init__(self) -> None:
        if self.source == ("<unknown>", 0):
            self.source = declaration_site()
        where = f"{self.source[0]}:{self.source[1]}"
        if not isinstance(self.id, str) or not ID_PATTERN.match(self.id):
            raise ClaimDeclarationError(
                f"{where}: claim ID {self.id!r} does not look like PAPER-LABEL (e.g. BG17-L3.1: "
                "capitals and digits, a dash, then letters, digits, '.', '-', '*')")
        try:
            self.tier = Tier(self.tier)
        except ValueError:
            raise ClaimDeclarationError(f"{where}: {self.id}: tier {self.tier!r} is not one of "
                                        f"{', '.join(TIERS)}") from None
        self.paper = self.paper or self.id.split("-", 1)[0]
        if self.paper != self.id.split("-", 1)[0]:
            raise ClaimDeclarationError(f"{where}: {self.id}: paper {self.paper!r} is not the ID's prefix")
        self.domain = as_domain(self.domain)
        names = [r.name for r in self.routes]
        if len(set(names)) != len(names):
            dup = sorted({n for n in names if names.count(n) > 1})
            raise ClaimDeclarationError(f"{where}: {self.id}: route names must be unique; repeated: {dup}")
        counts: dict[str, int] = {}
        for r in self.routes:
            kind = str(getattr(r.kind, "value", r.kind))
            r.key = (kind, counts.get(kind, 0))
            counts[kind] = counts.get(kind, 0) + 1
        if self.expect is None:
            self.expect = Verdict.ERRATUM if self.erratum is not None else Verdict.HOLDS

    @property
    def variables(self) -> tuple:
        return self.domain.variables

    @property
    def all_assumptions(self) -> tuple[str, ...]:
        """The domain's assumptions, then the claim's own (each once)."""
        out: list[str] = []
        for a in (*self.domain.latex(), *self.assumptions):
            if a not in out:
                out.append(a)
        return tuple(out)

    def certified_obligations(self) -> list:
        """The obligations of the claim's certified check routes (see :mod:`verify.certify`)."""
        return [ob for r in self.routes if r.role is Role.CHECK and hasattr(r, "obligations")
                for ob in r.obligations()]

    def routes_for(self, ctx: RunContext) -> list[tuple[int, Route]]:
        """(index, route) of the routes a run evaluates: all, or at a user point (``ctx.at``,
        validated here) the pointwise ones whose points are points of the claim's domain."""
        ctx.claim = self
        if ctx.at is None:
            return list(enumerate(self.routes))
        ctx.at = self.domain.validate(ctx.at)
        chosen = [(i, r) for i, r in enumerate(self.routes)
                  if r.pointwise and r.takes_points_of(self.domain.names)]
        if not chosen:
            raise InputError(f"{self.id}: no route of this claim can be evaluated at a point")
        return chosen

    def result_of(self, ctx: RunContext, results: list[RouteResult]) -> ClaimResult:
        """The claim's verdict from its routes' results (in route order)."""
        verdict, reason = combine(results, has_erratum=self.erratum is not None)
        if ctx.at is not None and verdict is Verdict.ERROR and all(
                r.verdict is not Verdict.ERROR for r in results):
            # At a single user point a control may legitimately pass (a wrong variant can agree
            # with the truth at special points); report the check routes' verdict instead.
            verdict, reason = combine([r for r in results if r.role is Role.CHECK],
                                      has_erratum=False)
        return ClaimResult(self.id, verdict, reason, results, sum(r.seconds for r in results))

    def check(self, ctx: RunContext | None = None) -> ClaimResult:
        """Run every route here, in order (``verify check`` runs the same steps in parallel)."""
        ctx = ctx or RunContext()
        return self.result_of(ctx, [r.run(ctx, self.id) for _, r in self.routes_for(ctx)])


class Registry:
    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}

    def register(self, claim: Claim) -> Claim:
        old = self._claims.get(claim.id)
        if old is not None and _same_site(old.source, claim.source):
            self._claims[claim.id] = claim  # the same declaration imported again (pytest + --module)
            return claim
        if old is not None:
            raise ClaimDeclarationError(
                f"{claim.source[0]}:{claim.source[1]}: claim {claim.id} is already registered "
                f"(at {old.source[0]}:{old.source[1]})")
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


def _same_site(a: tuple[str, int], b: tuple[str, int]) -> bool:
    try:
        return a[1] == b[1] and os.path.samefile(a[0], b[0])
    except OSError:
        return a == b


def load_claims(extra_modules: Iterable[str] = ()) -> Registry:
    """Import every module of the ``verify.claims`` entry-point group, then each extra module
    (a dotted name or a path to a ``.py`` file); modules register their claims on import."""
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        importlib.import_module(ep.value)
    for spec in extra_modules:
        _import_user_module(spec)
    return REGISTRY


def _import_user_module(spec: str) -> None:
    """Import a user's module; any mistake in it is one line naming the file and line."""
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
        _run_user_code(lambda: module_spec.loader.exec_module(module), str(path), name)
    else:
        if os.getcwd() not in sys.path and "" not in sys.path:
            sys.path.insert(0, os.getcwd())  # like `python -m`: the working directory's packages
        try:
            importlib.util.find_spec(spec)
        except ModuleNotFoundError:
            raise InputError(f"--module {spec!r}: no such module") from None
        if importlib.util.find_spec(spec) is None:
            raise InputError(f"--module {spec!r}: no such module")
        _run_user_code(lambda: importlib.import_module(spec), spec, spec)


def _run_user_code(run, label: str, module_name: str) -> None:
    try:
        run()
    except (ClaimDeclarationError, InputError):
        sys.modules.pop(module_name, None)
        raise
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        raise InputError(f"{exc.filename or label}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:  # the user's module failed while declaring its claims
        sys.modules.pop(module_name, None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if Path(f.filename).resolve().parent != ENGINE_DIR
                  and "importlib" not in f.filename]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else label
        message = str(exc).splitlines()[0] if str(exc) else ""
        raise InputError(f"{where}: {type(exc).__name__}: {message}") from None

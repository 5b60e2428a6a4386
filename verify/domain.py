r"""A claim's domain, declared once: its variables and the relations between them.

From one :class:`Domain` the engine derives everything that used to be written by hand:

* seeded points for the numeric routes (:meth:`Domain.points`): boundary points first (θ = 0, π
  exactly and within 1e-8 of them, the closed ends of intervals, tiny and huge norms), then
  random points;
* a Hypothesis strategy drawing from the same law (:meth:`Domain.strategy`), with the boundary
  values drawn often;
* SymPy symbols with the right assumptions (:meth:`Domain.symbol`);
* the boxes of certified obligations where the scalar variables range over compact intervals
  (:meth:`Domain.bounds`);
* input validation for ``--at`` and for every sampled point (:meth:`Domain.validate`): one-line
  :class:`~verify.errors.InputError` naming the input;
* the LaTeX of the assumptions (:meth:`Domain.latex`).

Variables (defined in :mod:`verify.variables`, importable from here): :class:`Vector`
(dimension groups, non-zero, unit, fixed size, an angle to another vector), :class:`Real` (bounds, open ends, log scale), :class:`Integer`, :func:`Angle`,
:class:`UnitRows` (a data set: n unit rows, no two parallel), :class:`Matrix` (rows × columns in
shared groups, e.g. a layer's weights). Relations: :class:`Relation`.

>>> import numpy as np
>>> dom = Domain(Vector("u", nonzero=True), Vector("v", nonzero=True, angle_to="u"))
>>> [round(float(np.arccos(p["u"] @ p["v"] / np.linalg.norm(p["u"]) / np.linalg.norm(p["v"]))), 6)
...  for p in dom.points(np.random.default_rng(0), 0)]
[0.0, 0.0, 1.570796, 3.141593, 3.141593]
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import numpy as np

import sympy

from .errors import InputError
from .variables import (BOUNDARY_ANGLES, PARALLEL_TOLERANCE, Angle, Integer, Matrix, Real,  # noqa: F401
                        UnitRows, Variable, Vector, _HypothesisDraw, _RngDraw)


@dataclass(frozen=True)
class Relation:
    """A constraint between variables: ``holds(point)`` on validated values, shown as ``latex``."""

    latex: str
    holds: Callable[[Mapping[str, Any]], bool]


# --- the domain --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Domain:
    """Variables and relations of a claim (see the module docstring)."""

    variables: tuple[Variable, ...] = ()
    relations: tuple[Relation, ...] = ()
    assumptions: tuple[str, ...] = ()
    """Further assumptions in LaTeX that are not variables (e.g. x ~ N(0, I_d))."""
    max_tries: int = field(default=200, compare=False)

    def __init__(self, *variables: Variable, relations: Sequence[Relation] = (),
                 assumptions: Sequence[str] = (), max_tries: int = 200):
        object.__setattr__(self, "variables", tuple(variables))
        object.__setattr__(self, "relations", tuple(relations))
        object.__setattr__(self, "assumptions", tuple(assumptions))
        object.__setattr__(self, "max_tries", max_tries)
        names = [v.name for v in variables]
        if len(set(names)) != len(names):
            raise ValueError(f"domain: a variable is declared twice in {names}")
        for v in variables:
            if isinstance(v, Vector) and v.angle_to is not None:
                if v.angle_to not in names[: names.index(v.name)]:
                    raise ValueError(f"{v.name}: angle_to={v.angle_to!r} must name an earlier vector")

    @property
    def names(self) -> list[str]:
        return [v.name for v in self.variables]

    def __getitem__(self, name: str) -> Variable:
        for v in self.variables:
            if v.name == name:
                return v
        raise KeyError(name)

    def restrict(self, **changes: Mapping[str, Any]) -> "Domain":
        """The same domain with some variables' fields replaced, e.g.
        ``restrict(v={"angles": (0.2, 1.5)})`` (a sub-domain for a route with a narrower reach)."""
        unknown = set(changes) - set(self.names)
        if unknown:
            raise ValueError(f"restrict: unknown variables {sorted(unknown)}")
        variables = [replace(v, **changes[v.name]) if v.name in changes else v
                     for v in self.variables]
        return Domain(*variables, relations=self.relations, assumptions=self.assumptions,
                      max_tries=self.max_tries)

    def symbol(self, name: str) -> sympy.Symbol:
        """The SymPy symbol of a scalar variable, with assumptions from its bounds."""
        var = self[name]
        if not isinstance(var, (Real, Integer)):
            raise TypeError(f"{name} is not a scalar variable")
        return var.symbol

    def bounds(self, *names: str, symbols: Mapping[str, sympy.Symbol] | None = None):
        """Bounds (:class:`verify.obligations.Bound`) of the named scalar variables (default:
        all), for a certified obligation; every end must be finite and exact."""
        from .obligations import Bound

        out = []
        for name in names or self.names:
            var = self[name]
            sym = (symbols or {}).get(name, None)
            if isinstance(var, Integer):
                if var.max_value is None:
                    raise ValueError(f"{name}: unbounded; a certified box needs a finite range")
                out.append(Bound(sym or var.symbol, var.min_value, var.max_value, integer=True))
            elif isinstance(var, Real):
                if math.isinf(float(var.lo)) or math.isinf(float(var.hi)):
                    raise ValueError(f"{name}: unbounded; compactify it for a certified box")
                out.append(Bound(sym or var.symbol, _exact(var.lo, name), _exact(var.hi, name)))
            else:
                raise ValueError(f"{name}: only scalar variables have a box")
        return tuple(out)

    @property
    def compact(self) -> bool:
        """True when every variable is a scalar over a finite range (a certified box exists)."""
        try:
            self.bounds()
        except ValueError:
            return False
        return bool(self.variables)

    def latex(self) -> tuple[str, ...]:
        """The assumptions in LaTeX: vectors of one dimension group with the same flags on one
        line, then scalars, relations and the further assumptions."""
        lines: list[str] = []
        groups: dict[tuple, list[Vector]] = {}
        for v in self.variables:
            if isinstance(v, Vector):
                groups.setdefault((v.dim, v.size, v.nonzero, v.unit), []).append(v)
        done = set()
        for v in self.variables:
            if isinstance(v, Vector):
                key = (v.dim, v.size, v.nonzero, v.unit)
                if key in done:
                    continue
                done.add(key)
                members = groups[key]
                first = members[0].assumption()
                head = ", ".join(m.tex for m in members)
                lines.append(head + first[len(members[0].tex):])
            else:
                lines.append(v.assumption())
        lines += [r.latex for r in self.relations]
        return tuple(lines) + self.assumptions

    def validate(self, point: Mapping[str, Any]) -> dict[str, Any]:
        """Check a full assignment of the variables; returns the validated values."""
        names = self.names
        unknown = sorted(set(point) - set(names))
        if unknown:
            raise InputError(f"unknown variable {unknown[0]!r}; this claim takes {', '.join(names) or 'no variables'}")
        missing = [n for n in names if n not in point]
        if missing:
            raise InputError(f"missing variable {missing[0]!r}; this claim takes {', '.join(names)}")
        values = {v.name: v.validate(point[v.name]) for v in self.variables}
        dims: dict[str, tuple[str, int]] = {}
        for v in self.variables:
            shape = values[v.name].shape if isinstance(v, (Vector, UnitRows, Matrix)) else ()
            checks = [(v.dim, shape[-1], "dimension")] if shape else []
            if isinstance(v, Matrix):
                checks.append((v.rows, shape[0], "row count"))
            for group, size, what in checks:
                if group in dims and dims[group][1] != size:
                    other, n = dims[group]
                    raise InputError(f"{v.name}: {what} {size} does not match {other} ({what} {n})")
                dims.setdefault(group, (v.name, size))
        for rel in self.relations:
            if not rel.holds(values):
                raise InputError(f"the point violates the assumption {rel.latex}")
        return values

    def parse(self, items: list[str]) -> dict[str, Any]:
        """Parse CLI ``name=value`` items against the variables."""
        by_name = {v.name: v for v in self.variables}
        raw: dict[str, Any] = {}
        for item in items:
            if "=" not in item:
                raise InputError(f"--at {item!r}: expected name=value, e.g. u=1,0,2")
            name, text = item.split("=", 1)
            name = name.strip()
            if name not in by_name:
                raise InputError(f"--at {item!r}: unknown variable {name!r}; this claim takes "
                                 f"{', '.join(by_name) or 'no variables'}")
            raw[name] = by_name[name].parse(text)
        return self.validate(raw)

    # --- drawing ---------------------------------------------------------------------------
    def _dim_ranges(self) -> dict[str, tuple[int, int]]:
        ranges: dict[str, tuple[int, int]] = {}
        for v in self.variables:
            groups = []
            if isinstance(v, (Vector, UnitRows, Matrix)):
                groups.append((v.dim, v.dim_range()))
            if isinstance(v, Matrix):
                groups.append((v.rows, (v.min_rows, v.max_rows)))
            for group, (lo, hi) in groups:
                old = ranges.get(group, (lo, hi))
                ranges[group] = (max(lo, old[0]), min(hi, old[1]))
        for group, (lo, hi) in ranges.items():
            if lo > hi:
                raise ValueError(f"dimension group {group!r}: no dimension fits every vector")
        return ranges

    def _draw(self, d, tries: int | None = None) -> dict[str, Any] | None:
        for _ in range(tries or self.max_tries):
            dims = {g: d.integer(lo, hi) for g, (lo, hi) in self._dim_ranges().items()}
            drawn: dict[str, Any] = {}
            for v in self.variables:
                drawn[v.name] = v.draw(d, dims, drawn)
            if all(rel.holds(drawn) for rel in self.relations):
                return drawn
        if tries is not None:
            return None
        raise ValueError(f"no point satisfying {[r.latex for r in self.relations]} found in "
                         f"{self.max_tries} draws")

    def boundary_count(self) -> int:
        return max((v.boundary_count() for v in self.variables), default=0)

    def points(self, rng: np.random.Generator, count: int, *, boundary: bool = True) -> list[dict]:
        """The boundary points (if ``boundary``), then ``count`` random points; all validated."""
        out = []
        if boundary:  # a boundary combination outside the relations is not in the domain: skipped
            out += [p for i in range(self.boundary_count())
                    if (p := self._draw(_RngDraw(rng, i), tries=1)) is not None]
        out += [self._draw(_RngDraw(rng, None)) for _ in range(count)]
        return [self.validate(p) for p in out]

    def strategy(self):
        """A Hypothesis strategy of points of this domain (boundary values drawn often)."""
        from hypothesis import strategies as st

        @st.composite
        def points(draw):
            return self._draw(_HypothesisDraw(draw))
        return points()

    def sample(self, count: int, *, boundary: bool = True, also: Callable | None = None) -> "Sample":
        """Where a pointwise route evaluates: ``count`` random points of this domain (plus its
        boundary points, and the special points ``also(points, rng)`` adds)."""
        return Sample(count, self, boundary, also)


@dataclass(frozen=True)
class Sample:
    """The points of a pointwise route: ``count`` random points (plus the boundary points) of
    ``domain``, or of the claim's own domain when ``domain`` is None; ``also(points, rng)``
    returns special points to add (e.g. points next to a critical point), validated like the
    rest."""

    count: int
    domain: Domain | None = None
    boundary: bool = True
    also: Callable | None = None

    def draw(self, domain: Domain, rng: np.random.Generator) -> list[dict]:
        points = domain.points(rng, self.count, boundary=self.boundary)
        if self.also is not None:
            points += [domain.validate(p) for p in self.also(points, rng)]
        return points


def sample(count: int, *, boundary: bool = True, also: Callable | None = None) -> Sample:
    """``count`` random points of the claim's own domain (plus its boundary points)."""
    return Sample(count, None, boundary, also)


def _exact(x, name: str) -> Fraction:
    value = sympy.nsimplify(x) if isinstance(x, float) else sympy.sympify(x)
    if not value.is_Rational:
        raise ValueError(f"{name}: end point {x!r} is not rational; rescale the variable")
    return Fraction(int(value.p), int(value.q))


def as_domain(spec) -> Domain:
    """A :class:`Domain` from a Domain or a tuple of variables."""
    return spec if isinstance(spec, Domain) else Domain(*tuple(spec or ()))


def validate_point(variables, point: Mapping[str, Any]) -> dict[str, Any]:
    """Check a full assignment of ``variables`` (a Domain or a tuple of variables)."""
    return as_domain(variables).validate(point)


def parse_assignments(variables, items: list[str]) -> dict[str, Any]:
    """Parse CLI ``name=value`` items against ``variables`` (a Domain or a tuple)."""
    return as_domain(variables).parse(items)

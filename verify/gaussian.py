r"""A claim in one call: a Gaussian-expectation language on SymPy.

>>> from verify.gaussian import E, Vector, claim, norm, pi, relu, sqrt, x
>>> a = Vector("a", nonzero=True)
>>> c = claim("USER-Doc-mean", E(relu(a @ x)) == norm(a) / sqrt(2 * pi),
...           controls={"√π for √(2π)": norm(a) / sqrt(pi)}, register=False)
>>> [r.name for r in c.routes]        # doctest: +NORMALIZE_WHITESPACE
['quadrature', 'monte-carlo', 'quadrature control (√π for √(2π))',
 'monte-carlo control (√π for √(2π))']

From the one SymPy integrand the engine builds:

* the quadrature integrand (:func:`verify.quadrature.gaussian_expectation`): the projections
  ``a @ x`` become its arguments; the kinks are the hyperplanes where a ReLU's or an indicator's
  argument changes sign (each argument must be linear in the projections); the degree of positive
  homogeneity is detected numerically and checked on every piece, and a non-homogeneous integrand
  gets the general (slower, 15-digit) quadrature;
* the vectorised Monte Carlo integrand (``numpy`` lambdify), with an absolute power check where
  the claimed value is zero;
* the right-hand side evaluated at high precision from norms, inner products and angles;
* the statement's LaTeX (``sympy.latex`` with the variables' notation);
* a symbolic route when ``derivation=`` is given (a zero-argument callable returning the derived
  form, compared with the claimed one by SymPy);
* for ``grad(E(f), u) == A * u + B * v`` (a derivative claim, the right-hand side a vector
  expression): finite differences of the quadrature of E[f] (the quadrature follows the raised
  precision of ``mpmath.diff``), quadrature of E[x ∂f/∂(u·x)] in a basis of the span, and
  Monte Carlo of the same.

Statements: ``E(f) == rhs``, ``E(f) >= rhs`` (also ``<=``, ``>``, ``<``), and, without an
expectation, SymPy relations ``Eq(lhs, rhs)``, ``lhs >= rhs`` ... between expressions of the
declared variables (an identity gets a symbolic route and a 30-digit evaluation at points; an
inequality a 30-digit evaluation and, when every variable is a bounded scalar, a certified route
by ball arithmetic over the whole box). Python's ``==`` between two SymPy expressions compares
them structurally, so identities are written ``Eq(lhs, rhs)``.

Every claim made by :func:`claim` also puts two tests into the calling module: its verdict, and a
Hypothesis property test running its pointwise routes at points drawn from its domain — so
``pytest my_claims.py`` and ``verify --module my_claims.py check`` both work on the same file.
"""
from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import mpmath
import numpy as np
import sympy
from sympy import (Abs, Eq, Heaviside, Max, Min, Rational, Symbol, acos, atan2, cos, exp, integrate,
                   log, oo, pi, sin, sqrt)

from . import domain as _dom
from . import routes as R
from . import tolerances
from .errors import ClaimDeclarationError
from .montecarlo import gaussian_monte_carlo
from .numeric import mp_function, numpy_function
from .quadrature import Estimate, gaussian_expectation
from .registry import REGISTRY, Claim, Erratum, Expression, declaration_site
from .results import Kind, Verdict
from .symbols import (MEANING, Combination, angle, combine, evaluator, norm, notation, scalar,
                      value_of, variables_of, x)

__all__ = ["E", "grad", "Vector", "Real", "Integer", "Angle", "UnitRows", "Domain", "Relation", "claim",
           "relu", "step", "norm", "angle", "x", "sqrt", "pi", "exp", "cos", "sin", "acos", "atan2",
           "log", "Abs", "Max", "Min", "Eq", "Rational", "Symbol", "integrate", "oo", "Erratum"]

Vector = _dom.Vector
Domain, Relation, UnitRows = _dom.Domain, _dom.Relation, _dom.UnitRows


def Real(name: str, lo=-math.inf, hi=math.inf, **kw) -> sympy.Symbol:
    """A real variable in [lo, hi] (see :class:`verify.domain.Real`), as a SymPy symbol."""
    return scalar(_dom.Real(name, lo, hi, **kw))


def Integer(name: str, min_value: int = 1, max_value: int | None = None, **kw) -> sympy.Symbol:
    """An integer variable (see :class:`verify.domain.Integer`), as a SymPy symbol."""
    return scalar(_dom.Integer(name, min_value, max_value, **kw))


def Angle(name: str, lo=0, hi=pi, **kw) -> sympy.Symbol:
    """An angle variable in [lo, hi] (default [0, π]), as a SymPy symbol."""
    return scalar(_dom.Angle(name, lo, hi, **kw))


def relu(z):
    """σ(z) = max(z, 0)."""
    return Max(z, 0)


def step(z):
    """The indicator 1(z > 0) (σ′ away from 0)."""
    return Heaviside(z, 0)


class E:
    """The expectation over x ~ N(0, I_d) of a SymPy integrand in projections ``a @ x``."""

    def __init__(self, integrand):
        self.integrand = sympy.sympify(integrand)
        if not self.projections:
            raise ClaimDeclarationError(f"E({self.integrand}): the integrand has no projection a @ x")

    @property
    def projections(self) -> list[sympy.Symbol]:
        return sorted((s for s in self.integrand.free_symbols
                       if s in MEANING and MEANING[s].kind == "projection"),
                      key=lambda s: MEANING[s].order)

    def __eq__(self, rhs):  # a statement, not a comparison
        return Statement(self, "==", rhs)

    def __ge__(self, rhs):
        return Statement(self, ">=", rhs)

    def __le__(self, rhs):
        return Statement(self, "<=", rhs)

    def __gt__(self, rhs):
        return Statement(self, ">", rhs)

    def __lt__(self, rhs):
        return Statement(self, "<", rhs)

    __hash__ = object.__hash__

    def latex(self) -> str:
        from .latex import to_latex

        return r"\mathbb{E}\left[" + to_latex(self.integrand, notation(self.integrand)) + r"\right]"


class grad:
    r""":math:`\nabla_u\,\mathbb E[f]`: the gradient of an expectation in one declared vector;
    ``grad(E(f), u) == A * u + B * v`` claims it equals a vector expression."""

    def __init__(self, expectation: E, wrt: Vector):
        if not isinstance(expectation, E) or not isinstance(wrt, Vector):
            raise ClaimDeclarationError("grad(E(f), u): an expectation and a declared vector")
        self.expectation, self.wrt = expectation, wrt

    def __eq__(self, rhs):
        return Statement(self, "==", rhs)

    __hash__ = object.__hash__

    def latex(self) -> str:
        return rf"\nabla_{{{self.wrt.tex}}}" + self.expectation.latex()


@dataclass(frozen=True)
class Statement:
    lhs: Any
    relation: str
    rhs: Any


# --- the integrand at a point --------------------------------------------------------------
_KINKED = (Max, Min, Heaviside, Abs, sympy.sign)


class Integrand:
    """An expectation's integrand, prepared for the quadrature and Monte Carlo oracles."""

    def __init__(self, expectation: E):
        self.expr = expectation.integrand
        self.projections = expectation.projections
        self.params = sorted((s for s in self.expr.free_symbols if s not in self.projections),
                             key=str)
        unknown = [s for s in self.params if s not in MEANING]
        if unknown:
            raise ClaimDeclarationError(f"E(...): symbols {unknown} are not declared variables")
        args = [*self.projections, *self.params]
        self._mp = mp_function(args, self.expr)
        self._np = numpy_function(args, self.expr)
        self.kinks = self._kink_coefficients()

    def _kink_coefficients(self) -> list[dict]:
        """Each kink's argument as {projection: coefficient}: it must be linear in the projections."""
        out = []
        for atom in self.expr.atoms(*_KINKED):
            for arg in (atom.args[:1] if isinstance(atom, Heaviside) else atom.args):
                if not (arg.free_symbols & set(self.projections)):
                    continue
                poly = sympy.Poly(arg, *self.projections) if arg.is_polynomial(*self.projections) else None
                if poly is None or poly.total_degree() != 1 or poly.coeff_monomial(1) != 0:
                    raise ClaimDeclarationError(
                        f"E(...): the kink of {atom} is not a hyperplane through the origin "
                        "(its argument must be linear in the projections, with no constant term)")
                out.append({p: arg.coeff(p) for p in self.projections})
        return out

    def vectors(self, point) -> list[np.ndarray]:
        return [np.asarray(point[MEANING[p].variables[0].name], dtype=float) for p in self.projections]

    def exact_vectors(self, point) -> list[list]:
        """The vectors as given (mpf entries stay mpf: finite differences perturb below 1e-16)."""
        return [list(point[MEANING[p].variables[0].name]) for p in self.projections]

    def _param_values(self, point, as_float=False):
        vals = [value_of(s, point) for s in self.params]
        return [float(v) for v in vals] if as_float else vals

    def _kink_vectors(self, point) -> list[list[float]]:
        vecs = self.vectors(point)
        subs = {s: sympy.Float(str(value_of(s, point)), 40) for s in self.params}
        out = []
        for coeffs in self.kinks:
            if all(c in (0, 1) for c in coeffs.values()) and sum(c != 0 for c in coeffs.values()) == 1:
                continue  # a single projection: already a breakpoint
            out.append(sum(float(c.subs(subs)) * v for c, v in zip(coeffs.values(), vecs)))
        return [list(v) for v in out]

    def homogeneous(self) -> bool:
        """Positively homogeneous in the projections (probed at random values, parameters 1.3)?"""
        rng = np.random.default_rng(2)
        params = [mpmath.mpf("1.3")] * len(self.params)
        with mpmath.workdps(30):
            ratios = []
            for _ in range(6):
                y = rng.standard_normal(len(self.projections))
                f1 = self._mp(*y, *params)
                if f1 != 0:
                    ratios.append(mpmath.log(abs(self._mp(*(2 * y), *params) / f1), 2))
            return all(abs(r - ratios[0]) < 1e-20 and abs(r - mpmath.nint(r)) < 1e-20
                       for r in ratios) if ratios else True

    def quadrature(self, point, dps: int) -> Estimate:
        params = self._param_values(point)
        n = len(self.projections)
        f = lambda *z: self._mp(*z[:n], *params)  # noqa: E731 — kink vectors ride along unused
        vectors = self.exact_vectors(point) + self._kink_vectors(point)
        return gaussian_expectation(f, vectors, dps=dps, degree="auto")

    def monte_carlo(self, point, n: int, rng):
        params = self._param_values(point, as_float=True)
        k = len(self.projections)
        f = lambda P: np.broadcast_to(self._np(*P[:k], *params), P.shape[1:])  # noqa: E731
        return gaussian_monte_carlo(f, self.vectors(point), n=n, rng=rng, abs_mean=True)

    def gradient_quadrature(self, wrt: Vector, point, dps: int) -> Estimate:
        """∇_u E[f] = E[x ∂f/∂(u·x)] by quadrature, in an orthonormal basis (e_j) of the span of
        the vectors (the component orthogonal to it is 0): Σ_j E[(e_j·x) ∂f/∂(u·x)] e_j."""
        from .quadrature import plane_basis

        p_u = next(p for p in self.projections if MEANING[p].variables[0].name == wrt.name)
        e_sym = sympy.Symbol("e·x", real=True)
        df = sympy.diff(self.expr, p_u)
        if df.has(sympy.DiracDelta):
            raise ValueError("the derivative of the integrand has a Dirac delta (an indicator of "
                             "the variable): no quadrature of the gradient")
        f = mp_function([*self.projections, e_sym, *self.params], df * e_sym)
        params = self._param_values(point)
        n = len(self.projections)
        vectors = self.exact_vectors(point)
        with mpmath.workdps(dps + 20):
            basis = plane_basis(vectors, max_rank=3)
        values, error = [], 0.0
        for e in basis:
            est = gaussian_expectation(lambda *z: f(*z[:n], z[n], *params),
                                       vectors + [e] + self._kink_vectors(point),
                                       dps=dps, degree="auto")
            values.append(est.value)
            error += est.error
        with mpmath.workdps(dps + 20):
            grad_ = [mpmath.fsum(v * e[i] for v, e in zip(values, basis)) for i in range(len(vectors[0]))]
        return Estimate(grad_, error)

    def gradient_fd(self, wrt: Vector, point, dps: int) -> Estimate:
        """∇_u E[f] by finite differences of the quadrature of E[f]; the quadrature follows the
        precision mpmath.diff raises to (plus 5 digits), so its error stays below the step's."""
        from .finitediff import gradient

        return gradient(lambda w: self.quadrature({**point, wrt.name: w}, mpmath.mp.dps + 5).value,
                        point[wrt.name], dps=dps)

    def gradient_monte_carlo(self, wrt: Vector, point, n: int, rng):
        """E[(e_j·x) ∂f/∂(u·x)] for an orthonormal basis (e_j) of the span (QR), vectorised."""
        p_u = next(p for p in self.projections if MEANING[p].variables[0].name == wrt.name)
        df = numpy_function([*self.projections, *self.params], sympy.diff(self.expr, p_u))
        V = np.stack(self.vectors(point))
        basis = np.linalg.qr(V.T)[0].T
        params = self._param_values(point, as_float=True)
        k = len(self.projections)
        return gaussian_monte_carlo(lambda P: np.broadcast_to(df(*P[:k], *params), P.shape[1:]) * P[k:],
                                    [*V, *basis], n=n, rng=rng, abs_mean=True)

    def scale(self, point) -> float:
        """E|f| from 4096 fixed draws: the size below which a value counts as zero."""
        z = np.random.default_rng(1).standard_normal((len(self.vectors(point)[0]), 4096))
        P = np.stack(self.vectors(point)) @ z
        values = np.broadcast_to(self._np(*P, *self._param_values(point, True)), P.shape[1:])
        return float(np.mean(np.abs(values))) or 1.0


# --- routes of a statement -----------------------------------------------------------------
def _one_sided(expectation_value, rhs_value, relation, slack):
    """(ok, margin, detail) for lhs REL rhs given lhs's estimate and an allowed slack."""
    sign = 1 if relation in (">=", ">") else -1
    margin = sign * (expectation_value - rhs_value)
    ok = margin >= -slack if relation in (">=", "<=") else margin > -slack
    return ok, float(max(-margin, 0)), f"lhs {float(expectation_value):.6g} {relation} rhs {float(rhs_value):.6g}"


def symbolic_domain(*exprs) -> dict:
    """Where the symbolic route looks for counterexamples: angles in [0, π], scalar variables
    in their finite bounds."""
    out = {}
    for s in {s for e in exprs for s in sympy.sympify(e).free_symbols if s in MEANING}:
        m = MEANING[s]
        if m.kind == "angle":
            out[s] = (0, pi)
        elif m.kind == "scalar" and isinstance(m.variables[0], _dom.Real):
            lo, hi = m.variables[0].lo, m.variables[0].hi
            if not (math.isinf(float(lo)) or math.isinf(float(hi))):
                out[s] = (lo, hi)
    return out


def _expectation_checks(integrand: Integrand, relation, derivation, points, digits, sym_domain):
    quad_points = points.get("quadrature", _dom.sample(8))
    mc_points = points.get("monte-carlo", _dom.sample(3, boundary=False))
    checks = []
    if relation == "==":
        if derivation is not None:
            checks.append(R.Symbolic(derivation, name="symbolic: derivation = claimed",
                                     domain=sym_domain))
        checks.append(R.Agreement(integrand.quadrature, quad_points, digits=digits,
                                  scale=integrand.scale))
        checks.append(R.MonteCarlo(integrand.monte_carlo, mc_points))
        return checks

    def quadrature_predicate(form):
        def predicate(point):
            dps = tolerances.working_dps(digits)
            with mpmath.workdps(dps):
                est = integrand.quadrature(point, dps)
                slack = est.error + tolerances.relative_tolerance(digits) * integrand.scale(point)
                return _one_sided(est.value, form(point), relation, slack)
        return predicate

    def mc_predicate(form):
        def predicate(point):
            rng = np.random.default_rng(abs(hash(repr(R.jsonable_point(point)))) % 2**32)
            est = integrand.monte_carlo(point, tolerances.MC_DEFAULT_SAMPLES, rng)
            slack = tolerances.z_two_sided(2 * tolerances.MC_FALSE_ALARM) * float(est.stderr)
            return _one_sided(float(est.mean), float(form(point)), relation, slack)
        return predicate

    checks.append(R.Predicate(quadrature_predicate, quad_points, "quadrature", Kind.QUADRATURE))
    checks.append(R.Predicate(mc_predicate, mc_points, "monte-carlo (one-sided)", Kind.MONTE_CARLO))
    return checks


def _gradient_checks(integrand: Integrand, wrt: Vector, points, digits):
    """Finite differences of the quadrature, quadrature of E[x ∂f/∂(u·x)], and Monte Carlo of it
    (in the QR basis of the span), each against the claimed vector expression."""
    def in_basis(form):
        def coords(point):
            V = np.stack([np.asarray(point[MEANING[p].variables[0].name], dtype=float)
                          for p in integrand.projections])
            return np.linalg.qr(V.T)[0].T @ np.array([float(c) for c in form(point)])
        return coords

    def scale(point):
        return integrand.scale(point) / float(np.linalg.norm(point[wrt.name]))

    return [R.Agreement(lambda pt, dps: integrand.gradient_fd(wrt, pt, dps),
                        points.get("finite-difference", _dom.sample(3)),
                        "finite differences of the quadrature", Kind.FINITE_DIFFERENCE,
                        tolerances.FINITE_DIFFERENCE_DIGITS, scale),
            R.Agreement(lambda pt, dps: integrand.gradient_quadrature(wrt, pt, dps),
                        points.get("quadrature", _dom.sample(6)), "quadrature of E[x ∂f]",
                        digits=digits, scale=scale),
            R.MonteCarlo(lambda pt, n, rng: integrand.gradient_monte_carlo(wrt, pt, n, rng),
                         points.get("monte-carlo", _dom.sample(2, boundary=False)),
                         "monte-carlo of E[x ∂f]", candidate=in_basis)]


def _relation_parts(rel) -> tuple[Any, str, Any]:
    ops = {sympy.Eq: "==", sympy.GreaterThan: ">=", sympy.LessThan: "<=",
           sympy.StrictGreaterThan: ">", sympy.StrictLessThan: "<"}
    for cls, op in ops.items():
        if isinstance(rel, cls):
            return rel.lhs, op, rel.rhs
    raise ClaimDeclarationError(f"not a statement: {rel!r}")


def _relation_checks(lhs, relation, domain: _dom.Domain, points, digits):
    """Routes of a relation between SymPy expressions (no expectation)."""
    eval_points = points.get("evaluation", _dom.sample(12))
    lhs_at = evaluator(lhs)

    def reference(point, dps):
        value = lhs_at(point)
        flat = list(value) if isinstance(value, list) else [value]
        return Estimate(value, float(max(abs(v) for v in flat) * mpmath.mpf(10) ** -dps))

    if relation == "==":
        return [R.Symbolic(lambda: lhs, name="symbolic: lhs = rhs", domain=symbolic_domain(lhs)),
                R.Agreement(reference, eval_points, name="evaluation (30 digits)",
                            kind=Kind.EVALUATION, digits=digits,
                            scale=lambda p: float(abs(lhs_at(p))) or 1.0)]

    def predicate(form):
        def check(point):
            with mpmath.workdps(tolerances.working_dps(digits)):
                left = lhs_at(point)
                slack = abs(left) * tolerances.relative_tolerance(digits)
                return _one_sided(left, form(point), relation, slack)
        return check

    checks = [R.Predicate(predicate, eval_points, "evaluation (30 digits)", Kind.EVALUATION)]
    if domain.compact and all(isinstance(v, (_dom.Real, _dom.Integer)) for v in domain.variables):
        from .obligations import Obligation

        def obligations(form):
            sign = 1 if relation in (">=", ">") else -1
            names = {MEANING[s].variables[0].name: s for s in MEANING if MEANING[s].kind == "scalar"
                     and MEANING[s].variables[0] in domain.variables}
            return [Obligation(f"lhs {relation} rhs", sign * (lhs - form.expr),
                               domain.bounds(symbols=names), strict=relation in (">", "<"))]
        checks.append(R.Certified(obligations, name="certified (ball arithmetic, whole box)"))
    return checks


def claim(claim_id: str, statement, *, controls: Mapping[str, Any] | None = None,
          derivation: Callable[[], Any] | None = None, title: str | None = None,
          location: str | None = None, tier: str | None = None, assumptions=(),
          domain: _dom.Domain | None = None, relations=(), uses=(), routes=(), expressions=(),
          expect: str | Verdict | None = None, points: Mapping[str, Any] | None = None,
          digits: int | None = None, erratum: Erratum | None = None, register: bool = True) -> Claim:
    """Declare, register and return a claim (see the module docstring).

    ``controls`` maps a label to a deliberately wrong right-hand side (or, for a relation without
    an expectation, a wrong relation); each must be rejected by the same routes. ``routes`` adds
    hand-built routes (the escape hatch); ``points`` overrides where a route kind evaluates
    (e.g. ``{"monte-carlo": Domain.sample(2)}``); ``expect="refuted"`` marks a deliberately false
    example."""
    site = declaration_site()
    where = f"{site[0]}:{site[1]}"
    if isinstance(statement, bool):
        raise ClaimDeclarationError(
            f"{where}: {claim_id}: the statement is a Python bool; write an identity between SymPy "
            "expressions as Eq(lhs, rhs) (== compares expressions structurally)")
    points = dict(points or {})
    if isinstance(statement, Statement):
        lhs, relation, rhs = statement.lhs, statement.relation, _sym(statement.rhs)
    else:
        lhs, relation, rhs = _relation_parts(statement)
    wrong = {label: (_sym(c.rhs) if isinstance(c, Statement) else
                     _relation_parts(c)[2] if isinstance(c, sympy.Rel) else _sym(c))
             for label, c in (controls or {}).items()}
    expectation = lhs.expectation if isinstance(lhs, grad) else lhs
    exprs = [e for r in (rhs, *wrong.values()) for e in _scalars(r)] + (
        [expectation.integrand] if isinstance(expectation, E) else [lhs])
    dom = domain or _dom.Domain(
        *variables_of(*exprs), relations=relations,
        assumptions=(r"x \sim \mathcal{N}(0, I_d)",) if isinstance(expectation, E) else ())
    if isinstance(lhs, grad):
        if relation != "==" or not isinstance(rhs, Combination):
            raise ClaimDeclarationError(f"{where}: {claim_id}: grad(E(f), u) == a vector expression "
                                        "(e.g. A * u + B * v)")
        checks = _gradient_checks(Integrand(expectation), lhs.wrt, points,
                                  digits or tolerances.QUADRATURE_DIGITS)
        lhs_tex = lhs.latex()
    elif isinstance(lhs, E):
        integrand = Integrand(lhs)
        default = (tolerances.QUADRATURE_DIGITS if integrand.homogeneous()
                   else tolerances.GENERAL_QUADRATURE_DIGITS)
        checks = _expectation_checks(integrand, relation, derivation, points, digits or default,
                                     symbolic_domain(*exprs))
        lhs_tex = lhs.latex()
    else:
        checks = _relation_checks(lhs, relation, dom, points, digits or tolerances.QUADRATURE_DIGITS)
        if derivation is not None:
            checks.insert(0, R.Symbolic(derivation, name="symbolic: derivation = claimed",
                                        domain=symbolic_domain(*exprs)))
        lhs_tex = _tex(lhs)
    rel_tex = {"==": "=", ">=": r"\geq", "<=": r"\leq", ">": ">", "<": "<"}[relation]
    built = R.with_controls(rhs, checks, wrong, evaluate=_evaluator)
    paper = claim_id.split("-", 1)[0] if isinstance(claim_id, str) else ""
    derived = derivation if derivation is not None else (lambda: rhs)
    c = Claim(
        id=claim_id, title=title or claim_id.split("-", 1)[-1],
        tier=tier or ("USER" if paper == "USER" else "(none given)"),
        location=location or f"{site[0]}:{site[1]}",
        statement=f"{lhs_tex} {rel_tex} {_tex(rhs)}", domain=dom, assumptions=tuple(assumptions),
        uses=tuple(uses), routes=(*built, *routes), erratum=erratum, source=site,
        expressions=tuple(expressions) or (Expression("claimed", lhs_tex, derived, notation(*exprs)),),
        expect=Verdict(expect) if expect is not None else None)
    if register:
        REGISTRY.register(c)
        _add_tests(sys._getframe(1).f_globals, c)
    return c


def _tex(expr) -> str:
    from .latex import to_latex

    return expr.latex() if isinstance(expr, Combination) else to_latex(expr, notation(expr))


def _sym(value):
    """A right-hand side: a vector expression stays one, anything else becomes SymPy."""
    if isinstance(value, Vector):
        return combine(value)
    return value if isinstance(value, Combination) else sympy.sympify(value)


def _scalars(value) -> list:
    return value.coefficients if isinstance(value, Combination) else [value]


def _evaluator(expr):
    return expr.evaluator() if isinstance(expr, Combination) else evaluator(expr)


def _add_tests(module_globals: dict, c: Claim) -> None:
    """Put the claim's verdict test and its property test into the declaring module."""
    try:
        from .testing import property_test, verdict_test
    except ImportError:  # pytest or Hypothesis not installed: nothing to add
        return
    safe = re.sub(r"\W", "_", c.id)
    module_globals.setdefault(f"test_{safe}_verdict", verdict_test(c))
    module_globals.setdefault(f"test_{safe}_property", property_test(c))

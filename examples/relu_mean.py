r"""Worked example: adding a claim of your own.

Claim ``USER-ReLU-mean``: for :math:`x\sim\mathcal N(0,I_d)` and :math:`a\neq0`,
:math:`\mathbb E[\sigma(a^\top x)] = \|a\|/\sqrt{2\pi}`.

A deliberately false companion, ``USER-ReLU-mean-false``, claims :math:`\|a\|/2`; the suite must
report it refuted with a counterexample.

Run it:  ``verify --module examples/relu_mean.py check USER-ReLU-mean USER-ReLU-mean-false``
Test it: ``pytest examples``
"""
import numpy as np
import sympy as sp

from verify import Claim, Expression, Role, register
from verify import routes as R
from verify.numeric import mp_function
from verify.domain import Vector
from verify.montecarlo import gaussian_monte_carlo
from verify.quadrature import gaussian_expectation
from verify.sampling import log_uniform, unit_vector
from verify.tolerances import QUADRATURE_DIGITS
from verify.vectors import norm

r = sp.Symbol("r", positive=True)   # |a|
z = sp.Symbol("z", real=True)       # a.x / |a| ~ N(0, 1)


def derived_mean() -> sp.Expr:
    """Derive, do not type in: E[relu(r z)] = int_0^oo r z phi(z) dz."""
    return sp.integrate(r * z * sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi), (z, 0, sp.oo))


# 1. numeric oracles, independent of the closed form
def quadrature_mean(pt, dps):
    return gaussian_expectation(lambda s: s if s > 0 else 0, [pt["a"]], dps=dps, degree=1)


def monte_carlo_mean(pt, n, rng):
    return gaussian_monte_carlo(lambda P: np.maximum(P[0], 0), [pt["a"]], n=n, rng=rng)


# 2. seeded points where the routes are evaluated
def points(rng):
    return [{"a": unit_vector(rng, int(rng.integers(1, 65))) * log_uniform(rng, 1e-3, 1e3)}
            for _ in range(6)]


def candidate(expr):
    """pt -> expr at r = |a|, evaluated at the working precision."""
    f = mp_function([r], expr)
    return lambda pt: f(norm(pt["a"]))


def routes(claimed, role=Role.CHECK, label=""):
    return (
        R.SymbolicRoute(f"symbolic: derived = claimed{label}", derived_mean, claimed, role=role),
        R.AgreementRoute(f"quadrature{label}", "quadrature", candidate(claimed), quadrature_mean,
                         points, digits=QUADRATURE_DIGITS,
                         scale=lambda pt: float(np.linalg.norm(pt["a"])), role=role),
        R.MonteCarloRoute(f"monte-carlo{label}", candidate(claimed), monte_carlo_mean, points,
                          role=role),
    )


# 3. register: ID, statement, assumptions, routes, a negative control, LaTeX
register(Claim(
    id="USER-ReLU-mean", paper="USER", location="worked example", tier="USER",
    title="Mean of a ReLU of a Gaussian projection",
    statement=r"\mathbb{E}[\sigma(a^\top x)] = \frac{\|a\|}{\sqrt{2\pi}}",
    domain=(Vector("a", nonzero=True),),
    assumptions=(r"a \in \mathbb{R}^d \setminus \{0\}", r"x \sim \mathcal{N}(0, I_d)"),
    routes=(*routes(r / sp.sqrt(2 * sp.pi)),
            *routes(r / sp.sqrt(sp.pi), Role.CONTROL, " control (sqrt(pi) for sqrt(2 pi))")),
    expressions=(Expression("mean", r"\mathbb{E}[\sigma(a^\top x)]", derived_mean,
                            {r: r"\lVert a\rVert"}),),
))

register(Claim(
    id="USER-ReLU-mean-false", paper="USER", location="worked example (deliberately false)",
    tier="USER", title="A false claim the suite must refute",
    statement=r"\mathbb{E}[\sigma(a^\top x)] = \frac{\|a\|}{2}",
    domain=(Vector("a", nonzero=True),),
    assumptions=(r"a \neq 0",),
    routes=routes(r / 2),
))

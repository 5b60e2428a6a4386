"""verify — the engine of the proof-verification suite.

It holds the claim registry, the numeric oracles (quadrature, Monte Carlo, finite differences),
the symbolic checker, the LaTeX export and the CLI. It knows no paper: claims come from modules
registered in the ``verify.claims`` entry-point group (see :func:`verify.registry.load_claims`).
"""
from .errors import InputError, UnknownClaimError
from .registry import REGISTRY, Claim, Erratum, Expression, Route, RunContext, load_claims, register
from .results import ClaimResult, Role, RouteResult, Verdict

__all__ = [
    "REGISTRY", "Claim", "ClaimResult", "Erratum", "Expression", "InputError", "Role", "Route",
    "RouteResult", "RunContext", "UnknownClaimError", "Verdict", "load_claims", "register",
]

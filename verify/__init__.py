"""verify — the engine of the proof-verification suite.

It holds the claim registry, the numeric oracles (quadrature, Monte Carlo, finite differences),
the symbolic checker, the LaTeX export and the CLI. It knows no paper: claims come from modules
registered in the ``verify.claims`` entry-point group (see :func:`verify.registry.load_claims`).
"""
from .errors import InputError, UnknownClaimError
from .registry import REGISTRY, Claim, Erratum, Expression, Route, RunContext, load_claims, register
from .results import ClaimResult, Role, RouteResult, Verdict



def __getattr__(name):  # property_of needs pytest and Hypothesis: imported on first use
    if name == "property_of":
        from .testing import property_of

        return property_of
    raise AttributeError(f"module 'verify' has no attribute {name!r}")


__all__ = ["property_of", 
    "REGISTRY", "Claim", "ClaimResult", "Erratum", "Expression", "InputError", "Role", "Route",
    "RouteResult", "RunContext", "UnknownClaimError", "Verdict", "load_claims", "register",
]

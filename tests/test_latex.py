"""The LaTeX export is faithful: every exported expression reads back to the same function."""
import random
import re

import mpmath
import pytest
import sympy as sp

from verify import REGISTRY, load_claims
from verify.latex import fragment, read_back, to_latex

load_claims()
EXPRESSIONS = [(c.id, e) for c in REGISTRY for e in c.expressions]


def _sample(sym, rng):
    if sym.name in ("theta",):
        return rng.uniform(0.05, 3.09)
    if sym.name == "c":
        return rng.uniform(-0.95, 0.95)
    return rng.uniform(0.1, 5.0) if sym.is_positive else rng.uniform(-3, 3)


@pytest.mark.parametrize("claim_id, expression", EXPRESSIONS,
                         ids=[f"{i}:{e.name}" for i, e in EXPRESSIONS])
def test_exported_expression_reads_back(claim_id, expression):
    expr = expression.value()
    tex = to_latex(expr, expression.notation)
    back = read_back(tex, expression.notation, expr.free_symbols)
    assert back.free_symbols <= expr.free_symbols, (tex, back)
    rng = random.Random(claim_id + expression.name)
    for _ in range(5):
        # exact rationals: a float substituted into a product is rounded to 15 digits there
        point = {s: sp.Rational(_sample(s, rng)) for s in expr.free_symbols}
        with mpmath.workdps(30):
            a = sp.N(expr.subs(point), 30)
            b = sp.N(back.subs(point), 30)
        assert abs(a - b) <= 1e-25 * (1 + abs(a)), (tex, back)


def test_read_back_detects_a_wrong_export():
    """The round trip can fail: a formula with a changed constant reads back differently."""
    x = sp.Symbol("x", positive=True)
    tex = to_latex(x / (2 * sp.pi)).replace("2", "3")
    assert sp.simplify(read_back(tex, symbols=[x]) - x / (2 * sp.pi)) != 0


def test_notation_is_applied_and_every_product_is_explicit():
    a = sp.Symbol("a", positive=True)
    tex = to_latex(2 * sp.pi * a, {a: r"\lVert u\rVert"})
    assert r"\lVert u\rVert" in tex and r"\," in tex


def test_fragments_are_labelled():
    for claim in REGISTRY:
        text = fragment(claim)
        labels = re.findall(r"\\label\{([^}]*)\}", text)
        assert len(labels) == len(claim.expressions)
        assert all(label.startswith(claim.id + ":") for label in labels)

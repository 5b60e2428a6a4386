"""The registry is checked both ways against the property tests, and every claim is complete:
an independent numeric route, a negative control, LaTeX where it is a formula, known `uses`."""
import ast
from pathlib import Path

import pytest

from verify import REGISTRY, load_claims
from verify.results import NUMERIC_KINDS, Role
from verify.testing import has_property_test

ROOT = Path(__file__).resolve().parent.parent
load_claims()
CLAIMS = list(REGISTRY)
PAPER_CLAIMS = [c for c in CLAIMS if c.paper != "USER"]
# "evaluation": a high-precision evaluation of an already verified quantity (e.g. the risk of
# BG17-Eq8), independent of the derivation the claim itself makes.
NUMERIC_KINDS = {str(k) for k in NUMERIC_KINDS}


def claim_markers(folder: Path) -> dict[str, set[str]]:
    """IDs used in ``pytest.mark.claim("...")`` markers, by file (static: parsed, not imported)."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "attr", getattr(node.func, "id", None)) \
                if isinstance(node, ast.Call) else None
            if (name in ("claim", "property_of") and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, set()).add(path.name)
    return found


def test_there_are_claims():
    assert len(PAPER_CLAIMS) >= 4


def test_every_registered_claim_has_a_property_test():
    """The generic tests (properties/test_every_claim.py) cover every claim with pointwise
    routes over its domain, and every figure claim's image; the others need a hand-written test
    carrying their ID."""
    markers = claim_markers(ROOT / "properties")
    missing = [c.id for c in PAPER_CLAIMS
               if c.id not in markers and not has_property_test(c) and c.figure is None]
    assert not missing, f"claims without a property test in properties/: {missing}"


def test_every_id_used_in_a_test_is_registered():
    used = {**claim_markers(ROOT / "properties"), **claim_markers(ROOT / "examples")}
    ids = {c.id for c in CLAIMS}
    from verify import load_claims as _load

    _load([str(ROOT / "examples" / "relu_mean.py")])
    ids |= {c.id for c in REGISTRY}
    unknown = {i: files for i, files in used.items() if i not in ids}
    assert not unknown, f"markers naming unregistered claims: {unknown}"


def test_the_coverage_scan_can_fail(tmp_path):
    (tmp_path / "test_x.py").write_text('import pytest\n@pytest.mark.claim("BG17-NOPE")\ndef test(): pass\n')
    assert "BG17-NOPE" in claim_markers(tmp_path)


@pytest.mark.parametrize("claim", PAPER_CLAIMS, ids=lambda c: c.id)
def test_claim_is_complete(claim):
    checks = [r for r in claim.routes if r.role is Role.CHECK]
    controls = [r for r in claim.routes if r.role is Role.CONTROL]
    assert {r.kind for r in checks} & NUMERIC_KINDS, "needs an independent numeric route"
    assert controls, "needs a negative control"
    assert claim.expressions or claim.formula is None, "formula claims need LaTeX expressions"
    for used in claim.uses:
        assert used in REGISTRY, f"uses unknown claim {used}"
    assert claim.statement and claim.all_assumptions and claim.location

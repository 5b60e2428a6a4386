"""The parallel runner and the incremental cache: the same results on one worker and on two;
exactly the claims whose sources changed re-run; a damaged cache entry costs time, never a
wrong verdict."""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from verify import REGISTRY, load_claims
from verify.cache import Cache
from verify.runner import run_claims
from verify.testing import without_timings

load_claims()
def verdicts(results):
    return without_timings(results, ("seconds", "cached_at", "cached"))


# a certified route split into pieces with finite-difference points, an erratum with Monte Carlo
# and quadrature, and a certified kernel claim with quadrature and Monte Carlo
SUBSET = ["BG17-S5-angle", "BG17-S5-init", "BG17-L3.1"]


def test_one_worker_gives_the_results_of_every_core(catalogue):
    """The catalogue fixture ran on every core; here the same claims run in this one process."""
    claims = [REGISTRY.get(i) for i in SUBSET]
    one = [verdicts(r.to_json()) for r in run_claims(claims, jobs=1)]
    assert one == [verdicts(catalogue[i].to_json()) for i in SUBSET]  # (it may have come from the cache)
    assert [r["id"] for r in one] == SUBSET  # in the order asked for, not the order finished
    assert {r["verdict"] for r in one} == {"holds", "erratum"}
    check = REGISTRY.get("BG17-L3.1").check()  # Claim.check is the same steps, in order
    assert verdicts(check.to_json()) == verdicts(catalogue["BG17-L3.1"].to_json())


def test_bad_job_count_is_an_input_error():
    from verify.errors import InputError

    with pytest.raises(InputError, match="-j 0"):
        run_claims([REGISTRY.get("BG17-L3.1")], jobs=0)


def test_a_claims_key_covers_the_project_modules_it_imports():
    from verify.cache import source_closure

    def files(claim_id):
        return {os.path.basename(f) for f, _ in source_closure(REGISTRY.get(claim_id).source[0])}
    assert {"s5.py", "s3_risk.py", "kernels.py"} <= files("BG17-Eq14")   # s5 -> s3_risk -> kernels
    assert "s5.py" not in files("BG17-L3.1") and "kernels.py" in files("BG17-L3.1")
    assert "kernels.py" not in files("BG17-P4.1") and "s6.py" in files("BG17-P4.1")  # imported in a function


# --- the cache, through the command line on a project of the user's --------------------------
CLAIM = """
    import sympy as sp
    from verify.registry import Claim, register
    from verify.results import Role
    from verify.routes import SymbolicRoute
    {extra}
    x = sp.Symbol("x")
    register(Claim("{id}", "test", "USER", "a square", statement="(x+1)^2", routes=(
        SymbolicRoute("expanded", (x + 1) ** 2, x**2 + 2 * x + {one}),
        SymbolicRoute("control", (x + 1) ** 2, x**2 + 1, role=Role.CONTROL))))
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "helper.py").write_text("ONE = 1\n")
    (tmp_path / "claims_a.py").write_text(textwrap.dedent(CLAIM.format(
        id="USER-A", extra="from helper import ONE", one="ONE")))
    (tmp_path / "claims_b.py").write_text(textwrap.dedent(CLAIM.format(id="USER-B", extra="", one="1")))
    return tmp_path


def check(project, *extra):
    proc = subprocess.run([sys.executable, "-m", "verify", "--module", "claims_a", "--module", "claims_b",
                           "check", "USER-A", "USER-B", "--json", *extra],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "VERIFY_CACHE": str(project / "cache")})
    assert proc.returncode == 0, proc.stderr
    return {c["id"]: c for c in json.loads(proc.stdout)}, proc.stderr


def test_only_the_claims_that_import_a_changed_module_rerun(project):
    first, _ = check(project)
    assert not first["USER-A"]["cached"] and not first["USER-B"]["cached"]
    second, _ = check(project)
    assert second["USER-A"]["cached"] and second["USER-B"]["cached"] and second["USER-A"]["cached_at"]
    (project / "helper.py").write_text("ONE = 1  # touched\n")
    third, _ = check(project)
    assert not third["USER-A"]["cached"] and third["USER-B"]["cached"]
    fresh, _ = check(project, "--fresh")
    assert not fresh["USER-A"]["cached"] and not fresh["USER-B"]["cached"]
    assert verdicts(fresh) == verdicts(third)


def test_a_damaged_entry_is_ignored_with_a_warning_and_cache_clear_empties_it(project):
    first, _ = check(project)  # computed: what --fresh gives
    path = project / "cache" / "claims" / "USER-B.json"
    intact = path.read_bytes()
    for damaged in (intact[:50],  # truncated
                    intact.replace(b'"verdict": "holds"', b'"verdict": "refuted"', 1)):  # checksum fails
        path.write_bytes(damaged)
        again, err = check(project)
        assert not again["USER-B"]["cached"] and again["USER-A"]["cached"]
        assert verdicts(again) == verdicts(first)
        warnings = [line for line in err.splitlines() if "warning" in line]
        assert len(warnings) == 1 and "USER-B.json" in warnings[0] and "recomputing" in warnings[0]
    env = {**os.environ, "VERIFY_CACHE": str(project / "cache")}
    proc = subprocess.run([sys.executable, "-m", "verify", "cache", "clear"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "removed 2 entries" in proc.stdout
    assert not list((project / "cache" / "claims").glob("*.json"))


def test_certificate_pieces_come_from_the_cache_and_a_damaged_one_is_redone(tmp_path, capsys):
    from verify.cli import main

    cache = Cache(os.environ["VERIFY_CACHE"])
    assert main(["certify", "BG17-S5-angle", "-o", str(tmp_path / "a.json")]) == 0
    pieces = sorted((cache.root / "pieces").glob("*.json"))
    assert pieces and list((cache.root / "plans").glob("*.json"))
    pieces[0].write_text("{")
    capsys.readouterr()
    assert main(["certify", "BG17-S5-angle", "-o", str(tmp_path / "b.json")]) == 0
    assert "ignoring cache entry" in capsys.readouterr().err
    assert sorted((cache.root / "pieces").glob("*.json")) == pieces  # the same pieces, one redone
    a, b = (json.loads((tmp_path / f).read_text()) for f in ("a.json", "b.json"))
    assert a == b  # the same certificate, whether its pieces came from the cache or not
    assert main(["recheck", str(tmp_path / "b.json")]) == 0

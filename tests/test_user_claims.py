"""What a new user ran into when adding claims of their own (issue: one declaration per claim).

Each case writes a small claim file, runs `verify --module FILE` in a subprocess (a fresh
registry) and checks the exit code and the one-line message or the verdict."""
import json
import subprocess
import sys
import textwrap

import pytest

HEADER = "from verify.gaussian import E, Eq, Rational, Real, Vector, claim, norm, pi, relu, sqrt, step, x\n"


def run(tmp_path, body, *args, name="my_claims.py", module=None):
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body))
    target = module or str(path)
    proc = subprocess.run([sys.executable, "-m", "verify", "--module", target, *args],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    return proc


def one_line_error(proc):
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2, proc.stderr + proc.stdout
    assert len(lines) == 1 and lines[0].startswith("verify: error: "), proc.stderr
    return lines[0]


A = 'a = Vector("a", nonzero=True)\n'
MEAN = 'E(relu(a @ x)) == norm(a) / sqrt(2 * pi)'


@pytest.mark.parametrize("body, expected", [
    (A + f'claim("user-mean", {MEAN})\n', "my_claims.py:3: claim ID 'user-mean' does not look like PAPER-LABEL"),
    (A + f'claim("USER-mean", {MEAN}, tier="GUESS")\n', "my_claims.py:3: USER-mean: tier 'GUESS' is not one of"),
    (A + f'claim("USER-mean", {MEAN})\nclaim("USER-mean", {MEAN})\n',
     "my_claims.py:4: claim USER-mean is already registered (at"),
    (A + 'claim("USER-mean", E(relu(a @ x) == 1)\n', "my_claims.py:3: syntax error"),
    (A + 'claim("USER-mean", norm(a) == norm(a))\n', "my_claims.py:3: USER-mean: the statement is a Python bool"),
    (A + 'undefined_name + 1\n', "my_claims.py:3: NameError: name 'undefined_name' is not defined"),
])
def test_a_mistake_in_a_claim_file_is_one_line_naming_file_and_line(tmp_path, body, expected):
    line = one_line_error(run(tmp_path, body, "list"))
    assert expected in line, line


def test_an_oracle_that_cannot_take_its_input_is_that_claims_error(tmp_path):
    """Four vectors spanning four dimensions: the quadrature oracle handles rank <= 3. The
    claim's verdict is error, naming the route and the reason; the command exits 1, not 2."""
    body = '''
    a, b, c, d = (Vector(n, nonzero=True, min_dim=4) for n in "abcd")
    claim("USER-Four", E(relu(a @ x) * relu(b @ x) * relu(c @ x) * relu(d @ x)) == norm(a) * 0 + 1,
          points={"monte-carlo": 0})
    '''
    proc = run(tmp_path, body, "check", "USER-Four", "--json")
    assert proc.returncode == 1, proc.stderr
    [result] = json.loads(proc.stdout)
    assert result["verdict"] == "error"
    assert "quadrature" in result["reason"] and "more than 3 dimensions" in result["reason"]


def test_three_vectors_spanning_three_dimensions_hold(tmp_path):
    """E[(a·x)(b·x) 1(c·x > 0)] = a·b/2 for three vectors in general position (the sphere
    quadrature), with a wrong factor rejected."""
    body = '''
    a, c = (Vector(n, nonzero=True, min_dim=3, max_dim=4, norms=(0.5, 2)) for n in "ac")
    b = Vector("b", nonzero=True, angle_to="a", angles=(0.2, 0.8), boundary_angles=(), norms=(0.5, 2))
    claim("USER-Three", E((a @ x) * (b @ x) * step(c @ x)) == (a @ b) / 2, digits=10,
          controls={"a·b/3": (a @ b) / 3}, points={"quadrature": 1, "monte-carlo": 1})
    '''
    proc = run(tmp_path, body, "check", "USER-Three", "--json")
    [result] = json.loads(proc.stdout)
    assert proc.returncode == 0 and result["verdict"] == "holds", result["reason"]


def test_a_gradient_claim_gets_finite_differences(tmp_path):
    """Lemma 3.2 of BG17 as a user would write it: ∇_u E[σ(u·x)σ(v·x)] = A u + B v; finite
    differences of the quadrature, quadrature and Monte Carlo of E[x ∂f] hold, the sign flip is
    rejected by all three."""
    body = '''
    from verify.gaussian import angle, grad, sin
    u = Vector("u", nonzero=True, max_dim=4)
    v = Vector("v", nonzero=True, angle_to="u", max_dim=4, angles=(0.2, 1.4))
    th = angle(u, v)
    A, B = norm(v) * sin(th) / (2 * pi * norm(u)), (pi - th) / (2 * pi)
    claim("USER-Grad", grad(E(relu(u @ x) * relu(v @ x)), u) == A * u + B * v,
          controls={"sign flip": A * u - B * v}, points={"finite-difference": 2, "quadrature": 2})
    '''
    proc = run(tmp_path, body, "check", "USER-Grad", "--json")
    [result] = json.loads(proc.stdout)
    assert result["verdict"] == "holds", result["reason"]
    kinds = {r["kind"] for r in result["routes"] if r["role"] == "control" and r["verdict"] == "refuted"}
    assert kinds == {"finite-difference", "quadrature", "monte-carlo"}


def test_monte_carlo_can_confirm_a_zero(tmp_path):
    """E[a·x] = 0: the power check is absolute where the claimed value is 0 (not undecided)."""
    body = A + 'claim("USER-Zero", E(a @ x) == 0 * norm(a), controls={"‖a‖/10": norm(a) / 10},\n' \
               '      points={"quadrature": 3, "monte-carlo": 3})\n'
    proc = run(tmp_path, body, "check", "USER-Zero", "--json")
    [result] = json.loads(proc.stdout)
    mc = [r for r in result["routes"] if r["kind"] == "monte-carlo" and r["role"] == "check"]
    assert result["verdict"] == "holds" and mc[0]["verdict"] == "holds", result["reason"]


def test_undecided_says_where(tmp_path):
    """A Monte Carlo check too weak at a point reports undecided with that point."""
    body = A + 'claim("USER-Weak", E(relu(a @ x) ** 6) == 15 * norm(a) ** 6 / 2,\n' \
               '      points={"quadrature": 1, "monte-carlo": 1})\n'
    proc = run(tmp_path, body, "check", "USER-Weak", "--json")
    [result] = json.loads(proc.stdout)
    weak = [r for r in result["routes"] if r["verdict"] == "undecided"]
    assert result["verdict"] == "undecided" and weak, result["reason"]
    assert "a" in weak[0]["undecided_at"] and "first at a=" in weak[0]["detail"]
    assert "too weak" in weak[0]["detail"]


def test_a_reference_runs_at_the_precision_it_is_asked_for(tmp_path):
    """A user's reference that uses mpmath's current precision (no workdps of its own) gets the
    working precision of the route, so a true claim holds to 30 digits."""
    body = '''
    import mpmath
    from verify import Claim, register
    from verify import routes as R
    from verify.quadrature import Estimate

    def reference(point, dps):
        return Estimate(mpmath.sqrt(2) * mpmath.pi, 10.0 ** -dps)   # default precision: 15 digits

    register(Claim("USER-Precision", "test", "USER", "sqrt(2) pi", statement=r"\\sqrt2\\pi",
                   routes=(R.AgreementRoute("reference", "evaluation",
                                            lambda pt: mpmath.sqrt(2) * mpmath.pi, reference,
                                            lambda rng: [{}], digits=30),
                           R.AgreementRoute("control", "evaluation", lambda pt: mpmath.mpf(4.44),
                                            reference, lambda rng: [{}], digits=30,
                                            role=R.Role.CONTROL))))
    '''
    proc = run(tmp_path, body, "check", "USER-Precision", "--json")
    [result] = json.loads(proc.stdout)
    assert result["verdict"] == "holds", result["reason"]


def test_dotted_module_name_from_the_working_directory(tmp_path):
    pkg = tmp_path / "mypkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "claims.py").write_text(HEADER + A + f'claim("USER-Dotted", {MEAN})\n')
    proc = subprocess.run([sys.executable, "-m", "verify", "--module", "mypkg.claims", "list"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0 and "USER-Dotted" in proc.stdout, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "verify", "--module", "mypkg.nothing", "list"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 2 and "no such module" in proc.stderr


def test_inequality_over_a_compact_box_is_certified(tmp_path):
    body = '''
    t = Real("t", 0, 1)
    claim("USER-Ineq", t * (1 - t) <= Rational(1, 4), controls={"≤ 1/5": t * (1 - t) <= Rational(1, 5)})
    claim("USER-Ident", Eq((t + 1) ** 2, t**2 + 2 * t + 1), controls={"2t for 2t + 1": Eq(t, t**2 + 2 * t)})
    '''
    proc = run(tmp_path, body, "check", "USER-Ineq", "USER-Ident", "--json")
    results = {r["id"]: r for r in json.loads(proc.stdout)}
    assert results["USER-Ineq"]["verdict"] == "holds" and results["USER-Ineq"]["status"] == "certified"
    assert results["USER-Ident"]["verdict"] == "holds" and results["USER-Ident"]["status"] == "derived"


def test_a_duplicate_id_in_a_hand_built_claim_is_caught(tmp_path):
    body = '''
    from verify import Claim, register
    register(Claim("USER-Twice", "here", "USER", "first", statement="1"))
    register(Claim("USER-Twice", "there", "USER", "second", statement="2"))
    '''
    line = one_line_error(run(tmp_path, body, "list"))
    assert "my_claims.py:5: claim USER-Twice is already registered (at" in line and "my_claims.py:4" in line

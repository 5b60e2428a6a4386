"""Property test of the worked example: copy this file to add a test for your own claim."""
import json
from pathlib import Path

import mpmath
import pytest
from hypothesis import given

from verify import load_claims
from verify.cli import main
from verify.quadrature import gaussian_expectation
from verify.strategies import counterexample, vectors
from verify.vectors import norm

EXAMPLE = Path(__file__).with_name("relu_mean.py")
load_claims([str(EXAMPLE)])  # registers USER-ReLU-mean and USER-ReLU-mean-false


def relu_mean_quadrature(a):
    return gaussian_expectation(lambda s: s if s > 0 else 0, [a], dps=30, degree=1).value


@pytest.mark.claim("USER-ReLU-mean")
@given(vectors(max_dim=16, min_value=1e-3, max_value=1e3))
def test_mean_matches_quadrature(a):
    with mpmath.workdps(30):
        claimed = norm(a) / mpmath.sqrt(2 * mpmath.pi)
        assert abs(relu_mean_quadrature(a) - claimed) <= mpmath.mpf(10) ** -25 * claimed


@pytest.mark.claim("USER-ReLU-mean-false")
def test_false_claim_has_a_counterexample():
    def refutes(a):
        with mpmath.workdps(30):
            return abs(relu_mean_quadrature(a) - norm(a) / 2) > mpmath.mpf(10) ** -20 * norm(a)
    counterexample(vectors(max_dim=8, min_value=0.1, max_value=10), refutes)


def test_cli_reports_true_claim_holding(capsys):
    code = main(["--module", str(EXAMPLE), "check", "USER-ReLU-mean", "--json"])
    [result] = json.loads(capsys.readouterr().out)
    assert code == 0 and result["verdict"] == "holds"


def test_cli_reports_false_claim_refuted_with_counterexample(capsys):
    code = main(["--module", str(EXAMPLE), "check", "USER-ReLU-mean-false", "--json"])
    [result] = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["verdict"] == "refuted"
    refuting = [r for r in result["routes"] if r["verdict"] == "refuted"]
    assert {r["kind"] for r in refuting} >= {"symbolic", "quadrature", "monte-carlo"}
    assert all("counterexample" in r for r in refuting)
    assert all(len(r["counterexample"]["a"]) >= 1 for r in refuting if r["kind"] != "symbolic")

"""The worked example runs both ways: `verify --module` and `pytest` on the same file."""
import json
import subprocess
import sys
from pathlib import Path

from verify.cli import main

EXAMPLE = Path(__file__).with_name("relu_mean.py")


def test_claim_file_is_small():
    lines = EXAMPLE.read_text().splitlines()
    assert len(lines) <= 12 and sum(line.startswith(("import ", "from ")) for line in lines) <= 2


def test_cli_reports_true_claim_holding(capsys):
    code = main(["--module", str(EXAMPLE), "check", "USER-ReLU-mean", "--json"])
    [result] = json.loads(capsys.readouterr().out)
    assert code == 0 and result["verdict"] == "holds" and result["status"] == "derived"
    controls = [r for r in result["routes"] if r["role"] == "control"]
    assert len(controls) == 3 and all(r["verdict"] == "refuted" for r in controls)


def test_cli_reports_false_claim_refuted_with_counterexample(capsys):
    code = main(["--module", str(EXAMPLE), "check", "USER-ReLU-mean-false", "--json"])
    [result] = json.loads(capsys.readouterr().out)
    assert code == 1 and result["verdict"] == "refuted"
    refuting = [r for r in result["routes"] if r["verdict"] == "refuted"]
    assert {r["kind"] for r in refuting} == {"quadrature", "monte-carlo"}
    assert all(len(r["counterexample"]["a"]) >= 1 for r in refuting)


def test_pytest_runs_the_claim_file():
    proc = subprocess.run([sys.executable, "-m", "pytest", str(EXAMPLE), "-q", "-p", "no:cacheprovider",
                           "-p", "no:randomly"], capture_output=True, text=True, cwd=EXAMPLE.parent.parent)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "4 passed" in proc.stdout


def test_readme_shows_this_very_file():
    readme = (EXAMPLE.parent.parent / "README.md").read_text()
    assert "```python\n" + EXAMPLE.read_text() + "```" in readme

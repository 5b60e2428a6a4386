"""The command line: list, check (table and JSON), latex, and exit codes."""
import json
import subprocess
import sys

import pytest

from verify.cli import main

IDS = ["BG17-L3.1", "BG17-L3.2", "BG17-Eq8a", "BG17-X10"]


def test_list_shows_every_claim(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert all(i in out for i in IDS)


def test_list_by_paper(capsys):
    assert main(["list", "--paper", "BG17"]) == 0
    assert "BG17-L3.1" in capsys.readouterr().out


def test_check_json_is_valid_and_complete(capsys):
    code = main(["check", "BG17-Eq8a", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    [claim] = data
    assert set(claim) >= {"id", "verdict", "routes", "seconds"}
    assert claim["verdict"] == "holds"
    kinds = {r["kind"] for r in claim["routes"]}
    assert {"symbolic", "quadrature", "monte-carlo"} <= kinds
    for route in claim["routes"]:
        assert set(route) >= {"route", "verdict", "detail"}
        assert route["verdict"] in {"holds", "refuted", "erratum", "undecided", "error"}
    controls = [r for r in claim["routes"] if r["role"] == "control"]
    assert controls and all(r["verdict"] == "refuted" for r in controls)


def test_check_table(capsys):
    assert main(["check", "BG17-L3.1"]) == 0
    out = capsys.readouterr().out
    assert "BG17-L3.1" in out and "holds (certified)" in out and "negative controls 4/4 rejected" in out


def test_a_caveat_is_shown_in_the_table_json_and_latex(capsys, tmp_path):
    """DLTPS18-H1 holds with the caveat W1 (a missing hypothesis): the reader sees it everywhere."""
    assert main(["check", "DLTPS18-H1", "--json"]) == 0
    [claim] = json.loads(capsys.readouterr().out)
    assert claim["verdict"] == "holds" and claim["caveat"].startswith("W1:") and claim["tier"] == "SRC"
    assert main(["check", "DLTPS18-H1"]) == 0
    assert "caveat:" in capsys.readouterr().out
    assert main(["latex", "DLTPS18-H1", "-o", str(tmp_path)]) == 0
    assert r"\textbf{Caveat.} W1" in (tmp_path / "DLTPS18-H1.tex").read_text()


def test_check_at_a_user_point(capsys):
    code = main(["check", "BG17-L3.1", "--json", "--at", "u=1,0,0", "--at", "v=0.3,0.4,0"])
    [claim] = json.loads(capsys.readouterr().out)
    assert code == 0
    assert all(r["verdict"] in ("holds", "refuted") for r in claim["routes"])
    assert any(r["kind"] == "quadrature" and r["verdict"] == "holds" for r in claim["routes"])


@pytest.mark.parametrize("argv, message", [
    (["check", "BG17-NOPE"], "unknown claim ID 'BG17-NOPE'"),
    (["check", "bg17-l3.1"], "did you mean BG17-L3.1"),
    (["check", "--bogus"], "unrecognized arguments: --bogus"),
    (["list", "--paper", "XX99"], "no such paper"),
    (["frobnicate"], "invalid choice"),
    (["check", "BG17-L3.1", "--at", "u=0,0", "--at", "v=1,1"], "u: must be a non-zero vector"),
    (["check", "BG17-L3.1", "--at", "u=1,nan", "--at", "v=1,1"], "u: entries must be finite"),
    (["check", "BG17-L3.1", "--at", "u=1,2,3", "--at", "v=1,1"], "v: dimension 2 does not match u"),
    (["check", "BG17-Eq8a", "--at", "w=1", "--at", "w_star=1", "--at", "k=1.5"], "k: expected an integer"),
    (["check", "BG17-Eq8a", "--at", "w=1", "--at", "w_star=1", "--at", "k=0"], "k: must be >= 2"),
    (["check", "BG17-L3.1", "BG17-L3.2", "--at", "u=1"], "--at needs exactly one claim ID"),
    (["check", "BG17-Eq16", "--at", "w=1,2,3", "--at", "w_star=1", "--at", "k=3"], "w: expected 2 entries"),
    (["--module", "no/such/file.py", "list"], "no such file"),
    (["figure", "BG17-L3.1", "-o", "x.png"], "has no figure"),
    (["figure", "BG17-F2", "-o", "no/such/dir/x.png"], "does not exist"),
    (["figure", "BG17-F2", "-o", "x.txt"], ".png"),
])
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_figure_writes_the_requested_format(tmp_path):
    assert main(["figure", "BG17-F2", "-o", str(tmp_path / "fig.svg")]) == 0
    assert (tmp_path / "fig.svg").read_text().lstrip().startswith("<?xml")


def test_latex_to_directory(tmp_path, capsys):
    assert main(["latex", "-o", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"claims.tex", "BG17-L3.1.tex", "BG17-X10.tex"} <= names
    main_doc = (tmp_path / "claims.tex").read_text()
    assert main_doc.startswith(r"\documentclass") and main_doc.rstrip().endswith(r"\end{document}")
    assert r"\input{BG17-L3.1}" in main_doc
    assert r"\label{BG17-L3.1:kernel}" in (tmp_path / "BG17-L3.1.tex").read_text()


def test_console_script_entry_point():
    """`python -m verify` is the installed program: bad input exits 2 with one line."""
    proc = subprocess.run([sys.executable, "-m", "verify", "check", "NOPE-1"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("verify: error: unknown claim ID 'NOPE-1'; "
                                   "`verify list` shows the registered IDs")


def test_certify_then_recheck(tmp_path, capsys):
    path = tmp_path / "l31.json"
    assert main(["certify", "BG17-L3.1", "-o", str(path)]) == 0
    out = capsys.readouterr().out
    assert "certified" in out and path.exists()
    assert main(["recheck", str(path)]) == 0
    assert "confirmed" in capsys.readouterr().out
    data = json.loads(path.read_text())
    data["obligations"][0]["leaves"][0]["face"] = []       # drop the boundary face
    path.write_text(json.dumps(data))
    assert main(["recheck", str(path)]) == 1
    assert "REJECTED" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["certify", "BG17-X10"], "no certified route"),
    (["certify", "BG17-NOPE"], "unknown claim"),
    (["certify", "BG17-L3.1", "-o", "/no/such/dir/c.json"], "does not exist"),
    (["recheck", "/no/such/file.json"], "no such file"),
])
def test_certify_bad_input_is_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_recheck_of_a_non_certificate_is_rejected(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("not json at all")
    assert main(["recheck", str(path)]) == 1
    assert "REJECTED" in capsys.readouterr().out

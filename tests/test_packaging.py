"""`pip install .` ships every sub-package (lemmas.common, lemmas.bg17, ...) and one entry point
per paper (checked against the installed distribution; skipped for an editable install, whose
files are the working tree)."""
import json
from importlib.metadata import distribution, entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_tree_is_installed():
    dist = distribution("relu-gd-verify")
    direct = dist.read_text("direct_url.json")
    if direct and json.loads(direct).get("dir_info", {}).get("editable"):
        pytest.skip("editable install: the working tree is the package")
    installed = {str(f).replace("\\", "/") for f in dist.files}
    packages = [p.parent.relative_to(ROOT).as_posix() for top in ("verify", "lemmas")
                for p in (ROOT / top).rglob("__init__.py")]
    missing = [p for p in packages if f"{p}/__init__.py" not in installed]
    assert packages and not missing, missing


def test_one_entry_point_per_paper():
    eps = entry_points(group="verify.claims")
    papers = {p.name: f"lemmas.{p.name}" for p in (ROOT / "lemmas").iterdir()
              if (p / "__init__.py").exists() and p.name != "common"}
    assert {ep.name: ep.value for ep in eps} == papers and "bg17" in papers

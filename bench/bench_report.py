"""`verify report` against `verify check` in the same run: check the catalogue (or one paper) into
a fresh cache, then write the site from that cache (figures drawn, expressions derived and
converted to MathML). Target: the report takes at most 1.5× the check.

Run: python bench/bench_report.py [PAPER]   (the whole catalogue takes about as long as `verify check`)
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(args, env):
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "verify", *args], env=env, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(paper=None):
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "VERIFY_CACHE": str(Path(tmp) / "cache")}
        select = ["--paper", paper] if paper else []
        check = timed(["check", *select], env)
        report = timed(["report", *select, "-o", str(Path(tmp) / "site")], env)
        pages = sorted(p.name for p in (Path(tmp) / "site").glob("*.html"))
        print(f"{paper or 'whole catalogue'}: verify check {check:.1f} s, verify report (from that cache) "
              f"{report:.1f} s: {report / check:.2f}× (target ≤ 1.5×); pages {pages}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)

"""Wall time of `verify check` (all claims), split by route kind, against the time to start the
program and load the claims (`verify list`), measured in the same run.

Run: python bench/bench_check.py
"""
import subprocess
import sys
import time

from verify import REGISTRY, RunContext, load_claims


def wall(argv):
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "verify", *argv], check=False, capture_output=True)
    return time.perf_counter() - t0


def main():
    startup = wall(["list"])
    total = wall(["check"])
    print(f"`verify list` (start-up + loading claims): {startup:.2f} s")
    print(f"`verify check` (all claims): {total:.2f} s = {total / startup:.1f}x start-up")
    load_claims()
    by_kind: dict[str, float] = {}
    for claim in REGISTRY:
        for r in claim.check(RunContext()).routes:
            by_kind[r.kind] = by_kind.get(r.kind, 0.0) + r.seconds
    for kind, seconds in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:18s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()

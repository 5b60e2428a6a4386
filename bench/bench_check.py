"""`verify check` of every claim: cold on one worker and on every core, warm from the cache, and
the longest claim alone, as ratios measured in the same run (this machine's speed drifts: compare
the ratios, not the seconds across runs). Also: each claim's work on one core, and claims whose
cost is above the test suite's threshold without a declared ``cost=``.

Run: python bench/bench_check.py [--repeat N]   (about 5 minutes per repeat on 2 cores)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time



def wall(argv, cache):
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "verify", *argv], capture_output=True, text=True,
                          env={**os.environ, "VERIFY_CACHE": cache})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"verify {' '.join(argv)} failed: {proc.stderr.strip()}")
    return time.perf_counter() - t0, proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    jobs = len(os.sched_getaffinity(0))
    cold1, coldn, longest1, longestn = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        startup, _ = wall(["list"], f"{tmp}/none")
        for r in range(args.repeat):  # interleaved, so that a drift in speed hits both
            seconds, out = wall(["check", "--json", "-j", "1"], f"{tmp}/one{r}")
            cold1.append(seconds)
            work = {c["id"]: c["seconds"] for c in json.loads(out)}
            seconds, _ = wall(["check", "--json", "-j", str(jobs)], f"{tmp}/all{r}")
            coldn.append(seconds)
            slowest = max(work, key=work.get)
            longest1.append(wall(["check", slowest, "-j", "1"], f"{tmp}/s1{r}")[0])
            longestn.append(wall(["check", slowest, "-j", str(jobs)], f"{tmp}/sn{r}")[0])
        warm, _ = wall(["check", "--json", "-j", str(jobs)], f"{tmp}/all0")
    c1, cn = min(cold1), min(coldn)
    print(f"`verify list` (start-up, loading the claims): {startup:.1f} s")
    print(f"cold `verify check`, -j 1: {c1:.1f} s; -j {jobs}: {cn:.1f} s = {cn / c1:.2f}x "
          f"(best of {args.repeat}; target <= 0.6x)")
    print(f"the claim with the most work, {slowest} ({work[slowest]:.1f} s on one core): alone with "
          f"-j 1 {min(longest1):.1f} s, -j {jobs} {min(longestn):.1f} s = {min(longestn) / min(longest1):.2f}x; "
          f"it is {min(longestn) / cn:.0%} of the whole -j {jobs} run")
    print(f"warm `verify check` (nothing changed): {warm:.2f} s = {warm / startup:.1f}x `verify list` "
          f"(target <= max(3 s, 3x))")
    print("work per claim on one core (s):")
    for cid, s in sorted(work.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {cid:18s} {s:6.1f}")
    from verify import REGISTRY, load_claims
    from verify.testing import SLOW_SECONDS

    load_claims()
    undeclared = [c for c, s in work.items() if s >= SLOW_SECONDS and not REGISTRY.get(c).cost]
    print(f"claims over {SLOW_SECONDS} s without a declared cost: {undeclared or 'none'}")


if __name__ == "__main__":
    main()

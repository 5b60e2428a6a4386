"""The §7.2 basin sweep: batched gradient descent (every teacher and restart of a setting in one
array) against the straightforward per-run loop (one run at a time), measured in the same run on
the same setting; target ≥ 50× faster. Then the whole default sweep on 2 worker processes
(target ≤ 60 s).

Run: python bench/bench_sweep.py
"""
import math
import tempfile
import time
from pathlib import Path

import numpy as np

from lemmas.bg17 import s7_sweep as sw
from lemmas.bg17.s7 import overlap_gradient


def per_run_loop(setting: dict, runs: int, seed: int = sw.SEED) -> float:
    """The straightforward way, for the benchmark: one run at a time, one gradient per step, a
    Python loop over steps. Returns seconds per run."""
    m, stride, k = setting["m"], setting["stride"], setting["k"]
    rng = np.random.default_rng(seed)
    T = sw.teachers(m, rng)
    start = time.perf_counter()
    for i in range(runs):
        v = T[i % len(T)]
        w = rng.standard_normal(m) * np.linalg.norm(v) / math.sqrt(m)
        for _ in range(sw.MAX_STEPS):
            g = overlap_gradient(w, v, stride, k)[0]
            w = w - sw.STEP * g
            if np.abs(g).max() < 1e-10 * np.linalg.norm(v):
                break
    return (time.perf_counter() - start) / runs


def main():
    for setting in ({"d": 6, "m": 3, "stride": 1, "k": 4}, {"d": 14, "m": 5, "stride": 3, "k": 4}):
        loop = per_run_loop(setting, runs=40)
        result = sw.run_setting(setting)
        batched = result["seconds"] / (result["teachers"] * result["restarts"])
        print(f"setting {setting}: per-run loop {loop * 1e3:.1f} ms/run, batched "
              f"{batched * 1e3:.3f} ms/run: {loop / batched:.0f}x")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sweep.jsonl"
        t0 = time.perf_counter()
        results = sw.sweep(out, workers=2, progress=False)
        wall = time.perf_counter() - t0
    s = sw.summary(results)
    print(f"whole default sweep: {s['settings']} settings, {s['runs']} runs in {wall:.1f} s on 2 "
          f"workers (target 60 s); smallest basin mass {s['min_mass']:.3f}")


if __name__ == "__main__":
    main()

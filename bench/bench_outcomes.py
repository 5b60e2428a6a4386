"""The DLTPS18 outcome table (PR3): one vectorised batch per setting (every run of the setting in
one array, decided runs leaving the batch) against the straightforward per-run loop (one run at a
time, the same early stopping), measured in the same run on the same starts; target ≥ 50×
faster. Then the whole table (14 settings × 2000 runs) on 2 worker processes (target ≤ 60 s).

Run: python bench/bench_outcomes.py
"""
import tempfile
import time
from pathlib import Path
from unittest import mock

import numpy as np

from lemmas.dltps18 import probability as P
from lemmas.dltps18.simulate import ball_starts, outcomes


def main():
    for p, k, kind in ((5, 4, "e1"), (25, 10, 0.1)):
        a_star, ws = P.teacher(kind, k), np.eye(p)[0]
        V, A = ball_starts(2000, p, a_star, np.random.default_rng(0))
        t0 = time.perf_counter()
        batch = outcomes(V, A, ws, a_star)
        batched = (time.perf_counter() - t0) / len(V)
        t0 = time.perf_counter()
        single = [outcomes(V[i:i + 1], A[i:i + 1], ws, a_star)["outcome"][0] for i in range(40)]
        loop = (time.perf_counter() - t0) / 40
        same = sum(s == b for s, b in zip(single, batch["outcome"][:40]))
        print(f"p={p} k={k}: per-run loop {loop * 1e3:.2f} ms/run, batched {batched * 1e3:.3f} ms/run: "
              f"{loop / batched:.0f}x (same outcome in {same}/40)")
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(P, "_store", lambda: Path(tmp) / "pr3.jsonl"):
        t0 = time.perf_counter()
        rows = P.table(workers=2)
        wall = time.perf_counter() - t0
    print(f"whole table: {len(rows)} settings × {P.RUNS} runs in {wall:.1f} s on 2 workers (target 60 s)")


if __name__ == "__main__":
    main()

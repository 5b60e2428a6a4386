"""The DLTPS18 outcome table (PR3) in one command: ``python -m lemmas.dltps18.outcome_table``.

Runs the 14 settings × 2000 WN-GD runs on the runner's executor (``--workers``), stores them in
the verify cache (shared with the claims and the figure) and prints the Markdown table of the
README: P(global) with its Wilson 95% interval, P(spurious), the catalogue's P(global) and PR4's
adiabatic prediction.
"""
from __future__ import annotations

import argparse
import time

from lemmas.dltps18.probability import adiabatic_global, rates, table, teacher
from verify.tolerances import wilson_interval

NAMES = {"e1": "e₁", "half": "½·𝟏", "mixed": "(1,1,1,−1,−1,−½)", "balanced": "(1,−1,0)"}


def markdown(rows) -> str:
    lines = ["| p | k | teacher a* | ρ | P(global) | P(spurious) | catalogue P(global) | adiabatic (PR4) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        r, a_star = rates(row), teacher(row["teacher"], row["k"])
        rho = float(a_star.sum() ** 2 / (row["k"] * a_star @ a_star))
        lo, hi = wilson_interval(r["global"], r["n"], 0.05)
        name = NAMES.get(row["teacher"], "random (ρ-matched)") if isinstance(row["teacher"], str) else "random (ρ-matched)"
        lines.append(f"| {row['p']} | {row['k']} | {name} | {rho:.3f} | {r['global'] / r['n']:.3f} [{lo:.3f}, {hi:.3f}] "
                     f"| {r['spurious'] / r['n']:.3f} | {row['catalogue_global']:.3f} | {adiabatic_global(row):.3f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: every core)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = table(workers=args.workers, progress=True)
    print(markdown(rows))
    print(f"\n{len(rows)} settings in {time.perf_counter() - start:.1f} s (runs are cached: a second call reads them)")


if __name__ == "__main__":
    main()

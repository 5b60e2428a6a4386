"""Sweeps: a task run over many settings on a process pool, each result appended to a JSON-lines
file as it finishes, resumable (settings already in the file are skipped; a line cut by an
interruption is rerun), with progress on stderr. Paper modules supply the task and the settings;
a Dask cluster can run the same task function (README)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Sequence


def load_results(path: Path) -> list[dict]:
    """The results in a JSON-lines file (a cut last line is ignored: that setting reruns)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out


def run_sweep(task: Callable[..., dict], settings: Sequence[dict], out: Path, *,
              key: Callable[[dict], tuple], workers: int = 2, progress: bool = True,
              describe: Callable[[dict], str] = str, **task_kwargs) -> list[dict]:
    """Run ``task(setting, **task_kwargs)`` for every setting whose ``key`` is not yet in ``out``,
    on ``workers`` processes; returns every result (old and new)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    done = load_results(out)
    finished = {key(r) for r in done}
    todo = [s for s in settings if key(s) not in finished]
    if progress and finished:
        print(f"resuming: {len(finished)} setting(s) already in {out}", file=sys.stderr)
    with ProcessPoolExecutor(max_workers=workers) as pool, out.open("a") as fh:
        futures = [pool.submit(task, s, **task_kwargs) for s in todo]
        for n, fut in enumerate(as_completed(futures), 1):
            result = fut.result()
            fh.write(json.dumps(result) + "\n")
            fh.flush()
            done.append(result)
            if progress:
                print(f"[{n}/{len(todo)}] {describe(result)}", file=sys.stderr)
    return done

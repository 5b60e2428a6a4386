"""Sweeps: a task run over many settings on a process pool, each result appended to a JSON-lines
file as it finishes, resumable (settings already in the file are skipped; a line cut by an
interruption is rerun), with progress on stderr. Paper modules supply the task and the settings.
The processes are :mod:`verify.runner`'s executor: local workers by default, a Dask cluster
when a scheduler address is given (the same one ``verify check --scheduler`` uses)."""
from __future__ import annotations

import functools
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
              key: Callable[[dict], tuple], workers: int = 2, scheduler: str | None = None,
              progress: bool = True, describe: Callable[[dict], str] = str,
              **task_kwargs) -> list[dict]:
    """Run ``task(setting, **task_kwargs)`` for every setting whose ``key`` is not yet in ``out``,
    on ``workers`` processes (or the Dask cluster at ``scheduler``); returns every result (old
    and new)."""
    from .runner import executor

    done = load_results(out)
    finished = {key(r) for r in done}
    todo = [s for s in settings if key(s) not in finished]
    if progress and finished:
        print(f"resuming: {len(finished)} setting(s) already in {out}", file=sys.stderr)
    pool = executor(workers, scheduler)
    try:
        cut = out.exists() and out.stat().st_size > 0 and not out.read_bytes().endswith(b"\n")
        with out.open("a") as fh:
            if cut:  # a line cut by an interruption: end it, so that the next line parses
                fh.write("\n")
            pending = {pool.submit(functools.partial(task, **task_kwargs), s) for s in todo}
            n = 0
            while pending:
                finished_now, pending = pool.wait(pending)
                for fut in finished_now:
                    result = fut.result()
                    fh.write(json.dumps(result) + "\n")
                    fh.flush()
                    done.append(result)
                    n += 1
                    if progress:
                        print(f"[{n}/{len(todo)}] {describe(result)}", file=sys.stderr)
    finally:
        pool.close()
    return done

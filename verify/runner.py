"""Checking many claims at once: on every core, on a Dask cluster, and only what changed.

Every route runs as a *plan*, then independent *pieces*, then an *assembly*
(:class:`verify.results.RoutePlan`): a pointwise route splits into pieces of a few points, a
certified route into the open boxes its search leaves after a breadth-first start, any other route
runs whole while planning. Plans and pieces run in worker processes (or on a Dask cluster);
assemblies run here. How a route splits depends only on the route, never on the number of
workers, and every seed comes from (claim ID, route kind, index) or the point itself, so
``-j 1``, ``-j N`` and a cluster give the same results (only the timings differ).

Claims whose inputs did not change come from the cache (:mod:`verify.cache`) without running.
The measured time of each claim is remembered beside the cache, and claims start longest first,
so that the last claim to finish does not start last.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .cache import Cache, claim_key
from .errors import InputError
from .registry import REGISTRY, Claim, RunContext, load_claims
from .results import ClaimResult, PieceError, RoutePlan, RouteResult


@dataclass(frozen=True)
class Job:
    """What a worker needs to rebuild a run's context: picklable, small."""

    modules: tuple[str, ...] = ()
    seed: int = RunContext.seed
    at: Any = None
    cache_dir: str | None = None
    cwd: str = ""


_LOADED: set[tuple[str, ...]] = set()


def _claim(job: Job, claim_id: str) -> Claim:
    if job.modules not in _LOADED:
        if job.cwd and job.cwd not in sys.path:
            sys.path.insert(0, job.cwd)  # a user's dotted module name, as in the parent
        load_claims(job.modules)
        _LOADED.add(job.modules)
    return REGISTRY.get(claim_id)


def _context(job: Job, claim: Claim) -> RunContext:
    return RunContext(seed=job.seed, at=job.at, claim=claim,
                      cache=None if job.cache_dir is None else Cache(job.cache_dir))


def plan_task(job: Job, claim_id: str, index: int) -> tuple[Any, float]:
    """Worker: a route's plan (or its whole result), and the seconds it took."""
    start = time.perf_counter()
    claim = _claim(job, claim_id)
    route = claim.routes[index]
    return route.guarded(route.plan, _context(job, claim), claim_id), time.perf_counter() - start


def piece_task(job: Job, claim_id: str, index: int, piece: Any) -> tuple[Any, float]:
    """Worker: one piece's outcome, and the seconds it took."""
    start = time.perf_counter()
    claim = _claim(job, claim_id)
    route = claim.routes[index]
    return route.guarded(route.run_piece, _context(job, claim), claim_id, piece), time.perf_counter() - start


# --- executors: here, local processes, or a Dask cluster ------------------------------------
class Inline:
    """Runs each task when it is submitted (``-j 1``): the same steps, in this process."""

    def submit(self, fn: Callable, *args) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 (handed to the caller through the future)
            fut.set_exception(exc)
        return fut

    def wait(self, pending):
        return set(pending), set()

    def close(self) -> None:
        pass


def one_blas_thread() -> None:
    """Limit the BLAS in this process to one thread. Worker processes each running a
    multi-threaded BLAS on the same cores oversubscribe them: two processes doing small matrix
    products ran 10× slower than one (20 s against 2 s, measured); with one thread each, 1.2×."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


class Processes(Inline):
    """A pool of ``jobs`` worker processes (forked where the platform can, so that the workers
    start with the claims already loaded)."""

    def __init__(self, jobs: int):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=one_blas_thread)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def wait(self, pending):
        done, rest = wait(pending, return_when=FIRST_COMPLETED)
        return done, rest

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask(Inline):
    """The tasks of a run on a Dask distributed cluster (``pip install ".[dask]"``)."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs Dask: pip install \".[dask]\"") from None
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"--scheduler {address!r}: cannot connect ({exc})") from None

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending):
        from distributed import wait as dask_wait

        done, rest = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done), set(rest)

    def close(self) -> None:
        self.client.close()


def executor(jobs: int = 1, scheduler: str | None = None):
    if scheduler is not None:
        return Dask(scheduler)
    return Inline() if jobs == 1 else Processes(jobs)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


# --- the run -----------------------------------------------------------------------------------
@dataclass
class _Pending:
    claim: Claim
    ctx: RunContext
    routes: dict[int, RouteResult | None]
    key: str | None


def run_claims(claims: Iterable[Claim], *, seed: int = RunContext.seed, at: dict | None = None,
               modules: Iterable[str] = (), jobs: int = 1, scheduler: str | None = None,
               cache: Cache | None = None, fresh: bool = False,
               on_result: Callable[[ClaimResult], None] | None = None) -> list[ClaimResult]:
    """Check ``claims`` and return their results in the given order; ``on_result`` is called with
    each result as soon as it is known (cached ones first). ``fresh`` ignores cached claim results
    (and stores the new ones); certificate pieces still come from the cache."""
    claims = list(claims)
    if jobs < 1:
        raise InputError(f"-j {jobs}: the number of workers must be at least 1")
    report = on_result or (lambda r: None)
    done: dict[str, ClaimResult] = {}
    pending: dict[str, _Pending] = {}
    for claim in claims:
        ctx = RunContext(seed=seed, at=at, cache=cache)
        chosen = claim.routes_for(ctx)
        key = None if cache is None else claim_key(claim, seed, ctx.at)
        hit = None if key is None or fresh else cache.load_claim(claim.id, key)
        if hit is not None:
            done[claim.id] = hit
            report(hit)
        else:
            pending[claim.id] = _Pending(claim, ctx, {i: None for i, _ in chosen}, key)
    if pending:
        job = Job(tuple(modules), seed, pending[next(iter(pending))].ctx.at if at is not None else None,
                  None if cache is None else str(cache.root.resolve()), os.getcwd())
        costs = _load_costs(cache)
        order = sorted(pending.values(), key=lambda p: -costs.get(p.claim.id, 1.0))
        pool = executor(jobs if len(pending) > 1 or len(order[0].routes) > 1 else 1, scheduler)
        try:
            _drive(pool, job, order, done, report)
        finally:
            pool.close()
        _store_costs(cache, {cid: done[cid].seconds for cid in pending})
        for cid, p in pending.items():
            if cache is not None and p.key is not None:
                cache.store_claim(cid, p.key, done[cid])
    return [done[c.id] for c in claims]


def _drive(pool, job: Job, order: list[_Pending], done: dict, report) -> None:
    """Submit every plan, then the pieces of each plan as it arrives; assemble here."""
    futures: dict[Any, tuple] = {}
    plans: dict[tuple[str, int], tuple[RoutePlan, float, list]] = {}
    by_id = {p.claim.id: p for p in order}
    for p in order:
        for index in p.routes:
            futures[pool.submit(plan_task, job, p.claim.id, index)] = (p.claim.id, index, None)
    while futures:
        finished, _ = pool.wait(set(futures))
        for fut in finished:
            cid, index, slot = futures.pop(fut)
            p = by_id[cid]
            route = p.claim.routes[index]
            value, seconds = _outcome(fut)
            if slot is None:  # a plan
                if isinstance(value, PieceError):
                    _finish(p, index, route.failure(value.detail), seconds, done, report)
                elif value.result is not None:
                    _finish(p, index, value.result, seconds, done, report)
                else:
                    plans[(cid, index)] = (value, seconds, [None] * len(value.pieces))
                    for n, piece in enumerate(value.pieces):
                        futures[pool.submit(piece_task, job, cid, index, piece)] = (cid, index, n)
                    if not value.pieces:
                        _assemble(p, index, plans.pop((cid, index)), done, report)
            else:
                plan, total, outcomes = plans[(cid, index)]
                outcomes[slot] = value
                plans[(cid, index)] = (plan, total + seconds, outcomes)
                if all(o is not None for o in outcomes):
                    _assemble(p, index, plans.pop((cid, index)), done, report)


def _outcome(fut) -> tuple[Any, float]:
    try:
        return fut.result()
    except Exception as exc:  # a worker that died, or a result that could not travel
        return PieceError(f"the worker failed: {type(exc).__name__}: {exc}"), 0.0


def _assemble(p: _Pending, index: int, entry, done, report) -> None:
    plan, seconds, outcomes = entry
    route = p.claim.routes[index]
    result = route.guarded(route.assemble, p.ctx, p.claim.id, plan.state, outcomes)
    if isinstance(result, PieceError):
        result = route.failure(result.detail)
    _finish(p, index, result, seconds, done, report)


def _finish(p: _Pending, index: int, result: RouteResult, seconds: float, done, report) -> None:
    result.seconds = seconds
    p.routes[index] = result
    if all(r is not None for r in p.routes.values()):
        claim_result = p.claim.result_of(p.ctx, [p.routes[i] for i in sorted(p.routes)])
        done[p.claim.id] = claim_result
        report(claim_result)


# --- remembered costs (for the order of the next run) -----------------------------------------
def _costs_path(cache: Cache | None):
    return None if cache is None else cache.root / "costs.json"


def _load_costs(cache: Cache | None) -> dict[str, float]:
    path = _costs_path(cache)
    try:
        data = json.loads(path.read_text()) if path is not None else {}
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}  # no costs yet, or a damaged file: the order only affects the wall time


def _store_costs(cache: Cache | None, seconds: dict[str, float]) -> None:
    path = _costs_path(cache)
    if path is None:
        return
    costs = {**_load_costs(cache), **{k: round(v, 3) for k, v in seconds.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(costs, indent=0, sort_keys=True))
        os.replace(tmp, path)
    except OSError:
        pass  # the cache's own warning covers an unwritable directory


__all__ = ["Job", "run_claims", "executor", "default_jobs"]

"""Command line: ``verify list | check | report | latex | figure | certify | recheck`` (also
``python -m verify``).

Exit codes: 0 success (for ``check``: no claim refuted or errored; ``certify``: every obligation
proved and the certificate written; ``recheck``: the certificate proves the claim), 1 a claim was
refuted or errored / not certified / a certificate rejected, 2 bad input (unknown ID, bad option,
bad ``--at`` value, unreadable file), with a one-line message.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .errors import InputError
from .registry import RunContext, load_claims
from .results import Role, Verdict

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

VERDICT_STYLE = {
    Verdict.HOLDS: "green", Verdict.ERRATUM: "yellow", Verdict.UNDECIDED: "magenta",
    Verdict.REFUTED: "bold red", Verdict.ERROR: "bold red",
}


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2."""

    def error(self, message):  # noqa: D401
        raise InputError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verify", description="Verify the claims of papers on gradient descent "
                "for ReLU networks with Gaussian inputs, claim by claim.")
    p.add_argument("--module", action="append", default=[], metavar="M",
                   help="also load claims from module M (dotted name or path to a .py file)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ls = sub.add_parser("list", help="list the registered claims")
    ls.add_argument("--paper", metavar="P", help="only claims of paper P (e.g. BG17)")

    ck = sub.add_parser("check", help="run the claims' routes and print their verdicts")
    ck.add_argument("ids", nargs="*", metavar="ID", help="claim IDs (default: all)")
    ck.add_argument("--paper", metavar="P", help="only claims of paper P")
    ck.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ck.add_argument("--seed", type=int, default=RunContext.seed, help="seed of every random choice")
    ck.add_argument("--at", action="append", default=None, metavar="NAME=VALUE",
                    help="evaluate the pointwise routes at this point (repeat per variable, "
                         "e.g. --at u=1,0 --at v=0.5,2); needs exactly one ID")
    ck.add_argument("-v", "--verbose", action="store_true", help="show every route's detail")
    ck.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                    help="worker processes (default: every core; 1 runs everything in this process)")
    ck.add_argument("--fresh", action="store_true",
                    help="ignore the cache: re-run every claim (results are still stored)")
    ck.add_argument("--scheduler", metavar="ADDRESS",
                    help="run on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786); "
                         "needs pip install \".[dask]\"")
    ck.add_argument("--junit", metavar="FILE", type=Path,
                    help="also write the verdicts as JUnit XML (one test case per claim)")
    rp = sub.add_parser("report", help="write a static site of every claim's evidence (opens offline)")
    rp.add_argument("ids", nargs="*", metavar="ID", help="claim IDs (default: all)")
    rp.add_argument("--paper", metavar="P", help="only claims of paper P")
    rp.add_argument("-o", "--output", metavar="DIR", type=Path, required=True, help="the site's folder")
    rp.add_argument("--seed", type=int, default=RunContext.seed, help="seed of every random choice")
    rp.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes")
    rp.add_argument("--fresh", action="store_true", help="ignore the cache: re-run every claim")
    rp.add_argument("--no-figures", action="store_true", help="do not draw the figure claims' images")
    ch = sub.add_parser("cache", help="the incremental cache (.verify_cache/, or $VERIFY_CACHE)")
    ch.add_argument("action", choices=["clear", "path"], help="clear: remove every entry; path: print where it is")

    lx = sub.add_parser("latex", help="export the derived formulas as LaTeX")
    lx.add_argument("ids", nargs="*", metavar="ID", help="claim IDs (default: all)")
    lx.add_argument("--paper", metavar="P", help="only claims of paper P")
    lx.add_argument("-o", "--output", metavar="DIR", type=Path,
                    help="write one fragment per claim and claims.tex to DIR "
                         "(default: print the standalone document)")
    fg = sub.add_parser("figure", help="draw a figure claim's image")
    fg.add_argument("id", metavar="ID", help="a figure claim (e.g. BG17-F2)")
    fg.add_argument("-o", "--output", metavar="FILE", type=Path, required=True,
                    help="where to write the image (.png, .pdf, .svg)")
    cf = sub.add_parser("certify", help="prove a claim's inequalities over their whole domain by "
                        "ball arithmetic and write a certificate")
    cf.add_argument("id", metavar="ID", help="a claim with a certified route (e.g. BG17-L3.1)")
    cf.add_argument("-o", "--output", metavar="FILE", type=Path,
                    help="where to write the JSON certificate (default: ID.certificate.json)")
    rc = sub.add_parser("recheck", help="re-check a certificate with an independent interval "
                        "implementation (mpmath.iv)")
    rc.add_argument("file", metavar="FILE", type=Path, help="a certificate written by `verify certify`")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        registry = load_claims(args.module)
        if args.command == "list":
            return _list(registry.select(paper=args.paper))
        if args.command == "check":
            return _check(registry.select(args.ids, args.paper), args)
        if args.command == "figure":
            return _figure(registry.get(args.id), args.output)
        if args.command == "report":
            return _report(registry, registry.select(args.ids, args.paper), args)
        if args.command == "certify":
            return _certify(registry, registry.get(args.id), args.output)
        if args.command == "recheck":
            return _recheck(registry, args.file)
        if args.command == "cache":
            return _cache(args.action)
        return _latex(registry.select(args.ids, args.paper), args)
    except InputError as exc:
        print(f"verify: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("verify: interrupted", file=sys.stderr)
        return 130


def _console(stderr: bool = False):
    import shutil

    from rich.console import Console

    # wide enough for the routes column even when piped (rich would fall back to 80 columns)
    return Console(highlight=False, soft_wrap=False, stderr=stderr,
                   width=max(120, shutil.get_terminal_size((120, 24)).columns))


def _list(claims) -> int:
    from rich.table import Table

    table = Table(title=f"{len(claims)} claims", show_lines=False)
    for col in ("ID", "title", "where", "tier", "routes"):
        table.add_column(col, overflow="fold")
    for c in claims:
        checks = [r for r in c.routes if r.role is Role.CHECK]
        kinds = sorted({r.kind for r in checks})
        controls = sum(r.role is Role.CONTROL for r in c.routes)
        table.add_row(c.id, c.title, f"{c.paper} {c.location}", _tier(c),
                      f"{len(checks)} ({', '.join(kinds)}); {controls} control(s)")
    _console().print(table)
    return EXIT_OK


def _tier(claim) -> str:
    return f"{claim.tier} ({claim.tier.note})" if claim.tier.note else str(claim.tier)


def _check(claims, args) -> int:
    from .cache import Cache
    from .runner import default_jobs, run_claims

    if args.at is not None:
        if len(claims) != 1:
            raise InputError("--at needs exactly one claim ID")
        point = claims[0].domain.parse(args.at)
    else:
        point = None
    jobs = default_jobs() if args.jobs is None else args.jobs
    options = dict(seed=args.seed, at=point, modules=args.module, jobs=jobs,
                   scheduler=args.scheduler, cache=Cache(), fresh=args.fresh)
    start = time.perf_counter()
    show_progress = not args.json and len(claims) > 1 and sys.stderr.isatty()
    if show_progress:
        from rich.progress import Progress

        with Progress(transient=True, console=_console(stderr=True)) as progress:
            task = progress.add_task("checking", total=len(claims))

            def finished(result):
                style = VERDICT_STYLE[result.verdict]
                where = "cached" if result.cached_at else f"{result.seconds:.1f} s"
                progress.console.print(f"[{style}]{result.verdict.value:9s}[/{style}] {result.id} [dim]{where}[/dim]")
                progress.advance(task)
            results = run_claims(claims, on_result=finished, **options)
    else:
        results = run_claims(claims, **options)
    wall = time.perf_counter() - start
    if args.json:
        from .report import claim_record

        print(json.dumps([claim_record(c, r) for c, r in zip(claims, results)], indent=2, ensure_ascii=False))
    else:
        _print_results(results, args.verbose, {c.id: _tier(c) for c in claims}, wall, jobs,
                       {c.id: c.caveat for c in claims if c.caveat})
    if args.junit is not None:
        from .report import write_junit

        write_junit(args.junit, claims, results, wall)
    bad = any(r.verdict in (Verdict.REFUTED, Verdict.ERROR) for r in results)
    return EXIT_FAILED if bad else EXIT_OK


def _report(registry, claims, args) -> int:
    from .cache import Cache
    from .report import write_site
    from .runner import default_jobs, run_claims

    start = time.perf_counter()
    cache = Cache()
    results = run_claims(claims, seed=args.seed, jobs=default_jobs() if args.jobs is None else args.jobs,
                         modules=args.module, cache=cache, fresh=args.fresh)
    index = write_site(args.output, claims, results, registry, seed=args.seed, wall=time.perf_counter() - start,
                       figures=not args.no_figures, run_context=RunContext(seed=args.seed, cache=cache))
    print(f"{index} ({len(claims)} claims, {time.perf_counter() - start:.1f} s)")
    bad = any(r.verdict in (Verdict.REFUTED, Verdict.ERROR) for r in results)
    return EXIT_FAILED if bad else EXIT_OK


def _cache(action: str) -> int:
    from .cache import Cache

    cache = Cache()
    if action == "path":
        print(cache.root.resolve())
        return EXIT_OK
    print(f"removed {cache.clear()} entries from {cache.root}")
    return EXIT_OK


def _short(route) -> str:
    if route.worst_error is None or route.metric is None:
        return ""
    label = {"relative error": "rel. err", "|z|": "max |z|", "violation": "violation",
             "lower bound": "lower bound"}[route.metric]
    return f" {label} {route.worst_error:.1e}" if route.metric != "|z|" else f" {label} {route.worst_error:.2f}"


def _compact(point: dict) -> str:
    """A counterexample for the table: 6 significant digits, long vectors elided (--json has all)."""
    def fmt(x):
        if isinstance(x, list):
            shown = ", ".join(fmt(y) for y in x[:4])
            return f"[{shown}{', …' if len(x) > 4 else ''}] (dim {len(x)})" if len(x) > 4 else f"[{shown}]"
        return f"{x:.6g}" if isinstance(x, float) else str(x)
    return ", ".join(f"{k}={fmt(v)}" for k, v in point.items())


def _route_line(route, verbose: bool) -> str:
    from rich.markup import escape

    ok = route.as_expected
    undecided = route.verdict is Verdict.UNDECIDED
    symbol, colour = ("✓", "green") if ok else (("?", "magenta") if undecided else ("✗", "red"))
    what = "rejected" if route.role is not Role.CHECK and ok else route.verdict.value
    if route.role is Role.PRINTED and ok:
        what = "refuted, as the erratum says"
    line = f"[{colour}]{symbol}[/{colour}] {escape(route.route)} [dim]{what}{_short(route)}[/dim]"
    if verbose or not ok or route.role is Role.PRINTED:
        line += f"\n    [dim]{escape(route.detail)}[/dim]"
        if route.counterexample:
            line += f"\n    [dim]at {escape(_compact(route.counterexample))}[/dim]"
    return line


def _print_results(results, verbose: bool, tiers: dict[str, str], wall: float, jobs: int,
                   caveats: dict[str, str] | None = None) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("verdict", max_width=30)
    table.add_column("routes", overflow="fold")
    table.add_column("worst rel. error", justify="right")
    table.add_column("s", justify="right")
    for r in results:
        lines = []
        controls = [x for x in r.routes if x.role is Role.CONTROL]
        for route in r.routes:
            if route.role is not Role.CONTROL or verbose or not route.as_expected:
                lines.append(_route_line(route, verbose))
        if controls and not verbose:
            rejected = sum(x.as_expected for x in controls)
            colour = "green" if rejected == len(controls) else "red"
            lines.append(f"[{colour}]{'✓' if rejected == len(controls) else '✗'}[/{colour}] "
                         f"negative controls [dim]{rejected}/{len(controls)} rejected[/dim]")
        worst = "" if r.worst_error is None else f"{r.worst_error:.1e}"
        style = VERDICT_STYLE[r.verdict]
        status = f" ({r.status})" if r.status != r.verdict.value else ""
        cached = f"\n[dim]cached {r.cached_at}[/dim]" if r.cached_at else ""
        table.add_row(f"{r.id}\n[dim]{escape(tiers.get(r.id, ''))}[/dim]",
                      f"[{style}]{r.verdict.value}{status}[/{style}]\n[dim]{escape(r.reason)}[/dim]{cached}"
                      + (f"\n[yellow]caveat:[/yellow] {escape(caveats[r.id])}" if r.id in (caveats or {}) else ""),
                      "\n".join(lines), worst, "cached" if r.cached_at else f"{r.seconds:.1f}")
    console = _console()
    console.print(table)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
    from_cache = sum(r.cached_at is not None for r in results)
    console.print(", ".join(f"{n} {v}" for v, n in sorted(counts.items())) +
                  f" — {len(results)} claim(s), {from_cache} from the cache; "
                  f"{sum(r.seconds for r in results if not r.cached_at):.1f} s of work in {wall:.1f} s "
                  f"on {jobs} worker(s)")


def _figure(claim, path: Path) -> int:
    if claim.figure is None:
        raise InputError(f"{claim.id} has no figure; figure claims: "
                         + ", ".join(c.id for c in load_claims() if c.figure is not None))
    if path.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise InputError(f"--output {str(path)!r}: use a .png, .pdf or .svg file name")
    if not path.parent.exists():
        raise InputError(f"--output {str(path)!r}: directory {str(path.parent)!r} does not exist")
    claim.figure(path)
    print(path)
    return EXIT_OK


def _latex(claims, args) -> int:
    from . import latex

    if args.output is None:
        print(latex.document(claims))
        return EXIT_OK
    try:
        written = latex.export(claims, args.output)
    except OSError as exc:
        raise InputError(f"--output {str(args.output)!r}: {exc.strerror}") from None
    for path in written:
        print(path)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


def _certify(registry, claim, output: Path | None) -> int:
    from .cache import Cache
    from .certify import certificate_of, certified_routes

    if not certified_routes(claim):
        with_routes = [c.id for c in registry if c.certified_obligations()]
        raise InputError(f"{claim.id} has no certified route; claims that have one: "
                         + ", ".join(with_routes))
    path = output or Path(f"{claim.id}.certificate.json")
    if not path.parent.exists():
        raise InputError(f"--output {str(path)!r}: directory {str(path.parent)!r} does not exist")
    results, certificate = certificate_of(claim, RunContext(cache=Cache()))
    reductions = []
    for res in results:
        print(res.summary())
        if res.obligation.reduction and res.obligation.reduction not in reductions:
            reductions.append(res.obligation.reduction)
    for text in reductions:
        print(f"why the obligations prove {claim.id}: {text}")
    if certificate is None:
        print(f"{claim.id}: not certified; no certificate written")
        return EXIT_FAILED
    try:
        path.write_text(json.dumps(certificate, indent=1) + "\n")
    except OSError as exc:
        raise InputError(f"--output {str(path)!r}: {exc.strerror}") from None
    print(f"{claim.id}: certified; certificate written to {path}")
    return EXIT_OK


def _recheck(registry, path: Path) -> int:
    from .recheck import recheck_file

    if not path.is_file():
        raise InputError(f"certificate {str(path)!r}: no such file")
    try:
        report = recheck_file(path, registry)
    except OSError as exc:
        raise InputError(f"certificate {str(path)!r}: {exc}") from None
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED

"""What a reviewer reads: a static site of every claim's evidence (``verify report``), and JUnit XML
of the verdicts (``verify check --junit``). Paper-free: everything comes from the registry and the
results.

The site opens from disk (no network, no server, no script): ``index.html`` (papers, counts by
verdict and status, every erratum, run metadata) and one page per paper with the dependency
graph of its claims (from ``uses``; SVG drawn by a layered layout here, nodes coloured by status and
linked to the claims) and one section per claim (statement, assumptions and derived expressions
as MathML converted offline from the same LaTeX ``verify latex`` exports; every route with its
verdict, worst error and detail; counterexamples in full; the erratum; the figure; the command
that reproduces the verdict).
"""
from __future__ import annotations

import datetime
import html
import importlib.metadata
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .results import ClaimResult, Verdict

STATUS_COLOUR = {"certified": "#1a7f37", "derived": "#2f81f7", "sampled": "#8957e5", "erratum": "#d4a72c",
                 "undecided": "#8c959f", "refuted": "#cf222e", "error": "#cf222e"}
PACKAGES = ("sympy", "mpmath", "numpy", "python-flint", "hypothesis", "latex2mathml")


def claim_record(claim, result: ClaimResult) -> dict[str, Any]:
    """The JSON record of one claim's result (``verify check --json``, the report)."""
    item = {"id": claim.id, "tier": str(claim.tier), **result.to_json()}
    if claim.tier.note:
        item["tier_note"] = claim.tier.note
    if claim.caveat:
        item["caveat"] = claim.caveat
    if claim.erratum is not None:
        item["erratum"] = {"printed": claim.erratum.printed, "corrected": claim.erratum.corrected,
                           "evidence": claim.erratum.evidence}
    return item


# --- JUnit ------------------------------------------------------------------------------------------
def write_junit(path: Path, claims, results, wall: float) -> None:
    """One test case per claim, grouped by paper: refuted and error are failures, undecided is
    skipped (with its reason); holds and erratum pass (an erratum is a finding, not a failure)."""
    root = ET.Element("testsuites", name="verify", time=f"{wall:.3f}")
    by_paper: dict[str, list] = {}
    for claim, result in zip(claims, results):
        by_paper.setdefault(claim.paper, []).append((claim, result))
    for paper, items in by_paper.items():
        failures = sum(r.verdict in (Verdict.REFUTED, Verdict.ERROR) for _, r in items)
        skipped = sum(r.verdict is Verdict.UNDECIDED for _, r in items)
        suite = ET.SubElement(root, "testsuite", name=paper, tests=str(len(items)), failures=str(failures),
                              errors="0", skipped=str(skipped), time=f"{sum(r.seconds for _, r in items):.3f}")
        for claim, result in items:
            case = ET.SubElement(suite, "testcase", classname=paper, name=claim.id, time=f"{result.seconds:.3f}")
            if result.verdict in (Verdict.REFUTED, Verdict.ERROR):
                ET.SubElement(case, "failure", message=f"{result.verdict.value}: {result.reason}",
                              type=result.verdict.value).text = _route_lines(result)
            elif result.verdict is Verdict.UNDECIDED:
                ET.SubElement(case, "skipped", message=result.reason)
            ET.SubElement(case, "system-out").text = f"{result.verdict.value} ({result.status}): {result.reason}"
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _route_lines(result: ClaimResult) -> str:
    return "\n".join(f"[{r.role.value}] {r.route}: {r.verdict.value} — {r.detail}" for r in result.routes)


# --- mathematics ------------------------------------------------------------------------------------
def math_html(latex: str, display: bool = False) -> str:
    """MathML from LaTeX (latex2mathml, offline); LaTeX it cannot read is shown as code."""
    try:
        from latex2mathml.converter import convert

        return convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 — any failure of the converter falls back to the source
        return f'<code class="tex">{html.escape(latex)}</code>'


def _expressions(claim) -> list[tuple[str, str]]:
    from .latex import to_latex

    out = []
    for e in claim.expressions:
        try:
            out.append((e.name, f"{e.lhs} = {to_latex(e.value(), e.notation)}"))
        except Exception as exc:  # noqa: BLE001
            out.append((e.name, rf"\text{{(not derived: {type(exc).__name__})}}"))
    return out


# --- the dependency graph ---------------------------------------------------------------------------
NODE_W, NODE_H, GAP_X, GAP_Y = 150, 26, 14, 46


def layered_layout(nodes: list[str], uses: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """(layer, position) per node: a claim sits one layer below the deepest claim it uses (the
    foundations on top); within a layer, nodes are ordered by the mean position of what they use."""
    layer: dict[str, int] = {}

    def depth(n, seen=()):
        if n not in layer:
            deps = [u for u in uses.get(n, []) if u in nodes and u not in seen]
            layer[n] = 1 + max((depth(u, seen + (n,)) for u in deps), default=-1)
        return layer[n]
    for n in nodes:
        depth(n)
    rows: dict[int, list[str]] = {}
    for n in nodes:
        rows.setdefault(layer[n], []).append(n)
    pos: dict[str, tuple[int, int]] = {}
    for k in sorted(rows):
        def key(n):
            above = [pos[u][1] for u in uses.get(n, []) if u in pos]
            return (sum(above) / len(above) if above else -1, n)
        for i, n in enumerate(sorted(rows[k], key=key)):
            pos[n] = (k, i)
    return pos


def graph_svg(paper: str, claims, results: dict[str, ClaimResult], registry) -> str:
    own = [c.id for c in claims]
    external = sorted({u for c in claims for u in c.uses if u not in own})
    nodes = external + own
    uses = {c.id: list(c.uses) for c in claims}
    pos = layered_layout(nodes, uses)
    width = max(i for _, i in pos.values()) + 1
    height = max(k for k, _ in pos.values()) + 1
    W, H = width * (NODE_W + GAP_X) + GAP_X, height * (NODE_H + GAP_Y) + GAP_Y

    def xy(n):
        k, i = pos[n]
        return GAP_X + i * (NODE_W + GAP_X), GAP_Y // 2 + k * (NODE_H + GAP_Y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="{W}" height="{H}" '
             f'viewBox="0 0 {W} {H}" role="img" aria-label="dependency graph of {html.escape(paper)}">']
    for c in claims:
        x1, y1 = xy(c.id)
        for u in c.uses:
            if u in pos:
                x0, y0 = xy(u)
                parts.append(f'<line x1="{x0 + NODE_W / 2}" y1="{y0 + NODE_H}" x2="{x1 + NODE_W / 2}" y2="{y1}" '
                             f'stroke="#8c959f" stroke-width="1"/>')
    for n in nodes:
        x, y = xy(n)
        r = results.get(n)
        status = r.status if r is not None else "not run"
        colour = STATUS_COLOUR.get(status, "#d0d7de")
        target = registry.get(n).paper if n in registry else paper
        href = f"#{n}" if n in own else f"{target}.html#{n}"
        parts.append(f'<a href="{href}" class="node" data-claim="{html.escape(n)}"><title>{html.escape(n)}: '
                     f'{html.escape(status)}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="4" '
                     f'fill="{colour}" stroke="{"#24292f" if target == paper else "#8c959f"}" '
                     f'stroke-dasharray="{"0" if target == paper else "3,2"}"/>'
                     f'<text x="{x + NODE_W / 2}" y="{y + 17}" text-anchor="middle" font-size="11" fill="white" '
                     f'font-family="sans-serif">{html.escape(n)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


# --- pages ------------------------------------------------------------------------------------------
STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#24292f}
h1,h2,h3{line-height:1.2} table{border-collapse:collapse;margin:.5rem 0} td,th{border:1px solid #d0d7de;
padding:.25rem .5rem;vertical-align:top;text-align:left} .badge{color:white;border-radius:.3rem;padding:0 .4rem;
font-size:.85em} .claim{border-top:1px solid #d0d7de;margin-top:1.5rem;padding-top:.5rem} .meta{color:#57606a}
code{background:#f6f8fa;padding:0 .2rem} .route-holds{color:#1a7f37} .route-refuted{color:#cf222e}
.route-undecided{color:#8c959f} .graph{max-width:100%;height:auto} figure img{max-width:40rem}
.erratum{background:#fff8c5;padding:.5rem;border-left:.3rem solid #d4a72c}"""


def _badge(status: str) -> str:
    return f'<span class="badge" style="background:{STATUS_COLOUR.get(status, "#8c959f")}">{html.escape(status)}</span>'


def _legend() -> str:
    """What each node colour means (the colours of :data:`STATUS_COLOUR`)."""
    return " ".join(_badge(k) for k in STATUS_COLOUR) + " " + \
        '<span class="badge" style="background:#d0d7de;color:#24292f">not run</span>'


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<style>{STYLE}</style></head><body>{body}</body></html>\n')


def _counts(results) -> str:
    keys = ("certified", "derived", "sampled", "erratum", "undecided", "refuted", "error")
    found = {k: sum(r.status == k for r in results) for k in keys}
    return " ".join(f"{_badge(k)} {v}" for k, v in found.items() if v)


def _claim_section(claim, result: ClaimResult, seed: int, figure: str | None, certificate: str | None) -> str:
    e = html.escape
    rows = []
    for r in result.routes:
        expected = "as expected" if r.as_expected else f"expected {r.role.expected.value}"
        worst = "" if r.worst_error is None else f"{r.metric or 'worst'} {r.worst_error:.3g}"
        cx = (f"<details><summary>counterexample (in full)</summary><pre>"
              f"{e(json.dumps(r.counterexample, indent=1, default=str))}</pre></details>" if r.counterexample else "")
        rows.append(f'<tr><td>{e(r.role.value)}</td><td>{e(r.route)}</td><td>{e(r.kind)}</td>'
                    f'<td class="route-{e(r.verdict.value)}">{e(r.verdict.value)} ({e(expected)})</td>'
                    f'<td>{e(worst)}</td><td>{e(r.detail)}{cx}</td></tr>')
    parts = [f'<section class="claim" id="{e(claim.id)}"><h3>{e(claim.id)} {_badge(result.status)}</h3>',
             f"<p><strong>{e(claim.title)}</strong></p>",
             f'<p class="meta">{e(claim.location)} · tier <code>{e(str(claim.tier))}</code>'
             f'{" (" + e(claim.tier.note) + ")" if claim.tier.note else ""}</p>',
             f"<div>{math_html(claim.statement, display=True)}</div>"]
    if claim.all_assumptions:
        parts.append("<p>Assumptions: " + "; ".join(math_html(a) for a in claim.all_assumptions) + "</p>")
    if claim.uses:
        parts.append("<p>Uses: " + ", ".join(f'<a href="{e(u.split("-")[0])}.html#{e(u)}">{e(u)}</a>'
                                            for u in claim.uses) + "</p>")
    for name, tex in _expressions(claim):
        parts.append(f"<p>{e(name)}: {math_html(tex, display=True)}</p>")
    parts.append(f"<p>Verdict: <strong>{e(result.verdict.value)}</strong> — {e(result.reason)}</p>")
    if claim.caveat:
        parts.append(f"<p><em>Caveat:</em> {e(claim.caveat)}</p>")
    if claim.erratum is not None:
        er = claim.erratum
        parts.append(f'<div class="erratum"><p><strong>Printed:</strong> {e(er.printed)}</p><p><strong>Corrected:'
                     f'</strong> {e(er.corrected)}</p><p><strong>Evidence:</strong> {e(er.evidence)}</p></div>')
    parts.append("<table><tr><th>role</th><th>route</th><th>kind</th><th>verdict</th><th>worst</th><th>detail</th>"
                 "</tr>" + "".join(rows) + "</table>")
    if figure:
        parts.append(f'<figure><img src="{e(figure)}" alt="figure of {e(claim.id)}"></figure>')
    if certificate:
        parts.append(f'<p>Certificate: <a href="{e(certificate)}">{e(certificate)}</a> (every box and enclosure); '
                     f"<code>verify recheck {e(certificate)}</code> re-checks it with an independent interval "
                     f"evaluator; <code>verify certify {e(claim.id)}</code> writes it again.</p>")
    elif any(r.kind == "certified" for r in result.routes):
        parts.append(f"<p>Certificate: none written (the certified route did not hold); "
                     f"<code>verify certify {e(claim.id)}</code> shows the open boxes.</p>")
    parts.append(f"<p>Reproduce: <code>verify check {e(claim.id)} --seed {seed}</code></p></section>")
    return "".join(parts)


def run_metadata(seed: int, wall: float, root: Path | None = None) -> dict[str, str]:
    versions = {}
    for name in ("relu-gd-verify",) + PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=root or Path.cwd(), timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "seed": str(seed),
            "wall time": f"{wall:.1f} s", "commit": commit, **versions}


def _write_certificate(out: Path, claim, result: ClaimResult, run_context) -> str | None:
    """``certificates/ID.certificate.json`` for a certified claim (its path in the site), else None."""
    from .certify import certificate_of

    if run_context is None or result.status != "certified":
        return None
    certificate = certificate_of(claim, run_context)[1]
    if certificate is None:
        return None
    name = f"certificates/{claim.id}.certificate.json"
    (out / name).write_text(json.dumps(certificate, indent=1) + "\n", encoding="utf-8")
    return name


def write_site(out: Path, claims, results, registry, *, seed: int, wall: float, figures: bool = True,
               run_context=None) -> Path:
    """The site for ``claims`` and their ``results`` in ``out``; returns the index's path. With a
    ``run_context`` the certified claims' certificates are written too (through its cache, where
    the check left every proved box)."""
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("figures", "certificates"):
        (out / folder).mkdir(exist_ok=True)
    by_id = {c.id: r for c, r in zip(claims, results)}
    papers: dict[str, list] = {}
    for c in claims:
        papers.setdefault(c.paper, []).append(c)
    rows, errata = [], []
    for paper, items in papers.items():
        rs = [by_id[c.id] for c in items]
        sections = []
        for c in items:
            fig = None
            if figures and c.figure is not None:
                fig = f"figures/{c.id}.png"
                c.figure(out / fig)
            sections.append(_claim_section(c, by_id[c.id], seed, fig, _write_certificate(out, c, by_id[c.id], run_context)))
            if c.erratum is not None:
                errata.append(f'<tr><td><a href="{paper}.html#{c.id}">{c.id}</a></td><td>{html.escape(c.erratum.printed)}'
                              f'</td><td>{html.escape(c.erratum.corrected)}</td><td>{html.escape(c.erratum.evidence)}</td></tr>')
        body = (f'<p><a href="index.html">All papers</a></p><h1>{html.escape(paper)}</h1><p>{len(items)} claims: '
                f'{_counts(rs)}</p><h2>Dependency graph</h2><p class="meta">A claim sits below the claims it uses; '
                f'dashed: another paper\'s claim. Click a node.</p><p class="legend">{_legend()}</p>'
                f'{graph_svg(paper, items, by_id, registry)}'
                f'<h2>Claims</h2>{"".join(sections)}')
        (out / f"{paper}.html").write_text(_page(f"{paper} — verify report", body), encoding="utf-8")
        rows.append(f'<tr><td><a href="{paper}.html">{html.escape(paper)}</a></td><td>{len(items)}</td>'
                    f'<td>{_counts(rs)}</td></tr>')
    meta = run_metadata(seed, wall)
    body = ("<h1>verify report</h1><p>Every claim checked by independent routes; the status says how: "
            "<em>certified</em> (an inequality proved over its whole domain in ball arithmetic), <em>derived</em> "
            "(a SymPy route holds), <em>sampled</em> (numeric routes only), or the verdict itself.</p>"
            "<h2>Papers</h2><table><tr><th>paper</th><th>claims</th><th>by status</th></tr>" + "".join(rows) +
            "</table><h2>Errata</h2><table><tr><th>claim</th><th>printed</th><th>corrected</th><th>evidence</th></tr>"
            + "".join(errata) + "</table><h2>Run</h2><table>" +
            "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in meta.items()) +
            "</table>")
    index = out / "index.html"
    index.write_text(_page("verify report", body), encoding="utf-8")
    return index

"""The report site and the JUnit XML: well-formed, every internal link and image resolves, every
claim has its section, every graph node links to an existing anchor; refuted claims are JUnit
failures and undecided ones skipped."""
import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from verify import REGISTRY, load_claims
from verify.cache import Cache
from verify.recheck import recheck_file
from verify.registry import RunContext
from verify.report import layered_layout, math_html, write_junit, write_site
from verify.results import ClaimResult, RouteResult, Role, Verdict

load_claims()
IDS = ["DLLWZ19-N2", "DLLWZ19-X3", "DLLWZ19-R3"]
VOID = {"meta", "img", "br", "hr", "input", "link", "line", "rect", "mspace", "none", "mprescripts"}


class Page(HTMLParser):
    """Collects ids, links and images, and checks that every non-void element is closed in order."""

    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.links, self.images, self.text = [], set(), [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.images.append(a["src"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    assert not page.stack, page.stack
    return page


def tiny_figure(path):
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory, catalogue, catalogue_cache):
    """The whole catalogue's site from the fast suite's shared run (the costly claims, which run
    in the slow environment, appear as not run); one figure drawn cheaply."""
    claims = [c for c in REGISTRY if c.paper != "USER"]
    claims[0] = dataclasses.replace(claims[0], figure=tiny_figure)
    results = [catalogue.get(c.id) or ClaimResult(c.id, Verdict.UNDECIDED, "not run: a costly claim (slow suite)")
               for c in claims]
    out = tmp_path_factory.mktemp("site")
    write_site(out, claims, results, REGISTRY, seed=1, wall=1.0, figures=True,
               run_context=RunContext(seed=1, cache=Cache(catalogue_cache)))
    return out, claims, results


def test_every_page_is_well_formed_and_every_link_and_image_resolves(site):
    out, claims, _ = site
    pages = {p.name: parse(p) for p in out.glob("*.html")}
    assert set(pages) == {"index.html"} | {f"{c.paper}.html" for c in claims}
    for name, page in pages.items():
        for href in page.links:
            assert not href.startswith(("http:", "https:", "//")), href
            target, _, anchor = href.partition("#")
            target = target or name
            if not target.endswith(".html"):       # a certificate
                assert (out / target).is_file(), href
                continue
            assert target in pages, href
            if anchor:
                assert anchor in pages[target].ids, href
        for src in page.images:
            assert (out / src).is_file(), src
    for c in claims:
        assert c.id in pages[f"{c.paper}.html"].ids, c.id
    first = pages[f"{claims[0].paper}.html"]
    assert f"figures/{claims[0].id}.png" in first.images


def test_graph_nodes_link_to_existing_anchors_and_mathematics_is_mathml(site):
    out, claims, _ = site
    papers = {c.paper for c in claims}
    for paper in papers:
        text = (out / f"{paper}.html").read_text(encoding="utf-8")
        nodes = re.findall(r'<a href="([^"]*)" class="node"', text)
        own = {c.id for c in claims if c.paper == paper}
        assert {n.lstrip("#") for n in nodes if n.startswith("#")} == own
        for n in nodes:                      # every node's anchor exists on its page
            target, _, anchor = n.partition("#")
            assert anchor in parse(out / (target or f"{paper}.html")).ids, n
        assert text.count("<math") >= len(own)
        visible = "".join(parse(out / f"{paper}.html").text)
        assert r"\frac" not in visible and r"\lambda" not in visible, paper
    assert "DLLWZ19.html#DZPS19" not in (out / "DLLWZ19.html").read_text()     # cross-paper edges link out
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "DLLWZ19-X3" in index and "commit" in index and "mpmath" in index   # errata table, metadata


def test_every_certified_claim_links_a_certificate_that_rechecks(site):
    out, claims, results = site
    certified = [c for c, r in zip(claims, results) if r.status == "certified"]
    assert certified
    for c in certified:
        assert f'href="certificates/{c.id}.certificate.json"' in (out / f"{c.paper}.html").read_text(encoding="utf-8")
    small = min(certified, key=lambda c: (out / f"certificates/{c.id}.certificate.json").stat().st_size)
    assert recheck_file(out / f"certificates/{small.id}.certificate.json", REGISTRY).ok, small.id


TEXT_GROUPS = re.compile(r"\\(?:text|mathrm|operatorname|mathbf|mathcal|mathbb|begin|end)\s*\{[^{}]*\}"
                         r"|\\rm\s*[A-Za-z]+")


def bare_words(tex: str) -> list[str]:
    """Words of four or more letters outside \\text{...} and commands: rendered as mathematics they
    become a product of italic letters (e.g. an assumption typed as prose)."""
    return re.findall(r"[A-Za-z]{4,}", re.sub(r"\\[A-Za-z]+", "", TEXT_GROUPS.sub("", tex)))


def test_statements_and_assumptions_are_mathematics_and_errata_plain_text():
    for c in REGISTRY:
        for tex in (c.statement, *c.all_assumptions):
            assert not bare_words(tex), (c.id, tex)
        if c.erratum is not None:   # shown as is in the terminal, the JSON and the report
            for field in (c.erratum.printed, c.erratum.corrected, c.erratum.evidence):
                assert "\\" not in field, (c.id, field)
    assert bare_words(r"\text{fine}\ x\le1,\ smooth") == ["smooth"]


def test_layered_layout_puts_a_claim_below_what_it_uses():
    pos = layered_layout(["a", "b", "c"], {"c": ["b"], "b": ["a"]})
    assert pos["a"][0] < pos["b"][0] < pos["c"][0]


def test_unreadable_latex_falls_back_to_code():
    assert "<math" in math_html(r"\frac{1}{2}")
    assert 'class="tex"' in math_html(r"\frac{1}{")


def test_junit_failures_and_skips(tmp_path):
    claims = [REGISTRY.get(i) for i in IDS[:3]]
    route = RouteResult("r", "symbolic", Role.CHECK, Verdict.REFUTED, "lhs - rhs != 0")
    results = [ClaimResult(IDS[0], Verdict.REFUTED, "refuted by r", [route], 0.5),
               ClaimResult(IDS[1], Verdict.UNDECIDED, "undecided on r", [], 0.1),
               ClaimResult(IDS[2], Verdict.HOLDS, "1 route(s) hold", [], 0.2)]
    path = tmp_path / "verdicts.xml"
    write_junit(path, claims, results, 0.8)
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases[IDS[0]].find("failure") is not None
    assert cases[IDS[1]].find("skipped") is not None
    assert cases[IDS[2]].find("failure") is None and cases[IDS[2]].find("skipped") is None

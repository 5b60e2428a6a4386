"""The report in a real browser (``tox -e browser``; needs Debian's chromium at /usr/bin/chromium,
``apt-get install chromium``): headless Chromium opens the index and a paper page from disk,
takes screenshots, and the mathematics is rendered (MathML boxes of non-zero size, no raw LaTeX in
the visible text) and the dependency graph is drawn (its nodes have non-zero boxes)."""
import os
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM}")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("REPORT_SCREENSHOTS", "report-screenshots"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from verify import REGISTRY, load_claims
    from verify.registry import RunContext
    from verify.report import write_site
    from verify.runner import run_claims

    load_claims()
    claims = REGISTRY.select(paper="DLLWZ19")
    out = tmp_path_factory.mktemp("site")
    write_site(out, claims, run_claims(claims), REGISTRY, seed=1, wall=0.0, figures=False,
               run_context=RunContext(seed=1))
    return out


def test_index_and_paper_page_render(site):
    SHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((site / "index.html").as_uri())
        page.screenshot(path=str(SHOTS / "index.png"), full_page=True)
        assert "DLLWZ19" in page.inner_text("body")
        page.goto((site / "DLLWZ19.html").as_uri())
        page.screenshot(path=str(SHOTS / "DLLWZ19.png"))
        text = page.inner_text("body")
        for raw in (r"\frac", r"\mathbb", r"\lambda"):
            assert raw not in text, raw
        maths = page.query_selector_all("math")
        assert len(maths) > 20
        boxes = [m.bounding_box() for m in maths[:20]]
        assert all(b is not None and b["width"] > 0 and b["height"] > 0 for b in boxes)
        nodes = page.query_selector_all("svg.graph a.node rect")
        assert len(nodes) >= 29
        assert all((b := n.bounding_box()) is not None and b["width"] > 100 for n in nodes)
        legend = page.query_selector_all("p.legend .badge")
        assert {b.inner_text() for b in legend} >= {"certified", "derived", "sampled", "erratum", "undecided"}
        page.goto((site / "DLLWZ19.html").as_uri() + "#DLLWZ19-X1")
        page.screenshot(path=str(SHOTS / "DLLWZ19-X1.png"))
        page.goto((site / "DLLWZ19.html").as_uri() + "#DLLWZ19-PF.1")
        link = page.query_selector('#DLLWZ19-PF\\.1 a[href^="certificates/"]')
        assert link is not None and link.is_visible()
        link.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "DLLWZ19-PF.1.png"))
        link.click()
        assert '"obligations"' in page.inner_text("body")
        browser.close()

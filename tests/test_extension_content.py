"""The content script in Chromium on arXiv and Hugging Face pages (routed to local fixture pages and a PDF):
the panel shows a collection paper's tags and related papers, and nothing for other papers."""

from __future__ import annotations

import pytest
from extension_browser import FIXTURES, LoadedExtension, sitegen_serve
from playwright.sync_api import Page, expect
from static_server import static_server

pytestmark = pytest.mark.browser

QUIET_STAR = "2403.09629"  # in the bundled sample (arXiv and HF samples)
NOT_IN_COLLECTION = "2401.00002"
# The strictest CSP a host page might send: the panel's styles must still apply.
STRICT_CSP = {"Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'"}
PANEL = "sitegen-papers-panel"


@pytest.fixture(scope="module", params=["live", "static"])
def site(request, sample_build):
    config, report = sample_build
    server = (
        sitegen_serve(config.root / "sitegen.yml")
        if request.param == "live"
        else static_server(config.site_path)
    )
    with server as base:
        yield base, report.collection


@pytest.fixture
def browse(extension: LoadedExtension, site):
    """Open a paper URL elsewhere (arXiv, HF), answered by a local fixture page."""
    base, _ = site
    extension.use_site(base)

    def open_page(url: str) -> Page:
        page = extension.context.new_page()
        # arXiv's PDF links answer with a real PDF, shown by Chromium's own viewer.
        fixture = (
            "hf-paper.html"
            if "huggingface.co" in url
            else "paper.pdf"
            if "/pdf/" in url
            else "arxiv-abs.html"
        )
        page.route(
            "https://arxiv.org/**",
            lambda route: route.fulfill(path=FIXTURES / fixture, headers=STRICT_CSP),
        )
        page.route(
            "https://huggingface.co/**", lambda route: route.fulfill(path=FIXTURES / fixture)
        )
        page.goto(url)
        return page

    yield open_page
    extension.close_pages()


def expected_panel(collection, arxiv_id):
    paper = next(p for p in collection.papers.values() if p.arxiv_id == arxiv_id)
    tags = [collection.tags[slug].name for slug in paper.tags]
    related = [collection.papers[r.id].title for r in paper.related][:5]
    return paper, tags, related


@pytest.mark.parametrize(
    "url",
    [
        f"https://arxiv.org/abs/{QUIET_STAR}v2",
        f"https://arxiv.org/pdf/{QUIET_STAR}v1",
        f"https://huggingface.co/papers/{QUIET_STAR}",
    ],
)
def test_panel_shows_tags_and_related_papers(browse, site, url):
    base, collection = site
    paper, tags, related = expected_panel(collection, QUIET_STAR)
    assert tags and related, "the sample's Quiet-STaR should have tags and related papers"
    page = browse(url)
    panel = page.locator(f"{PANEL} .panel")
    expect(panel.locator(".title")).to_have_text(paper.title)
    expect(panel.locator(".title")).to_have_attribute("href", f"{base}papers/{paper.id}/")
    expect(panel.locator(".tag")).to_have_text(tags)
    expect(panel.locator(".tag").first).to_have_attribute("href", f"{base}tags/{paper.tags[0]}/")
    expect(panel.locator(".related a")).to_have_text(related)


def test_nothing_is_shown_for_a_paper_not_in_the_collection(browse, site):
    _, collection = site
    assert not any(p.arxiv_id == NOT_IN_COLLECTION for p in collection.papers.values())
    elsewhere = browse(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}")
    # Asked after the other page, so its answer came first: once this panel shows, that one had its chance.
    known = browse(f"https://arxiv.org/abs/{QUIET_STAR}")
    expect(known.locator(PANEL)).to_have_count(1)
    expect(elsewhere.locator(PANEL)).to_have_count(0)


def test_the_panel_keeps_to_itself(browse, site):
    """Host CSS does not reach into the panel, the panel's CSS works under a strict CSP, the layout does not move."""
    without = browse(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}")
    host_box = without.locator("#abs").bounding_box()
    page = browse(f"https://arxiv.org/abs/{QUIET_STAR}")
    title = page.locator(f"{PANEL} .title")
    expect(title).to_be_visible()
    assert title.evaluate("a => getComputedStyle(a).color") != "rgb(255, 0, 0)"
    assert (
        page.locator(f"{PANEL} .panel").evaluate("p => getComputedStyle(p).backgroundColor")
        == "rgb(255, 255, 255)"
    )
    expect(page.locator(f"{PANEL} .tags")).to_be_visible()  # the host hides every <ul> of its own
    assert page.locator("#abs").bounding_box() == host_box


def test_the_panel_can_be_closed(browse):
    page = browse(f"https://arxiv.org/abs/{QUIET_STAR}")
    page.locator(f"{PANEL} .close").click()
    expect(page.locator(PANEL)).to_have_count(0)


def test_moving_to_another_paper_without_a_page_load_updates_the_panel(browse, site):
    """Hugging Face changes papers with history.pushState: the panel follows, and goes for a paper not in the collection."""
    _, collection = site
    page = browse(f"https://huggingface.co/papers/{QUIET_STAR}")
    expect(page.locator(f"{PANEL} .title")).to_have_text(
        expected_panel(collection, QUIET_STAR)[0].title
    )
    other = next(p for p in collection.papers.values() if p.arxiv_id and p.arxiv_id != QUIET_STAR)
    page.evaluate("path => history.pushState({}, '', path)", f"/papers/{other.arxiv_id}")
    expect(page.locator(f"{PANEL} .title")).to_have_text(other.title)
    expect(page.locator(PANEL)).to_have_count(1)
    page.evaluate("path => history.pushState({}, '', path)", f"/papers/{NOT_IN_COLLECTION}")
    expect(page.locator(PANEL)).to_have_count(0)

"""The content script in Chromium on arXiv and Hugging Face pages (routed to local fixture pages and a PDF):
the panel shows a collection paper's tags and related papers, nothing for other papers, and nothing
of itself to the page's scripts. The panel's closed shadow root is read through the DevTools protocol."""

from __future__ import annotations

import pytest
from extension_browser import FIXTURES, LoadedExtension, sitegen_serve
from extension_fixtures import in_closed_shadow
from playwright.sync_api import Page, expect
from static_server import static_server

pytestmark = pytest.mark.browser

QUIET_STAR = "2403.09629"  # in the bundled sample (arXiv and HF samples)
NOT_IN_COLLECTION = "2401.00002"
# The strictest CSP a host page might send: the panel's styles must still apply.
STRICT_CSP = {"Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'"}
PANEL = "sitegen-papers-panel"
# What the panel shows, as a user reads it.
READ_PANEL = """root => {
  const texts = (selector) => [...root.querySelectorAll(selector)].map((node) => node.textContent);
  const title = root.querySelector(".title");
  return { title: title.textContent, href: title.getAttribute("href"), tags: texts(".tag"),
           tagHref: root.querySelector(".tag")?.getAttribute("href") ?? null,
           related: texts(".related a") };
}"""


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

    def open_page(url: str, init_script: str | None = None) -> Page:
        page = extension.context.new_page()
        if init_script:
            page.add_init_script(init_script)
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


def shown_panel(page: Page) -> dict:
    """The panel's title, links and lists, once it is on the page."""
    expect(page.locator(PANEL)).to_have_count(1)
    return in_closed_shadow(page, PANEL, READ_PANEL)


def in_panel(page: Page, selector: str, function: str):
    """`function(node)` for the panel's first node matching `selector`."""
    return in_closed_shadow(
        page, PANEL, f"(root, selector) => ({function})(root.querySelector(selector))", selector
    )


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
    shown = shown_panel(browse(url))
    assert shown == {
        "title": paper.title,
        "href": f"{base}papers/{paper.id}/",
        "tags": tags,
        "tagHref": f"{base}tags/{paper.tags[0]}/",
        "related": related,
    }


def test_the_panel_shows_upvotes_and_the_machine_written_tldr(browse, site):
    _, collection = site
    paper = next(p for p in collection.papers.values() if p.arxiv_id and p.tldr and p.upvotes)
    page = browse(f"https://huggingface.co/papers/{paper.arxiv_id}")
    assert shown_panel(page)["title"] == paper.title
    assert in_panel(page, ".upvotes", "p => p.textContent") == f"▲ {paper.upvotes} upvotes"
    assert in_panel(page, ".tldr", "p => p.textContent") == (
        f"TL;DR (machine-written): {paper.tldr}"
    )
    assert in_panel(page, ".panel", "p => p.scrollWidth <= p.clientWidth")  # no sideways scrolling


def test_a_paper_not_in_the_collection_is_offered_to_add(browse, site):
    """The same panel host, holding no paper of the collection: only the offer to add this one."""
    _, collection = site
    assert not any(p.arxiv_id == NOT_IN_COLLECTION for p in collection.papers.values())
    page = browse(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}")
    expect(page.locator(PANEL)).to_have_count(1)
    assert in_panel(page, ".head", "h => h.textContent").startswith("Not in your collection")
    assert in_panel(page, "button.add", "b => b.textContent") == "Add to collection"
    assert in_panel(page, ".title", "a => a") is None


def test_the_panel_keeps_to_itself(browse, site):
    """Host CSS does not reach into the panel, the panel's CSS works under a strict CSP, the layout does not move."""
    without = browse(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}")
    host_box = without.locator("#abs").bounding_box()
    page = browse(f"https://arxiv.org/abs/{QUIET_STAR}")
    shown_panel(page)
    assert in_panel(page, ".title", "a => a.checkVisibility()")
    assert in_panel(page, ".title", "a => getComputedStyle(a).color") != "rgb(255, 0, 0)"
    assert in_panel(page, ".panel", "p => getComputedStyle(p).backgroundColor") == (
        "rgb(255, 255, 255)"
    )
    assert in_panel(page, ".tags", "ul => ul.checkVisibility()")  # the host hides its own <ul>s
    assert page.locator("#abs").bounding_box() == host_box


def test_the_panel_can_be_closed(browse):
    page = browse(f"https://arxiv.org/abs/{QUIET_STAR}")
    shown_panel(page)
    box = in_panel(
        page, ".close", "b => { const r = b.getBoundingClientRect(); return [r.x, r.y]; }"
    )
    page.mouse.click(box[0] + 2, box[1] + 2)
    expect(page.locator(PANEL)).to_have_count(0)


def test_the_page_cannot_read_the_panel(extension: LoadedExtension, browse, site):
    """The shadow root is closed, and created in the content script's own world, where a page's
    patched attachShadow never runs: no page script reaches the title, tags or related papers."""
    _, collection = site
    paper, tags, related = expected_panel(collection, QUIET_STAR)
    catch_shadow_roots = (
        "window.caught = [];"
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (init) {"
        "  const root = attach.call(this, init); window.caught.push(root); return root; };"
    )
    page = browse(f"https://arxiv.org/abs/{QUIET_STAR}", catch_shadow_roots)
    assert shown_panel(page)["title"] == paper.title
    seen_by_page = page.evaluate(
        """panel => ({
            shadowRoot: document.querySelector(panel).shadowRoot,
            caught: window.caught.length,
            text: document.documentElement.innerText + document.documentElement.textContent,
            html: document.documentElement.outerHTML,
        })""",
        PANEL,
    )
    assert seen_by_page["shadowRoot"] is None and seen_by_page["caught"] == 0
    for secret in [paper.title, *tags, *related]:
        assert secret not in seen_by_page["text"] and secret not in seen_by_page["html"]


def test_a_page_moving_its_own_url_to_another_paper_asks_nothing(browse, site):
    """A page's history.pushState can name any paper: the panel never follows it to another paper
    (it would tell the page whether that paper is in the collection); it goes, and stays gone."""
    _, collection = site
    other = next(p for p in collection.papers.values() if p.arxiv_id and p.arxiv_id != QUIET_STAR)
    page = browse(f"https://huggingface.co/papers/{QUIET_STAR}")
    shown_panel(page)
    page.evaluate("path => history.pushState({}, '', path)", f"/papers/{QUIET_STAR}#community")
    expect(page.locator(PANEL)).to_have_count(1)  # the same paper: the panel stays
    page.evaluate("path => history.pushState({}, '', path)", f"/papers/{other.arxiv_id}")
    expect(page.locator(PANEL)).to_have_count(0)

    unknown = browse(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}")
    unknown.evaluate("path => history.pushState({}, '', path)", f"/abs/{other.arxiv_id}")
    # A lookup the push had started would have been answered before this page's own.
    shown_panel(browse(f"https://arxiv.org/abs/{QUIET_STAR}"))
    expect(page.locator(PANEL)).to_have_count(0)
    expect(unknown.locator(PANEL)).to_have_count(0)


def test_a_malformed_escape_in_the_url_is_no_error(extension: LoadedExtension, browse):
    """decodeURIComponent throws on "%E0%A4%A": nothing is thrown uncaught or logged as an error, in
    the page, its content script or the service worker, and nothing is shown."""
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    def on_error(error):
        errors.append(str(error.error))

    extension.context.on("weberror", on_error)
    extension.context.on("console", on_console)
    extension.worker.on("console", on_console)
    try:
        for url in [
            "https://arxiv.org/abs/%E0%A4%A",
            f"https://huggingface.co/papers/{QUIET_STAR}%",
        ]:
            expect(browse(url).locator(PANEL)).to_have_count(0)
        # the content script had its turn
        shown_panel(browse(f"https://arxiv.org/abs/{QUIET_STAR}"))
    finally:
        extension.context.remove_listener("weberror", on_error)
        extension.context.remove_listener("console", on_console)
        extension.worker.remove_listener("console", on_console)
    assert errors == []

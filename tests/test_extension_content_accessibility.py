"""The panel and the badges checked by axe-core in Chromium, in the light and the dark scheme, at
their real sizes: the real extension draws them in their closed shadow roots on arXiv and Hugging
Face pages (routed to local fixture pages), and axe walks those roots where they are (the test's
page alone is handed them through the DevTools protocol). Nothing serious or critical, colour
contrast included, and nothing that scrolls sideways, on a wide and a narrow window."""

from __future__ import annotations

import pytest
from extension_browser import LoadedExtension
from extension_fixtures import axe_in_closed_shadows, in_closed_shadow
from live_server import free_port, run_server
from playwright.sync_api import Page, expect
from static_server import static_server

from sitegen.serve.app import create_app

pytestmark = pytest.mark.browser

PANEL = "sitegen-papers-panel"
BADGE = "sitegen-papers-badge"
WIDTHS = [1280, 360]  # a desktop window, and the narrowest a phone-sized one gets
SCHEMES = ["light", "dark"]
NOT_IN_COLLECTION = "2509.90088"  # arxiv-abs-meta.html's paper
PANEL_BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(17, 24, 39)"}  # the popup's
SIDEWAYS = (
    """() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"""
)


@pytest.fixture(scope="module", params=["live", "static"])
def site(request, sample_build):
    """(mode, base URL, collection): the sample served live (in this process) or as static files."""
    config, report = sample_build
    if request.param == "live":
        app = create_app(config, listening_on="127.0.0.1")
        for base in run_server(app, free_port()):
            yield request.param, f"{base}/", report.collection
    else:
        with static_server(config.site_path) as base:
            yield request.param, base, report.collection


@pytest.fixture
def open_page(extension: LoadedExtension, site):
    """Open an arXiv or Hugging Face URL, answered by a fixture page, in a colour scheme."""
    _, base, _ = site
    extension.use_site(base)
    extension.worker.evaluate("() => chrome.storage.local.remove('token')")
    yield extension.open_elsewhere
    extension.close_pages()


def axe_clean(page: Page, host: str, expected_rules: set[str]) -> None:
    found = axe_in_closed_shadows(page, host)
    assert found["violations"] == [], found["violations"]
    assert found["unsure"] == [], found["unsure"]
    # axe did look inside: the rules below found the roots' text and links to check.
    assert expected_rules <= set(found["checked"]), found["checked"]


def fits_sideways(page: Page, panel: bool) -> None:
    """At each window width: no sideways scrolling in the page, nor inside the panel."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 720})
        assert page.evaluate(SIDEWAYS), f"the page scrolls sideways at {width} px"
        if panel:
            fits = in_closed_shadow(
                page,
                PANEL,
                "root => root.querySelector('.panel').scrollWidth <= "
                "root.querySelector('.panel').clientWidth",
            )
            assert fits, f"the panel scrolls sideways at {width} px"


def click(page: Page, selector: str) -> None:
    """A real click (a trusted event) in the middle of the panel's `selector`."""
    x, y = in_closed_shadow(
        page,
        PANEL,
        """(root, selector) => { const r = root.querySelector(selector).getBoundingClientRect();
                                 return [r.x + r.width / 2, r.y + r.height / 2]; }""",
        selector,
    )
    page.mouse.click(x, y)


def wait_in_panel(page: Page, selector: str, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        if in_closed_shadow(page, PANEL, "(root, s) => root.querySelector(s) !== null", selector):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the panel shows no {selector}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_panel_of_a_paper_in_the_collection(open_page, site, scheme):
    """Everything the panel can show: the title, upvotes, TL;DR, tags and related papers."""
    _, _, collection = site
    paper = next(
        p
        for p in collection.papers.values()
        if p.arxiv_id and p.tldr and p.upvotes and p.tags and p.related
    )
    page = open_page(f"https://huggingface.co/papers/{paper.arxiv_id}", "hf-paper.html", scheme)
    expect(page.locator(PANEL)).to_have_count(1)
    assert in_closed_shadow(page, PANEL, "root => root.querySelector('.related a') !== null")
    background = "root => getComputedStyle(root.querySelector('.panel')).backgroundColor"
    assert in_closed_shadow(page, PANEL, background) == PANEL_BACKGROUND[scheme]
    fits_sideways(page, panel=True)
    axe_clean(page, PANEL, {"color-contrast", "link-name", "button-name"})


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_panel_offering_to_add_a_paper(open_page, site, scheme):
    """The offer, its form, and what follows a click on Add: a problem in words (live, not
    paired) or the record to copy and download (static)."""
    mode, _, _ = site
    page = open_page(f"https://arxiv.org/abs/{NOT_IN_COLLECTION}", "arxiv-abs-meta.html", scheme)
    expect(page.locator(PANEL)).to_have_count(1)
    axe_clean(page, PANEL, {"color-contrast", "button-name"})
    click(page, "button.add")
    fits_sideways(page, panel=True)
    axe_clean(page, PANEL, {"color-contrast", "label"})
    click(page, "form button.add")
    wait_in_panel(page, ".status.problem" if mode == "live" else "textarea.record")
    fits_sideways(page, panel=True)
    axe_clean(page, PANEL, {"color-contrast"})


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "url, fixture, count",
    [
        ("https://arxiv.org/list/cs.CL/new", "arxiv-list.html", 2),
        ("https://arxiv.org/search/?query=reasoning&searchtype=all", "arxiv-search.html", 2),
        ("https://huggingface.co/papers", "hf-papers.html", 2),
    ],
)
def test_the_badges_on_a_list(open_page, url, fixture, count, scheme):
    page = open_page(url, fixture, scheme)
    expect(page.locator(BADGE)).to_have_count(count)
    fits_sideways(page, panel=False)
    axe_clean(page, BADGE, {"color-contrast", "link-name"})

"""Paper titles that look like HTML are shown as text by the popup and the arXiv panel, and run nothing."""

from __future__ import annotations

import pytest
from extension_browser import FIXTURES, LoadedExtension, sitegen_serve
from extension_fixtures import in_closed_shadow
from playwright.sync_api import expect
from site_builder import build_collection
from static_server import static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def html_build(tmp_path_factory):
    config, report = build_collection(
        tmp_path_factory.mktemp("html-titles"), [str(FIXTURES / "html-titles.yaml")]
    )
    papers = {p.arxiv_id: p for p in report.collection.papers.values() if p.arxiv_id}
    return config, papers["2509.90001"], papers["2509.90002"]


@pytest.fixture(scope="module", params=["live", "static"])
def site(request, html_build):
    config, bold, neighbour = html_build
    server = (
        sitegen_serve(config.root / "sitegen.yml")
        if request.param == "live"
        else static_server(config.site_path)
    )
    with server as base:
        yield base, bold, neighbour


@pytest.fixture
def dialogs(extension: LoadedExtension, site):
    """Every alert() any page of the extension's context would show (there must be none)."""
    base, _, _ = site
    extension.use_site(base)
    seen = []

    def record(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    extension.context.on("dialog", record)
    yield seen
    extension.context.remove_listener("dialog", record)
    extension.close_pages()


def test_the_popup_shows_html_in_titles_as_text(extension, site, dialogs):
    _, bold, _ = site
    assert "<b>" in bold.title and "<img" in bold.title
    popup = extension.open("popup/popup.html")
    popup.locator("#query").fill("Bold Claims Friends")
    title = popup.locator("#results li .title").first
    assert title.text_content() == bold.title
    assert popup.locator("#results b, #results img, #results script, #results i").count() == 0
    assert dialogs == []


def test_the_panel_shows_html_in_titles_as_text(extension, site, dialogs):
    _, bold, neighbour = site
    page = extension.context.new_page()
    page.route(
        "https://arxiv.org/**", lambda route: route.fulfill(path=FIXTURES / "arxiv-abs.html")
    )
    page.goto(f"https://arxiv.org/abs/{bold.arxiv_id}")
    expect(page.locator("sitegen-papers-panel")).to_have_count(1)
    shown = in_closed_shadow(
        page,
        "sitegen-papers-panel",
        """root => ({
            title: root.querySelector(".title").textContent,
            related: [...root.querySelectorAll(".related a")].map((a) => a.textContent),
            markup: root.querySelectorAll(".panel b, .panel img, .panel script, .panel i").length,
        })""",
    )
    assert shown["title"] == bold.title
    assert neighbour.title in shown["related"]
    assert shown["markup"] == 0
    assert dialogs == []

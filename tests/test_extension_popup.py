"""The popup in Chromium with the unpacked extension: search as you type, keyboard navigation, problems shown."""

from __future__ import annotations

import time

import pytest
from extension_browser import FIXTURES, LoadedExtension, sitegen_serve
from extension_fixtures import serious_violations
from live_server import free_port
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_site(sample_build):
    config, report = sample_build
    with sitegen_serve(config.root / "sitegen.yml") as base:
        yield base, report.collection


@pytest.fixture(scope="module")
def static_site(sample_build):
    config, report = sample_build
    with static_server(config.site_path) as base:
        yield base, report.collection


@pytest.fixture(params=["live", "static"])
def site(request, extension: LoadedExtension):
    """Each popup test runs once against `sitegen serve` and once against plain static files."""
    base, collection = request.getfixturevalue(f"{request.param}_site")
    extension.use_site(base)
    yield request.param, base, collection
    extension.close_pages()


def survey_paper(collection):
    return next(p for p in collection.papers.values() if "Survey of Quantization" in p.title)


def search(extension: LoadedExtension, text: str) -> Page:
    popup = extension.open("popup/popup.html")
    popup.locator("#query").fill(text)
    return popup


def test_typing_shows_the_paper_with_its_tags(extension, site):
    mode, base, collection = site
    paper = survey_paper(collection)
    popup = search(extension, "quantization survey")
    first = popup.locator("#results li").first
    expect(first.locator(".title")).to_have_text(paper.title)
    tag_names = [collection.tags[slug].name for slug in paper.tags]
    expect(first.locator(".tag")).to_have_text(tag_names)
    expect(popup.locator("#mode")).to_contain_text(
        {"live": "live server", "static": "static site"}[mode]
    )
    expect(popup.locator("#all-results")).to_have_attribute("href", f"{base}?q=quantization+survey")
    if mode == "live":  # only the server has abstracts to cut snippets from
        expect(first.locator(".snippet mark").first).to_be_visible()


def test_a_hit_shows_its_upvotes_and_its_machine_written_tldr(extension, site):
    mode, _, collection = site
    paper = next(p for p in collection.papers.values() if p.tldr and p.upvotes)
    first = search(extension, paper.title).locator("#results li").first
    expect(first.locator(".title")).to_have_text(paper.title)
    if mode == "static":  # search.json carries neither: a static site's hits show none
        expect(first.locator(".upvotes, .tldr")).to_have_count(0)
        return
    expect(first.locator(".upvotes")).to_have_text(f"▲ {paper.upvotes} upvotes")
    expect(first.locator(".tldr")).to_have_text(f"TL;DR (machine-written): {paper.tldr}")


def test_typo_still_finds_the_paper(extension, site):
    _, _, collection = site
    popup = search(extension, "quantizaton survey")
    expect(popup.locator("#results li .title").first).to_have_text(survey_paper(collection).title)
    expect(popup.locator("#status")).to_contain_text("Showing results for")


def test_arrow_keys_and_enter_open_the_chosen_paper_on_the_site(extension, site):
    _, base, collection = site
    popup = search(extension, "survey")
    items = popup.locator("#results li")
    expect(items.nth(1)).to_be_visible()
    expect(items.first).to_have_attribute("aria-selected", "true")
    popup.locator("#query").press("ArrowDown")
    popup.locator("#query").press("ArrowDown")
    popup.locator("#query").press("ArrowUp")
    expect(items.nth(1)).to_have_attribute("aria-selected", "true")
    chosen_title = items.nth(1).locator(".title").text_content()
    with extension.context.expect_page() as opened:
        try:
            popup.locator("#query").press("Enter")
        except (
            PlaywrightError
        ):  # the popup closes itself once the paper's tab is open, as a toolbar popup should
            assert popup.is_closed()
    paper_page = opened.value
    paper_page.wait_for_load_state()
    paper = next(p for p in collection.papers.values() if p.title == chosen_title)
    assert paper_page.url == f"{base}papers/{paper.id}/"
    expect(paper_page.locator("article h1")).to_contain_text(paper.title)


def test_no_match_says_so(extension, site):
    popup = search(extension, "zzzzqqqq")
    expect(popup.locator("#status")).to_contain_text("No papers match")
    expect(popup.locator("#results li")).to_have_count(0)


def test_unreachable_site_says_what_to_do(extension):
    extension.use_site(f"http://127.0.0.1:{free_port()}/")
    popup = extension.open("popup/popup.html")
    expect(popup.locator("#status.problem")).to_contain_text("No answer from")
    expect(popup.locator("#status .hint")).to_contain_text("make demo")
    popup.locator("#query").fill("survey")
    expect(popup.locator("#status.problem")).to_contain_text("No answer from")
    extension.close_pages()


def test_static_mode_picks_up_a_rebuilt_site(extension, tmp_path):
    """The compact search file is cached, but a rebuild (a new health.json stamp) is noticed when the popup opens."""
    first = [str(FIXTURES / "html-titles.yaml")]
    config, _ = build_collection(tmp_path / "site", first)
    with static_server(config.site_path) as base:
        extension.use_site(base)
        popup = search(extension, "Zyzzyva")
        expect(popup.locator("#status")).to_contain_text("No papers match")
        # Same site folder, one more source; the build writes a new health.json "built" stamp.
        time.sleep(1.1)  # the stamp has whole seconds: let the second build get a new one
        build_collection(tmp_path / "site", [*first, str(FIXTURES / "later-paper.yaml")])
        popup = search(extension, "Zyzzyva")
        expect(popup.locator("#results li .title").first).to_have_text(
            "Zyzzyva Routing: Sparse Experts for Late Arrivals"
        )
    extension.close_pages()


# Chromium sizes a toolbar popup to its content, up to 800 × 600 px.
POPUP_MAX = {"width": 800, "height": 600}
MEASURE = """() => {
  const root = document.scrollingElement;
  return { width: root.scrollWidth, clientWidth: root.clientWidth,
           // The content's own size (the root's scroll size is at least the window's).
           contentWidth: Math.ceil(document.body.getBoundingClientRect().width),
           contentHeight: Math.ceil(document.documentElement.getBoundingClientRect().height) };
}"""


def at_real_size(popup: Page) -> dict:
    """The popup's page sized as Chromium sizes the popup, and its measures there."""
    popup.set_viewport_size(POPUP_MAX)
    natural = popup.evaluate(MEASURE)
    popup.set_viewport_size(
        {
            "width": min(natural["contentWidth"], POPUP_MAX["width"]),
            "height": min(natural["contentHeight"], POPUP_MAX["height"]),
        }
    )
    return popup.evaluate(MEASURE)


@pytest.mark.parametrize("text", ["survey", "reasoning language models", "hallucinate", "zzzzqqqq"])
def test_the_popup_at_its_real_size_has_no_horizontal_scrollbar(extension, site, text):
    popup = search(extension, text)
    expect(popup.locator("#results li, #status:not(:empty)").first).to_be_visible()
    measured = at_real_size(popup)
    assert measured["width"] <= measured["clientWidth"], measured
    assert measured["contentHeight"] <= POPUP_MAX["height"], "the popup itself would scroll"


def test_a_long_address_in_a_problem_does_not_widen_the_popup(extension):
    extension.use_site(f"http://127.0.0.1:{free_port()}/{'alongfoldername' * 16}/")
    popup = extension.open("popup/popup.html")
    expect(popup.locator("#status.problem")).to_contain_text("No answer from")
    measured = at_real_size(popup)
    assert measured["width"] <= measured["clientWidth"], measured
    extension.close_pages()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_popup_is_axe_clean_in_both_schemes(extension, site, scheme):
    mode, _, collection = site
    paper = next(p for p in collection.papers.values() if p.tldr and p.upvotes)
    popup = extension.open("popup/popup.html")
    popup.emulate_media(color_scheme=scheme)
    popup.locator("#query").fill(paper.title)
    expect(popup.locator("#results li").first).to_be_visible()
    assert serious_violations(popup) == []

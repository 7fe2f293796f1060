"""The built sample site in Debian's Chromium: browse home → tag → paper → related paper, and search."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from site_builder import FIXTURES, build_collection, hostile_paper
from static_server import static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(sample_build):
    config, _ = sample_build
    with static_server(config.site_path) as url:
        yield url


def test_browse_home_tag_paper_related(page: Page, site_url, sample_build):
    _, report = sample_build
    page.goto(site_url)
    expect(page.locator("h1").first).to_contain_text("sitegen")
    page.locator(".sg-tag-cloud a").first.click()
    assert "/tags/" in page.url
    page.locator("article a[href*='papers/']").first.click()
    assert "/papers/" in page.url
    paper_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    paper = report.collection.papers[paper_id]
    expect(page.locator("article h1")).to_contain_text(paper.title)
    # Follow a related-paper link, starting from a paper that has some.
    with_related = next(p for p in report.collection.papers.values() if p.related)
    page.goto(f"{site_url}papers/{with_related.id}/")
    related = report.collection.papers[with_related.related[0].id]
    page.locator("#related-papers ~ ul a").first.click()
    expect(page.locator("article h1")).to_contain_text(related.title)


def test_material_search_finds_a_paper_by_a_title_word(page: Page, site_url):
    page.goto(site_url)
    page.locator("input.md-search__input").fill("Osteoarthritis")
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("Knee Osteoarthritis")
    result.locator("a").first.click()
    expect(page.locator("article h1")).to_contain_text("Active Sensing of Knee Osteoarthritis")


def test_hostile_text_fires_no_dialog(page: Page, tmp_path):
    config, report = build_collection(tmp_path / "c", [str(FIXTURES / "site" / "hostile.yaml")])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = hostile_paper(report)
    with static_server(config.site_path) as url:
        for path in (f"papers/{hostile.id}/", "", "tags/", "papers/"):
            page.goto(url + path)
            page.wait_for_load_state("load")
        page.goto(f"{url}papers/{hostile.id}/")
        expect(page.locator("article h1")).to_contain_text(hostile.title)
        expect(page.locator("article")).to_contain_text("<img src=x onerror=alert(1)>")
        page.locator("input.md-search__input").fill("Hostile")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert dialogs == []

"""Pagefind behind Material's search box: built with the site, searched in Chromium, paper text shown as text."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from site_builder import build_hostile
from static_server import static_server

pytestmark = pytest.mark.browser


def test_the_build_writes_a_pagefind_index_and_empties_materials(sample_build):
    config, _ = sample_build
    site = config.site_path
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (
        json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        == []
    )
    assert (site / "assets" / "sitegen-search.js").is_file()


def test_a_search_fetches_pagefind_chunks_not_materials_index(page: Page, sample_build):
    config, report = sample_build
    fetched = []
    page.on("response", lambda response: fetched.append(response.url))
    with static_server(config.site_path) as url:
        page.goto(url)
        page.locator("input.md-search__input").fill("Osteoarthritis")
        result = page.locator(".md-search-result__item").first
        expect(result).to_contain_text("Knee Osteoarthritis")
        expect(page.locator(".md-search-result__meta.sg-search")).to_contain_text("1")
        page.keyboard.press("Enter")  # Material's Enter key follows the best result
        expect(page.locator("article h1")).to_contain_text("Active Sensing of Knee Osteoarthritis")
    assert any("/pagefind/" in u for u in fetched)


def first_query(page: Page, url: str, query: str) -> None:
    """Opens the site and types a first query into its box; returns once the static search file,
    which the box fetches after its first result, has come."""
    page.goto(url)
    with page.expect_response(lambda response: response.url.endswith("/api/v1/search.json")):
        page.locator("input.md-search__input").fill(query)
        page.locator(".md-search-result__item").first.wait_for()


def retype_until(page: Page, query: str, answered) -> None:
    """Types `query` into the box again until `answered()`: the static search file has come, and its
    index is made once the module that reads it has loaded too."""
    box = page.locator("input.md-search__input")
    for _ in range(50):
        box.fill("")
        box.fill(query)
        page.wait_for_timeout(100)
        if answered():
            return


def test_once_its_file_is_loaded_a_static_sites_box_answers_as_the_extension_does(
    page: Page, sample_build
):
    """A misspelt word Pagefind cannot find: the static search (search.json, fetched once the box has
    shown its first result) reads it as the collection's closest word; the teaser shows the paper's
    tags, as text."""
    config, report = sample_build
    paper = next(p for p in report.collection.papers.values() if "Knee Osteoarthritis" in p.title)
    first = page.locator(".md-search-result__item").first
    with static_server(config.site_path) as url:
        first_query(page, url, "knee")
        retype_until(
            page,
            "osteoarthirtis knee",
            lambda: first.count() and "Knee Osteoarthritis" in (first.text_content() or ""),
        )
        expect(first.locator("h1")).to_contain_text("Knee Osteoarthritis")
        expect(first.locator(".md-search-result__teaser")).to_have_text(
            " · ".join(
                report.collection.tags[slug].name
                for slug in paper.tags
                if slug in report.collection.tags
            )
        )


def test_hostile_titles_show_as_text_in_results(page: Page, tmp_path):
    config, report, hostile = build_hostile(tmp_path / "c")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    item = page.locator(".md-search-result__item").first
    with static_server(config.site_path) as url:
        first_query(page, url, "onerror")  # answered by Pagefind, with a passage
        expect(item.locator("h1")).to_have_text(hostile.title)
        expect(item.locator(".md-search-result__teaser")).to_contain_text(
            "<img src=x onerror=alert(1)>"
        )
        expect(item.locator(".md-search-result__teaser mark").first).to_contain_text("onerror")
        assert item.locator("img, script").count() == 0
        # Then from the static search: its teaser, the paper's tags, has no marks.
        retype_until(page, "hostile", lambda: item.count() and not item.locator("mark").count())
        expect(item.locator("h1")).to_have_text(hostile.title)
        assert item.locator("mark, img, script").count() == 0
    assert dialogs == []


def test_what_a_page_says_of_an_empty_list_is_not_searched(page: Page, sample_build):
    """ "No other paper … links here yet" is on every page no paper links to: not words of the paper."""
    config, report = sample_build
    assert any(not p.backlinks for p in report.collection.papers.values())
    with static_server(config.site_path) as url:
        page.goto(url)
        found = page.evaluate("""async () => {
            const pagefind = await import("./pagefind/pagefind.js");
            const search = await pagefind.search("yet");
            return Promise.all(search.results.map(async (result) => (await result.data()).content));
        }""")
    assert not any("links here yet" in text for text in found), found

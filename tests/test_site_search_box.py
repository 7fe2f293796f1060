"""The header search box in Debian's Chromium: from the search API when `sitegen serve` serves the site,
from Pagefind word by word when the site is static files."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect
from static_server import static_server

pytestmark = pytest.mark.browser
# No paper has every word ("zebrafish" is in none): Pagefind alone finds nothing.
QUESTION = (
    "which paper surveys quantization methods for efficient neural network inference with zebrafish"
)


@pytest.fixture(scope="module")
def static_url(served_site):
    config, _ = served_site
    with static_server(config.site_path) as url:
        yield url


def shown(page: Page, query: str) -> list[str]:
    box, meta = (
        page.locator("input.md-search__input"),
        page.locator(".md-search-result__meta.sg-search"),
    )
    box.fill("")
    before = meta.text_content()
    box.fill(query)
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[meta.element_handle(), before]
    )
    return page.eval_on_selector_all(
        ".md-search-result__list.sg-search a", "links => links.map(a => a.href)"
    )


def test_a_question_no_page_fully_matches_still_finds_its_paper_in_a_static_site(
    page: Page, static_url, served_site
):
    missing = []
    page.on(
        "response",
        lambda response: missing.append(response.url) if response.status == 404 else None,
    )
    _, collection = served_site
    survey = next(
        p
        for p in collection.papers.values()
        if p.title.startswith("A Survey of Quantization Methods")
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(static_url)
    page.locator("input.md-search__input").click()
    links = shown(page, QUESTION)
    assert links and links[0].endswith(f"/papers/{survey.id}/")
    # nothing asked of the search API, which a static host lacks (its static files, such as the
    # static search's api/v1/search.json, it has; when they are fetched depends on timing)
    assert not any(urlsplit(url).path.endswith("/api/v1/search") for url in requests)
    assert missing == []


@pytest.mark.parametrize("backend", ["whoosh"], indirect=True)
def test_a_served_site_answers_the_box_from_the_search_api(page: Page, live_server):
    api = httpx.get(f"{live_server}/api/v1/search", params={"q": QUESTION, "limit": 10}).json()
    searched = []
    page.on(
        "request",
        lambda request: searched.append(request.url) if "/api/v1/search" in request.url else None,
    )
    page.goto(live_server + "/")
    page.locator("input.md-search__input").click()
    links = shown(page, QUESTION)
    assert searched, "the box did not ask the API"
    assert [link.rstrip("/").rsplit("/", 1)[-1] for link in links] == [
        hit["id"] for hit in api["hits"]
    ]
    expect(page.locator(".md-search-result__list.sg-search h1").first).to_have_text(
        api["hits"][0]["title"]
    )

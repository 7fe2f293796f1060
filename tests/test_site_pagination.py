"""Listings cut into pages of PAGE_SIZE papers on a real build: every paper listed once across the
pages, newest first, the pages linked to each other, and every link on them resolves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.render.listing import PAGE_SIZE

COUNT = 2 * PAGE_SIZE + 7  # three pages: two full, one of 7
FIRST = date(2025, 1, 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    records = [
        {
            "title": f"Widget Study Number {n}",
            "abstract": f"Widget study {n} measures widgets.",
            "date": (FIRST + timedelta(hours=3 * n)).isoformat()[:10],
            "tags": ["Widgets"],
        }
        for n in range(COUNT)
    ]
    source = root / "records.yaml"
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, report = build_collection(root / "c", [str(source)])
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, config, report.collection


def listed(page: Page) -> list[str]:
    return page.locator("article ul li > a").all_inner_texts()


@pytest.mark.browser
def test_a_tag_is_read_page_by_page(page: Page, site):
    base, config, collection = site
    written = {p.title: p.date for p in collection.papers.values()}
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{base}tags/widgets/")
    seen = []
    for number in (1, 2, 3):
        expect(page.locator("nav.sg-pager strong").first).to_have_text(str(number))
        page.wait_for_load_state()  # the pager is there before the list below it
        titles = listed(page)
        assert len(titles) == (PAGE_SIZE if number < 3 else COUNT - 2 * PAGE_SIZE)
        seen += titles
        for href in page.locator("article ul li > a").evaluate_all("as => as.map(a => a.href)")[:3]:
            assert page.request.get(href).ok, href
        if number < 3:
            page.locator("nav.sg-pager a[rel=next]").first.click()
    assert len(seen) == len(set(seen)) == COUNT
    days = [written[title] for title in seen]
    assert days == sorted(days, reverse=True)  # newest first, across the pages
    page.get_by_role("link", name="1", exact=True).first.click()
    expect(page).to_have_url(f"{base}tags/widgets/")
    assert missing == []


def test_a_month_of_more_than_a_page_is_cut_the_same_way(site):
    """All the papers fall in January 2025: its archive page is three pages, like the tag's."""
    _, config, _ = site
    month = config.site_path / "archive" / "2025-01"
    sizes = [
        (folder / "index.html").read_text(encoding="utf-8").count('<li><a href="../../')
        for folder in (month, month / "2", month / "3")
    ]
    assert sizes == [PAGE_SIZE, PAGE_SIZE, COUNT - 2 * PAGE_SIZE]
    assert not (month / "4").exists()


def test_the_papers_with_code_are_listed_with_their_stars(tmp_path):
    source = tmp_path / "records.yaml"
    records = [
        {"title": "Coded Paper", "code_url": "https://github.com/a/b", "code_stars": 1500},
        {"title": "Uncoded Paper"},
    ]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, report = build_collection(tmp_path / "c", [str(source)])
    html = (config.site_path / "code" / "index.html").read_text(encoding="utf-8")
    assert "Coded Paper" in html and "Uncoded Paper" not in html
    assert 'href="https://github.com/a/b">code ★ 1,500</a>' in html
    papers = (config.site_path / "papers" / "index.html").read_text(encoding="utf-8")
    assert 'href="../code/">1 with code</a>' in papers


@pytest.mark.browser
def test_a_tag_and_a_month_read_most_upvoted_first_too(page: Page, tmp_path):
    source = tmp_path / "records.yaml"
    records = [
        {"title": f"Ranked {name}", "date": f"2025-03-0{n}", "upvotes": votes, "tags": ["Ranks"]}
        for n, (name, votes) in enumerate([("Low", 2), ("High", 50), ("Mid", 9)], start=1)
    ]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, _ = build_collection(tmp_path / "c", [str(source)])
    with static_server(config.site_path) as base:
        for listing in ("tags/ranks/", "archive/2025-03/"):
            page.goto(base + listing)
            assert listed(page) == ["Ranked Mid", "Ranked High", "Ranked Low"]  # newest first
            page.get_by_role("link", name="Most upvoted").click()
            expect(page).to_have_url(f"{base}{listing}top/")
            page.wait_for_load_state()  # the address changes before the list is there
            assert listed(page) == ["Ranked High", "Ranked Mid", "Ranked Low"]
            page.get_by_role("link", name="Newest first").click()
            expect(page).to_have_url(base + listing)
            page.wait_for_load_state()


def test_without_upvotes_there_is_one_order(site):
    _, config, _ = site
    assert not (config.site_path / "tags" / "widgets" / "top").exists()
    assert "Most upvoted" not in (config.site_path / "tags/widgets/index.html").read_text()

"""The timeline page in Chromium: one bar per period and one row per tag, counting the collection's papers."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from site_builder import FIXTURES, build_collection
from static_server import static_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """A two-week collection (a bar per day), served."""
    config, report = build_collection(
        tmp_path_factory.mktemp("timeline"), [str(FIXTURES / "site" / "timeline.yaml")]
    )
    with static_server(config.site_path) as url:
        yield url, report.collection


def shown_bars(page: Page, selector: str) -> dict[str, int]:
    return page.eval_on_selector_all(
        selector,
        "bars => Object.fromEntries(bars.map(b => [b.dataset.period, Number(b.dataset.count)]))",
    )


def expected_counts(papers, width: int) -> Counter:
    return Counter(p.date[:width] for p in papers if p.date)


def test_a_bar_per_day_from_the_first_paper_to_the_last(page: Page, daily):
    url, collection = daily
    page.goto(url + "timeline/")
    assert page.get_attribute("figure.sg-timeline", "data-granularity") == "day"
    bars = shown_bars(page, "figure.sg-timeline rect.sg-bar")
    expected = expected_counts(collection.papers.values(), 10)
    first, last = date.fromisoformat(min(expected)), date.fromisoformat(max(expected))
    days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    assert list(bars) == days  # quiet days are bars of 0, in order
    assert bars == {day: expected.get(day, 0) for day in days}
    undated = sum(1 for p in collection.papers.values() if not p.date)
    assert undated == 1 and "1 without a date" in page.locator("article").inner_text()
    # The tallest bar is drawn full height, a quiet day not at all.
    heights = page.eval_on_selector_all(
        "figure.sg-timeline rect.sg-bar", "bars => bars.map(b => b.getBBox().height)"
    )
    counts = list(bars.values())
    assert heights[counts.index(max(counts))] == max(heights) > 0 and heights[counts.index(0)] == 0


def test_each_tag_row_counts_that_tags_papers(page: Page, daily):
    url, collection = daily
    page.goto(url + "timeline/")
    rows = page.eval_on_selector_all("svg.sg-spark", "rows => rows.map(r => r.dataset.tag)")
    tagged = {slug for p in collection.papers.values() if p.date for slug in p.tags}
    assert set(rows) == tagged
    for slug in rows:
        papers = [p for p in collection.papers.values() if slug in p.tags]
        assert shown_bars(page, f"svg.sg-spark[data-tag='{slug}'] rect") == dict(
            expected_counts(papers, 10)
        ), slug
        link = page.locator(f"tr:has(svg.sg-spark[data-tag='{slug}']) a")
        assert link.inner_text() == collection.tags[slug].name
        link.click()
        expect(page).to_have_url(f"{url}tags/{slug}/")
        # Not page.go_back(): right after a navigation, Chromium may not have attached the new page
        # yet, and asking for its history then fails ("Not attached to an active page").
        page.goto(url + "timeline/")


def test_the_sample_spans_years_and_is_counted_per_month(page: Page, sample_build):
    config, report = sample_build
    with static_server(config.site_path) as url:
        page.goto(url)
        page.locator("article a", has_text="Timeline").first.click()
        assert page.url == url + "timeline/"
        assert page.get_attribute("figure.sg-timeline", "data-granularity") == "month"
        bars = shown_bars(page, "figure.sg-timeline rect.sg-bar")
    expected = expected_counts(report.collection.papers.values(), 7)
    assert {month: n for month, n in bars.items() if n} == dict(expected)
    assert sum(bars.values()) == sum(expected.values())

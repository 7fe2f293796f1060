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


AXIS = """figure => {
  const chart = figure.querySelector("svg.sg-timeline__chart").getBoundingClientRect();
  const labels = [...figure.querySelectorAll(".sg-timeline__label")].filter((l) => l.offsetParent);
  return {
    chart: [chart.left, chart.right],
    column: figure.closest("article").querySelector("p").getBoundingClientRect().width,
    labels: labels.map((l) => {
      const box = l.getBoundingClientRect();
      return [l.textContent, box.left, box.right, parseFloat(getComputedStyle(l).fontSize)];
    }),
  };
}"""


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_chart_fills_the_column_and_its_dates_keep_their_size(page: Page, daily, width, height):
    url, collection = daily
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url + "timeline/")
    axis = page.eval_on_selector("figure.sg-timeline", AXIS)
    (left, right), labels = axis["chart"], axis["labels"]
    assert right - left >= 0.95 * axis["column"]  # not Material's fit-content figure of 300 px
    dates = sorted(p.date for p in collection.papers.values() if p.date)
    assert labels[0][0] == dates[0] and labels[-1][0] == dates[-1]
    assert len(labels) >= 3
    for text, start, end, size in labels:
        assert size >= 12 and left - 0.5 <= start and end <= right + 0.5, text
    for (_, _, end, _), (text, start, _, _) in zip(labels, labels[1:]):
        assert end < start, f"{text} overlaps the date before it"


def test_each_tag_row_counts_that_tags_papers(page: Page, daily):
    url, collection = daily
    page.goto(url + "timeline/")
    rows = page.eval_on_selector_all("svg.sg-spark", "rows => rows.map(r => r.dataset.tag)")
    tagged = {slug for p in collection.papers.values() if p.date for slug in p.tags}
    assert set(rows) == tagged
    periods = list(shown_bars(page, "figure.sg-timeline rect.sg-bar"))
    for slug in rows:
        papers = [p for p in collection.papers.values() if slug in p.tags]
        row = page.locator(f"svg.sg-spark[data-tag='{slug}']")
        counts = dict(zip(periods, map(int, row.get_attribute("data-counts").split()), strict=True))
        assert counts == {day: expected_counts(papers, 10).get(day, 0) for day in periods}, slug
        # A bar per period with papers, the busiest drawn full height.
        box = row.evaluate("svg => svg.querySelector('path').getBBox().height")
        assert row.locator("path").get_attribute("d").count("z") == sum(map(bool, counts.values()))
        assert box == 20
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

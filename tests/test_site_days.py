"""The daily list's pages on a real build: a page per day ranked by upvotes, previous and next day,
an index of days; a page per ISO week, most upvoted first a page at a time, newest day first too,
previous and next week, an index of weeks; and a home page that leads with the latest day and its
week."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.model import Paper
from sitegen.render.days import by_day, home_days, week_dates, week_of
from sitegen.render.listing import PAGE_SIZE

# Three days of the list, each in its own ISO week (2025-W02, W03, W04); 01-10 is outside the seven
# days that end on the last day (01-20, a Monday). Dated as listed, but for one dated a month before.
RECORDS = [
    {"title": "Alpha Low", "daily_date": "2025-01-14", "upvotes": 3},
    {"title": "Beta High", "daily_date": "2025-01-14", "upvotes": 40},
    {"title": "Gamma <b>Mid</b>", "daily_date": "2025-01-14", "upvotes": 12},
    {"title": "Delta Last Day", "daily_date": "2025-01-20", "upvotes": 5, "date": "2024-12-20"},
    {"title": "Epsilon Old Day", "daily_date": "2025-01-10", "upvotes": 99},
    {"title": "Zeta Never Listed", "upvotes": 1000},
]
# A week of more than a page, in ISO week 2025-W01 (which starts on a Monday in December): a day of
# more than a page too, 2024-12-30 (Bulk Paper 000 to 101), then 2024-12-31 (102), 2025-01-01 (103, 104).
BULK = [
    {
        "title": f"Bulk Paper {n:03d}",
        "daily_date": "2024-12-30"
        if n <= PAGE_SIZE + 1
        else "2024-12-31"
        if n == 102
        else "2025-01-01",
        "upvotes": n,
    }
    for n in range(PAGE_SIZE + 5)
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("days")
    source = root / "records.yaml"
    records = [
        {"date": r.get("daily_date"), **r, "abstract": f"About {r['title']}."}
        for r in RECORDS + BULK
    ]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, report = build_collection(root / "c", [str(source)])
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, config


def visit(page: Page, link: str, day: str) -> None:
    """Follow a link and wait for the day's page (read before, a list can be the last page's)."""
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"Daily papers: {day}")
    page.wait_for_load_state()  # the heading is there before the list below it


def arrive(page: Page, url: str) -> None:
    """Wait for the page at `url`, loaded: its address changes before its list is there."""
    expect(page).to_have_url(url)
    page.wait_for_load_state()


def watched(page: Page) -> list[str]:
    """The console errors and failed requests of the page from now on."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    return errors


def titles(page: Page, selector: str) -> list[str]:
    return page.locator(f"{selector} li > a:first-child").all_inner_texts()


def test_days_rank_by_upvotes_and_the_week_ends_on_the_last_day():
    papers = [Paper(id=r["title"], **r) for r in RECORDS]
    days = by_day(papers)
    assert list(days) == ["2025-01-10", "2025-01-14", "2025-01-20"]  # never listed: no day
    assert [p.title for p in days["2025-01-14"]] == ["Beta High", "Gamma <b>Mid</b>", "Alpha Low"]
    home = home_days(days)
    assert home["latest_day"] == "2025-01-20"
    assert [p.title for p in home["week"]] == [
        "Beta High",
        "Gamma <b>Mid</b>",
        "Delta Last Day",
        "Alpha Low",
    ]
    assert home["weeks"] == ["2025-W03", "2025-W04"]  # the weeks those seven days fall in
    assert home_days({}) == {"latest_day": None, "latest": [], "week": [], "weeks": []}


def test_a_week_runs_monday_to_sunday_in_the_year_of_its_thursday():
    assert [week_of(day) for day in ("2024-12-29", "2024-12-30", "2025-01-05")] == [
        "2024-W52",
        "2025-W01",
        "2025-W01",
    ]
    assert week_of("2026-12-31") == "2026-W53"
    assert week_dates("2025-W01") == ("2024-12-30", "2025-01-05")


@pytest.mark.browser
def test_a_reader_walks_the_days_from_the_home_page(page: Page, site):
    base, _ = site
    errors = watched(page)
    page.goto(base)
    assert page.locator("h2", has_text="The daily list: 2025-01-20").count() == 1
    week = page.locator("h2", has_text="The week's top").locator("xpath=following-sibling::ol[1]")
    assert week.locator("li > a").all_inner_texts()[:2] == ["Beta High", "Gamma <b>Mid</b>"]
    page.get_by_role("link", name="Every day").click()
    expect(page.locator("h1")).to_contain_text("Days")
    visit(page, "14", "2025-01-14")
    assert titles(page, "ol.sg-ranked") == ["Beta High", "Gamma <b>Mid</b>", "Alpha Low"]
    visit(page, "2025-01-20 →", "2025-01-20")
    assert titles(page, "ol.sg-ranked") == ["Delta Last Day"]
    visit(page, "← 2025-01-14", "2025-01-14")
    visit(page, "← 2025-01-10", "2025-01-10")
    assert titles(page, "ol.sg-ranked") == ["Epsilon Old Day"]
    visit(page, "← 2025-01-01", "2025-01-01")
    visit(page, "← 2024-12-31", "2024-12-31")
    visit(page, "← 2024-12-30", "2024-12-30")
    assert page.get_by_role("link", name="← ", exact=False).count() == 0  # the first day
    # 102 papers: a page of 100, then the two least upvoted, numbered on, the way on still there.
    assert titles(page, "ol.sg-ranked")[0] == "Bulk Paper 101"
    page.locator("nav.sg-pager a[rel=next]").first.click()
    arrive(page, f"{base}days/2024-12-30/2/")
    assert titles(page, "ol.sg-ranked") == ["Bulk Paper 001", "Bulk Paper 000"]
    assert page.locator("ol.sg-ranked").get_attribute("start") == str(PAGE_SIZE + 1)
    visit(page, "2024-12-31 →", "2024-12-31")
    assert errors == []


def visit_week(page: Page, link: str, week: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"Week {week}: the top papers")
    page.wait_for_load_state()


@pytest.mark.browser
def test_a_reader_walks_the_weeks_and_reads_a_long_one_page_by_page(page: Page, site):
    base, _ = site
    errors = watched(page)
    page.goto(base)
    # The home page's seven days are in two weeks: both linked.
    visit_week(page, "Week 2025-W03", "2025-W03")
    assert titles(page, "ol.sg-ranked") == ["Beta High", "Gamma <b>Mid</b>", "Alpha Low"]
    visit_week(page, "2025-W04 →", "2025-W04")
    assert titles(page, "ol.sg-ranked") == ["Delta Last Day"]
    assert page.get_by_role("link", name="→", exact=False).count() == 0  # the last week
    page.get_by_role("link", name="2025-01-20", exact=True).click()  # the week's day
    visit_week(page, "Week 2025-W04", "2025-W04")  # and back from the day to its week
    visit_week(page, "← 2025-W03", "2025-W03")
    visit_week(page, "← 2025-W02", "2025-W02")
    visit_week(page, "← 2025-W01", "2025-W01")
    # 105 papers: most upvoted first, 100 then 5, numbered on from the first page.
    assert page.locator("nav.sg-pager strong").first.inner_text() == "1"
    ranked = titles(page, "ol.sg-ranked")
    page.locator("nav.sg-pager a[rel=next]").first.click()
    arrive(page, f"{base}weeks/2025-W01/2/")
    ranked += titles(page, "ol.sg-ranked")
    assert ranked == [f"Bulk Paper {n:03d}" for n in reversed(range(PAGE_SIZE + 5))]
    assert page.locator("ol.sg-ranked").get_attribute("start") == str(PAGE_SIZE + 1)
    # Newest day first: 2025-01-01's papers lead, each day's most upvoted first.
    page.get_by_role("link", name="Newest first").click()
    arrive(page, f"{base}weeks/2025-W01/date/")
    listed_days = page.locator("ol.sg-ranked li .sg-date").all_inner_texts()
    assert listed_days == sorted(listed_days, reverse=True) and listed_days[0] == "2025-01-01"
    assert titles(page, "ol.sg-ranked")[0] == "Bulk Paper 104"
    page.get_by_role("link", name="Most upvoted").click()
    arrive(page, f"{base}weeks/2025-W01/")
    # The index of weeks, from the index of days; a week's days lead to the day's page.
    page.get_by_role("link", name="All weeks").click()
    expect(page.locator("h1")).to_contain_text("Weeks")
    page.wait_for_load_state()
    years = [h.strip(" ¶") for h in page.locator("article h2").all_inner_texts()]
    assert years == ["2025"]  # W01 of 2025 began in December
    assert page.locator("p.sg-days a").all_inner_texts() == ["W04", "W03", "W02", "W01"]
    page.get_by_role("link", name="Every day").click()
    page.get_by_role("link", name="Every week's top papers").click()
    visit_week(page, "W01", "2025-W01")
    page.get_by_role("link", name="2024-12-31", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Daily papers: 2024-12-31")
    assert errors == []


def test_the_days_index_leads_to_each_months_most_upvoted(site):
    """A month of days links to its archive's upvote order, where papers are dated that month."""
    _, config = site
    html = (config.site_path / "days" / "index.html").read_text(encoding="utf-8")
    assert html.count("The most upvoted papers of") == 2  # 2025-01 and 2024-12
    for month in ("2025-01", "2024-12"):
        assert f'href="../archive/{month}/top/"' in html
        assert (config.site_path / "archive" / month / "top" / "index.html").exists()
    papers = (config.site_path / "papers" / "index.html").read_text(encoding="utf-8")
    assert 'href="../archive/2025-01/top/"' in papers

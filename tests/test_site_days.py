"""The daily list's pages on a real build: a page per day ranked by upvotes, previous and next day,
an index of days, and a home page that leads with the latest day and its week."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.model import Paper
from sitegen.render.days import by_day, home_days

# Three days of the list; 01-10 is outside the week that ends on the last day (01-20).
RECORDS = [
    {"title": "Alpha Low", "daily_date": "2025-01-14", "upvotes": 3},
    {"title": "Beta High", "daily_date": "2025-01-14", "upvotes": 40},
    {"title": "Gamma <b>Mid</b>", "daily_date": "2025-01-14", "upvotes": 12},
    {"title": "Delta Last Day", "daily_date": "2025-01-20", "upvotes": 5},
    {"title": "Epsilon Old Day", "daily_date": "2025-01-10", "upvotes": 99},
    {"title": "Zeta Never Listed", "upvotes": 1000},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("days")
    source = root / "records.yaml"
    source.write_text(
        yaml.safe_dump([{**r, "abstract": f"About {r['title']}."} for r in RECORDS]),
        encoding="utf-8",
    )
    config, report = build_collection(root / "c", [str(source)])
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, config


def visit(page: Page, link: str, day: str) -> None:
    """Follow a link and wait for the day's page (read before, a list can be the last page's)."""
    page.get_by_role("link", name=link, exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"Daily papers: {day}")


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
    assert home_days({}) == {"latest_day": None, "latest": [], "week": []}


@pytest.mark.browser
def test_a_reader_walks_the_days_from_the_home_page(page: Page, site):
    base, _ = site
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
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
    assert page.get_by_role("link", name="← ", exact=False).count() == 0  # the first day
    assert errors == []

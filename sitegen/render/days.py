"""The daily list's pages: one per day a paper was on it (days/YYYY-MM-DD/), ranked by upvotes a page
at a time, with the previous and next day; one per ISO week (weeks/YYYY-Www/), its days' papers most upvoted first
a page at a time (newest day first at weeks/YYYY-Www/date/), with the previous and next week; an
index of the days by month and one of the weeks by year; the latest day and week for the home page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jinja2 import Environment

from sitegen.model import Paper
from sitegen.render.listing import PAGE_SIZE, PaperItems, in_both_orders, most_upvoted, pages_of

if TYPE_CHECKING:
    from sitegen.render.listing_cache import ListingCache

ON_HOME = 10  # papers of the latest day, and of its week, on the home page
WEEK = 7


def by_day(papers: list[Paper]) -> dict[str, list[Paper]]:
    """Each day of the daily list (oldest first) and its papers, most upvoted first."""
    days: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.daily_date:
            days[paper.daily_date].append(paper)
    return {day: most_upvoted(days[day]) for day in sorted(days)}


def week_of(day: str) -> str:
    """The ISO week a day is in, as 2025-W03 (a week starts on Monday and belongs to the year of
    its Thursday)."""
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def by_week(days: dict[str, list[Paper]]) -> dict[str, list[str]]:
    """Each ISO week of the daily list (oldest first) and its days (oldest first)."""
    weeks: dict[str, list[str]] = defaultdict(list)
    for day in days:
        weeks[week_of(day)].append(day)
    return dict(weeks)


def week_dates(week: str) -> tuple[str, str]:
    """A week's Monday and Sunday."""
    year, number = week.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return monday.isoformat(), (monday + timedelta(days=WEEK - 1)).isoformat()


def last_seven_days(days: dict[str, list[Paper]], last: str) -> list[str]:
    """The days of the list in the seven that end on `last`."""
    start = (date.fromisoformat(last) - timedelta(days=WEEK - 1)).isoformat()
    return [day for day in days if start <= day <= last]


def day_pages(
    days: dict[str, list[Paper]],
    ranked_months: set[str],
    env: Environment,
    front_matter: Callable[[dict], str],
    listings: ListingCache,
) -> Iterator[tuple[str, str]]:
    """days/YYYY-MM-DD.md (and days/YYYY-MM-DD/2.md, …) for every day `listings` does not keep, and
    days/index.md listing them by month, newest first, each
    month linked to its archive's most upvoted papers where the archive has that order
    (`ranked_months`: a paper's archive month is that of its date, most often its day's month)."""
    template = env.get_template("day.md.j2")
    ranked = env.get_template("ranked_item.html.j2").module.ranked_item
    order = list(days)
    for i, day in enumerate(order):
        context = {
            "front_matter": front_matter({"title": f"Daily papers: {day}"}),
            "day": day,
            "week": week_of(day),
            "count": len(days[day]),
            "previous": order[i - 1] if i else None,
            "next": order[i + 1] if i + 1 < len(order) else None,
            "size": PAGE_SIZE,
        }
        base = f"days/{day}"
        if listings.unchanged(base, days[day], tuple(context.values())):
            continue
        items = PaperItems(lambda paper, root: ranked(paper, root, False))
        yield from listings.drawn(
            base,
            (
                (page.path, template.render(page=page, items=items.on(page), **context))
                for page in pages_of(base, days[day])
            ),
        )
    months: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for day in reversed(order):
        months[day[:7]].append((day, len(days[day])))
    yield (
        "days/index.md",
        env.get_template("days_index.md.j2").render(
            front_matter=front_matter({"title": "Days"}),
            months=months,
            ranked_months=ranked_months,
        ),
    )


def week_pages(
    days: dict[str, list[Paper]],
    env: Environment,
    front_matter: Callable[[dict], str],
    listings: ListingCache,
) -> Iterator[tuple[str, str]]:
    """Every week's pages in both orders (of the weeks `listings` does not keep), and weeks/index.md
    listing the weeks by year, newest first."""
    weeks = by_week(days)
    order = list(weeks)
    template = env.get_template("week.md.j2")
    ranked = env.get_template("ranked_item.html.j2").module.ranked_item
    for i, week in enumerate(order):
        newest = [paper for day in reversed(weeks[week]) for paper in days[day]]
        first, last = week_dates(week)
        context = {
            "front_matter": front_matter({"title": f"Week {week}: the top papers"}),
            "week": week,
            "first": first,
            "last": last,
            "days": [(day, len(days[day])) for day in weeks[week]],
            "count": len(newest),
            "previous": order[i - 1] if i else None,
            "next": order[i + 1] if i + 1 < len(order) else None,
            "size": PAGE_SIZE,
        }
        base = f"weeks/{week}"
        if listings.unchanged(base, newest, tuple(context.values())):
            continue
        # made once for the week's two orders; with each paper's day
        items = PaperItems(lambda paper, root: ranked(paper, root, True))
        yield from listings.drawn(
            base,
            (
                (page.path, template.render(page=page, items=items.on(page), **context, **orders))
                for page, orders in in_both_orders(base, newest, ranked_first=True)
            ),
        )
    years: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for week in reversed(order):
        count = sum(len(days[day]) for day in weeks[week])
        years[week[:4]].append((week, week_dates(week)[0], count))
    yield (
        "weeks/index.md",
        env.get_template("weeks_index.md.j2").render(
            front_matter=front_matter({"title": "Weeks"}), years=years
        ),
    )


def home_days(days: dict[str, list[Paper]]) -> dict:
    """The home page's latest day, the top papers of the seven days that end on it, and the weeks
    those days fall in (empty when no paper has a day)."""
    if not days:
        return {"latest_day": None, "latest": [], "week": [], "weeks": []}
    last = next(reversed(days))
    seven = last_seven_days(days, last)
    return {
        "latest_day": last,
        "latest": days[last][:ON_HOME],
        "week": most_upvoted([paper for day in seven for paper in days[day]])[:ON_HOME],
        "weeks": list(dict.fromkeys(week_of(day) for day in seven)),
    }

"""The daily list's pages: one per day a paper was on it (days/YYYY-MM-DD/), ranked by upvotes, with
the previous and next day, an index of every day by month, and the latest day and week for the home page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from jinja2 import Environment

from sitegen.model import Paper

ON_HOME = 10  # papers of the latest day, and of its week, on the home page
WEEK = 7


def by_day(papers: list[Paper]) -> dict[str, list[Paper]]:
    """Each day of the daily list (oldest first) and its papers, most upvoted first."""
    days: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        if paper.daily_date:
            days[paper.daily_date].append(paper)
    return {day: most_upvoted(days[day]) for day in sorted(days)}


def most_upvoted(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.upvotes or 0), p.title.casefold(), p.id))


def week_before(days: dict[str, list[Paper]], last: str) -> list[Paper]:
    """The papers of the week that ends on `last`, most upvoted first."""
    start = (date.fromisoformat(last) - timedelta(days=WEEK - 1)).isoformat()
    return most_upvoted([p for day, papers in days.items() if start <= day <= last for p in papers])


def day_pages(
    days: dict[str, list[Paper]], env: Environment, front_matter: Callable[[dict], str]
) -> Iterator[tuple[str, str]]:
    """days/YYYY-MM-DD.md for every day, and days/index.md listing them by month, newest first."""
    template = env.get_template("day.md.j2")
    order = list(days)
    for i, day in enumerate(order):
        yield (
            f"days/{day}.md",
            template.render(
                front_matter=front_matter({"title": f"Daily papers: {day}"}),
                day=day,
                papers=days[day],
                previous=order[i - 1] if i else None,
                next=order[i + 1] if i + 1 < len(order) else None,
            ),
        )
    months: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for day in reversed(order):
        months[day[:7]].append((day, len(days[day])))
    yield (
        "days/index.md",
        env.get_template("days_index.md.j2").render(
            front_matter=front_matter({"title": "Days"}), months=months
        ),
    )


def home_days(days: dict[str, list[Paper]]) -> dict:
    """The home page's latest day and that week's top papers (empty when no paper has a day)."""
    if not days:
        return {"latest_day": None, "latest": [], "week": []}
    last = next(reversed(days))
    return {
        "latest_day": last,
        "latest": days[last][:ON_HOME],
        "week": week_before(days, last)[:ON_HOME],
    }

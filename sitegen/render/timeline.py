"""The data of the timeline chart: papers per day, month or year, in all and per tag.

Shape: {"granularity": "day" | "month" | "year", "periods": ["2026-05-27", ...], "total": [3, 0, ...],
        "tags": [{"slug", "name", "counts": [...]}], "undated": 72, "earlier": 0}
Periods run without gaps from the first paper's to the last paper's, so a chart shows quiet days as 0.
There are at most `max_bars` of them, whatever the collection's size or span: the finest of day, month
and year that fits; past that many years, the chart ends at the last paper's and starts `max_bars`
years before, and the papers before its first year are counted in "earlier".
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sitegen.model import Collection

# A bar per day for up to about four months, per month for up to ten years, else per year: a bar
# stays some pixels wide on a phone, and the page's size is bounded (each bar is bytes in every row).
MAX_BARS = 120
WIDTH = {"day": 10, "month": 7, "year": 4}  # of a period's name, the start of an ISO date


def paper_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def periods_between(first: date, last: date, granularity: str) -> list[str]:
    if granularity == "day":
        return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    if granularity == "year":
        return [f"{year:04d}" for year in range(first.year, last.year + 1)]
    months = (last.year - first.year) * 12 + last.month - first.month
    return [
        f"{first.year + (first.month - 1 + n) // 12:04d}-{(first.month - 1 + n) % 12 + 1:02d}"
        for n in range(months + 1)
    ]


def granularity_of(first: date, last: date, max_bars: int) -> str:
    if (last - first).days < max_bars:
        return "day"
    return (
        "month" if (last.year - first.year) * 12 + last.month - first.month < max_bars else "year"
    )


def timeline_data(collection: Collection, max_bars: int = MAX_BARS) -> dict:
    days = {pid: paper_day(p.date) for pid, p in collection.papers.items()}
    dated = {pid: d for pid, d in days.items() if d}
    undated = len(days) - len(dated)
    if not dated:
        return {
            "granularity": "day",
            "periods": [],
            "total": [],
            "tags": [],
            "undated": undated,
            "earlier": 0,
        }
    first, last = min(dated.values()), max(dated.values())
    granularity = granularity_of(first, last, max_bars)
    if granularity == "year" and last.year - first.year >= max_bars:
        first = date(last.year - max_bars + 1, 1, 1)
    width = WIDTH[granularity]
    periods = periods_between(first, last, granularity)
    shown = {pid: d.isoformat()[:width] for pid, d in dated.items() if d >= first}
    total = Counter(shown.values())
    per_tag: dict[str, Counter] = {}
    for pid, period in shown.items():
        for slug in collection.papers[pid].tags:
            if slug in collection.tags:
                per_tag.setdefault(slug, Counter())[period] += 1
    ranked = sorted(per_tag, key=lambda slug: (-sum(per_tag[slug].values()), slug))
    return {
        "granularity": granularity,
        "periods": periods,
        "total": [total[p] for p in periods],
        "tags": [
            {"slug": s, "name": collection.tags[s].name, "counts": [per_tag[s][p] for p in periods]}
            for s in ranked
        ],
        "undated": undated,
        "earlier": len(dated) - len(shown),
    }

"""The data of the timeline chart: papers per day (short spans) or per month, in all and per tag.

Shape: {"granularity": "day" | "month", "periods": ["2026-05-27", ...], "total": [3, 0, ...],
        "tags": [{"slug", "name", "counts": [...]}], "undated": 72}
Periods run without gaps from the first paper's to the last paper's, so a chart shows quiet days as 0.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sitegen.model import Collection

MAX_DAYS = 120  # up to about four months a bar per day stays readable; beyond, a bar per month


def paper_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def periods_between(first: date, last: date, granularity: str) -> list[str]:
    if granularity == "day":
        return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    months = (last.year - first.year) * 12 + last.month - first.month
    return [
        f"{first.year + (first.month - 1 + n) // 12:04d}-{(first.month - 1 + n) % 12 + 1:02d}"
        for n in range(months + 1)
    ]


def timeline_data(collection: Collection, max_days: int = MAX_DAYS) -> dict:
    days = {pid: paper_day(p.date) for pid, p in collection.papers.items()}
    dated = {pid: d for pid, d in days.items() if d}
    undated = len(days) - len(dated)
    if not dated:
        return {"granularity": "day", "periods": [], "total": [], "tags": [], "undated": undated}
    first, last = min(dated.values()), max(dated.values())
    granularity = "day" if (last - first).days < max_days else "month"
    width = 10 if granularity == "day" else 7
    periods = periods_between(first, last, granularity)
    total = Counter(d.isoformat()[:width] for d in dated.values())
    per_tag: dict[str, Counter] = {}
    for pid, d in dated.items():
        for slug in collection.papers[pid].tags:
            if slug in collection.tags:
                per_tag.setdefault(slug, Counter())[d.isoformat()[:width]] += 1
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
    }

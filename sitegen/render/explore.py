"""What the graph and timeline pages show, as plain data for their templates (the timeline's bars laid out here).

The timeline is drawn at build time as SVG (no JavaScript): one bar per day, month or year for all
papers, each with its count, and one small row of bars for each of the ROW_TAGS tags with the most
papers, a single path with the counts in an attribute (a rect and a title per bar, in every row,
would be most of the page). Bars and rows are bounded, so the page's size is too, whatever the
collection's.
The SVGs stretch to the page's width; their labels are HTML beside them, so text keeps the page's
size on a phone as on a desktop (text inside a scaled SVG shrinks with it). Coordinates are printed
with fixed decimals so a rebuild writes the same bytes.
"""

from __future__ import annotations

from sitegen.model import Collection
from sitegen.render.timeline import timeline_data

GRAPH_FILE = "graph.json"  # beside graph.md in the docs folder; graph.js fetches it
CHART_WIDTH, CHART_HEIGHT = 800, 160  # the chart's viewBox; CSS sets the size it is drawn at
AXIS_STEPS = 6  # a date is about 70 px wide: seven fit a desktop's content column
ROW_SLOT, ROW_HEIGHT = 10, 20  # a tag's row: its own viewBox, stretched to the cell by CSS
ROW_TAGS = 20  # the other tags are on the tags page


def graph_page_context(data: dict) -> dict:
    """The graph page's figures and legend, from graph_data's result (which graph.json holds)."""
    untagged = sum(1 for node in data["nodes"] if node["tag"] is None)
    return {
        "papers": len(data["nodes"]),
        "links": len(data["edges"]),
        "legend": data["tags"],
        "untagged": untagged,
        "untagged_color": data["untagged_color"],
        "data_file": GRAPH_FILE,
    }


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bars(counts: list[int], width: float, height: float) -> list[dict]:
    """One bar per count, bottom-aligned in a width x height box; the tallest fills it."""
    most = max(counts, default=0) or 1
    slot = width / max(len(counts), 1)
    gap = slot * 0.15
    out = []
    for i, count in enumerate(counts):
        h = height * count / most
        out.append(
            {
                "x": number(i * slot + gap / 2),
                "y": number(height - h),
                "width": number(slot - gap),
                "height": number(h),
                "count": count,
            }
        )
    return out


def row_path(counts: list[int]) -> str:
    """A tag's row as one SVG path: a bar per period with papers, bottom-aligned in a
    ROW_SLOT * len(counts) x ROW_HEIGHT box, the tallest filling it; whole units across."""
    most = max(counts, default=0) or 1
    return "".join(
        f"M{i * ROW_SLOT + 1} {ROW_HEIGHT}V{number(ROW_HEIGHT * (1 - count / most))}h{ROW_SLOT - 2}V{ROW_HEIGHT}z"
        for i, count in enumerate(counts)
        if count
    )


def axis_labels(periods: list[str]) -> list[dict]:
    """Period names under the chart at sixths of its width: the first and the last at its edges,
    between them the period whose bar is at that point.

    Fixed points (not one every so many periods) keep the names apart at any number of periods.
    A narrow screen shows the thirds only, a small phone the halves (`narrow`, `tiny`).
    """
    n = len(periods)
    if not n:
        return []
    points = [(0, 0), (AXIS_STEPS, n - 1)]  # (sixths, period index): the edges first
    for k in range(1, AXIS_STEPS):
        i = k * n // AXIS_STEPS
        if all(i != taken for _, taken in points):
            points.append((k, i))
    return [
        {
            "label": periods[i],
            "left": number(k * 100 / AXIS_STEPS),
            "edge": "first" if k == 0 else "last" if k == AXIS_STEPS else None,
            "narrow": k % 2 == 0,
            "tiny": k % 3 == 0,
        }
        for k, i in sorted(points)
        if k == 0 or i != 0  # one period: one name
    ]


def timeline_page_context(collection: Collection) -> dict:
    data = timeline_data(collection)
    periods = data["periods"]
    total = [
        dict(bar, period=p)
        for bar, p in zip(bars(data["total"], CHART_WIDTH, CHART_HEIGHT), periods)
    ]
    tags = [
        {
            "slug": tag["slug"],
            "name": tag["name"],
            "papers": sum(tag["counts"]),
            "counts": " ".join(map(str, tag["counts"])),
            "path": row_path(tag["counts"]),
        }
        for tag in data["tags"][:ROW_TAGS]
    ]
    return {
        "granularity": data["granularity"],
        "periods": len(periods),
        "first": periods[0] if periods else "",
        "last": periods[-1] if periods else "",
        "dated": sum(data["total"]),
        "undated": data["undated"],
        "earlier": data["earlier"],
        "most": max(data["total"], default=0),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": total,
        "axis": axis_labels(periods),
        "tags": tags,
        "more_tags": len(data["tags"]) - len(tags),
        "row_width": ROW_SLOT * len(periods),
        "row_height": ROW_HEIGHT,
    }

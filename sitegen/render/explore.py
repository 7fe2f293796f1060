"""What the graph and timeline pages show, as plain data for their templates (the timeline's bars laid out here).

The timeline is drawn at build time as SVG (no JavaScript): one bar per day or month for all
papers, and one small row of bars per tag. Coordinates are printed with fixed decimals so a
rebuild writes the same bytes.
"""

from __future__ import annotations

from sitegen.model import Collection
from sitegen.render.timeline import timeline_data

GRAPH_FILE = "graph.json"  # beside graph.md in the docs folder; graph.js fetches it
CHART_WIDTH = 800
CHART_HEIGHT = 160
CHART_TOP = 16  # room for the largest count's label
MAX_AXIS_LABELS = 8
ROW_SLOT, ROW_HEIGHT = 10, 20  # a tag's row: its own viewBox, stretched to the cell by CSS


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


def bars(counts: list[int], width: float, height: float, top: float = 0) -> list[dict]:
    """One bar per count, bottom-aligned in a width x height box below `top`; the tallest fills it."""
    most = max(counts, default=0) or 1
    slot = width / max(len(counts), 1)
    gap = slot * 0.15
    out = []
    for i, count in enumerate(counts):
        h = height * count / most
        out.append(
            {
                "x": number(i * slot + gap / 2),
                "y": number(top + height - h),
                "width": number(slot - gap),
                "height": number(h),
                "count": count,
            }
        )
    return out


def axis_labels(periods: list[str]) -> list[dict]:
    """A few period names under the chart: the first, the last, and evenly spaced ones between."""
    if not periods:
        return []
    step = max(1, -(-len(periods) // MAX_AXIS_LABELS))
    slot = CHART_WIDTH / len(periods)
    picked = list(range(0, len(periods), step))
    if picked[-1] != len(periods) - 1:
        picked[-1] = len(periods) - 1
    return [{"x": number((i + 0.5) * slot), "label": periods[i]} for i in picked]


def timeline_page_context(collection: Collection) -> dict:
    data = timeline_data(collection)
    periods = data["periods"]
    total = [
        dict(bar, period=p)
        for bar, p in zip(bars(data["total"], CHART_WIDTH, CHART_HEIGHT, CHART_TOP), periods)
    ]
    tags = []
    for tag in data["tags"]:
        # A tag's row is its own scale (its count column gives the size); empty periods draw nothing.
        row = [
            dict(bar, period=p)
            for bar, p in zip(bars(tag["counts"], ROW_SLOT * len(periods), ROW_HEIGHT), periods)
            if bar["count"]
        ]
        tags.append(
            {"slug": tag["slug"], "name": tag["name"], "papers": sum(tag["counts"]), "bars": row}
        )
    return {
        "granularity": data["granularity"],
        "periods": len(periods),
        "first": periods[0] if periods else "",
        "last": periods[-1] if periods else "",
        "dated": sum(data["total"]),
        "undated": data["undated"],
        "most": max(data["total"], default=0),
        "width": CHART_WIDTH,
        "height": CHART_TOP + CHART_HEIGHT + 20,
        "baseline": CHART_TOP + CHART_HEIGHT,
        "bars": total,
        "axis": axis_labels(periods),
        "tags": tags,
        "row_width": ROW_SLOT * len(periods),
        "row_height": ROW_HEIGHT,
    }

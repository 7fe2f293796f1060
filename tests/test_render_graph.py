"""Graph and timeline data of the bundled sample and of a seeded 10,000-paper collection."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from sitegen.config import load_config
from sitegen.model import Collection, Paper, Related, Tag
from sitegen.pipeline import load_collection
from sitegen.render.explore import ROW_TAGS, axis_labels
from sitegen.render.graph import OTHER, PALETTE, graph_data, graph_json
from sitegen.render.pages import render_pages
from sitegen.render.timeline import MAX_BARS, timeline_data


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Collection:
    return load_collection(load_config(root=tmp_path_factory.mktemp("graph"))).collection


def test_every_paper_is_a_node_coloured_by_its_first_tag(sample):
    data = graph_data(sample)
    assert [n["id"] for n in data["nodes"]] == list(sample.papers)
    for node in data["nodes"]:
        paper = sample.papers[node["id"]]
        assert node["url"] == f"papers/{paper.id}/" and node["title"] == paper.title
        assert node["tag"] == (paper.tags[0] if paper.tags else None)
    legend = {t["slug"]: t for t in data["tags"]}
    assert set(legend) == {n["tag"] for n in data["nodes"] if n["tag"]}
    assert sum(t["count"] for t in data["tags"]) == sum(1 for n in data["nodes"] if n["tag"])
    colors = [t["color"] for t in data["tags"]]
    assert colors[: len(PALETTE)] == list(PALETTE[: len(colors)]) and set(
        colors[len(PALETTE) :]
    ) <= {OTHER}


def test_each_related_link_is_one_edge(sample):
    data = graph_data(sample)
    pairs = [frozenset((e["source"], e["target"])) for e in data["edges"]]
    expected = {
        frozenset((p.id, r.id)) for p in sample.papers.values() for r in p.related if r.id != p.id
    }
    assert expected and len(pairs) == len(set(pairs)) and set(pairs) == expected


def seeded_collection(n: int, seed: int = 5, days: int = 900) -> Collection:
    rng = random.Random(seed)
    tags = {f"tag-{i}": Tag(f"tag-{i}", f"Tag {i}") for i in range(30)}
    ids = [f"26{i // 10000 + 1:02d}.{i % 10000:05d}" for i in range(n)]
    papers = {}
    for i, pid in enumerate(ids):
        day = f"2024-{1 + (i * days // n) // 31 % 12:02d}-{1 + (i * days // n) % 28:02d}"
        related = [
            Related(other, 0.5, "shared terms") for other in rng.sample(ids, 5) if other != pid
        ]
        title = " ".join(
            rng.choice(["Scaling", "Sparse", "Agents", "Reasoning", "Diffusion", "for", "with"])
            for _ in range(9)
        )
        papers[pid] = Paper(
            title=title, id=pid, date=day, tags=rng.sample(list(tags), 3), related=related
        )
    return Collection(papers=papers, tags=tags)


def test_ten_thousand_papers_make_a_compact_graph(tmp_path):
    collection = seeded_collection(10_000)
    written = graph_json(graph_data(collection))
    data = json.loads(written)
    assert len(data["nodes"]) == 10_000 and 40_000 < len(data["edges"]) <= 50_000
    size = len(written)
    print(f"graph.json for 10,000 papers: {size / 1e6:.2f} MB, {size / 10_000:.0f} bytes per paper")
    assert size / 10_000 < 400


def test_the_sample_is_counted_per_period_and_tag(sample):
    data = timeline_data(sample)
    dated = [p for p in sample.papers.values() if p.date]
    first, last = min(p.date for p in dated)[:10], max(p.date for p in dated)[:10]
    width = 10 if data["granularity"] == "day" else 7
    assert data["undated"] == len(sample.papers) - len(dated) and sum(data["total"]) == len(dated)
    assert (data["periods"][0], data["periods"][-1]) == (first[:width], last[:width])
    for tag in data["tags"]:
        assert sum(tag["counts"]) == sum(1 for p in dated if tag["slug"] in p.tags)


def test_a_short_span_is_counted_per_day():
    papers = {
        "a": Paper(title="A", id="a", date="2026-02-27", tags=["x"]),
        "b": Paper(title="B", id="b", date="2026-03-02", tags=["x"]),
    }
    data = timeline_data(Collection(papers=papers, tags={"x": Tag("x", "X")}))
    assert data["granularity"] == "day"
    assert data["periods"] == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]
    assert data["total"] == [1, 0, 0, 1] == data["tags"][0]["counts"]


def test_a_long_span_is_counted_per_month_without_gaps():
    papers = {
        "a": Paper(title="A", id="a", date="2024-11-30", tags=["x"]),
        "b": Paper(title="B", id="b", date="2025-02-01", tags=["x", "y"]),
        "c": Paper(title="C", id="c", date="2025-02-27"),
        "d": Paper(title="D", id="d"),
    }
    data = timeline_data(
        Collection(papers=papers, tags={"x": Tag("x", "X"), "y": Tag("y", "Y")}), max_bars=30
    )
    assert data == {
        "granularity": "month",
        "periods": ["2024-11", "2024-12", "2025-01", "2025-02"],
        "total": [1, 0, 0, 2],
        "tags": [
            {"slug": "x", "name": "X", "counts": [1, 0, 0, 1]},
            {"slug": "y", "name": "Y", "counts": [0, 0, 0, 1]},
        ],
        "undated": 1,
        "earlier": 0,
    }


def test_more_months_than_bars_are_counted_per_year_and_more_years_end_at_the_last():
    papers = {
        "a": Paper(title="A", id="a", date="2001-05-01", tags=["x"]),
        "b": Paper(title="B", id="b", date="2003-12-31", tags=["x"]),
        "c": Paper(title="C", id="c", date="2004-01-01"),
    }
    collection = Collection(papers=papers, tags={"x": Tag("x", "X")})
    data = timeline_data(collection, max_bars=12)
    assert data["granularity"] == "year" and data["periods"] == ["2001", "2002", "2003", "2004"]
    assert data["total"] == [1, 0, 1, 1] and data["tags"][0]["counts"] == [1, 0, 1, 0]
    data = timeline_data(collection, max_bars=3)  # four years: the last three
    assert data["periods"] == ["2002", "2003", "2004"] and data["total"] == [0, 1, 1]
    assert data["earlier"] == 1 and data["tags"][0]["counts"] == [0, 1, 0]


def test_ten_thousand_papers_over_years_make_a_small_timeline():
    data = timeline_data(seeded_collection(10_000))
    assert data["granularity"] == "month" and len(data["periods"]) == 12
    assert sum(data["total"]) == 10_000 and Counter(len(t["counts"]) for t in data["tags"]) == {
        12: 30
    }


@pytest.mark.parametrize("count", [1, 2, 3, 7, 14, 119, 600])
def test_axis_names_sit_at_sixths_of_the_width_each_period_once(count):
    periods = [f"p{n}" for n in range(count)]
    labels = axis_labels(periods)
    names = [label["label"] for label in labels]
    assert names[0] == "p0" and names[-1] == periods[-1] and len(set(names)) == len(names)
    assert labels[0]["edge"] == "first" and (count == 1 or labels[-1]["edge"] == "last")
    for label in labels[1:-1]:
        sixths = round(float(label["left"]) * 6 / 100)
        assert label["edge"] is None and label["label"] == periods[sixths * count // 6]
        assert label["narrow"] == (sixths % 2 == 0) and label["tiny"] == (sixths % 3 == 0)
    if count >= 7:
        assert len(labels) == 7


def test_the_timeline_page_is_bounded_whatever_the_span_and_the_tags():
    """Every tag of 30 with papers in each of 200 years: the chart's last MAX_BARS years, the
    ROW_TAGS busiest tags drawn and the rest named by number; the page's Markdown stays under
    100 KB, which leaves the theme's 30 KB or so within a page's 150 KB."""
    tags = {f"tag-{i}": Tag(f"tag-{i}", f"Tag {i}") for i in range(30)}
    papers = {
        f"p{year}-{i}": Paper(
            title=f"P {year} {i}", id=f"p{year}-{i}", date=f"{year}-06-01", tags=[f"tag-{i}"]
        )
        for year in range(1826, 2026)
        for i in range(30)
        if year % (i + 1) == 0 or year >= 2026 - MAX_BARS  # uneven rows; every period filled
    }
    rendered = render_pages(Collection(papers=papers, tags=tags))
    text = next(text for path, text in rendered.pages if path == "timeline.md")
    assert text.count('class="sg-bar"') == MAX_BARS
    assert text.count('class="sg-spark"') == ROW_TAGS
    assert f"the other {30 - ROW_TAGS} are on [the tags page](tags/index.md)" in text
    earlier = sum(1 for p in papers.values() if p.date < f"{2026 - MAX_BARS}")
    assert f"{earlier} dated before {2026 - MAX_BARS} are not shown" in text
    print(f"timeline.md, {len(papers):,} papers over 200 years: {len(text.encode()) / 1e3:.0f} KB")
    assert len(text.encode()) < 100_000

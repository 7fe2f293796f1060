"""The data of the graph page: papers as nodes coloured by their main tag, related-paper links as edges.

Shape (compact JSON):
    {"nodes": [{"id", "title", "url", "tag"}], "edges": [{"source", "target"}],
     "tags": [{"slug", "name", "color", "count"}]}
A node's colour is its tag's in `tags` (a node without tags has tag null, colour UNTAGGED);
an edge is listed once for both directions of a related link.
"""

from __future__ import annotations

from collections import Counter

from sitegen.compact_json import compact_json
from sitegen.model import Collection, paper_url

# Tableau 20 reordered so neighbours differ; tags past the palette share OTHER.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#a0cbe8",
    "#ffbe7d",
    "#ff9d9a",
    "#86bcb6",
    "#8cd17d",
    "#f1ce63",
    "#d4a6c8",
    "#fabfd2",
    "#d7b5a6",
)
OTHER = "#bab0ac"
UNTAGGED = "#79706e"


def main_tag(tags: list[str], known: dict) -> str | None:
    """A paper's first tag (tagging puts the strongest first) that the collection knows."""
    return next((slug for slug in tags if slug in known), None)


def graph_data(collection: Collection) -> dict:
    papers = collection.papers
    mains = {pid: main_tag(p.tags, collection.tags) for pid, p in papers.items()}
    counts = Counter(tag for tag in mains.values() if tag)
    ranked = sorted(counts, key=lambda slug: (-counts[slug], slug))
    colors = {slug: PALETTE[i] if i < len(PALETTE) else OTHER for i, slug in enumerate(ranked)}
    nodes = [
        {"id": pid, "title": p.title, "url": paper_url(pid), "tag": mains[pid]}
        for pid, p in papers.items()
    ]
    edges = []
    seen: set[tuple[str, str]] = set()
    for pid, paper in papers.items():
        for link in paper.related:
            pair = (pid, link.id) if pid < link.id else (link.id, pid)
            if link.id in papers and link.id != pid and pair not in seen:
                seen.add(pair)
                edges.append({"source": pid, "target": link.id})
    tags = [
        {"slug": s, "name": collection.tags[s].name, "color": colors[s], "count": counts[s]}
        for s in ranked
    ]
    return {"nodes": nodes, "edges": edges, "tags": tags, "untagged_color": UNTAGGED}


def graph_json(data: dict) -> bytes:
    """graph_data's result as the compact JSON file the graph page loads."""
    return compact_json(data)

"""Tags: precision of the tags shown on graded papers, the share tagged only "Uncategorized", and the
share that carries the most common tag.

Grades (grades/tags.jsonl: arxiv_id, {tag name: right?}, topics a reader missed) were given by a
grader reading each paper's title and abstract; grades/tags-heldout.jsonl, of 60 other papers, after
the taxonomy was changed with the first grades in view. A tag shown now that no one graded is reported.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sitegen.enrich.tagging import FALLBACK
from sitegen.model import Collection

GRADES = Path(__file__).parent / "grades" / "tags.jsonl"
# Graded after the taxonomy was last changed with GRADES in view: the check that the change holds.
HELD_OUT = Path(__file__).parent / "grades" / "tags-heldout.jsonl"


def load_grades(path: Path = GRADES) -> dict[str, dict]:
    return {g["arxiv_id"]: g for g in map(json.loads, path.read_text().splitlines())}


def scores(collection: Collection, grades: dict[str, dict]) -> dict:
    by_arxiv = {p.arxiv_id: p for p in collection.papers.values() if p.arxiv_id}
    right, shown, ungraded = 0, 0, []
    for arxiv_id, graded in grades.items():
        for slug in by_arxiv[arxiv_id].tags:
            name = collection.tags[slug].name if slug in collection.tags else slug
            if name not in graded["tags"]:
                ungraded.append((arxiv_id, name))
                continue
            shown += 1
            right += graded["tags"][name]
    papers = list(collection.papers.values())
    counts = Counter(slug for p in papers for slug in p.tags)
    top, top_count = counts.most_common(1)[0]
    missing = Counter(topic.lower() for g in grades.values() for topic in g.get("missing", []))
    return {
        "precision": right / max(shown, 1),
        "graded": shown,
        "uncategorized_only": sum(p.tags == [FALLBACK.slug] for p in papers) / len(papers),
        "top_tag": top,
        "top_share": top_count / len(papers),
        "ungraded": ungraded,
        "missing": missing.most_common(8),
    }

"""Enrichment: normalise text, give ids and merge, tag, and cross-link. (Provisional: ids only.)"""

from __future__ import annotations

from pathlib import Path

from slugify import slugify

from sitegen.config import Config
from sitegen.model import Collection, Paper


def enrich(papers: list[Paper], config: Config, registry_path: Path | None = None) -> Collection:
    by_id: dict[str, Paper] = {}
    for paper in papers:
        paper.id = paper.arxiv_id or slugify(paper.title, max_length=60, word_boundary=True) or "paper"
        by_id.setdefault(paper.id, paper)
    return Collection(papers=by_id, tags={})

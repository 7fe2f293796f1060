"""The 9,881 real records read and enriched by sitegen itself, as a build would, in a scratch folder."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from bench.quality.sample import REAL_RECORDS
from sitegen.config import Config
from sitegen.model import Collection
from sitegen.pipeline import load_collection


@lru_cache(maxsize=1)
def real_collection() -> Collection:
    """The enriched collection (ids, merges, tags, related papers) with no state from an earlier run."""
    root = Path(tempfile.mkdtemp(prefix="sitegen-quality-"))
    report = load_collection(Config(root=root), [str(REAL_RECORDS)])
    return report.collection


def by_arxiv(collection: Collection) -> dict[str, str]:
    """arXiv id -> paper id."""
    return {p.arxiv_id: p.id for p in collection.papers.values() if p.arxiv_id}

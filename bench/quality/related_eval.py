"""Related papers: nDCG@5, P@5 (grade >= 1) and mean grade from blind grades, sitegen beside tf-idf cosine.

Grades (grades/related.jsonl: paper, candidate, grade 0/1/2, by arXiv id) were given to pairs
pooled from every system's top 5 and shuffled, by a grader who read the two abstracts and did not
know which system proposed the pair. A pair no one graded is reported, never scored as 0 unseen.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from sitegen.enrich.embeddings import EmbeddingMemo
from sitegen.enrich.related import CANDIDATES, link_related
from sitegen.model import Collection, Paper

GRADES = Path(__file__).parent / "grades" / "related.jsonl"
DEPTH = 5

Lists = dict[str, list[str]]  # paper arXiv id -> related papers' arXiv ids, best first


def load_grades(path: Path = GRADES) -> dict[tuple[str, str], int]:
    if not path.exists():
        return {}
    grades = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {(g["paper"], g["candidate"]): int(g["grade"]) for g in grades}


def sitegen_lists(collection: Collection, targets: list[str]) -> Lists:
    arxiv = {p.id: p.arxiv_id for p in collection.papers.values()}
    by_arxiv = {p.arxiv_id: p for p in collection.papers.values() if p.arxiv_id}
    return {t: [arxiv[r.id] for r in by_arxiv[t].related[:DEPTH]] for t in targets}


def embedded_lists(collection: Collection, targets: list[str], count: int = 5) -> Lists:
    """sitegen's lists with `related_embeddings: true`, for the targets: the build's own ranking
    (link_related), with the real model run only on the targets and their candidates, since a
    paper's list reads no other paper's embedding (the rest are left zero)."""
    papers = list(collection.papers.values())
    by_arxiv = {p.arxiv_id: p for p in papers if p.arxiv_id}
    deep = {p.id: p for p in link_related(papers, collection.tags, CANDIDATES, 0.0)[0]}
    needed = {by_arxiv[t].id for t in targets}
    needed |= {r.id for t in targets for r in deep[by_arxiv[t].id].related}
    vectors = dict(zip(sorted(needed), EmbeddingMemo().vectors([deep[i] for i in sorted(needed)])))

    def embedded(ranked: list[Paper]) -> np.ndarray:
        zero = np.zeros_like(next(iter(vectors.values())))
        return np.stack([vectors.get(p.id, zero) for p in ranked])

    linked = {
        p.id: p for p in link_related(papers, collection.tags, count, 0.0, embedded=embedded)[0]
    }
    arxiv = {p.id: p.arxiv_id for p in papers}
    return {t: [arxiv[r.id] for r in linked[by_arxiv[t].id].related[:DEPTH]] for t in targets}


def tfidf_lists(collection: Collection, targets: list[str]) -> Lists:
    """The baseline: tf-idf (English stop words) of title + abstract, exact cosine, top 5."""
    papers = [p for p in collection.papers.values() if p.arxiv_id]
    matrix = TfidfVectorizer(stop_words="english").fit_transform(
        f"{p.title}\n{p.abstract}" for p in papers
    )
    row = {p.arxiv_id: i for i, p in enumerate(papers)}
    lists = {}
    for target in targets:
        scores = (matrix @ matrix[row[target]].T).toarray().ravel()
        scores[row[target]] = -1
        best = np.argsort(-scores, kind="stable")[:DEPTH]
        lists[target] = [papers[i].arxiv_id for i in best]
    return lists


def scores(lists: Lists, grades: dict[tuple[str, str], int]) -> dict:
    """nDCG@5 (ideal: the best grades known for the paper), P@5, mean grade, and the pairs not graded."""
    ndcgs, precisions, means, ungraded = [], [], [], []
    for paper, found in lists.items():
        known = [grades.get((paper, c)) for c in found]
        ungraded += [(paper, c) for c, g in zip(found, known) if g is None]
        gains = [g or 0 for g in known] + [0] * (DEPTH - len(found))
        ideal = sorted((g for (p, _), g in grades.items() if p == paper), reverse=True)[:DEPTH]
        best = _dcg(ideal + [0] * (DEPTH - len(ideal)))
        ndcgs.append(_dcg(gains) / best if best else 0.0)
        precisions.append(sum(g >= 1 for g in gains) / DEPTH)
        means.append(sum(gains) / DEPTH)
    n = max(len(lists), 1)
    return {
        "ndcg": sum(ndcgs) / n,
        "p": sum(precisions) / n,
        "mean": sum(means) / n,
        "ungraded": ungraded,
    }


def _dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

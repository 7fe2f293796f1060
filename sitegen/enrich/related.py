"""Related papers: TF-IDF cosine similarity over title, abstract and tags, top k above a threshold, with a reason.

Each paper is one sparse vector: TF-IDF of its title (counted TITLE_REPEAT times, so title words
weigh more) and abstract, beside its tags (weighted by TAG_WEIGHT; the fallback tag says nothing
and is left out). To scale to 100,000 papers on two cores with bounded memory, every vector keeps
only its KEEP_TERMS strongest terms (the distinctive ones, which are what similarity rests on) and
similarities are computed BLOCK rows at a time as sparse products, keeping the top k of each row.
Ties are broken by id, so the output does not depend on input order or on timing.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from sitegen.enrich.tagging import FALLBACK
from sitegen.model import Paper, Related, Tag

TITLE_REPEAT = 2
TAG_WEIGHT = 0.6
KEEP_TERMS = 48
BLOCK = 1024
REASON_TERMS = 3
_TOKEN = r"(?u)\b[^\W\d_][\w-]*\w\b"  # words of 2+ characters, hyphenated ones whole ("low-bit")


def _top_terms(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row cut down to its `keep` largest weights; equal weights by term index, so input order never matters."""
    matrix = matrix.tocsr()
    matrix.sort_indices()
    lengths = np.diff(matrix.indptr)
    if not len(lengths) or lengths.max() <= keep:
        return matrix
    mask = np.ones(len(matrix.data), dtype=bool)
    for i in np.flatnonzero(lengths > keep):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        order = np.lexsort((matrix.indices[start:end], -matrix.data[start:end]))
        mask[start + order[keep:]] = False
    rows = np.repeat(np.arange(matrix.shape[0]), lengths)
    return sp.csr_matrix((matrix.data[mask], (rows[mask], matrix.indices[mask])), shape=matrix.shape, dtype=np.float32)


def _unit_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    return l2_normalize(matrix).tocsr() if matrix.shape[1] else sp.csr_matrix(matrix, dtype=np.float32)


def paper_vectors(papers: list[Paper]) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """(combined unit vectors, text TF-IDF, term names); min_df=2 because a word no other paper uses links nothing."""
    docs = [" ".join([p.title] * TITLE_REPEAT + [p.abstract]) for p in papers]
    # Words in over half the papers say little, but in a handful of papers that cut would drop everything.
    max_df = 0.5 if len(papers) >= 50 else 1.0
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=2, max_df=max_df, token_pattern=_TOKEN, dtype=np.float32
    )
    try:
        text = vectorizer.fit_transform(docs)
        terms = vectorizer.get_feature_names_out()
    except ValueError:  # no word shared by two papers (a tiny or empty collection)
        text, terms = sp.csr_matrix((len(papers), 0), dtype=np.float32), np.array([], dtype=object)
    text = _unit_rows(_top_terms(text, KEEP_TERMS))
    tag_docs = [[s for s in p.tags if s != FALLBACK.slug] for p in papers]
    tags = TfidfVectorizer(analyzer=lambda slugs: slugs, dtype=np.float32, min_df=1)
    try:
        tag_matrix = _unit_rows(tags.fit_transform(tag_docs)) * TAG_WEIGHT
    except ValueError:  # no paper has a tag of its own
        tag_matrix = sp.csr_matrix((len(papers), 0), dtype=np.float32)
    combined = _unit_rows(sp.hstack([text, tag_matrix], format="csr", dtype=np.float32))
    return combined, text, terms


def nearest(vectors: sp.csr_matrix, ids: list[str], count: int, threshold: float) -> list[list[tuple[int, float]]]:
    """For each row, up to `count` (row, score) pairs of other rows with cosine >= threshold."""
    order = np.argsort(np.array(ids, dtype=object)).astype(np.int64)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(ids))  # position of each paper in id order, for tie-breaking
    transposed = vectors.T.tocsc()
    result: list[list[tuple[int, float]]] = []
    for start in range(0, vectors.shape[0], BLOCK):
        block = (vectors[start : start + BLOCK] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            lo, hi = block.indptr[offset], block.indptr[offset + 1]
            cols, scores = block.indices[lo:hi], np.round(block.data[lo:hi].astype(np.float64), 6)
            keep = (scores >= threshold) & (cols != row)
            cols, scores = cols[keep], scores[keep]
            if len(cols) > count:
                # Cheap pre-cut with a margin for ties, then an exact sort by score and id.
                cut = np.argpartition(-scores, count - 1)[:count]
                floor = scores[cut].min()
                mask = scores >= floor
                cols, scores = cols[mask], scores[mask]
            best = np.lexsort((rank[cols], -scores))[:count]
            result.append([(int(cols[k]), float(scores[k])) for k in best])
    return result


def reason(i: int, j: int, papers: list[Paper], tags: dict[str, Tag], text: sp.csr_matrix, terms) -> str:
    """Shared tags (by name) and the shared terms that weigh most in both papers."""
    shared_tags = [tags[s].name for s in papers[i].tags if s in papers[j].tags and s in tags and s != FALLBACK.slug]
    row_i, row_j = text.getrow(i), text.getrow(j)
    common, pos_i, pos_j = np.intersect1d(row_i.indices, row_j.indices, assume_unique=True, return_indices=True)
    weight = row_i.data[pos_i] * row_j.data[pos_j]
    top = common[np.lexsort((common, -weight))][:REASON_TERMS]
    parts = []
    if shared_tags:
        parts.append("shared tags: " + ", ".join(shared_tags))
    if len(top):
        parts.append("terms: " + ", ".join(str(terms[t]) for t in top))
    return "; ".join(parts) or "similar text"


def link_related(papers: list[Paper], tags: dict[str, Tag], count: int, threshold: float) -> list[Paper]:
    """Papers with their `related` lists filled in."""
    if len(papers) < 2 or count < 1:
        return [replace(p, related=[]) for p in papers]
    vectors, text, terms = paper_vectors(papers)
    neighbours = nearest(vectors, [p.id for p in papers], count, threshold)
    return [
        replace(p, related=[Related(papers[j].id, score, reason(i, j, papers, tags, text, terms)) for j, score in near])
        for i, (p, near) in enumerate(zip(papers, neighbours))
    ]

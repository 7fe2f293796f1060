"""Related papers: TF-IDF cosine similarity over title, abstract and tags, top k above a threshold, with a reason.

Each paper is one sparse unit vector: TF-IDF of its title (counted TITLE_REPEAT times, so title
words weigh more) and abstract, beside its tags (weighted by TAG_WEIGHT; the fallback tag says
nothing and is left out). Each vector keeps only its KEEP_TERMS strongest terms: the distinctive
ones, which are what similarity rests on.

To scale to 100,000 papers on two cores with bounded memory, candidates come from a pruned
inverted index (each term lists only the PER_TERM papers where it weighs most), BLOCK rows at a
time as sparse products; the best CANDIDATES of each row are then scored exactly. A true neighbour
shares distinctive (rare) terms, whose lists are never pruned, so it is found. In collections
smaller than PER_TERM papers nothing is pruned and the result is exact.

Papers are put in id order first, so ties fall to the smaller id and the output depends neither
on the input order nor on timing.

The vocabulary and IDF weights (`TermWeights`) are kept between builds and refitted only once the
papers added and removed since they were fitted come to REFIT_SHARE of those fitted on. Refitting
on every build shifts every weight a little whenever papers join, which reordered the related
lists of one paper in six when 100 papers joined 10,000 (and so rewrote their pages); with the
weights kept, an old paper's list changes only when a new paper enters it (or, in collections
larger than PER_TERM, when new papers push it out of a pruned candidate list). Until the next
refit, words and tags that only new papers use do not count towards similarity.
With them are kept the papers' vectors (`Vectors`), each by a hash of the text and tags it is made
from: under the same weights a vector depends on nothing else, so a rebuild makes only new ones.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from sitegen.enrich.tagging import FALLBACK
from sitegen.model import Paper, Related, Tag
from sitegen.state_files import hash_key

TITLE_REPEAT = 2
TAG_WEIGHT = 0.6
KEEP_TERMS = 48
PER_TERM = 256
CANDIDATES = 24
BLOCK = 512
THREADS = min(4, os.cpu_count() or 1)
REASON_TERMS = 3
REASON_BLOCK = 65_536  # pairs per sparse product: bounds the memory the reasons take
_TOKEN = r"(?u)\b[^\W\d_][\w-]*\w\b"  # words of 2+ characters, hyphenated ones whole ("low-bit")
REFIT_SHARE = 0.1
WEIGHTS_FILE = "cache/related-weights.npz"
WEIGHTS_VERSION = 2  # raise when the text or tag vectors are made differently


@dataclass(frozen=True)
class Vectors:
    """Papers' vectors under one set of weights (rows in the order of `keys`, each a hash of what its row is made from)."""

    keys: np.ndarray
    combined: sp.csr_matrix  # what similarity is scored on
    text: sp.csr_matrix  # the text part alone, for the reasons


@dataclass(frozen=True)
class TermWeights:
    """The text vocabulary with its IDF weights, the tags with theirs, the ids of the papers they were
    fitted on, and the vectors last made with them."""

    terms: np.ndarray
    idf: np.ndarray
    tags: np.ndarray
    tag_idf: np.ndarray
    ids: np.ndarray
    vectors: Vectors | None = None

    def fit_for(self, papers: list[Paper]) -> bool:
        fitted, current = set(self.ids), {p.id for p in papers}
        return len(fitted ^ current) <= len(fitted) * REFIT_SHARE


def weights_path(state_path: Path) -> Path:
    return Path(state_path) / WEIGHTS_FILE


def _words(values: np.ndarray) -> np.ndarray:
    # Terms, slugs and ids never hold a line break: one joined byte array saves without pickling.
    return np.frombuffer("\n".join(map(str, values)).encode("utf-8"), dtype=np.uint8)


def _unwords(data: np.ndarray) -> np.ndarray:
    text = data.tobytes().decode("utf-8")
    return np.array(text.split("\n") if text else [], dtype=object)


def load_weights(path: Path) -> TermWeights | None:
    """The weights the last successful build saved; None when there are none or they are unreadable
    or of another version (the build then fits new ones: they only steady the output, they hold no data)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            if int(saved["version"]) != WEIGHTS_VERSION:
                return None
            terms, tags = _unwords(saved["terms"]), _unwords(saved["tags"])
            vectors = Vectors(_unwords(saved["keys"]), _load_csr(saved, "combined"), _load_csr(saved, "text"))
            shapes = ((len(vectors.keys), len(terms) + len(tags)), (len(vectors.keys), len(terms)))
            if (vectors.combined.shape, vectors.text.shape) != shapes:
                vectors = None  # not made with these weights: made anew
            return TermWeights(terms, saved["idf"], tags, saved["tag_idf"], _unwords(saved["ids"]), vectors)
    except (OSError, ValueError, KeyError):
        return None


def write_weights(folder: Path, weights: TermWeights) -> Path:
    """The weights in a new hidden file in `folder`, for the caller to rename into place."""
    folder.mkdir(parents=True, exist_ok=True)
    vectors = weights.vectors or Vectors(np.array([], dtype=object), *[sp.csr_matrix((0, 0), dtype=np.float32)] * 2)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".weights-", suffix=".npz")
    with os.fdopen(fd, "wb") as out:
        np.savez(out, version=WEIGHTS_VERSION, terms=_words(weights.terms), idf=weights.idf,
                 tags=_words(weights.tags), tag_idf=weights.tag_idf, ids=_words(weights.ids), keys=_words(vectors.keys),
                 **_csr_arrays(vectors.combined, "combined"), **_csr_arrays(vectors.text, "text"))
    return Path(tmp)


def _csr_arrays(matrix: sp.csr_matrix, name: str) -> dict[str, np.ndarray]:
    return {f"{name}_data": matrix.data, f"{name}_indices": matrix.indices, f"{name}_indptr": matrix.indptr,
            f"{name}_shape": np.array(matrix.shape)}


def _load_csr(saved, name: str) -> sp.csr_matrix:
    parts = (saved[f"{name}_data"], saved[f"{name}_indices"], saved[f"{name}_indptr"])
    return sp.csr_matrix(parts, shape=tuple(saved[f"{name}_shape"]))


def _keep_largest(matrix: sp.csr_matrix | sp.csc_matrix, keep: int):
    """Each row (CSR) or column (CSC) cut down to its `keep` largest values; equal values by index."""
    matrix = matrix.copy()
    matrix.sort_indices()
    lengths = np.diff(matrix.indptr)
    if not len(lengths) or lengths.max() <= keep:
        return matrix
    mask = np.ones(matrix.nnz, dtype=bool)
    for i in np.flatnonzero(lengths > keep):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        order = np.lexsort((matrix.indices[start:end], -matrix.data[start:end]))
        mask[start + order[keep:]] = False
    indptr = np.concatenate([[0], np.cumsum(np.minimum(lengths, keep))])
    return type(matrix)((matrix.data[mask], matrix.indices[mask], indptr), shape=matrix.shape)


def _unit_rows(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Rows scaled to length 1, their entries in column order: sums over a row then add up in one
    order whether the matrix was fitted or transformed with kept weights (float32 sums depend on it)."""
    if not matrix.shape[1]:
        return sp.csr_matrix(matrix, dtype=np.float32)
    unit = l2_normalize(matrix).tocsr()
    unit.sort_indices()
    return unit


def _tfidf(docs: list, vectorizer: TfidfVectorizer, known: tuple[np.ndarray, np.ndarray] | None):
    """(TF-IDF matrix, terms, idf): fitted on docs, or with the `known` (terms, idf) when given."""
    if known is not None:
        terms, idf = known
        if not len(terms):
            return sp.csr_matrix((len(docs), 0), dtype=np.float32), terms, idf
        vectorizer.set_params(vocabulary=list(terms))
        vectorizer.idf_ = idf
        return vectorizer.transform(docs), terms, idf
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no word shared by two papers (a tiny or empty collection), or no tag at all
        return sp.csr_matrix((len(docs), 0), dtype=np.float32), np.array([], dtype=object), np.array([], dtype=np.float32)
    return matrix, vectorizer.get_feature_names_out(), vectorizer.idf_


def _tag_slugs(slugs: list[str]) -> list[str]:
    return slugs


def vector_key(paper: Paper) -> str:
    """A hash of what a paper's vectors are made from."""
    return hash_key((paper.title, paper.abstract, [s for s in paper.tags if s != FALLBACK.slug]))


def paper_vectors(papers: list[Paper], weights: TermWeights | None = None) -> tuple[sp.csr_matrix, sp.csr_matrix, TermWeights]:
    """(combined unit vectors, text TF-IDF, the weights used, with these vectors): `weights` when given,
    else fitted on these papers. Vectors the given weights hold for a paper's text and tags are taken as they are.
    """
    keys = np.array([vector_key(p) for p in papers], dtype=object)
    kept = weights.vectors if weights is not None else None
    if kept is None:
        combined, text, weights = _make_vectors(papers, weights)
        return combined, text, replace(weights, vectors=Vectors(keys, combined, text))
    position = {key: row for row, key in enumerate(kept.keys)}
    missing = [i for i, key in enumerate(keys) if key not in position]
    combined, text = kept.combined, kept.text
    if missing:
        made, made_text, _ = _make_vectors([papers[i] for i in missing], weights)
        combined, text = sp.vstack([combined, made], format="csr"), sp.vstack([text, made_text], format="csr")
        position.update({keys[i]: len(kept.keys) + k for k, i in enumerate(missing)})
    rows = [position[key] for key in keys]
    combined, text = combined[rows], text[rows]
    return combined, text, replace(weights, vectors=Vectors(keys, combined, text))


def _make_vectors(papers: list[Paper], weights: TermWeights | None) -> tuple[sp.csr_matrix, sp.csr_matrix, TermWeights]:
    """paper_vectors, every one made anew. min_df=2 because a word no other paper uses links nothing."""
    docs = [" ".join([p.title] * TITLE_REPEAT + [p.abstract]) for p in papers]
    # Words in over half the papers say little, but in a handful of papers that cut would drop everything.
    max_df = 0.5 if len(papers) >= 50 else 1.0
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=2, max_df=max_df, token_pattern=_TOKEN, dtype=np.float32
    )
    text, terms, idf = _tfidf(docs, vectorizer, (weights.terms, weights.idf) if weights else None)
    text = _unit_rows(_keep_largest(text.tocsr(), KEEP_TERMS))
    tag_docs = [[s for s in p.tags if s != FALLBACK.slug] for p in papers]
    tag_vectorizer = TfidfVectorizer(analyzer=_tag_slugs, dtype=np.float32, min_df=1)
    tag_matrix, tags, tag_idf = _tfidf(tag_docs, tag_vectorizer, (weights.tags, weights.tag_idf) if weights else None)
    tag_matrix = _unit_rows(tag_matrix) * TAG_WEIGHT
    combined = _unit_rows(sp.hstack([text, tag_matrix], format="csr", dtype=np.float32))
    return combined, text, weights or TermWeights(terms, idf, tags, tag_idf, np.array([p.id for p in papers], dtype=object))


def _exact_scores(vectors: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.asarray(vectors[rows].multiply(vectors[cols]).sum(axis=1), dtype=np.float64).ravel()


def nearest(vectors: sp.csr_matrix, count: int, threshold: float) -> list[list[tuple[int, float]]]:
    """For each row, up to `count` (row, cosine) of other rows with cosine >= threshold; ties to the lower row.

    Blocks run on THREADS threads: SciPy's sparse products release the GIL, and they are most of the work.
    """
    postings = _keep_largest(vectors.tocsc(), PER_TERM).T.tocsr()  # term -> its strongest papers
    with ThreadPoolExecutor(THREADS) as pool:
        blocks = pool.map(lambda start: _nearest_in_block(vectors, postings, start, count, threshold),
                          range(0, vectors.shape[0], BLOCK))
        return [row for block in blocks for row in block]


def _nearest_in_block(vectors: sp.csr_matrix, postings: sp.csr_matrix, start: int, count: int, threshold: float):
    block = (vectors[start : start + BLOCK] @ postings).tocsr()
    rows, cols = [], []
    for offset in range(block.shape[0]):
        lo, hi = block.indptr[offset], block.indptr[offset + 1]
        found, approx = block.indices[lo:hi], block.data[lo:hi]
        other = found != start + offset
        found, approx = found[other], approx[other]
        if len(found) > CANDIDATES:  # a linear-time cut; exact scores decide below
            found = found[np.argpartition(-approx, CANDIDATES - 1)[:CANDIDATES]]
        rows.append(np.full(len(found), start + offset))
        cols.append(found)
    rows_all, cols_all = np.concatenate(rows), np.concatenate(cols)
    scores = np.round(_exact_scores(vectors, rows_all, cols_all), 6) if len(rows_all) else np.array([])
    result, at = [], 0
    for found in cols:
        row_cols, row_scores = found, scores[at : at + len(found)]
        at += len(found)
        keep = row_scores >= threshold
        row_cols, row_scores = row_cols[keep], row_scores[keep]
        best = np.lexsort((row_cols, -row_scores))[:count]
        result.append([(int(row_cols[k]), float(row_scores[k])) for k in best])
    return result


def shared_terms(text: sp.csr_matrix, pairs: list[tuple[int, int]]) -> Iterator[list[int]]:
    """For each pair (i, j), the terms both papers use, by the product of their weights, at most REASON_TERMS.

    One sparse elementwise product per block of pairs instead of one set intersection per pair:
    the reasons were a third of the stage's time at 100,000 papers. Equal weights go to the lower term.
    Made a block at a time as they are read, so that only one block's lists are held at once.
    """
    for start in range(0, len(pairs), REASON_BLOCK):
        block = np.array(pairs[start : start + REASON_BLOCK], dtype=np.int64).reshape(-1, 2)
        both = text[block[:, 0]].multiply(text[block[:, 1]]).tocsr()  # row k: the terms pair k shares
        both.eliminate_zeros()
        both.sort_indices()
        rows = np.repeat(np.arange(both.shape[0]), np.diff(both.indptr))
        order = np.lexsort((both.indices, -both.data, rows))  # by pair, then weight, then term
        rank = np.arange(len(order)) - both.indptr[rows[order]]
        top = order[rank < REASON_TERMS]
        ends = np.searchsorted(rows[top], np.arange(both.shape[0] + 1))
        terms, ends = both.indices[top].tolist(), ends.tolist()  # Python lists: a reason per pair reads them
        for k in range(both.shape[0]):
            yield terms[ends[k] : ends[k + 1]]


def reason(i: int, j: int, papers: list[Paper], tags: dict[str, Tag], top: list[int], terms: list[str]) -> str:
    """Shared tags (by name) and the shared terms that weigh most in both papers."""
    shared_tags = [tags[s].name for s in papers[i].tags if s in papers[j].tags and s in tags and s != FALLBACK.slug]
    parts = []
    if shared_tags:
        parts.append("shared tags: " + ", ".join(shared_tags))
    if top:
        parts.append("terms: " + ", ".join(terms[t] for t in top))
    return "; ".join(parts) or "similar text"


def link_related(
    papers: list[Paper], tags: dict[str, Tag], count: int, threshold: float, weights: TermWeights | None = None
) -> tuple[list[Paper], TermWeights | None]:
    """Papers (in their order) with their `related` lists filled in, and the weights they were scored with.

    `weights` (the last build's) are used while under REFIT_SHARE of the papers changed since they
    were fitted; else new ones are fitted.
    """
    if len(papers) < 2 or count < 1:
        return [replace(p, related=[]) for p in papers], weights
    ranked = sorted(papers, key=lambda p: p.id)
    vectors, text, weights = paper_vectors(ranked, weights if weights and weights.fit_for(papers) else None)
    terms = weights.terms.tolist()
    near = nearest(vectors, count, threshold)
    pairs = [(i, j) for i, found in enumerate(near) for j, _ in found]
    tops = shared_terms(text, pairs)
    related = {
        ranked[i].id: [Related(ranked[j].id, score, reason(i, j, ranked, tags, next(tops), terms)) for j, score in found]
        for i, found in enumerate(near)
    }
    return [replace(p, related=related[p.id]) for p in papers], weights

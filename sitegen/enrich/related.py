"""Related papers: TF-IDF cosine similarity over title and abstract, top k above a threshold, with a reason.

Each paper is one sparse unit vector: TF-IDF of its title (counted TITLE_REPEAT times, so title
words weigh more) and abstract. Each vector keeps only its KEEP_TERMS strongest terms: the
distinctive ones, which are what similarity rests on. Tags do not count: a broad tag ("Language
Models" is on a large share of papers) makes unrelated papers look alike, and a paper's specific
topic is in its words already (blind grades on the real records: bench/README.md). A shared tag is
still named in the reason a pair is shown.

Words find the candidates; what they stand for orders them. Each paper's best CANDIDATES by text
are ranked again with TOPIC_WEIGHT of the cosine of their topic vectors (the text vectors projected
on the TOPICS axes the collection's vectors vary most along, fitted with the weights), or with
sentence embeddings when the config asks for them: words alone rank a paper that names the same
idea in other words too low (blind grades on the real records: bench/README.md).

To scale to 100,000 papers on two cores with bounded memory, candidates come from a pruned
inverted index (each term lists only the PER_TERM papers where it weighs most): each row's product
with it, of which sparse_dot_topn keeps only the best few; the best CANDIDATES of each row are then
scored exactly, BLOCK rows at a time. A true neighbour
shares distinctive (rare) terms, whose lists are never pruned, so it is found. In collections
smaller than PER_TERM papers nothing is pruned and the result is exact.

Papers are put in id order first, so ties fall to the smaller id and the output depends neither
on the input order nor on timing.

The vocabulary and IDF weights (`TermWeights`) are kept between builds and refitted only once the
papers added and removed since they were fitted come to REFIT_SHARE of those fitted on. Refitting
on every build would shift every weight a little whenever papers join, reordering the related
lists of many old papers (and so rewriting their pages); with the
weights kept, an old paper's list changes only when a new paper enters it (or, in collections
larger than PER_TERM, when new papers push it out of a pruned candidate list). Until the next
refit, words that only new papers use do not count towards similarity. The topic axes are fitted
and kept with the weights, for the same reason.
New weights (the vocabulary, its IDF and the vectors: fit_text) depend on no tag, so the build
makes them on the other core while it tags the papers.
With them are kept the papers' vectors (`Vectors`), each by a hash of the text it is made
from: under the same weights a vector depends on nothing else, so a rebuild makes only new ones.
And with those, what the search found for each paper (`Neighbours`): a rebuild updates it to
exactly what a new search would find (`update_neighbours`), searching again only for the papers
that joined or whose text changed, and the few whose candidates left or were displaced from a
pruned list; a paper that left or changed is no reason to search every paper again.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sparse_dot_topn import sp_matmul_topn

from sitegen.enrich.tagging import FALLBACK
from sitegen.model import Paper, Related, Tag
from sitegen.state_files import plain_key

TITLE_REPEAT = 2
KEEP_TERMS = 48
PER_TERM = 256
CANDIDATES = 24
SPARE = 4  # entries kept beyond CANDIDATES by the product: room for the row itself and for ties (_candidates)
BLOCK = 512
THREADS = min(4, os.cpu_count() or 1)
REASON_TERMS = 3
EMBEDDING_WEIGHT = 0.4  # of the sentence embeddings' cosine in a pair's score, when they are used
TOPICS = 128  # dimensions of the topic vectors (latent semantic analysis of the text vectors)
TOPIC_WEIGHT = 0.2  # of the topic vectors' cosine in a pair's score, without sentence embeddings
TOPIC_SAMPLE = 20_000  # papers the topics are fitted on, at most: every n-th in id order
REASON_BLOCK = 65_536  # pairs per sparse product: bounds the memory the reasons take
UNNAMED = -2  # in Neighbours.shared: a pair not shown, whose shared terms were not looked for
# words of 2+ characters, hyphenated ones whole ("low-bit")
_TERM = re.compile(r"\b[^\W\d_][\w-]*\w\b")
# For ASCII text: letters lower-cased; digits, "_" and "-" kept; anything else (never in a term) a space.
_TERM_BYTES = bytes(
    b + 32 if 65 <= b <= 90 else b if b < 128 and (chr(b).isalnum() or chr(b) in "_-") else 32
    for b in range(256)
)
REFIT_SHARE = 0.1
WEIGHTS_VERSION = 5  # raise when the vectors are made differently
NEIGHBOURS_VERSION = (
    3  # raise when candidates or related lists are chosen differently (PER_TERM, CANDIDATES…)
)


@dataclass(frozen=True)
class Vectors:
    """Papers' vectors under one set of weights (rows in the order of `keys`, each a hash of what its row is made from)."""

    keys: np.ndarray
    text: sp.csr_matrix  # what similarity is scored on, and the terms a reason names


@dataclass(frozen=True)
class Neighbours:
    """Each paper's candidates and related papers as one build found them, for the next build to update
    (`update_neighbours`) instead of finding them all anew. Rows and columns are the papers in id order
    (`ids`, with their vector keys); both matrices are made with these weights, `count` and `threshold`."""

    ids: np.ndarray
    keys: np.ndarray
    # row i: the papers scored exactly for it, with their approximate scores
    candidates: sp.csr_matrix
    found: sp.csr_matrix  # row i: its related papers with their cosines, best first
    count: int
    threshold: float
    shared: np.ndarray | None = (
        None  # per entry of `found`: the terms the pair shares (shared_terms), -1 padded; UNNAMED if not shown
    )


@dataclass(frozen=True)
class TermWeights:
    """The text vocabulary with its IDF weights, the ids of the papers they were fitted on, and the
    vectors and neighbours last made with them."""

    terms: np.ndarray
    idf: np.ndarray
    ids: np.ndarray
    vectors: Vectors | None = None
    neighbours: Neighbours | None = None
    topics: np.ndarray | None = (
        None  # (dimensions, terms): fit_topics' axes, None when there are none
    )

    def fit_for(self, papers: list[Paper]) -> bool:
        fitted, current = set(self.ids), {p.id for p in papers}
        return len(fitted ^ current) <= len(fitted) * REFIT_SHARE


def _keep_largest(matrix: sp.csr_matrix | sp.csc_matrix, keep: int):
    """Each row (CSR) or column (CSC) cut down to its `keep` largest values; equal values by index.
    A matrix with sorted indices and nothing to cut is returned itself, not copied."""
    if not matrix.has_sorted_indices:
        matrix = matrix.sorted_indices()
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
    """Rows scaled to length 1 (a row of zeros left so), their entries in column order: each length
    is then summed in one order whether the matrix was fitted or transformed with kept weights."""
    unit = sp.csr_matrix(matrix, dtype=np.float32, copy=True)
    unit.sort_indices()
    rows = np.repeat(np.arange(unit.shape[0]), np.diff(unit.indptr))
    squares = np.bincount(rows, weights=unit.data.astype(np.float64) ** 2, minlength=unit.shape[0])
    lengths = np.sqrt(squares)
    unit.data /= np.where(lengths > 0, lengths, 1.0)[rows].astype(np.float32)
    return unit


def vector_key(paper: Paper) -> str:
    """A hash of what a paper's vector is made from."""
    return plain_key((paper.title, paper.abstract))


class TextFit(NamedTuple):
    """Papers' unit TF-IDF vectors (a row per paper) and the weights they were made with."""

    vectors: sp.csr_matrix
    terms: np.ndarray  # the vocabulary, in column order
    idf: np.ndarray  # each term's IDF weight
    topics: np.ndarray | None  # fit_topics(vectors)


def paper_vectors(
    papers: list[Paper],
    weights: TermWeights | None = None,
    fitted: Callable[[], TextFit] | None = None,
) -> tuple[sp.csr_matrix, TermWeights]:
    """(unit TF-IDF vectors, the weights used, with these vectors): `weights` when given, else fitted
    on these papers. Vectors the given weights hold for a paper's text are taken as they are.
    Without weights, `fitted` gives fit_text(papers) when something else made it (the build, on the other core).
    """
    keys = np.array([vector_key(p) for p in papers], dtype=object)
    kept = weights.vectors if weights is not None else None
    if kept is None:
        text = fitted() if fitted is not None and weights is None else None
        text, weights = _make_vectors(papers, weights, text)
        return text, replace(weights, vectors=Vectors(keys, text))
    position = {key: row for row, key in enumerate(kept.keys)}
    missing = [i for i, key in enumerate(keys) if key not in position]
    text = kept.text
    if missing:
        made, _ = _make_vectors([papers[i] for i in missing], weights)
        text = sp.vstack([text, made], format="csr")
        position.update({keys[i]: len(kept.keys) + k for k, i in enumerate(missing)})
    text = text[[position[key] for key in keys]]
    return text, replace(weights, vectors=Vectors(keys, text))


def fit_text(papers: list[Paper]) -> TextFit:
    """The text vectors of papers (put in id order, as link_related ranks them) with new weights: their
    titles and abstracts alone, so that they can be made while the papers are tagged."""
    return _fitted(sorted(papers, key=lambda p: p.id))


def _fitted(papers: list[Paper]) -> TextFit:
    """The papers' text vectors (in their order) with new weights and topic axes."""
    text = _text_vectors(papers, None)
    return text._replace(topics=fit_topics(text.vectors))


def _text_vectors(papers: list[Paper], known: tuple[np.ndarray, np.ndarray] | None) -> TextFit:
    """Unit TF-IDF vectors of the papers' text (each cut to its KEEP_TERMS strongest terms), with the
    `known` (terms, idf) or fitted as TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=…) fits them
    (min_df=2: a word no other paper uses links nothing). The counting is _TermTable's; the IDF
    weights are sklearn's TfidfTransformer's when fitted, and applied by _weighted.
    """
    table = _TermTable(None if known is None else {term: i for i, term in enumerate(known[0])})
    # Made as they are counted, not held all at once: the texts of a large collection weigh much.
    counts = table.counts(" ".join([p.title] * TITLE_REPEAT + [p.abstract]) for p in papers)
    if known is None:
        # Words in over half the papers say little, but in a handful of papers that cut would drop everything.
        counts, terms = _common_terms(counts, table.vocabulary, 0.5 if len(papers) >= 50 else 1.0)
        if not len(terms):  # no word shared by two papers (a tiny or empty collection)
            return TextFit(
                sp.csr_matrix((len(papers), 0), dtype=np.float32),
                terms,
                np.array([], dtype=np.float32),
                None,
            )
        from sklearn.feature_extraction.text import TfidfTransformer  # see _stop_words

        idf = TfidfTransformer(sublinear_tf=True).fit(counts).idf_
    else:
        terms, idf = known
    del table  # the pieces it looked up, let go now: the fitting's peak of memory is to come
    text = _weighted(counts, idf) if len(terms) else counts
    return TextFit(_unit_rows(_keep_largest(text, KEEP_TERMS)), terms, idf, None)


def _weighted(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """The counts, in place, as TfidfTransformer(sublinear_tf=True) weighs them (1 + log of the count,
    times the term's IDF) but not scaled to length 1: _unit_rows scales them once they are cut.
    Written out, not called: a rebuild with kept weights would import scikit-learn for it, over a
    second of a daily rebuild's time."""
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return counts


def fit_topics(vectors: sp.csr_matrix) -> np.ndarray | None:
    """The TOPICS axes along which the papers' text vectors vary most (a truncated SVD, fitted on at
    most TOPIC_SAMPLE of them), or None when there are too few papers or terms for two.

    Projected on them, papers that name one idea in different words come close: terms that share
    the company of the same other terms weigh along the same axes. Seeded, so a fit is repeatable.
    """
    rows, terms = vectors.shape
    dimensions = min(TOPICS, rows - 1, terms - 1)
    if dimensions < 2:
        return None
    from sklearn.utils.extmath import randomized_svd  # see _stop_words

    sample = vectors[:: -(-rows // TOPIC_SAMPLE)]
    _, _, axes = randomized_svd(sample, dimensions, n_iter=5, random_state=0)
    return axes.astype(np.float32)


def topic_vectors(vectors: sp.csr_matrix, topics: np.ndarray) -> np.ndarray:
    """The papers' text vectors projected on the topic axes, each scaled to length 1 (0 for none)."""
    projected = np.asarray(vectors @ topics.T, dtype=np.float32)
    lengths = np.linalg.norm(projected, axis=1, keepdims=True)
    return np.divide(projected, lengths, out=np.zeros_like(projected), where=lengths > 0)


def _common_terms(
    counts: sp.csr_matrix, vocabulary: dict[str, int], max_df: float
) -> tuple[sp.csr_matrix, np.ndarray]:
    """(counts of the terms in at least 2 papers and at most a `max_df` share of them, those terms):
    the terms in alphabetical order, as TfidfVectorizer orders its features."""
    papers_with = np.bincount(counts.indices, minlength=counts.shape[1])
    kept = np.flatnonzero((papers_with >= 2) & (papers_with <= max_df * counts.shape[0]))
    # in id order: ids are given in order of first use
    names = np.array(list(vocabulary), dtype=object)
    kept = kept[np.argsort(names[kept])]
    selected = counts[:, kept]
    selected.sort_indices()  # in place: _keep_largest then needs no sorted copy
    return selected, names[kept]


class _TermTable(dict):
    """Each piece of text (_pieces) -> the id in `vocabulary` of the term it is (-1 if none), worked out
    on the piece's first use: a text's terms are then C-level lookups, where TfidfVectorizer ran a
    Python analyzer and counting loop per word, most of the weights' fitting.

    Without a vocabulary given, it grows: a term's id is its order of first use. With one, the terms
    it lacks are left out.
    """

    def __init__(self, vocabulary: dict[str, int] | None = None):
        super().__init__()
        self.grows = vocabulary is None
        self.vocabulary = {} if vocabulary is None else vocabulary

    def __missing__(self, piece: str) -> int:
        term = _piece_term(piece)
        if term is None:
            found = -1
        elif not self.grows:  # a vocabulary given was grown here, so it holds no stop word
            found = self.vocabulary.get(term, -1)
        elif term in _stop_words():
            found = -1
        else:
            found = self.vocabulary.setdefault(term, len(self.vocabulary))
        self[piece] = found
        return found

    def ids(self, doc: str) -> np.ndarray:
        """The ids of the doc's terms, each as often as it occurs."""
        pieces = _pieces(doc)
        ids = np.fromiter(map(self.__getitem__, pieces), dtype=np.int32, count=len(pieces))
        return ids[ids >= 0]

    def counts(self, docs: Iterable[str]) -> sp.csr_matrix:
        """How often each doc uses each term: a row per doc, a column per term of the vocabulary (as it is after)."""
        rows = [self.ids(doc) for doc in docs]
        ends = np.cumsum([0, *map(len, rows)])
        ids = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        rows.clear()  # let go before the matrix takes as much memory again
        counts = sp.csr_matrix(
            (np.ones(len(ids), dtype=np.float32), ids, ends),
            shape=(len(ends) - 1, len(self.vocabulary)),
        )
        counts.sum_duplicates()
        return counts


def _pieces(doc: str) -> list[str]:
    """The doc lower-cased and split where no term can go on: each piece holds one term at most. The
    pieces of ASCII text are made by C loops; those of other text are its terms, found by _TERM."""
    if not doc.isascii():
        return _TERM.findall(doc.lower())
    return doc.encode("ascii").translate(_TERM_BYTES).decode("ascii").split()


def _piece_term(piece: str) -> str | None:
    """The term a piece holds, None for none: with _pieces and without the English stop words
    (_TermTable leaves them out), what TfidfVectorizer's own analyzer gives with
    token_pattern=_TERM.pattern and stop_words="english".

    A piece without a hyphen is a term when a letter starts it (letters sort after the other
    characters _pieces leaves) and it has two characters or more. In a piece with one, _TERM finds
    one term at most: a match runs on over hyphens to the piece's last letter or digit.
    """
    if "-" in piece:
        match = _TERM.search(piece)
        term = match.group() if match else None
    else:
        term = piece if piece >= "a" and len(piece) > 1 else None
    return term


@cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words. scikit-learn is imported only where weights are fitted, not
    with this module: importing it takes over a second, which every sitegen command and every
    rebuild with kept weights would wait for."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _make_vectors(
    papers: list[Paper], weights: TermWeights | None, text: TextFit | None = None
) -> tuple[sp.csr_matrix, TermWeights]:
    """paper_vectors, every one made anew (given as `text` when made already)."""
    if text is None:
        text = (
            _fitted(papers)
            if weights is None
            else _text_vectors(papers, (weights.terms, weights.idf))
        )
    if weights is None:
        ids = np.array([p.id for p in papers], dtype=object)
        weights = TermWeights(text.terms, text.idf, ids, topics=text.topics)
    return text.vectors, weights


def _exact_scores(vectors: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.asarray(vectors[rows].multiply(vectors[cols]).sum(axis=1), dtype=np.float64).ravel()


def nearest(
    vectors: sp.csr_matrix, ids: np.ndarray, keys: np.ndarray, count: int, threshold: float
) -> Neighbours:
    """For each row, up to `count` other rows with cosine >= threshold, best first; ties to the lower row.

    `ids` and `keys` (the rows' papers and their vector keys) are kept with the result, for the next
    build to update it (update_neighbours).
    """
    postings = _postings(vectors)
    candidates, found = _in_blocks(vectors, postings, np.arange(vectors.shape[0]), count, threshold)
    return Neighbours(ids, keys, candidates, found, count, threshold)


def _postings(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """Term -> the PER_TERM papers where it weighs most."""
    return _keep_largest(vectors.tocsc(), PER_TERM).T.tocsr()


def _in_blocks(
    vectors: sp.csr_matrix, postings: sp.csr_matrix, rows: np.ndarray, count: int, threshold: float
):
    """(candidates, found) of `rows`, a row of each per row given (see Neighbours)."""
    candidates = _candidates(vectors, postings, rows)
    return candidates, _scored_in_blocks(vectors, rows, candidates, count, threshold)


def _candidates(vectors: sp.csr_matrix, postings: sp.csr_matrix, rows: np.ndarray) -> sp.csr_matrix:
    """Each row's CANDIDATES best entries of its product with the postings (approximate scores), the
    row itself left out, equal scores to the lower row: _best_candidates of the whole product row.

    sparse_dot_topn keeps the CANDIDATES + SPARE best of each row as it multiplies, on THREADS threads
    without the GIL, rather than making the whole product (thousands of entries a row in a large
    collection) and cutting each row in Python. Of equal entries at its last place it keeps the
    first it met, not the lower row: where that place ties with the cut, the row is cut from its whole product.
    """
    kept = CANDIDATES + SPARE
    top = sp_matmul_topn(vectors[rows], postings, kept, n_threads=THREADS if THREADS > 1 else None)
    top.sort_indices()  # each row's entries by row number, which a stable sort leaves equal scores in
    lengths = np.diff(top.indptr)
    owner = np.repeat(np.arange(len(rows)), lengths)
    other = top.indices != rows[owner]
    owner, cols, approx = owner[other], top.indices[other], top.data[other]
    # By row, then best first: the bits of a float32 >= 0, read as an unsigned integer, order as its value
    # does. One sort of a 64-bit key, not lexsort's three sorts.
    key = (owner.astype(np.uint64) << np.uint64(32)) | (
        np.uint64(0xFFFFFFFF) - approx.view(np.uint32)
    )
    order = np.argsort(key, kind="stable")
    candidates = _first_of_each_row(
        order, owner, cols, approx, CANDIDATES, (len(rows), vectors.shape[0])
    )
    # Rows whose product may hold an entry left out that ties with their cut's lowest score.
    full = np.flatnonzero(lengths == kept)  # each has CANDIDATES chosen, best first
    unsure = full[_row_minima(top)[full] == candidates.data[candidates.indptr[full + 1] - 1]]
    if not len(unsure):
        return candidates
    product = (vectors[rows[unsure]] @ postings).tocsr()
    cut = []
    for offset, row in enumerate(rows[unsure]):
        lo, hi = product.indptr[offset], product.indptr[offset + 1]
        other = product.indices[lo:hi] != row
        cut.append(_best_candidates(product.indices[lo:hi][other], product.data[lo:hi][other]))
    return _replace_rows(candidates, unsure, _rows_matrix(cut, vectors.shape[0]))


def _row_minima(matrix: sp.csr_matrix) -> np.ndarray:
    """Each row's lowest value (0 for an empty row)."""
    lowest = np.zeros(matrix.shape[0], dtype=matrix.dtype)
    # reduceat over the rows that hold entries: each slice is then exactly one row
    held = np.diff(matrix.indptr) > 0
    if held.any():
        lowest[held] = np.minimum.reduceat(matrix.data, matrix.indptr[:-1][held])
    return lowest


def _best_candidates(found: np.ndarray, approx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The CANDIDATES entries of highest approximate score, equal scores to the lower row: a cut in
    linear time (exact scores decide among them), the same whichever way the row's entries were made."""
    if len(found) <= CANDIDATES:
        return found, approx
    kth = np.partition(approx, len(approx) - CANDIDATES)[len(approx) - CANDIDATES]
    above = np.flatnonzero(approx > kth)
    level = np.flatnonzero(approx == kth)
    level = level[np.argsort(found[level], kind="stable")[: CANDIDATES - len(above)]]
    keep = np.concatenate([above, level])
    return found[keep], approx[keep]


def _scored(
    vectors: sp.csr_matrix,
    rows: np.ndarray,
    candidates: sp.csr_matrix,
    count: int,
    threshold: float,
) -> sp.csr_matrix:
    """Each row's candidates scored exactly: the best `count` with cosine >= threshold, best first, ties to the lower row."""
    pair_rows = np.repeat(np.arange(len(rows)), np.diff(candidates.indptr))
    cols = candidates.indices
    scores = (
        np.round(_exact_scores(vectors, rows[pair_rows], cols), 6) if len(cols) else np.zeros(0)
    )
    keep = scores >= threshold
    pair_rows, cols, scores = pair_rows[keep], cols[keep], scores[keep]
    order = np.lexsort((cols, -scores, pair_rows))
    return _first_of_each_row(order, pair_rows, cols, scores, count, (len(rows), vectors.shape[0]))


def _first_of_each_row(
    order: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    count: int,
    shape: tuple[int, int],
) -> sp.csr_matrix:
    """The entries (rows[k], cols[k], values[k]) as a CSR matrix of `shape`, only the first `count` of
    each row in `order` (which sorts them by row), in that order."""
    starts = np.searchsorted(rows[order], np.arange(shape[0] + 1))
    first = order[np.arange(len(order)) - starts[rows[order]] < count]
    indptr = np.searchsorted(rows[first], np.arange(shape[0] + 1))
    return sp.csr_matrix((values[first], cols[first], indptr), shape=shape)


def _scored_in_blocks(
    vectors: sp.csr_matrix,
    rows: np.ndarray,
    candidates: sp.csr_matrix,
    count: int,
    threshold: float,
) -> sp.csr_matrix:
    """_scored, BLOCK rows at a time: the pairs' vectors are copied for the product."""
    blocks = [
        _scored(
            vectors,
            rows[start : start + BLOCK],
            candidates[start : start + BLOCK],
            count,
            threshold,
        )
        for start in range(0, len(rows), BLOCK)
    ]
    return _stack(blocks, vectors.shape[0])


def _rows_matrix(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sp.csr_matrix:
    """A CSR matrix of (columns, values) rows, each in the order given."""
    indptr = np.concatenate([[0], np.cumsum([len(c) for c, _ in rows], dtype=np.int64)])
    indices = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def _stack(blocks: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
    return (
        sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, width), dtype=np.float32)
    )


def update_neighbours(
    vectors: sp.csr_matrix,
    ids: np.ndarray,
    keys: np.ndarray,
    before: Neighbours | None,
    old: np.ndarray | None,
    before_vectors: sp.csr_matrix | None,
    count: int,
    threshold: float,
) -> Neighbours | None:
    """What `nearest` would find, made from the last build's result (`before`, found among
    `before_vectors`; its rows now at `old`, -1 for a paper gone or whose text changed: _old_rows);
    None when there is none, or papers changed and `before_vectors` is not kept.

    Under the same weights an old paper's approximate scores with other old papers change only
    where a term's pruned list changed: a paper that lost its place in it (to a paper that joined)
    scores lower in the rows that use the term, and one that took a place a paper left scores
    higher there. So a row is found anew where a candidate scores lower or is gone, and the joined
    papers' rows are found anew; every other row's candidates stay, joined by the papers that now
    score higher with it where they come higher (its best CANDIDATES cannot hold another paper
    they did not hold before), and its list is scored again only where they changed.
    """
    if before is None or old is None:
        return None
    size = vectors.shape[0]
    joined = np.ones(size, dtype=bool)
    joined[old[old >= 0]] = False
    lost = _lost_a_candidate(before.candidates, old, size)
    candidates, found = _renumber(before.candidates, old, size), _renumber(before.found, old, size)
    if not joined.any() and (old >= 0).all():
        return Neighbours(ids, keys, candidates, found, count, threshold)
    if before_vectors is None:
        return None
    postings = _postings(vectors)
    fell, rose = _moved_places(postings, _postings(before_vectors), old, joined)
    again = np.flatnonzero(joined | lost | _scores_fell(vectors, fell, candidates))
    made = _in_blocks(vectors, postings, again, count, threshold)
    candidates, found = (
        _replace_rows(candidates, again, made[0]),
        _replace_rows(found, again, made[1]),
    )
    others = np.ones(size, dtype=bool)
    others[again] = False
    rows, merged = _with_risen(vectors, postings, joined, rose, others, candidates)
    found = _replace_rows(found, rows, _scored_in_blocks(vectors, rows, merged, count, threshold))
    candidates = _replace_rows(candidates, rows, merged)
    return Neighbours(ids, keys, candidates, found, count, threshold)


def _old_rows(
    before: Neighbours | None, ids: np.ndarray, keys: np.ndarray, count: int, threshold: float
) -> np.ndarray | None:
    """Where each paper of `before` is now (increasing where not -1: both are in id order), -1 for one
    gone or whose vector key changed; None when there is no `before` or its settings differ."""
    if before is None or (before.count, before.threshold) != (count, threshold):
        return None
    row_of = {paper: row for row, paper in enumerate(ids.tolist())}
    old = np.array([row_of.get(paper, -1) for paper in before.ids.tolist()], dtype=np.int64)
    here = np.flatnonzero(old >= 0)
    old[here[keys[old[here]] != before.keys[here]]] = -1
    return old


def _lost_a_candidate(candidates: sp.csr_matrix, old: np.ndarray, size: int) -> np.ndarray:
    """Rows (numbered as now) with a candidate among `candidates` (numbered as before) that is gone."""
    now = old[_entry_rows(candidates)[old[candidates.indices] < 0]]
    lost = np.zeros(size, dtype=bool)
    lost[now[now >= 0]] = True
    return lost


def _moved_places(
    now: sp.csr_matrix, before: sp.csr_matrix, old: np.ndarray, joined: np.ndarray
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """The places in the pruned lists (term x paper, ones) that papers here before and now lost
    (`fell`: to a joined paper) and took (`rose`: one a paper gone left), between the postings
    `before` (columns numbered as before, now at `old`) and `now`."""
    size = now.shape[1]
    terms = np.union1d(
        _entry_rows(now)[joined[now.indices]], _entry_rows(before)[old[before.indices] < 0]
    )
    was = _places(before[terms], old, size)
    is_ = _places(now[terms], np.where(joined, -1, np.arange(size)), size)

    def ones(places: np.ndarray) -> sp.csr_matrix:
        term, paper = np.divmod(places, size)
        return sp.csr_matrix(
            (np.ones(len(places), dtype=np.float32), (terms[term], paper)), shape=now.shape
        )

    return ones(np.setdiff1d(was, is_)), ones(np.setdiff1d(is_, was))


def _entry_rows(matrix: sp.csr_matrix) -> np.ndarray:
    """The row of each entry."""
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))


def _places(postings: sp.csr_matrix, number: np.ndarray, size: int) -> np.ndarray:
    """The entries of postings as one number each, term x size + paper, the papers numbered by
    `number`; those it numbers -1 left out."""
    papers = number[postings.indices]
    return (_entry_rows(postings) * size + papers)[papers >= 0]


def _scores_fell(
    vectors: sp.csr_matrix, fell: sp.csr_matrix, candidates: sp.csr_matrix
) -> np.ndarray:
    """Rows with a candidate that lost its place (`fell`) in the pruned list of a term the row uses."""
    # row i: its candidates whose scores fell
    fallen = (_uses(vectors) @ fell).multiply(candidates).tocsr()
    fallen.eliminate_zeros()
    return np.diff(fallen.indptr) > 0


def _with_risen(
    vectors: sp.csr_matrix,
    postings: sp.csr_matrix,
    joined: np.ndarray,
    rose: sp.csr_matrix,
    rows: np.ndarray,
    candidates: sp.csr_matrix,
) -> tuple[np.ndarray, sp.csr_matrix]:
    """The rows (of those where `rows` is true) whose best candidates changed as papers came to score
    higher with them, and those candidates: the joined papers, and those that took a place (`rose`)
    in the pruned list of a term the row uses."""
    entering = _risen_entries(vectors, postings, joined, rose, rows).tocoo()
    # Only an entry at least as high as the row's lowest candidate (or in a row with room) can get
    # in; a candidate that rose is as high. A paper that took a place is no candidate of its own row.
    lowest = _row_minima(candidates)
    lowest[np.diff(candidates.indptr) < CANDIDATES] = 0
    high = (entering.data >= lowest[entering.row]) & (entering.row != entering.col)
    entering = sp.csr_matrix(
        (entering.data[high], (entering.row[high], entering.col[high])), shape=entering.shape
    )
    changed, merged = [], []
    for row in np.flatnonzero(np.diff(entering.indptr) > 0):
        lo, hi = candidates.indptr[row], candidates.indptr[row + 1]
        add_lo, add_hi = entering.indptr[row], entering.indptr[row + 1]
        risen = entering.indices[add_lo:add_hi]
        # a candidate that rose comes with its new score
        stay = ~np.isin(candidates.indices[lo:hi], risen)
        cut = _best_candidates(
            np.concatenate([candidates.indices[lo:hi][stay], risen]),
            np.concatenate([candidates.data[lo:hi][stay], entering.data[add_lo:add_hi]]),
        )
        if np.isin(risen, cut[0]).any():  # came in, or rose in its place
            changed.append(row)
            merged.append(cut)
    return np.array(changed, dtype=np.int64), _rows_matrix(merged, vectors.shape[0])


def _risen_entries(
    vectors: sp.csr_matrix,
    postings: sp.csr_matrix,
    joined: np.ndarray,
    rose: sp.csr_matrix,
    rows: np.ndarray,
) -> sp.csr_matrix:
    """Approximate scores (the product `nearest` makes) of the rows where `rows` is true with the
    papers that joined, and with those that took a place (`rose`) where the row uses its term: its
    score with them is higher than before, with every other paper it is as it was."""
    risen = joined.copy()
    risen[rose.indices] = True
    entries = postings.tocoo()
    keep = risen[entries.col]
    to_risen = sp.csr_matrix(
        (entries.data[keep], (entries.row[keep], entries.col[keep])), shape=postings.shape
    )
    kept = _keep_rows(vectors, rows)
    scores = kept @ to_risen
    by_place = scores.multiply((_uses(kept) @ rose) > 0)
    by_joining = scores @ sp.diags(joined.astype(np.float32))
    higher = (by_place + by_joining).tocsr()
    higher.eliminate_zeros()
    return higher


def _uses(vectors: sp.csr_matrix) -> sp.csr_matrix:
    """A one where a paper uses a term: products with it count terms, not weigh them."""
    uses = vectors.copy()
    uses.data[:] = 1
    return uses


def _keep_rows(matrix: sp.csr_matrix, rows: np.ndarray) -> sp.csr_matrix:
    """The matrix with every row where `rows` is false emptied."""
    kept = matrix.copy()
    kept.data[~np.repeat(rows, np.diff(matrix.indptr))] = 0
    kept.eliminate_zeros()
    return kept


def _renumber(matrix: sp.csr_matrix, old: np.ndarray, size: int) -> sp.csr_matrix:
    """A size x size matrix with row and column k of `matrix` at old[k] (increasing where not -1);
    the rows and entries at -1 left out, and the rows no old one goes to empty."""
    rows = _entry_rows(matrix)
    keep = (old[rows] >= 0) & (old[matrix.indices] >= 0)
    lengths = np.bincount(old[rows[keep]], minlength=size)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    return sp.csr_matrix((matrix.data[keep], old[matrix.indices[keep]], indptr), shape=(size, size))


def _replace_rows(matrix: sp.csr_matrix, rows: np.ndarray, new: sp.csr_matrix) -> sp.csr_matrix:
    """`matrix` with its rows `rows` (increasing) replaced by the rows of `new`, in order."""
    kept = np.ones(matrix.shape[0], dtype=bool)
    kept[rows] = False
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    from_matrix = kept[row_of]
    owner = np.concatenate([row_of[from_matrix], np.repeat(rows, np.diff(new.indptr))])
    order = np.argsort(owner, kind="stable")  # each row's entries keep their order
    lengths = np.bincount(owner, minlength=matrix.shape[0])
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.concatenate([matrix.data[from_matrix], new.data])[order]
    indices = np.concatenate([matrix.indices[from_matrix], new.indices])[order]
    return sp.csr_matrix((data, indices, indptr), shape=matrix.shape)


def shared_terms(text: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For each pair (rows[k], cols[k]), the terms both papers use, by the product of their weights, at
    most REASON_TERMS (-1 where fewer). Equal weights go to the lower term.

    One sparse elementwise product per block of pairs instead of one set intersection per pair,
    which is Python work for every pair shown. Blocks run on THREADS threads
    (SciPy's products and NumPy's sorts release the GIL), each filling its own rows of the result.
    """
    terms = np.full((len(rows), REASON_TERMS), -1, dtype=np.int32)

    def fill(start: int) -> None:
        both = (
            text[rows[start : start + REASON_BLOCK]]
            .multiply(text[cols[start : start + REASON_BLOCK]])
            .tocsr()
        )
        both.eliminate_zeros()  # row k: the terms pair k shares
        both.sort_indices()
        pair = np.repeat(np.arange(both.shape[0]), np.diff(both.indptr))
        order = np.lexsort((both.indices, -both.data, pair))  # by pair, then weight, then term
        rank = np.arange(len(order)) - both.indptr[pair[order]]
        top = rank < REASON_TERMS
        terms[start + pair[order][top], rank[top]] = both.indices[order][top]

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(fill, range(0, len(rows), REASON_BLOCK)))
    return terms


def _pair_terms(
    before: Neighbours | None,
    old: np.ndarray | None,
    found: sp.csr_matrix,
    text: sp.csr_matrix,
    shown: np.ndarray,
) -> np.ndarray:
    """shared_terms for the entries of `found` at `shown` (the pairs a page shows, whose reasons name
    them; the other entries' rows are UNNAMED), taken from `before` for the pairs it named when both
    papers are still here with the same text (at `old`, _old_rows): under the same weights their
    vectors, and so their shared terms, are the same."""
    rows, cols = _entry_rows(found)[shown], found.indices[shown].astype(np.int64)
    terms = np.full((len(rows), REASON_TERMS), -1, dtype=np.int32)
    todo = np.ones(len(rows), dtype=bool)
    if old is not None and before is not None and before.shared is not None and len(rows):
        size = found.shape[0]
        now_rows, now_cols = old[_entry_rows(before.found)], old[before.found.indices]
        here = (now_rows >= 0) & (now_cols >= 0)
        codes, shared = now_rows[here] * size + now_cols[here], before.shared[here]
        if len(codes):
            order = np.argsort(codes)
            at = np.minimum(np.searchsorted(codes[order], rows * size + cols), len(order) - 1)
            hit = codes[order][at] == rows * size + cols
            hit[hit] = shared[order[at[hit]], 0] != UNNAMED
            terms[hit] = shared[order[at[hit]]]
            todo = ~hit
    terms[todo] = shared_terms(text, rows[todo], cols[todo])
    named = np.full((found.nnz, REASON_TERMS), UNNAMED, dtype=np.int32)
    named[shown] = terms
    return named


def reason(
    own: list[str], other: list[str], tag_names: dict[str, str], top: list[int], terms: list[str]
) -> str:
    """Shared tags (by name, in the order of the paper's `own` tags) and the shared terms that weigh most in both papers."""
    shared_tags = [tag_names[s] for s in own if s in other]
    parts = []
    if shared_tags:
        parts.append("shared tags: " + ", ".join(shared_tags))
    if top:
        parts.append("terms: " + ", ".join(terms[t] for t in top))
    return "; ".join(parts) or "similar text"


def needs_fit(weights: TermWeights | None, papers: list[Paper]) -> bool:
    """Whether link_related fits new weights: there are none, or over REFIT_SHARE of the papers changed since."""
    return weights is None or not weights.fit_for(papers)


def _last_vectors(weights: TermWeights | None) -> sp.csr_matrix | None:
    """The vectors the weights' neighbours were found among, when they are kept with them."""
    if weights is None or weights.vectors is None or weights.neighbours is None:
        return None
    vectors, neighbours = weights.vectors, weights.neighbours
    return vectors.text if np.array_equal(vectors.keys, neighbours.keys) else None


def _named(terms: list[int]) -> list[int]:
    return [t for t in terms if t >= 0]


class Shown(NamedTuple):
    """Which entries of a matrix of pairs are shown: row i's are entries[starts[i]:starts[i + 1]], best first."""

    entries: np.ndarray
    starts: np.ndarray


def blended(
    found: sp.csr_matrix, dense: np.ndarray, weight: float, count: int
) -> tuple[Shown, np.ndarray]:
    """Each row's best `count` entries of `found` (their positions, best first) and every entry's score:
    (1 - weight) x the text cosine + weight x the cosine of the rows' `dense` unit vectors.

    Shared rare words find the candidates; the dense vectors (topic vectors, or sentence embeddings)
    order them by what the papers are about, which words alone miss when two papers name one idea
    differently (blind grades: bench/README.md).
    """
    rows = np.repeat(np.arange(found.shape[0]), np.diff(found.indptr))
    cosines = np.empty(found.nnz, dtype=dense.dtype)
    step = BLOCK * CANDIDATES  # pairs at a time: bounds the memory of the vectors gathered
    for start in range(0, found.nnz, step):
        pairs = slice(start, start + step)
        cosines[pairs] = np.einsum("ij,ij->i", dense[rows[pairs]], dense[found.indices[pairs]])
    scores = (1 - weight) * found.data.astype(np.float64) + weight * cosines
    # By row, then score; the sort is stable, so ties keep the order words gave them.
    order = np.lexsort((-scores, rows))
    best = order[np.arange(found.nnz) - found.indptr[rows[order]] < count]
    return Shown(best, np.searchsorted(rows[best], np.arange(found.shape[0] + 1))), scores


def link_related(
    papers: list[Paper],
    tags: dict[str, Tag],
    count: int,
    threshold: float,
    weights: TermWeights | None = None,
    fitted: Callable[[], TextFit] | None = None,
    embedded: Callable[[list[Paper]], np.ndarray] | None = None,
) -> tuple[list[Paper], TermWeights | None]:
    """Papers (in their order) with their `related` lists filled in, and the weights they were scored with.

    `weights` (the last build's) are used while under REFIT_SHARE of the papers changed since they
    were fitted; else new ones are fitted (`fitted` gives fit_text(papers) when made elsewhere).
    Each paper's best CANDIDATES by text are ranked again by `blended` scores: with `embedded` (papers
    -> their unit sentence embeddings) by those, else by the weights' topic vectors.
    """
    if len(papers) < 2 or count < 1:
        return [p.evolve(related=[]) for p in papers], weights
    ranked = sorted(papers, key=lambda p: p.id)
    kept = None if needs_fit(weights, papers) else weights
    vectors, weights = paper_vectors(ranked, kept, fitted)
    ids, keys = np.array([p.id for p in ranked], dtype=object), weights.vectors.keys
    before = kept.neighbours if kept is not None else None
    reranked = weights.topics is not None or embedded is not None
    depth = max(count, CANDIDATES) if reranked else count
    old = _old_rows(before, ids, keys, depth, threshold)
    neighbours = update_neighbours(
        vectors, ids, keys, before, old, _last_vectors(kept), depth, threshold
    ) or nearest(vectors, ids, keys, depth, threshold)
    found = neighbours.found
    rows, cols = found.indptr.tolist(), found.indices.tolist()
    if embedded is not None:
        shown, scores = blended(found, embedded(ranked), EMBEDDING_WEIGHT, count)
    elif weights.topics is not None:
        topics = topic_vectors(vectors, weights.topics)
        shown, scores = blended(found, topics, TOPIC_WEIGHT, count)
    else:
        shown, scores = Shown(np.arange(found.nnz), found.indptr), found.data
    neighbours = replace(neighbours, shared=_pair_terms(before, old, found, vectors, shown.entries))
    weights = replace(weights, neighbours=neighbours)
    terms, names = neighbours.shared, weights.terms.tolist()
    scores, entries, starts = scores.tolist(), shown.entries.tolist(), shown.starts.tolist()
    # The tags a reason can name, per paper (in its order): looked up once, not once per pair.
    tag_names = {s: tag.name for s, tag in tags.items() if s != FALLBACK.slug}
    own = [[s for s in p.tags if s in tag_names] for p in ranked]
    related = {}
    for i, paper in enumerate(ranked):
        shared = terms[rows[i] : rows[i + 1]].tolist()
        # Interned: similar papers are alike for the same reasons, so each reason's text is held
        # once, in the build and in its forked process that reads them.
        related[paper.id] = [
            Related(
                ranked[cols[k]].id,
                scores[k],
                sys.intern(
                    reason(own[i], own[cols[k]], tag_names, _named(shared[k - rows[i]]), names)
                ),
            )
            for k in entries[starts[i] : starts[i + 1]]
        ]
    return [p.evolve(related=related[p.id]) for p in papers], weights

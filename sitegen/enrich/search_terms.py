"""The words of each paper that the static search file (search.json) carries beside its title.

A search without a server cannot hold whole abstracts (a browser would download them all), so each
paper brings the words that tell its abstract from the others most: its related-paper vector's
strongest, leaving out those its title or short name already holds (the file has them there), so
that the same bytes carry more of what the abstract says.
"""

from __future__ import annotations

import re

import numpy as np

from sitegen.enrich.related import TermWeights
from sitegen.model import Paper

SEARCH_TERMS = 16  # words a paper, strongest first
_WORD = re.compile(r"[^\W_]+")


def search_terms(
    weights: TermWeights | None, papers: dict[str, Paper], count: int = SEARCH_TERMS
) -> dict[str, list[str]]:
    """Paper id -> its `count` strongest words under the weights it was scored with, strongest first,
    without those whose every part is a word of its title or short name."""
    if weights is None or weights.vectors is None or weights.neighbours is None:
        return {}
    # Python ints and strings: numpy's scalars are slower to index and compare in a Python loop.
    text, terms = weights.vectors.text, weights.terms.tolist()
    ends = text.indptr.tolist()
    found = {}
    for row, paper_id in enumerate(weights.neighbours.ids):
        paper = papers.get(paper_id)
        if paper is None:
            continue
        named = set(_WORD.findall(f"{paper.title} {paper.short_name}".lower()))
        start, end = ends[row], ends[row + 1]
        kept = found[paper_id] = []
        for i in text.indices[start:end][np.argsort(-text.data[start:end], kind="stable")].tolist():
            if not named.issuperset(terms[i].split("-")):
                kept.append(terms[i])
                if len(kept) == count:
                    break
    return found

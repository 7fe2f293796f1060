"""What `related_embeddings: true` costs: the model run on real papers' texts, per 1,000 papers, and
the related-papers stage with and without it on the real records.

    python -m bench.embeddings [--papers 2000]

Each figure beside the machine's reference speed at the start (stages.reference_seconds: lower is
faster), since the machine may be shared.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.quality.collection import real_collection
from bench.stages import reference_seconds
from sitegen.enrich.embeddings import EmbeddingMemo, model
from sitegen.enrich.related import link_related


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.embeddings", description=__doc__)
    parser.add_argument("--papers", type=int, default=2000, help="how many real papers to embed")
    count = parser.parse_args().papers
    print(f"ref s {reference_seconds():.2f}")
    collection = real_collection()
    papers = sorted(collection.papers.values(), key=lambda p: p.id)
    model()  # loaded once per build: not part of the per-paper figure
    started = time.perf_counter()
    memo = EmbeddingMemo()
    memo.vectors(papers[:count])
    seconds = time.perf_counter() - started
    print(f"embedding {count:,} papers: {seconds:.1f} s, {seconds / count * 1000:.1f} s per 1,000")
    started = time.perf_counter()
    vectors = dict(zip((p.id for p in papers[:count]), memo.vectors(papers[:count])))
    print(f"the same papers from the memo: {time.perf_counter() - started:.2f} s")
    subset = papers[:count]
    for name, embedded in (("words and topics", None), ("with embeddings", _known(vectors))):
        started = time.perf_counter()
        link_related(subset, collection.tags, 5, 0.0, embedded=embedded)
        print(f"related papers of {count:,}, {name}: {time.perf_counter() - started:.1f} s")


def _known(vectors):
    return lambda ranked: np.stack([vectors[p.id] for p in ranked])


if __name__ == "__main__":
    main()

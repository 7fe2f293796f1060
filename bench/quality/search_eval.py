"""Known-item search: MRR@10 and recall@10 per kind of query, sitegen's backends beside a BM25 baseline."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen.model import Collection
from sitegen.search import SearchIndex, build_index

QUERIES = Path(__file__).parent / "queries"
KINDS = ("name", "paraphrase", "question", "variant", "author")
DEPTH = 10

Ranker = Callable[[str], list[str]]  # query -> paper ids, best first


def load_queries(folder: Path = QUERIES) -> list[dict]:
    return [
        json.loads(line)
        for kind in KINDS
        for line in (folder / f"{kind}.jsonl").read_text().splitlines()
    ]


def sitegen_ranker(collection: Collection, backend: str) -> Ranker:
    root = Path(tempfile.mkdtemp(prefix=f"sitegen-quality-{backend}-"))
    build_index(collection, root, backend)
    index = SearchIndex(root, cache_size=0)
    return lambda q: [hit["id"] for hit in index.search(q, limit=DEPTH)["hits"]]


def bm25_ranker(collection: Collection) -> Ranker:
    """The baseline: BM25 over title + abstract, English stop words, Snowball stemming (bm25s, PyStemmer).

    Imported here: they are the `bench` extra's, and the tests use only sitegen's rankers."""
    import bm25s
    import Stemmer

    ids = list(collection.papers)
    stemmer = Stemmer.Stemmer("english")
    texts = [f"{p.title}\n{p.abstract}" for p in collection.papers.values()]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False),
        show_progress=False,
    )

    def rank(q: str) -> list[str]:
        tokens = bm25s.tokenize([q], stopwords="en", stemmer=stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        found, _ = retriever.retrieve(tokens, k=DEPTH, show_progress=False)
        return [ids[i] for i in found[0]]

    return rank


def rank_of(ranked: list[str], target: str) -> int | None:
    return ranked.index(target) + 1 if target in ranked else None


def evaluate(
    ranker: Ranker, queries: Iterable[dict], arxiv_to_id: dict[str, str]
) -> dict[str, dict]:
    """{kind or "all": {"mrr": …, "recall": …, "n": …}} and the rank of every query under "ranks"."""
    per_kind: dict[str, list[int | None]] = defaultdict(list)
    ranks = []
    for query in queries:
        found = rank_of(ranker(query["query"]), arxiv_to_id[query["arxiv_id"]])
        per_kind[query["kind"]].append(found)
        per_kind["all"].append(found)
        ranks.append(found)
    table = {kind: _scores(found) for kind, found in per_kind.items()}
    table["ranks"] = ranks
    return table


def _scores(ranks: list[int | None]) -> dict:
    return {
        "mrr": sum(1 / r for r in ranks if r) / len(ranks),
        "recall": sum(1 for r in ranks if r) / len(ranks),
        "n": len(ranks),
    }

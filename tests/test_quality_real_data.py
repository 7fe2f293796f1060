"""The quality goals on the 9,881 real records (bench/quality), so that they cannot slip back unseen.

The queries were written from the records before any system ran them; the figures and the baselines
beside them are printed by `python -m bench.quality` (bench/README.md).
"""

from __future__ import annotations

import pytest

from bench.quality import search_eval
from bench.quality.collection import by_arxiv, real_collection
from bench.quality.sample import REAL_RECORDS

pytestmark = pytest.mark.skipif(not REAL_RECORDS.exists(), reason=f"the real records are not at {REAL_RECORDS}")


@pytest.fixture(scope="module")
def collection():
    return real_collection()


@pytest.fixture(scope="module")
def search_scores(collection) -> dict[str, dict]:
    queries = search_eval.load_queries()
    arxiv_to_id = by_arxiv(collection)
    return {
        name: search_eval.evaluate(search_eval.sitegen_ranker(collection, name), queries, arxiv_to_id)
        for name in ("whoosh", "tantivy")
    }


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_known_item_search_finds_the_paper_first(search_scores, backend):
    scores = search_scores[backend]
    assert scores["all"]["mrr"] >= 0.90
    assert scores["all"]["n"] >= 120
    for kind in search_eval.KINDS:
        assert scores[kind]["mrr"] >= 0.75, kind


def test_both_backends_rank_alike(search_scores):
    assert abs(search_scores["whoosh"]["all"]["mrr"] - search_scores["tantivy"]["all"]["mrr"]) <= 0.02

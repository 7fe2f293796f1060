"""Both search backends give the same answers on the bundled sample; the generation says which backend reads it."""

from __future__ import annotations

import pytest
from test_search_relevance import KNOWN_ITEMS

from sitegen.config import load_config
from sitegen.errors import ConfigError
from sitegen.search import QueryError, SearchIndex, build_index
from sitegen.search.backends import backend
from sitegen.search.generations import read_meta

pytest.importorskip("tantivy")

# Beyond the known items: broad words, a phrase, exclusions, filters only, a typo, stop words only.
QUERIES = [q for q, _ in KNOWN_ITEMS] + [
    "model",
    "language models",
    '"language model"',
    '"chain of thought"',
    "reasoning -math",
    'survey -"language model"',
    "tag:reasoning",
    "benchmark tag:reasoning",
    "author:wang",
    "the of",
]


def answer(index: SearchIndex, query: str) -> dict:
    try:
        return index.search(query, limit=10)
    except QueryError as exc:
        return {"error": str(exc)}


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_match_the_same_papers(sample_indexes, query):
    """Same terms, same query tree: same totals, tag counts, corrections and best hit (lower ranks may differ with BM25's variants)."""
    whoosh, tantivy = (answer(sample_indexes[name], query) for name in ("whoosh", "tantivy"))
    if "error" in whoosh:
        assert tantivy == whoosh
        return
    for key in ("total", "facets", "suggestion", "corrected"):
        assert tantivy[key] == whoosh[key], key
    assert [h["id"] for h in tantivy["hits"][:1]] == [h["id"] for h in whoosh["hits"][:1]]


@pytest.mark.parametrize("name", ["whoosh", "tantivy"])
@pytest.mark.parametrize(
    "query",
    [
        "language models",
        "reasoning benchmark evaluation",
        "efficient inference tag:language-models",
    ],
)
def test_the_total_is_exact_whatever_the_page(sample_indexes, name, query):
    """The API's total counts every match, on every page and for every limit (Whoosh's top collector
    skipped matches that could not reach the page, and counted fewer for small limits)."""
    index = sample_indexes[name]
    everything = index.search(query, limit=100)
    totals = {
        index.search(query, limit=limit, page=page)["total"]
        for limit in (1, 5, 10)
        for page in (1, 2, 4)
    }
    assert totals == {everything["total"]} == {len(everything["hits"])}


def test_a_running_searcher_follows_a_rebuild_with_the_other_backend(sample, tmp_path):
    build_index(sample, tmp_path, "whoosh")
    index = SearchIndex(tmp_path)
    before = index.search("quantization survey")
    generation = build_index(sample, tmp_path, "tantivy")
    assert read_meta(generation)["backend"] == "tantivy"
    after = index.search("quantization survey")
    assert index.health()["index_generation"] == generation.name
    assert after["total"] == before["total"] and after["hits"][0]["id"] == before["hits"][0]["id"]


def test_the_config_chooses_a_known_backend(tmp_path):
    (tmp_path / "sitegen.yml").write_text("search_backend: tantivy\n")
    assert load_config(root=tmp_path).search_backend == "tantivy"
    (tmp_path / "sitegen.yml").write_text("search_backend: lucene\n")
    with pytest.raises(ConfigError, match="search_backend"):
        load_config(root=tmp_path)
    with pytest.raises(ConfigError, match="unknown search backend 'lucene'"):
        backend("lucene")

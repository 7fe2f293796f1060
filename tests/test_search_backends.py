"""Both search backends give the same answers on the bundled sample; the generation says which backend reads it."""

from __future__ import annotations

import dataclasses

import pytest
from site_builder import build_collection
from test_search_relevance import KNOWN_ITEMS

from sitegen.config import load_config
from sitegen.errors import ConfigError
from sitegen.pipeline import build
from sitegen.search import QueryError, SearchIndex, backends, build_index
from sitegen.search.backends import TANTIVY_FROM, backend, chosen
from sitegen.search.generations import live_generation, read_meta
from sitegen.state.stamp import read_stamp

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
    assert load_config(root=tmp_path).search_backend == "auto"
    (tmp_path / "sitegen.yml").write_text("search_backend: tantivy\n")
    assert load_config(root=tmp_path).search_backend == "tantivy"
    (tmp_path / "sitegen.yml").write_text("search_backend: lucene\n")
    with pytest.raises(ConfigError, match="search_backend"):
        load_config(root=tmp_path)
    with pytest.raises(ConfigError, match="unknown search backend 'lucene'"):
        backend("lucene")


def test_auto_chooses_tantivy_from_the_threshold_and_a_named_backend_always():
    assert chosen("auto", TANTIVY_FROM - 1) == "whoosh"
    assert chosen("auto", TANTIVY_FROM) == chosen("auto", 10**6) == "tantivy"
    assert chosen("whoosh", 10**6) == "whoosh" and chosen("tantivy", 1) == "tantivy"


def smaller(collection, count: int):
    kept = dict(list(collection.papers.items())[:count])
    return dataclasses.replace(collection, papers=kept)


def test_a_collection_that_grows_past_the_threshold_is_indexed_anew_by_tantivy(
    sample, tmp_path, monkeypatch
):
    monkeypatch.setattr(backends, "TANTIVY_FROM", len(sample.papers))
    first = build_index(smaller(sample, len(sample.papers) - 1), tmp_path)
    index = SearchIndex(tmp_path)
    assert index.search("quantization survey")["total"] > 0
    assert read_meta(first)["backend"] == index.health()["index_backend"] == "whoosh"
    grown = build_index(sample, tmp_path)
    # Another backend's generation is never updated: a whole index, in a folder of its own.
    meta = read_meta(grown)
    assert (meta["backend"], meta["updated"]) == ("tantivy", None)
    assert (grown / "tantivy").is_dir() and not list(grown.glob("*.toc"))  # no Whoosh files
    # A running searcher follows the switch.
    assert index.health()["papers"] == len(sample.papers)
    assert index.health()["index_backend"] == "tantivy"
    assert index.search("quantization survey") == SearchIndex(tmp_path).search(
        "quantization survey"
    )
    # Shrunk below it again: Whoosh, a whole index again; the old generations go.
    shrunk = build_index(smaller(sample, 10), tmp_path)
    assert read_meta(shrunk)["backend"] == "whoosh" and read_meta(shrunk)["updated"] is None
    assert sorted(tmp_path.glob("gen-*")) == [grown, shrunk]
    assert index.health()["papers"] == 10


def test_a_rebuild_past_the_threshold_puts_the_site_and_its_tantivy_index_live_together(
    tmp_path, monkeypatch
):
    """`sitegen build` with the default config: the site's stamp names the new generation."""
    monkeypatch.setattr(backends, "TANTIVY_FROM", 10**6)
    config, _ = build_collection(tmp_path)
    index_root = config.state_path / "index"
    index = SearchIndex(index_root, site=config.site_path)
    before = index.search("quantization survey")
    whoosh = live_generation(index_root, config.site_path)
    assert read_meta(whoosh)["backend"] == "whoosh"
    monkeypatch.setattr(backends, "TANTIVY_FROM", 1)  # as if the collection had grown past it
    build(config)
    live = live_generation(index_root, config.site_path)
    assert read_stamp(config.site_path)["index"] == live.name != whoosh.name
    assert read_meta(live)["backend"] == "tantivy" and read_meta(live)["updated"] is None
    after = index.search("quantization survey")
    assert index.health()["index_generation"] == live.name
    assert after["total"] == before["total"] and after["hits"][0]["id"] == before["hits"][0]["id"]

"""The index on disk: generations built beside the current one, switched atomically, old ones cleaned up."""

from __future__ import annotations

import dataclasses

import pytest

from sitegen.errors import BuildError
from sitegen.model import Paper
from sitegen.search import IndexMissing, SearchIndex, build_index
from sitegen.search.generations import POINTER, current_generation, read_meta


def with_paper(collection, paper: Paper):
    return dataclasses.replace(collection, papers={**collection.papers, paper.id: paper})


NEW_PAPER = Paper(
    id="zebra-finch-song",
    title="Zebrafinch: Song Learning in Songbirds",
    abstract="Songbirds learn their songs by imitation.",
)


def test_a_build_makes_a_complete_current_generation(sample, tmp_path):
    generation = build_index(sample, tmp_path)
    assert current_generation(tmp_path) == generation
    meta = read_meta(generation)
    assert meta["papers"] == len(sample.papers)
    assert meta["built"]
    assert SearchIndex(tmp_path).health()["papers"] == len(sample.papers)


def test_searcher_sees_a_new_generation_without_restart(sample, tmp_path):
    build_index(sample, tmp_path)
    searcher = SearchIndex(tmp_path)
    assert searcher.search("zebrafinch songbirds")["total"] == 0
    build_index(with_paper(sample, NEW_PAPER), tmp_path)
    answer = searcher.search("zebrafinch songbirds")
    assert [hit["id"] for hit in answer["hits"]] == ["zebra-finch-song"]
    assert searcher.health()["papers"] == len(sample.papers) + 1


def test_a_failed_build_leaves_the_previous_generation_current_and_intact(sample, tmp_path):
    first = build_index(sample, tmp_path)
    searcher = SearchIndex(tmp_path)
    before = searcher.search("quantization")
    # A title that is not text makes Whoosh raise in the middle of writing documents.
    broken = with_paper(sample, Paper(id="broken", title=b"not text"))  # type: ignore[arg-type]
    with pytest.raises(BuildError, match="previous index is kept"):
        build_index(broken, tmp_path)
    assert current_generation(tmp_path) == first
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == [first.name]
    assert SearchIndex(tmp_path).search("quantization") == before


def test_old_generations_are_removed_but_the_previous_one_is_kept(sample, tmp_path):
    generations = [build_index(sample, tmp_path) for _ in range(4)]
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == [g.name for g in generations[-2:]]
    assert (tmp_path / POINTER).read_text() == generations[-1].name


def test_a_searcher_follows_rebuilds_that_delete_the_generation_it_opened(sample, tmp_path):
    build_index(sample, tmp_path)
    searcher = SearchIndex(tmp_path)
    assert searcher.search("quantization")["total"] > 0
    for _ in range(3):  # the generation it has open is deleted on the third build
        build_index(sample, tmp_path)
    assert searcher.search("quantization")["total"] > 0


def test_no_index_yet_is_reported(tmp_path):
    with pytest.raises(IndexMissing, match="sitegen build"):
        SearchIndex(tmp_path).search("anything")
    (tmp_path / POINTER).write_text("../../etc")
    with pytest.raises(IndexMissing):
        SearchIndex(tmp_path).health()

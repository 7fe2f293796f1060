"""A new index generation made from the current one: only changed papers are indexed again."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest

from sitegen.model import Paper
from sitegen.search import SearchIndex, build_index
from sitegen.search.build import DOCUMENTS
from sitegen.search.generations import read_meta

BACKENDS = pytest.mark.parametrize("backend", ["whoosh", "tantivy"])

QUERIES = [
    "quantization",
    "reinforcement learning",
    "zebrafinch songbirds",
    "agents tools",
    "diffusion video",
]


def edited(collection, count_removed: int = 1):
    """The collection with one paper added, one abstract rewritten and `count_removed` papers gone."""
    papers = dict(collection.papers)
    ids = sorted(papers)
    for gone in ids[:count_removed]:
        del papers[gone]
    changed = ids[-1]
    papers[changed] = dataclasses.replace(
        papers[changed], abstract="Songbirds such as the zebrafinch learn songs."
    )
    papers["zebra-finch-song"] = Paper(
        id="zebra-finch-song",
        title="Zebrafinch: Song Learning in Songbirds",
        abstract="Songbirds learn by imitation.",
    )
    return dataclasses.replace(collection, papers=papers)


def answers(index_root) -> list[tuple[int, list[str]]]:
    index = SearchIndex(index_root)
    return [(a["total"], sorted(h["id"] for h in a["hits"])) for a in map(index.search, QUERIES)]


def file_hashes(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


@BACKENDS
def test_an_update_indexes_only_what_changed_and_finds_what_a_whole_index_finds(
    sample, tmp_path, backend
):
    first = build_index(sample, tmp_path / "kept", backend)
    assert read_meta(first)["updated"] is None  # nothing to start from
    after = edited(sample)
    updated = build_index(after, tmp_path / "kept", backend)
    assert read_meta(updated)["updated"] == 3  # one added, one changed, one removed
    assert read_meta(updated)["papers"] == len(after.papers)
    assert SearchIndex(tmp_path / "kept").health()["papers"] == len(after.papers)
    build_index(after, tmp_path / "whole", backend)
    assert answers(tmp_path / "kept") == answers(tmp_path / "whole")
    assert answers(tmp_path / "kept")[2][1][:2] == sorted(
        ["zebra-finch-song", sorted(sample.papers)[-1]]
    )
    documents = json.loads((updated / DOCUMENTS).read_text())["documents"]
    assert set(documents) == set(after.papers)


@BACKENDS
def test_the_previous_generation_is_left_byte_for_byte(sample, tmp_path, backend):
    """Its files are hard-linked into the new one: nothing may be written through them."""
    first = build_index(sample, tmp_path, backend)
    before = file_hashes(first)
    updated = build_index(edited(sample), tmp_path, backend)
    assert read_meta(updated)["updated"] == 3
    assert file_hashes(first) == before
    assert SearchIndex(tmp_path).search("zebrafinch songbirds")["total"] == 2


@BACKENDS
def test_many_changes_make_a_whole_index(sample, tmp_path, backend):
    build_index(sample, tmp_path, backend)
    many = edited(sample, count_removed=len(sample.papers) // 5)
    assert read_meta(build_index(many, tmp_path, backend))["updated"] is None


def test_an_index_from_other_code_is_made_anew(sample, tmp_path):
    first = build_index(sample, tmp_path)
    stored = json.loads((first / DOCUMENTS).read_text())
    (first / DOCUMENTS).write_text(json.dumps({**stored, "version": "older sitegen"}))
    assert read_meta(build_index(edited(sample), tmp_path))["updated"] is None


@BACKENDS
@pytest.mark.parametrize("damage", ["garbage", "empty", "deleted"])
def test_a_damaged_index_segment_is_rebuilt_whole(sample, tmp_path, backend, damage):
    """An index that cannot be read costs a whole new index (with a warning), never a failed build."""
    first = build_index(sample, tmp_path, backend)
    segments = sorted(
        p
        for p in first.rglob("*")
        if p.is_file()
        and p.suffix in (".seg", ".idx", ".term", ".pos", ".store", ".fast", ".fieldnorm")
    )
    assert segments  # the premise: the index has segment files to damage
    for segment in segments:
        if damage == "deleted":
            segment.unlink()
        else:
            segment.write_bytes(b"\x00garbage" * 50 if damage == "garbage" else b"")
    after = edited(sample)
    updated = build_index(after, tmp_path, backend)
    assert read_meta(updated)["updated"] is None  # made whole, not updated from the damaged one
    build_index(after, tmp_path / "whole", backend)
    assert answers(tmp_path) == answers(tmp_path / "whole")


@BACKENDS
@pytest.mark.parametrize("pointer", [b"\xff\xfe\x00garbage", b"", b"gen-../../etc"])
def test_a_damaged_current_pointer_is_repaired_and_a_running_searcher_keeps_answering(
    sample, tmp_path, backend, pointer
):
    build_index(sample, tmp_path, backend)
    index = SearchIndex(tmp_path, cache_size=0)
    before = index.search("quantization")
    (tmp_path / "CURRENT").write_bytes(pointer)
    assert index.search("quantization") == before  # the last good index, not a 500
    assert index.health()["papers"] == len(sample.papers)
    generation = build_index(sample, tmp_path, backend)
    assert (tmp_path / "CURRENT").read_text() == generation.name
    assert SearchIndex(tmp_path).search("quantization")["total"] == before["total"]

"""Incremental rebuilds: only changed pages are rendered again, and the docs equal a clean build's."""

from __future__ import annotations

import shutil

from site_builder import FIXTURES, build_collection, make_collection
from sitegen.pipeline import build

EXTRA = str(FIXTURES / "site" / "extra-day.yaml")


def generated_docs(docs):
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md") if p.name != "about.md"}


def test_incremental_rebuild_equals_clean_build(tmp_path):
    from sitegen.sources import bundled_sources

    sample = [str(p) for p in bundled_sources()]
    config, first = build_collection(tmp_path / "incremental", sample)
    config = make_collection(tmp_path / "incremental", sample + [EXTRA])
    second = build(config)
    clean_config, clean = build_collection(tmp_path / "clean", sample + [EXTRA])
    assert len(second.collection.papers) == len(first.collection.papers) + 2
    assert generated_docs(config.docs_path) == generated_docs(clean_config.docs_path)
    # Only what the new papers touch is written again, not all 75 paper pages.
    assert 2 <= second.pages_written < len(second.collection.papers) // 2


def test_unchanged_rebuild_writes_nothing(tmp_path):
    config, _ = build_collection(tmp_path / "c")
    again = build(config)
    assert again.pages_written == 0 and again.pages_removed == 0


def test_stale_cache_is_ignored_when_pages_are_deleted(tmp_path):
    config, first = build_collection(tmp_path / "c")
    shutil.rmtree(config.docs_path / "papers")
    again = build(config)
    assert again.pages_written == len(first.collection.papers) + 1  # every paper page and papers/index.md

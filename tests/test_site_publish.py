"""A failed or interrupted build leaves the previous site, index and static API live; they are built side by side."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import multiprocessing

import pytest
from site_builder import FIXTURES, build_collection, make_collection

from sitegen.errors import BuildError, ConfigError
from sitegen.model import Paper
from sitegen.pipeline import build
from sitegen.runtime import Forked
from sitegen.search import SearchIndex
from sitegen.search.build import write_generation
from sitegen.search.generations import current_generation, new_generation
from sitegen.sources import bundled_sources

EXTRA = str(FIXTURES / "site" / "extra-day.yaml")


def snapshot(config):
    """What readers see: every file of the site, and the index generation CURRENT names."""
    site = {
        p.relative_to(config.site_path): p.read_bytes()
        for p in config.site_path.rglob("*")
        if p.is_file()
    }
    return site, current_generation(config.state_path / "index")


def assert_nothing_left_behind(config, *generations):
    index_root = config.state_path / "index"
    assert sorted(p.name for p in index_root.glob("gen-*")) == sorted(g.name for g in generations)
    # The spare (the site the last build replaced, half made by a failed one) is all that may be beside site/.
    assert [p.name for p in config.site_path.parent.glob(".site.*")] in ([], [".site.spare"])
    assert list((config.state_path / "cache").glob(".weights-*")) == []  # the next weights, staged
    assert multiprocessing.active_children() == []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled sample built once; each test copies nothing and only fails builds, so it stays as built."""
    config, report = build_collection(tmp_path_factory.mktemp("published") / "c")
    return config, report, snapshot(config)


def grow(config):
    """The same collection with two more papers: a build that would change both the site and the index."""
    return make_collection(config.root, [str(p) for p in bundled_sources()] + [EXTRA])


def test_a_failed_mkdocs_step_keeps_the_site_and_index(built):
    config, report, before = built
    grown = grow(config)
    # MkDocs fails after writing pages: strict mode and a hand-written page with a broken link.
    mkdocs_yml, broken_page = config.root / "mkdocs.yml", config.docs_path / "broken.md"
    original = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(original + "\nstrict: true\n", encoding="utf-8")
    broken_page.write_text("# Broken\n\n[gone](no-such-page.md)\n", encoding="utf-8")
    try:
        with pytest.raises(
            BuildError, match="MkDocs build failed: .*no-such-page.md.*the previous site is kept"
        ):
            build(grown)
    finally:
        mkdocs_yml.write_text(original, encoding="utf-8")
        broken_page.unlink()
    assert snapshot(config) == before
    assert SearchIndex(config.state_path / "index").health()["papers"] == len(
        report.collection.papers
    )
    assert_nothing_left_behind(config, before[1])


def test_sources_that_give_no_paper_keep_the_site(built, tmp_path):
    """A mistyped source path (or only broken files) must not publish an empty site over the last one."""
    config, report, before = built
    missing = make_collection(config.root, [str(tmp_path / "no-such-file.jsonl")])
    with pytest.raises(BuildError, match="no paper could be read .*nothing was built"):
        build(missing)
    assert snapshot(config) == before
    assert SearchIndex(config.state_path / "index").health()["papers"] == len(
        report.collection.papers
    )


def test_a_broken_mkdocs_yml_names_the_file_and_the_problem(built):
    config, report, before = built
    grown = grow(config)
    mkdocs_yml = config.root / "mkdocs.yml"
    original = mkdocs_yml.read_text(encoding="utf-8")
    mkdocs_yml.write_text(
        original.replace("name: material", "name: no-such-theme"), encoding="utf-8"
    )
    try:
        with pytest.raises(
            ConfigError, match="mkdocs.yml: .*Unrecognised theme name: 'no-such-theme'"
        ):
            build(grown)
    finally:
        mkdocs_yml.write_text(original, encoding="utf-8")
    assert snapshot(config) == before
    assert_nothing_left_behind(config, before[1])


def test_an_interrupted_build_keeps_the_site_and_index(built):
    config, report, before = built

    def interrupt_halfway(iterable, **_):
        for number, item in enumerate(iterable):
            if number == 10:
                raise KeyboardInterrupt  # as Ctrl-C while the pages are rendered
            yield item

    with pytest.raises(KeyboardInterrupt):
        build(grow(config), progress=interrupt_halfway)
    assert snapshot(config) == before
    assert_nothing_left_behind(config, before[1])


def test_work_that_fails_in_the_forked_process_is_a_build_error(built):
    config, report, before = built
    # A title that is not text makes the index writer raise in the middle of its documents.
    # type: ignore[arg-type]
    broken = dataclasses.replace(
        report.collection,
        papers={**report.collection.papers, "broken": Paper(id="broken", title=b"x")},
    )
    generation = new_generation(config.state_path / "index")
    work = Forked(
        lambda: write_generation(broken, generation, config.search_backend), "search index"
    )
    with pytest.raises(BuildError, match="search index build failed.*previous index is kept"):
        work.wait()
    assert current_generation(config.state_path / "index") == before[1]
    assert_nothing_left_behind(config, before[1])


def test_the_index_and_static_api_go_live_with_the_site(tmp_path):
    config, first = build_collection(tmp_path / "c")
    generation = current_generation(config.state_path / "index")
    second = build(grow(config))
    index = SearchIndex(config.state_path / "index")
    assert (
        index.health()["papers"]
        == len(second.collection.papers)
        == len(first.collection.papers) + 2
    )
    assert current_generation(config.state_path / "index") != generation
    api = config.site_path / "api" / "v1"
    assert json.loads((api / "health.json").read_text(encoding="utf-8"))["papers"] == len(
        second.collection.papers
    )
    assert {p.stem for p in (api / "papers").glob("*.json")} == set(second.collection.papers)
    assert (
        config.site_path / "api" / "index.html"
    ).is_file()  # docs/api.md's page, beside the API's files
    # The generation it replaced stays for readers still on it.
    assert_nothing_left_behind(config, generation, current_generation(config.state_path / "index"))


def test_a_second_build_at_once_is_refused(built):
    """Two builds would make their sites in the same spare, where one could write into the live site."""
    config, report, before = built
    with (config.state_path / "build.lock").open("a") as held:
        # as a build running in another process holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(
            BuildError,
            match=r"another sitegen build is running in .*/c; try again when it has finished",
        ):
            build(grow(config))
    assert snapshot(config) == before

"""The build as a short sequence of stages: sources → model → enrich → render → index → publish.

`build` reads as that line: read and enrich (load_collection), render the Markdown pages, publish
the site. The index and the static API are written by a forked process beside render and publish
(SideOutputs) and go live with the site; two more list, as the build starts, the site being made
and the live one (reuse.list_sites) and the docs folder's generated pages. What the last build kept
is loaded once, as the build starts, and committed once, after the new site is live
(state/kept.py); how the build uses the machine (forks, the cycle collector, freed memory) is
runtime.py's.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sitegen.config import Config
from sitegen.enrich import enrich
from sitegen.enrich.tagging import load_taxonomy
from sitegen.errors import SourcesRefused
from sitegen.faults import fault_point
from sitegen.model import Collection, Problem
from sitegen.publish import SiteBuilt, build_site, recover_swap
from sitegen.render.graph import graph_data
from sitegen.render.pages import (
    BlockEdit,
    Progress,
    generated_pages,
    no_progress,
    pages_after,
    render_pages,
    write_pages,
)
from sitegen.render.saved import SavedListings
from sitegen.render.site_data import site_settings, write_site_data
from sitegen.render.static_api import write_api_tables, write_paper_files
from sitegen.reuse import SitesListed, list_sites
from sitegen.runtime import (
    Forked,
    Milestone,
    collection_frozen,
    collector_paused,
    release_freed_memory,
)
from sitegen.search.build import publish_generation, settle_current, write_generation
from sitegen.search.generations import live_generation, new_generation
from sitegen.search.saved import check_saved_tags, saved_matches
from sitegen.sources import bundled_sources, expand_sources, read_sources
from sitegen.stages import QUIET, StageLog
from sitegen.state.kept import State, forget_last_build
from sitegen.state.lock import one_build_at_a_time
from sitegen.state.paths import StatePaths, spare_path
from sitegen.state.render_keys import load_feeds, load_page_keys, save_feeds, save_page_keys


@dataclass
class BuildReport:
    files: list[Path] = field(default_factory=list)
    papers_read: int = 0
    collection: Collection | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pages_written: int = 0
    pages_removed: int = 0
    mkdocs_warnings: list[str] = field(default_factory=list)
    pages_reused: int = 0  # HTML pages taken from the live site instead of rendered
    pages_patched: int = 0  # HTML pages made from the live site's by replacing their HTML blocks
    search_added: int | None = (
        None  # pages indexed beside the kept search index; None: the whole index was made
    )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def source_files(config: Config, sources: list[str] | None) -> tuple[list[Path], list[Problem]]:
    """Sources from the command line, else from the config, else the bundled sample."""
    specs = list(sources or config.sources)
    if not specs:
        return bundled_sources(), []
    return expand_sources(specs, config.root if not sources else Path.cwd())


def load_collection(
    config: Config,
    sources: list[str] | None = None,
    fmt: str | None = None,
    state: State | None = None,
) -> BuildReport:
    """Read and enrich: what `validate`, `build` and tests share.

    `state` (what the last build kept: State.load) gets what is found now, for the caller to commit:
    its source memo, with the files as read now, is saved as soon as they are read, in a forked
    process while the papers are enriched (when the other core has nothing to do yet), and the new
    related-paper weights are staged. Without it, the kept state is read and nothing is written.
    """
    started = time.perf_counter()
    files, problems = source_files(config, sources)
    saves = state is not None
    state = state or State.load(config)
    with collector_paused(), ExitStack() as stack:
        read = read_sources(files, fmt, state.sources, config.max_source_mb * 2**20)
        saving = stack.enter_context(Forked(state.save_sources, "source memo")) if saves else None
        enriched = enrich(read.papers, config, state.registry, state.memos, state.weights)
        state.enriched()
        if saves:
            state.stage_weights(enriched.weights)
            saving.wait()
    collection = enriched.collection
    if config.feeds:
        check_saved_tags(config.feeds, known_tags(config, collection))
    report = BuildReport(
        files=files,
        papers_read=len(read.papers),
        collection=collection,
        problems=problems + read.problems + collection.problems,
    )
    report.seconds = time.perf_counter() - started
    return report


def known_tags(config: Config, collection: Collection) -> dict[str, str]:
    """Every tag a saved search may be limited to, slug -> name: the collection's, and the
    taxonomy's topics that no paper has yet."""
    return {topic.slug: topic.name for topic in load_taxonomy(config)} | {
        slug: tag.name for slug, tag in collection.tags.items()
    }


def check_strict(report: BuildReport, strict: bool) -> None:
    if strict and report.errors:
        raise SourcesRefused(
            f"{len(report.errors)} problem(s) in the sources and --strict is set; nothing was built",
            report.problems,
        )
    if report.errors and not report.collection.papers:
        # A mistyped source path would otherwise publish an empty site over the last one.
        raise SourcesRefused(
            f"no paper could be read ({len(report.errors)} problem(s) in the sources); nothing was built",
            report.problems,
        )


@dataclass(frozen=True)
class DocsWritten:
    """What writing the Markdown pages did, and what the site's making needs of it: each paper page's
    search key, the pages whose Markdown changed only inside its HTML blocks, and the generated
    pages as they are now (pages.pages_after)."""

    written: int
    removed: int
    searched: dict[str, str]
    edits: dict[str, BlockEdit]
    pages: dict[str, float | None]


def write_docs(
    config: Config,
    collection: Collection,
    progress: Progress,
    saved: SavedListings,
    on_disk: dict[str, float],
) -> DocsWritten:
    """The generated Markdown pages (changed ones only), feeds and graph data; the saved searches'
    pages and feeds last, once their matches can be found. `on_disk` are the generated pages
    already in the docs folder (generated_pages)."""
    state = StatePaths(config.state_path)
    known = load_page_keys(state.pages, on_disk)
    site = site_settings(config)
    graph = graph_data(collection)  # the graph page's legend and graph.json
    rendered = render_pages(
        collection,
        site.name,
        progress,
        known.pages,
        site.url,
        graph,
        config.author_pages_min,
        saved,
        remote_images=config.remote_images,
        known_listings=known.listings,
    )
    feeds = load_feeds(state.feeds)
    # feeds and graph.json, which the pages link to
    write_site_data(collection, config.docs_path, site, feeds, graph)
    del graph  # about 100 MB at 100,000 papers, not to be held while the paper pages are rendered
    written, gone, edits = write_pages(rendered, config.docs_path, on_disk)
    saved.write_feeds(collection, config.docs_path, site.url, site.name, feeds)
    save_feeds(state.feeds, feeds)
    save_page_keys(state.pages, rendered.keys, rendered.listed)
    return DocsWritten(
        len(written), len(gone), rendered.searched, edits, pages_after(on_disk, written, gone)
    )


class SideOutputs:
    """The search index and the static API, written in a forked process while the site is rendered.

    The static API goes straight into the site being made (the spare, publish.py), where it updates
    the files of the site made two builds ago. With saved searches, the process says when the index
    is written, and `saved_matches()` runs them on it meanwhile. `finish()` waits for both, just
    before the new site (whose stamp names the new index generation) is swapped in; `publish()`
    then makes that generation CURRENT. Leaving the block with an error stops the process and drops
    the index it wrote, unless the live site already names it.
    """

    def __init__(self, config: Config, collection: Collection, full: bool = False):
        self.collection, self.backend, self.full = collection, config.search_backend, full
        self.searches = config.feeds
        self.index_written = Milestone("wrote the search index") if config.feeds else None
        self.index_root = StatePaths(config.state_path).index
        self.live, self.site = config.site_path, spare_path(config.site_path)

    def __enter__(self) -> SideOutputs:
        # The index updates the live generation when few papers changed (not in a --full build).
        self.previous = None if self.full else live_generation(self.index_root, self.live)
        self.generation = new_generation(self.index_root)
        # Niced: it finishes while MkDocs runs anyway, and at full priority it slowed the pages' rendering
        # by half in a rebuild (Whoosh writes with two processes of its own).
        self.process = Forked(self._write, "search index and static API", nice=10)
        return self

    def _write(self) -> None:
        # In the order of the memory each part takes to make: this process copies each memory page of the
        # collection it reads from (pipeline.collection_frozen), and the build's peak is at the end.
        write_api_tables(self.collection, self.site)
        write_generation(self.collection, self.generation, self.backend, self.previous)
        fault_point("index-written")
        if self.index_written is not None:
            self.index_written.reach()
        release_freed_memory()  # what the index's writer took, before the paper files add theirs
        write_paper_files(self.collection, self.site)

    def saved_matches(self) -> dict[str, list[str]]:
        """Each saved search's matches (search/saved.py) in the index this build writes, once it
        is written."""
        self.process.wait_until(self.index_written)
        return saved_matches(self.generation, self.searches)

    def finish(self) -> None:
        self.process.wait()

    def publish(self) -> None:
        publish_generation(self.index_root, self.generation)
        fault_point("index-switched")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            self.process.cancel()
            if live_generation(self.index_root, self.live) != self.generation:
                shutil.rmtree(self.generation, ignore_errors=True)


def recover_last_build(config: Config) -> None:
    """Set right what a build that died left: an unfinished swap (publish.py), and CURRENT a build
    behind the live site (search/build.py). Before --full removes the live site's stamp, which names
    its index for the readers."""
    recover_swap(config.site_path)
    settle_current(StatePaths(config.state_path).index, config.site_path)


def build(
    config: Config,
    sources: list[str] | None = None,
    fmt: str | None = None,
    strict: bool = False,
    progress: Progress = no_progress,
    full: bool = False,
    log: StageLog = QUIET,
) -> BuildReport:
    """The whole build: read, enrich, write the Markdown pages, run MkDocs, swap the new site in.

    The search index and the static API are written meanwhile in a second process; they go live
    with the site, and a failed build leaves all three as they were. `full` reuses nothing from
    the last build. `log` gets a line as each stage ends.
    """
    with one_build_at_a_time(config):
        started = time.perf_counter()
        recover_last_build(config)
        if full:
            forget_last_build(config)
        # The spare's generated folders, the live site's pages and the docs folder's generated pages
        # are listed on the other core, idle while the papers are read (nothing writes into any of
        # them until then): at 100,000 papers, a directory read per page folder was a tenth of a
        # rebuild, and the pages' times read when the site is made were seconds MkDocs waited for.
        with (
            Forked(
                partial(list_sites, spare_path(config.site_path), config.site_path),
                "sites listing",
            ) as listing,
            Forked(partial(generated_pages, config.docs_path), "docs listing") as on_disk,
        ):
            state = State.load(config)
            try:
                report = read_and_enrich(config, sources, fmt, state, log)
                check_strict(report, strict)
                release_freed_memory()
                with collection_frozen(), SideOutputs(config, report.collection, full) as side:
                    docs = render(config, report.collection, progress, side, log, on_disk.take())
                    site = publish(config, side, docs, log, listing.take)
            except BaseException:
                state.discard()
                raise
        # Ids, memos and weights are remembered only once the site that uses them is live.
        state.commit(report.collection)
        report.pages_written, report.pages_removed = docs.written, docs.removed
        report.mkdocs_warnings, report.pages_reused = site.warnings, site.reused
        report.pages_patched, report.search_added = site.patched, site.search_added
        report.seconds = time.perf_counter() - started
        return report


def read_and_enrich(
    config: Config, sources: list[str] | None, fmt: str | None, state: State, log: StageLog
) -> BuildReport:
    """Sources → model → enrich: load_collection, with its line in the build's log."""
    with log.stage("read and enrich") as stage:
        report = load_collection(config, sources, fmt, state)
        stage.done = (
            f"{len(report.collection.papers):,} papers from {report.papers_read:,} records "
            f"in {len(report.files):,} file{'s' * (len(report.files) != 1)}"
        )
    return report


def render(
    config: Config,
    collection: Collection,
    progress: Progress,
    side: SideOutputs,
    log: StageLog,
    on_disk: dict[str, float],
) -> DocsWritten:
    """The Markdown pages, while the index is written beside them (`side`, whose matches the saved
    searches' pages list); `on_disk` are the generated pages in the docs folder as the build began."""
    with log.stage("write pages") as stage:
        docs = write_docs(
            config, collection, progress, SavedListings(config.feeds, side.saved_matches), on_disk
        )
        stage.done = f"{docs.written:,} changed, {docs.removed:,} removed"
    return docs


def publish(
    config: Config,
    side: SideOutputs,
    docs: DocsWritten,
    log: StageLog,
    listed: Callable[[], SitesListed],
) -> SiteBuilt:
    """MkDocs and site search into the spare, the index and static API finished beside it, then the
    new site, index and API live together; `listed` gives the spare and the live site as listed
    from the build's start."""
    with log.stage("make the site (MkDocs, site search, search index, API)") as stage:
        site = build_site(
            config,
            docs.pages,
            listed,
            side.finish,
            docs.searched,
            docs.edits,
            side.generation.name,
        )
        side.publish()
        stage.done = f"{site.reused:,} pages taken from the last build, live"
    return site

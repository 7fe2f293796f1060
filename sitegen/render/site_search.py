"""Site search that scales: Pagefind's chunked index answers Material's own header search box.

Material's search makes every visitor download the whole index before the first result;
Pagefind splits its index into chunks and fetches only those a query needs. This MkDocs plugin,
`sitegen-search` in mkdocs.yml:
  - adds assets/sitegen-search.js, which answers the header search box from Pagefind and shows
    the results in Material's search overlay (DOM calls and textContent only), and
    assets/static-search.js, the browser extension's search over api/v1/search.json, which the box
    answers from once its first result is shown, on a site of up to `static_search_pages` pages
    (it ranks better: typos, word forms, and what each abstract is about);
  - after the build, indexes the paper pages (and hand-written pages) with Pagefind into pagefind/,
    in parts of `part_pages` pages (pagefind/, pagefind-2/, ...) which the script merges: Pagefind
    holds a whole index in memory, which grows with its pages;
  - in a rebuild whose new pages are few (sitegen's build hands over a plan: `reuse_index`), keeps
    every part of the live site's main index (hard links, made only where the site being made lacks them) and indexes
    only the pages added since it was made into pagefind-added/, which the script merges in too
    (Pagefind's mergeIndex; the WebAssembly is shared).
    The main index is made again once a page in it changed or went away (its record would be
    stale), or the added pages come to REINDEX_SHARE of it;
  - leaves Material's search_index.json without documents (every page is excluded from it): the
    script does not use it, and Material's search plugin has to stay on, because it is what draws
    the search box.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import partial
from importlib import resources
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pagefind_bin_extended import get_executable

from sitegen.hardlinks import link_or_copy, link_tree, tree_files
from sitegen.runtime import die_with_parent

SCRIPT = "assets/sitegen-search.js"
STATIC_SEARCH = "assets/static-search.js"
BUNDLE = "pagefind"
ADDED_BUNDLE = "pagefind-added"
REINDEX_SHARE = 0.1
MERGED_MARK = "/* sitegen:merged */ []"
STATIC_MARK = "/* sitegen:static */ false"
# Up to this many searched pages the box answers from the static search file once it is loaded: its
# bytes grow with the papers and a visitor fetches it whole; past it, Pagefind alone.
STATIC_SEARCH_PAGES = 20_000
# Paper pages and hand-written pages; tag, archive and index pages only list titles found elsewhere.
PAGE_PATTERNS = ("papers/*/index.html", "about/index.html", "api/index.html")
PAGES = "{" + ",".join(PAGE_PATTERNS) + "}"
# Pages per part of the main index: Pagefind's memory grows with the pages it indexes at once
# (bench/README.md has the figures); a visitor's query fetches a little of every part.
PART_PAGES = 20_000
PART = re.compile(rf"{BUNDLE}(?:-[0-9]+)?")
# Where a part's pages are linked for Pagefind to index (inside the site being made, so on the same
# file system; MkDocs' clean build or sitegen's spare clears what a stopped build left).
STAGE = ".pagefind-stage"
ROOT = "article.md-content__inner"
# Lists on a paper page are other papers' titles (related, mentions, backlinks), or say a list is empty: not this paper's words;
# the BibTeX block (pre) would make "misc" or "eprint" match every paper.
IGNORED = "ul,pre,.headerlink,.sg-link,.sg-none"


@dataclass(frozen=True)
class SearchPlan:
    """What Pagefind indexes in one build.

    `main` holds the search keys (page -> hash of the text Pagefind reads) of the pages in the main
    index; `reuse` is the live site's main index when it still holds them, and `added` the pages
    to index beside it.
    """

    main: dict[str, str]
    reuse: Path | None = None  # the live site, whose main index parts are kept
    added: list[str] = field(default_factory=list)


def part_name(number: int) -> str:
    return BUNDLE if number == 0 else f"{BUNDLE}-{number + 1}"


def part_number(name: str) -> int:
    return 0 if name == BUNDLE else int(name.rsplit("-", 1)[1]) - 1


def parts_in(site: Path) -> list[str]:
    """The main index's parts in a built site, in order."""
    try:
        names = [
            entry.name
            for entry in os.scandir(site)
            if entry.is_dir() and PART.fullmatch(entry.name)
        ]
    except OSError:
        return []
    return sorted(names, key=part_number)


def searched_pages(paths: Iterable[str]) -> list[str]:
    """The site paths Pagefind indexes (those PAGES matches as a glob, where * stays within a folder), in order."""
    return sorted(
        path
        for path in paths
        if any(
            fnmatchcase(path, pattern) and path.count("/") == pattern.count("/")
            for pattern in PAGE_PATTERNS
        )
    )


def split_pages(pages: list[str], size: int) -> list[list[str]]:
    """The main index's parts: the pages in order, `size` at a time (one part, maybe empty, at least)."""
    return [pages[start : start + size] for start in range(0, len(pages), size)] or [[]]


def plan_search(live_site: Path, live_main: dict[str, str], pages: dict[str, str]) -> SearchPlan:
    """Reuse the live main index if every page in it is unchanged and the added pages are few; else index all."""
    added = sorted(set(pages) - set(live_main))
    unchanged = all(pages.get(page) == key for page, key in live_main.items())
    few = len(added) <= len(live_main) * REINDEX_SHARE
    if live_main and unchanged and few and BUNDLE in parts_in(live_site):
        return SearchPlan(main=live_main, reuse=live_site, added=added)
    return SearchPlan(main=pages)


def asset_source(name: str) -> str:
    return (resources.files("sitegen.render") / name).read_text(encoding="utf-8")


def script_source(merged: list[str], static: bool) -> str:
    return (
        asset_source(SCRIPT)
        .replace(MERGED_MARK, json.dumps(merged))
        .replace(STATIC_MARK, json.dumps(static))
    )


def run_pagefind(site_dir: Path, glob: str, bundle: Path) -> None:
    """Run Pagefind (the binary of the `pagefind[extended]` package, offline) over the pages `glob` matches into `bundle`.

    The binary itself, not `python -m pagefind`, which starts a Python only to find it: a tenth of a second, a
    fifth of what indexing a day's pages takes."""
    command = [
        str(get_executable()),
        "--site",
        str(site_dir),
        "--glob",
        glob,
        "--output-path",
        str(bundle),
        "--root-selector",
        ROOT,
        "--exclude-selectors",
        IGNORED,
        "--silent",
    ]
    # Pagefind ends with the build, even a build killed outright: it writes into the spare site.
    parent = os.getpid()
    done = subprocess.run(
        command, capture_output=True, text=True, preexec_fn=partial(die_with_parent, parent)
    )
    if done.returncode != 0:
        raise PluginError(
            f"Pagefind could not index {site_dir}: {(done.stderr or done.stdout).strip()[-2000:]}"
        )


def index_pages(site_dir: Path, pages: list[str], bundle: Path) -> None:
    """Pagefind over only `pages` (site paths) into `bundle`: hard links to them, at their paths, in a
    folder of their own, so that Pagefind neither walks the whole site nor holds more pages than these."""
    stage = site_dir / STAGE
    shutil.rmtree(stage, ignore_errors=True)
    try:
        for page in pages:
            (stage / page).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(site_dir / page, stage / page)
        run_pagefind(stage, "**/*.html", bundle)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def keep_parts(site_dir: Path, names: list[str]) -> None:
    """Remove main index parts other than `names` (a spare's from a site that had more of them)."""
    for name in set(parts_in(site_dir)) - set(names):
        shutil.rmtree(site_dir / name)


def index_site(site_dir: Path, plan: SearchPlan | None, parts: list[list[str]]) -> None:
    """The main index anew, a part for each of `parts`; or (with a plan that reuses) the live site's
    parts linked in and the added pages indexed beside them."""
    if plan is None or plan.reuse is None:
        keep_parts(site_dir, [part_name(number) for number in range(len(parts))])
        for number, pages in enumerate(parts):
            bundle = site_dir / part_name(number)
            # What is there may be hard links to the live site's bundle (sitegen's build makes a site in the
            # one it replaced last time): Pagefind would write through them.
            shutil.rmtree(bundle, ignore_errors=True)
            if len(parts) == 1:
                run_pagefind(site_dir, PAGES, bundle)
            else:
                index_pages(site_dir, pages, bundle)
        return
    live = parts_in(plan.reuse)
    keep_parts(site_dir, live)
    for name in live:
        link_tree(str(plan.reuse / name), str(site_dir / name), *tree_files(str(plan.reuse / name)))
    if plan.added:
        index_pages(site_dir, plan.added, site_dir / ADDED_BUNDLE)


class SiteSearchConfig(base.Config):
    """Options under `- sitegen-search:` in mkdocs.yml."""

    part_pages = c.Type(int, default=PART_PAGES)
    static_search_pages = c.Type(int, default=STATIC_SEARCH_PAGES)


class SiteSearchPlugin(BasePlugin[SiteSearchConfig]):
    def __init__(self) -> None:
        self.planned: Callable[[], SearchPlan | None] = lambda: None
        self.plan: SearchPlan | None = None
        self.parts: list[list[str]] = [[]]

    def reuse_index(self, planned: Callable[[], SearchPlan | None]) -> None:
        """What `sitegen build` hands this plugin before MkDocs runs: the plan it makes meanwhile
        (the pages of the main index and whether the live site's index is kept), called once
        MkDocs has every file. Without it (a plain `mkdocs build`) every page is indexed."""
        self.planned = planned

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.part_pages < 1:
            raise PluginError("sitegen-search: part_pages must be at least 1")
        config.extra_javascript.append(ExtraScriptValue(SCRIPT))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.plan = self.planned()
        if self.plan and self.plan.reuse:
            parts = parts_in(self.plan.reuse)
            added = [ADDED_BUNDLE] if self.plan.added else []
            pages = len(self.plan.main) + len(self.plan.added)
        else:
            searched = searched_pages(file.dest_uri for file in files.documentation_pages())
            self.parts = split_pages(searched, self.config.part_pages)
            parts, added = [part_name(number) for number in range(len(self.parts))], []
            pages = len(searched)
        merged = [f"{name}/" for name in parts[1:] + added]
        static = pages <= self.config.static_search_pages
        files.append(File.generated(config, SCRIPT, content=script_source(merged, static)))
        files.append(File.generated(config, STATIC_SEARCH, content=asset_source(STATIC_SEARCH)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **_: object) -> str:
        # Material's search plugin would parse every page's HTML (a seventh of the MkDocs step) for
        # an index the script does not use: excluded pages leave its search_index.json without documents.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        index_site(Path(config.site_dir), self.plan, self.parts)

"""Site search that scales: Pagefind's chunked index answers Material's own header search box.

Material's search makes every visitor download the whole index before the first result (38 MB,
10 MB gzipped, at 10,000 papers); Pagefind splits its index into chunks and fetches only those a
query needs (about 200 KB for a first result). This MkDocs plugin, `sitegen-search` in mkdocs.yml:
  - adds assets/sitegen-search.js, which answers the header search box from Pagefind and shows
    the results in Material's search overlay (DOM calls and textContent only);
  - after the build, indexes the paper pages (and hand-written pages) with Pagefind into pagefind/;
  - in a rebuild whose new pages are few (sitegen's build sets `plan`), keeps the live site's
    pagefind/ (hard links, made only where the site being made lacks them) and indexes only the
    pages added since it was made into pagefind-added/, which the script merges in (Pagefind's
    mergeIndex; the WebAssembly is shared).
    The main index is made again once a page in it changed or went away (its record would be
    stale), or the added pages come to REINDEX_SHARE of it;
  - leaves Material's search_index.json without documents (every page is excluded from it): the
    script does not use it, and Material's search plugin has to stay on, because it is what draws
    the search box.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitegen.hardlinks import link_tree, tree_files
from sitegen.state_files import save_json

SCRIPT = "assets/sitegen-search.js"
BUNDLE = "pagefind"
ADDED_BUNDLE = "pagefind-added"
REINDEX_SHARE = 0.1
# The added pages reach Pagefind as one --glob argument, and Linux caps one argument at 128 KiB.
ADDED_GLOB_LIMIT = 100_000
MERGED_MARK = "/* sitegen:merged */ []"
# Paper pages and hand-written pages; tag, archive and index pages only list titles found elsewhere.
PAGES = "{papers/*/index.html,about/index.html,api/index.html}"
ROOT = "article.md-content__inner"
# Lists on a paper page are other papers' titles (related, mentions, backlinks): not this paper's words;
# the BibTeX block (pre) would make "misc" or "eprint" match every paper.
IGNORED = "ul,pre,.headerlink,.sg-link"


@dataclass(frozen=True)
class SearchPlan:
    """What Pagefind indexes in one build.

    `main` holds the search keys (page -> hash of the text Pagefind reads) of the pages in the main
    index; `reuse` is the live site's main index when it still holds them, and `added` the pages
    to index beside it.
    """

    main: dict[str, str]
    reuse: Path | None = None
    added: list[str] = field(default_factory=list)


def plan_search(live_bundle: Path, live_main: dict[str, str], pages: dict[str, str]) -> SearchPlan:
    """Reuse the live main index if every page in it is unchanged and the added pages are few; else index all."""
    added = sorted(set(pages) - set(live_main))
    unchanged = all(pages.get(page) == key for page, key in live_main.items())
    few = len(added) <= len(live_main) * REINDEX_SHARE and sum(len(page) + 1 for page in added) <= ADDED_GLOB_LIMIT
    if live_main and unchanged and few and live_bundle.is_dir():
        return SearchPlan(main=live_main, reuse=live_bundle, added=added)
    return SearchPlan(main=pages)


def load_main_keys(path: Path, build: str | None) -> dict[str, str]:
    """The search keys of the main index of the site with this build id; empty for any other site."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not build or not isinstance(saved, dict) or saved.get("build") != build or not isinstance(saved.get("pages"), dict):
        return {}
    return saved["pages"]


def save_main_keys(path: Path, build: str, keys: dict[str, str]) -> None:
    save_json(path, {"build": build, "pages": keys})


def script_source(merged: list[str]) -> str:
    script = (resources.files("sitegen.render") / "assets" / "sitegen-search.js").read_text(encoding="utf-8")
    return script.replace(MERGED_MARK, json.dumps(merged))


def run_pagefind(site_dir: Path, glob: str, bundle: str) -> None:
    """Run Pagefind (the `pagefind` package's binary, offline) over the pages `glob` matches into site_dir/bundle."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", glob, "--output-subdir", bundle,
               "--root-selector", ROOT, "--exclude-selectors", IGNORED, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"Pagefind could not index {site_dir}: {(done.stderr or done.stdout).strip()[-2000:]}")


def index_site(site_dir: Path, plan: SearchPlan | None) -> None:
    """The whole site into pagefind/, or (with a plan that reuses) the live index linked in and the added pages beside it."""
    bundle = site_dir / BUNDLE
    if plan is None or plan.reuse is None:
        # What is there may be hard links to the live site's bundle (sitegen's build makes a site in the
        # one it replaced last time): Pagefind would write through them.
        shutil.rmtree(bundle, ignore_errors=True)
        run_pagefind(site_dir, PAGES, BUNDLE)
        return
    link_tree(str(plan.reuse), str(bundle), *tree_files(str(plan.reuse)))
    if plan.added:
        run_pagefind(site_dir, "{" + ",".join(plan.added) + "}", ADDED_BUNDLE)


class SiteSearchPlugin(BasePlugin):
    def __init__(self) -> None:
        # Set by sitegen's build before MkDocs runs; a plain `mkdocs build` indexes every page.
        self.plan: SearchPlan | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_javascript.append(ExtraScriptValue(SCRIPT))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        merged = [f"{ADDED_BUNDLE}/"] if self.plan and self.plan.reuse and self.plan.added else []
        files.append(File.generated(config, SCRIPT, content=script_source(merged)))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **_: object) -> str:
        # Material's search plugin would parse every page's HTML (a seventh of the MkDocs step) for
        # an index the script does not use: excluded pages leave its search_index.json without documents.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        index_site(Path(config.site_dir), self.plan)

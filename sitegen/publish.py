"""Publishing: the MkDocs build into a fresh folder beside site/, then a swap, so a failed build keeps the old site.

The fresh folder starts with the live site's unchanged generated pages linked in (sitegen/reuse.py),
and MkDocs renders only the rest.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sitegen.config import Config
from sitegen.errors import BuildError
from sitegen.mkdocs_config import load_mkdocs_config, mkdocs_messages
from sitegen.render.site_search import BUNDLE, SiteSearchPlugin, load_main_keys, plan_search, save_main_keys
from sitegen.reuse import chrome_key, html_path, link_unchanged_pages, quiet_dirty_notice, read_stamp, write_stamp


@dataclass
class SiteBuilt:
    """What the MkDocs step did: its warnings, the pages it took from the live site, and what
    Pagefind indexed (None: every page; else only the pages added beside the kept index)."""

    warnings: list[str] = field(default_factory=list)
    reused: int = 0
    search_added: int | None = None


def build_site(config: Config, finish: Callable[[Path], None] = lambda _: None, searched: dict[str, str] | None = None) -> SiteBuilt:
    """Run MkDocs into a temporary folder, let `finish` add files to it, then swap it in for site/.

    `searched` (paper page -> search key, from rendering) lets site search reuse the live index.
    On any failure the temporary folder is removed and site/ is untouched.
    """
    site = config.site_path
    fresh = site.with_name(f".{site.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    mkdocs_config = load_mkdocs_config(config, docs_dir=str(config.docs_path), site_dir=str(fresh))
    main_keys = config.state_path / "cache" / "search-main.json"
    search = mkdocs_config.plugins.get("sitegen-search")
    built = SiteBuilt()
    try:
        chrome, built.reused = reuse_live_site(mkdocs_config, site, fresh, search, searched, main_keys)
        with mkdocs_messages() as built.warnings, quiet_dirty_notice():
            try:
                # Dirty mode: pages linked in from the live site are left as they are, all others are rendered.
                mkdocs_build(mkdocs_config, dirty=True)
            except MkDocsException as exc:
                # MkDocs logs the reasons (strict mode's warnings, a plugin's error) before it raises.
                reasons = "; ".join(built.warnings) or str(exc)
                raise BuildError(f"MkDocs build failed: {reasons}; the previous site is kept") from exc
        build = write_stamp(fresh, chrome)
        if search is not None and search.plan is not None:
            save_main_keys(main_keys, build, search.plan.main)
            built.search_added = len(search.plan.added) if search.plan.reuse else None
        finish(fresh)
        swap_in(fresh, site)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return built


def reuse_live_site(
    mkdocs_config: MkDocsConfig, site: Path, fresh: Path, search: SiteSearchPlugin | None, searched: dict[str, str] | None,
    main_keys: Path,
) -> tuple[str, int]:
    """Link the live site's unchanged pages into `fresh` and tell site search (its plugin) what it may keep.

    Returns the chrome key and how many pages were linked. Nothing is reused from a site made
    with other chrome (sitegen/reuse.py).
    """
    chrome, live = chrome_key(mkdocs_config), read_stamp(site)
    same_chrome = live.get("chrome") == chrome
    reused = link_unchanged_pages(mkdocs_config, site, fresh) if same_chrome else 0
    if search is not None and searched is not None:
        pages = {html_path(page): key for page, key in searched.items()}
        live_main = load_main_keys(main_keys, live.get("build")) if same_chrome else {}
        search.plan = plan_search(site / BUNDLE, live_main, pages)
    return chrome, reused


def swap_in(fresh: Path, site: Path) -> None:
    """Replace site/ by fresh/ with two renames; the old site is removed only once the new one is in place."""
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(fresh, site)
    shutil.rmtree(old, ignore_errors=True)

"""Publishing: the MkDocs build into a folder beside site/, then a swap, so a failed build keeps the old site.

That folder is the spare: the site the last build replaced, kept so that the next build updates it
instead of making a site anew (at 100,000 papers, making a folder per page and deleting the
replaced site were a fifth of a rebuild). Before MkDocs runs, the spare keeps only its generated
pages' folders, its static API and the parts of its Pagefind index; it gets the live site's
unchanged pages linked in (sitegen/reuse.py) by a forked process while MkDocs reads the docs
folder, and MkDocs renders the rest. A failed build leaves the live site alone and the spare half
made, which the next build sets right the same way.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sitegen.config import Config
from sitegen.errors import BuildError
from sitegen.faults import fault_point
from sitegen.hardlinks import Decision, parents, sweep
from sitegen.mkdocs_config import load_mkdocs_config, mkdocs_messages
from sitegen.render.page_loop import Handover, Reused, hand_over
from sitegen.render.pages import GENERATED_DIRS, BlockEdit
from sitegen.render.site_search import (
    PART,
    SearchPlan,
    plan_search,
)
from sitegen.render.static_api import API_DIR
from sitegen.reuse import (
    SitesListed,
    blocks_pass_through,
    chrome_key,
    html_path,
    quiet_dirty_notice,
    reuse_unchanged_pages,
)
from sitegen.runtime import Forked
from sitegen.state.paths import StatePaths, old_path, spare_path
from sitegen.state.search_keys import load_main_keys, save_main_keys
from sitegen.state.stamp import read_stamp, write_stamp

# What the spare keeps for the next build to update: the generated pages (reuse.py), the static API
# (rewritten in place by the build's forked process) and the parts of Pagefind's main index (site_search.py).
KEPT = frozenset({*GENERATED_DIRS, "/".join(API_DIR)})
# glibc's renameat2 (Linux): AT_FDCWD and RENAME_EXCHANGE from fcntl.h and linux/fs.h.
_RENAMEAT2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
_AT_FDCWD, _EXCHANGE = -100, 2


@dataclass
class SiteBuilt:
    """What the MkDocs step did: its warnings, the pages it took from the live site (as they are, or
    with new HTML blocks), and what Pagefind indexed (None: every page; else only the pages added
    beside the kept index)."""

    warnings: list[str] = field(default_factory=list)
    reused: int = 0
    patched: int = 0
    search_added: int | None = None


def build_site(
    config: Config,
    docs_pages: dict[str, float | None],
    listed: Callable[[], SitesListed],
    finish: Callable[[], None] = lambda: None,
    searched: dict[str, str] | None = None,
    edits: dict[str, BlockEdit] | None = None,
    index: str | None = None,
) -> SiteBuilt:
    """Run MkDocs into the spare, call `finish` (which puts the rest of the site in place), then swap
    the spare in for site/.

    `searched` (paper page -> search key, from rendering) lets site search reuse the live index;
    `edits` (the pages whose Markdown changed only inside its HTML blocks) lets those pages be made
    from their live HTML; `index` names the search index generation made with the site, which its
    stamp names; `docs_pages` are the docs folder's generated pages (pages.pages_after) and `listed`
    gives the spare and the live site as the build began (reuse.list_sites). On any failure site/
    is untouched.
    """
    site, spare = config.site_path, spare_path(config.site_path)
    mkdocs_config = load_mkdocs_config(config, docs_dir=str(config.docs_path), site_dir=str(spare))
    state = StatePaths(config.state_path)
    main_keys = state.search_keys
    search = mkdocs_config.plugins.get("sitegen-search")
    built = SiteBuilt()
    clear_spare(spare)
    passing = blocks_pass_through(mkdocs_config)

    def taken() -> LiveSiteReused:
        try:
            return taking.wait()
        except BuildError as exc:
            raise BuildError(f"taking the live site's pages failed: {exc}") from exc

    def pages_taken() -> Reused:
        reused = taken()
        return Reused(
            frozenset(reused.linked | reused.made) if passing else frozenset(),
            site if passing and reused.same_chrome else None,
        )

    if search is not None:
        search.reuse_index(lambda: taken().search)
    handover = Handover(
        template_cache=state.templates,
        reused=pages_taken,
        processes=config.render_processes if passing else 1,
    )
    # The live site's pages are taken on the other core while MkDocs reads the docs folder: what
    # MkDocs does with them starts once it has every file (page_loop.py and site search wait then).
    with (
        Forked(
            partial(
                reuse_live_site,
                mkdocs_config,
                site,
                spare,
                searched,
                main_keys,
                edits or {},
                docs_pages,
                listed(),
            ),
            "live site's pages",
        ) as taking,
        hand_over(mkdocs_config, handover),
        mkdocs_messages() as built.warnings,
        quiet_dirty_notice(),
    ):
        try:
            # Dirty mode: pages linked in from the live site are left as they are, all others are
            # rendered (with sitegen's plugins alone, the reused pages are left out of MkDocs'
            # pages, and a share of the rest is rendered on the other cores: page_loop.py).
            mkdocs_build(mkdocs_config, dirty=True)
        except MkDocsException as exc:
            # MkDocs logs the reasons (strict mode's warnings, a plugin's error) before it raises.
            reasons = "; ".join(built.warnings) or str(exc)
            raise BuildError(f"MkDocs build failed: {reasons}; the previous site is kept") from exc
        reused = taken()
    built.reused, built.patched = len(reused.linked), len(reused.made)
    build = write_stamp(spare, reused.chrome, index)
    if search is not None and reused.search is not None:
        save_main_keys(main_keys, build, reused.search.main)
        built.search_added = len(reused.search.added) if reused.search.reuse else None
    finish()
    fault_point("site-made")
    swap_in(spare, site)
    fault_point("site-swapped")
    return built


def clear_spare(spare: Path) -> None:
    """Remove from the spare (made if missing) everything but KEPT and the search index's parts: MkDocs writes the rest anew."""
    spare.mkdir(parents=True, exist_ok=True)
    above = parents(set(KEPT))

    def decide(relative: str, _: os.DirEntry) -> Decision:
        if relative in KEPT or PART.fullmatch(relative):
            return "keep"
        return "descend" if relative in above else "remove"

    sweep(str(spare), decide)


@dataclass(frozen=True)
class LiveSiteReused:
    """What the new site takes from the live one: the chrome key both are made with (reuse.py),
    whether they share it, the pages linked in as they are and those made from their live HTML,
    and site search's plan (None without sitegen's search keys: every page indexed)."""

    chrome: str
    same_chrome: bool
    linked: set[str]
    made: set[str]
    search: SearchPlan | None


def reuse_live_site(
    mkdocs_config: MkDocsConfig,
    site: Path,
    spare: Path,
    searched: dict[str, str] | None,
    main_keys: Path,
    edits: dict[str, BlockEdit],
    docs_pages: dict[str, float | None],
    listed: SitesListed,
) -> LiveSiteReused:
    """Link the live site's unchanged pages into the spare, make the pages `edits` names from their
    live HTML, and plan what site search may keep. Nothing is reused from a site made with other
    chrome (sitegen/reuse.py)."""
    chrome, live = chrome_key(mkdocs_config), read_stamp(site)
    same_chrome = live.get("chrome") == chrome
    linked, made = reuse_unchanged_pages(
        mkdocs_config, site, spare, same_chrome, edits, docs_pages, listed
    )
    fault_point("live-pages-taken")
    plan = None
    if searched is not None:
        pages = {html_path(page): key for page, key in searched.items()}
        live_main = load_main_keys(main_keys, live.get("build")) if same_chrome else {}
        plan = plan_search(site, live_main, pages)
    return LiveSiteReused(chrome, same_chrome, linked, made, plan)


def swap_in(spare: Path, site: Path) -> None:
    """Replace site/ by the spare in one step where the system can exchange two names (Linux), else
    with three renames; the replaced site becomes the spare."""
    if not site.exists():
        os.replace(spare, site)
        return
    if exchanged(spare, site):
        return
    old = old_path(site)
    os.replace(site, old)
    os.replace(spare, site)
    os.replace(old, spare)


def exchanged(first: Path, second: Path) -> bool:
    """Swap two paths' names in one atomic step (renameat2's RENAME_EXCHANGE), so that no moment is
    without a live site; False where the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def recover_swap(site: Path) -> None:
    """Undo what a build stopped in the middle of swap_in left: the replaced site goes back to site/ if
    the new one never got there, else it becomes the spare. Called before anything writes into the spare."""
    old, spare = old_path(site), spare_path(site)
    if not old.exists():
        return
    if not site.exists():
        os.replace(old, site)
    elif not spare.exists():
        os.replace(old, spare)
    else:
        shutil.rmtree(old)

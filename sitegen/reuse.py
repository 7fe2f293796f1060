"""Pages of the live site that the next build reuses instead of having MkDocs render them again.

MkDocs renders every page on every build, which is most of a rebuild's time when a day's papers
join a collection of thousands. A generated page (papers/, tags/, archive/) whose Markdown is
older than its HTML in the live site, and whose surroundings (the "chrome": mkdocs.yml, the
theme, the hand-written pages, sitegen's templates and the versions of everything that renders
them) are what they were when that HTML was made, would come out byte for byte the same. Such
pages are hard-linked (or, without hard links, copied) from the live site into the new one, the
HTML of every other page is removed from it, and MkDocs runs in its dirty mode, which skips a
page whose HTML is newer than its Markdown: exactly the pages linked, so MkDocs never writes
through a link into the live site. The new site records its chrome key and a build id in its
stamp (state/stamp.py); a site without one (or with another key) reuses nothing.

A page whose Markdown changed only inside its HTML blocks (a related list, the backlinks: most of
the pages a day's papers change) is made from its live HTML instead: the sitegen plugin puts the
blocks into the page as they are (squeezed like the rest), so replacing each changed block's text
gives what MkDocs would render. The new file is written after the links are made (never into
one), and MkDocs' dirty mode skips it like a linked page. Only where nothing else could have
changed the blocks on their way into the page: sitegen's own plugins, no hooks, no custom_dir;
and only where each old block is found exactly once. Any doubt, and MkDocs renders the page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from sitegen.hardlinks import Listing, link_tree, list_tree
from sitegen.render import page_cache
from sitegen.render.explore import GRAPH_FILE
from sitegen.render.feeds import FEEDS_DIR
from sitegen.render.pages import GENERATED_DIRS, GENERATED_FILES, BlockEdit
from sitegen.render.squeeze import VERBATIM, squeeze_indentation

# What renders a page besides its Markdown and the site's own files.
RENDERERS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")
# Data the pages link to but whose contents no page shows: rewritten on every build.
DATA = (FEEDS_DIR, GRAPH_FILE)
# The plugins a page's HTML blocks pass through unchanged (Material's search draws the search box only).
PASS_THROUGH_PLUGINS = frozenset({"search", "material/search", "sitegen-search", "sitegen"})


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _file_states(root: Path, skip: set[str]) -> Iterator[str]:
    """Path and content hash of every file under root whose first path part is not in skip.

    Contents, not modification times: a fresh checkout (as in CI, with the last build restored
    from a cache) gives every file a new time. Skipped folders are not walked (100,000 pages in papers/).
    """
    found = []
    for parent, folders, names in os.walk(root):
        relative = os.path.relpath(parent, root).replace(os.sep, "/")
        if relative == ".":
            folders[:] = [f for f in folders if f not in skip]
            names = [n for n in names if n not in skip]
        files = [name for name in names if os.path.isfile(os.path.join(parent, name))]
        found += files if relative == "." else [f"{relative}/{name}" for name in files]
    for path in sorted(found, key=lambda p: p.split("/")):
        yield f"{path} {hashlib.sha256((root / path).read_bytes()).hexdigest()}"


def chrome_key(mkdocs_config: MkDocsConfig) -> str:
    """A hash of everything a generated page's HTML depends on besides its own Markdown."""
    digest = hashlib.sha256()
    for name in RENDERERS:
        digest.update(f"{name}={_installed(name)}\n".encode())
    digest.update(Path(mkdocs_config.config_file_path).read_bytes())
    docs = Path(mkdocs_config.docs_dir)
    generated = {*GENERATED_DIRS, *GENERATED_FILES, *DATA}
    for state in _file_states(docs, generated):
        digest.update(state.encode())
    # Whether the site's feeds exist decides the feed links in every page's head.
    digest.update(str((docs / FEEDS_DIR).is_dir()).encode())
    if mkdocs_config.theme.custom_dir:
        for state in _file_states(Path(mkdocs_config.theme.custom_dir), set()):
            digest.update(state.encode())
    # sitegen's version, templates, theme overrides, plugins and assets (which change without a version
    # bump in development), as the render cache already hashes them.
    digest.update(page_cache.VERSION.encode())
    return digest.hexdigest()


def html_path(page: str) -> str:
    """Where MkDocs writes a Markdown page given by its path in the docs folder, with the directory URLs
    the sitegen plugin requires: a/b.md -> a/b/index.html, a/index.md or a/README.md -> a/index.html.

    MkDocs' File says the same (a test holds them equal); making one per page cost seconds at 100,000 pages.
    """
    parent, name = posixpath.split(page)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(
        parent, "index.html" if stem in ("index", "README") else f"{stem}/index.html"
    )


# A site's page (its HTML's path, as html_path gives it) -> the HTML's modification time and inode.
LivePages = dict[str, tuple[float, int]]


@dataclass(frozen=True)
class SitesListed:
    """What the spare's generated folders hold (hardlinks.list_tree of each), and the live site's
    generated pages: read in a forked process from the build's start (pipeline.py), for
    reuse_unchanged_pages to go by. Nothing writes into the spare's generated folders until the
    live pages are linked into them, nor into the live site until the new one replaces it."""

    spare: dict[str, Listing]
    live: LivePages


def list_sites(spare: Path, live: Path) -> SitesListed:
    """The spare and the live site as reuse_unchanged_pages needs them. The spare's pages that are not
    the live site's (another file, or none there) are removed now: linking the live pages would
    remove them anyway (link_tree keeps a file only if it is the live one), and it would do so while
    both cores are busy making the site, where here one is idle while the papers are read."""
    pages = live_pages(live)
    listed = {}
    for top in GENERATED_DIRS:
        root = os.path.join(spare, top)
        listed[top] = list_tree(root)
        _drop_stale_pages(root, top, listed[top], pages)
    return SitesListed(listed, pages)


def _drop_stale_pages(root: str, top: str, listing: Listing, live: LivePages) -> None:
    for folder, (_, files) in listing.items():
        if "index.html" not in files:
            continue
        html = live.get(f"{top}/{folder}/index.html" if folder else f"{top}/index.html")
        if html is None or html[1] != files["index.html"]:
            os.unlink(os.path.join(root, folder, "index.html"))
            del files["index.html"]


def live_pages(site: Path) -> LivePages:
    """Every page in a site's generated folders, with its HTML's modification time and inode."""
    found = {}
    for top in GENERATED_DIRS:
        for parent, _, names in os.walk(os.path.join(site, top)):
            relative = os.path.relpath(parent, site).replace(os.sep, "/")
            if "index.html" in names:
                html = os.stat(os.path.join(parent, "index.html"))
                found[f"{relative}/index.html"] = (html.st_mtime, html.st_ino)
    return found


def reuse_unchanged_pages(
    mkdocs_config: MkDocsConfig,
    live: Path,
    target: Path,
    same_chrome: bool,
    edits: dict[str, BlockEdit],
    docs_pages: dict[str, float | None],
    listed: SitesListed,
) -> tuple[set[str], set[str]]:
    """Make the generated folders of `target` hold the live site's HTML of every page MkDocs' dirty mode
    will skip (hard links, or new files made from the live HTML for the pages `edits` names), and
    nothing else but the folders of the other pages, which MkDocs renders.

    `target` is the last site but one, or a new folder (publish.py); with other chrome (`same_chrome`
    false) nothing is reused. `docs_pages` are the docs folder's generated pages (pages.pages_after:
    their Markdown's modification time, None where this build wrote it); `listed`, the live and
    target sites as the build began. Returns the pages (Markdown paths in the docs folder) linked
    and made. Paths are strings: pathlib's parsing was most of the time here.
    """
    docs = mkdocs_config.docs_dir
    reused: dict[str, dict[str, int]] = {
        top: {} for top in GENERATED_DIRS
    }  # path below the folder -> live inode
    folders: dict[str, set[str]] = {top: set() for top in GENERATED_DIRS}
    editable = same_chrome and blocks_pass_through(mkdocs_config)
    made: dict[str, str] = {}  # page -> its HTML, made from the live page's
    linked_sources, made_sources = set(), set()
    for source, written in docs_pages.items():
        page = html_path(source)
        top, below = page.split("/", 1)
        folders[top].add(posixpath.dirname(below))
        html = listed.live.get(page)
        if html is None:
            continue
        if same_chrome and html[0] >= _written_at(docs, source, written):
            reused[top][below] = html[1]
            linked_sources.add(source)
        elif editable and source in edits:
            edited = edited_page(live, page, html[0], edits[source])
            if edited is not None:
                made[page] = edited
                made_sources.add(source)
    for top in GENERATED_DIRS:
        if folders[top]:
            link_tree(
                os.path.join(live, top),
                os.path.join(target, top),
                reused[top],
                folders[top] - {""},
                listed.spare[top],
            )
        else:
            shutil.rmtree(os.path.join(target, top), ignore_errors=True)
    for page, html in made.items():  # after link_tree, which removed whatever was at these paths
        path = os.path.join(target, page)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write(html)
    return linked_sources, made_sources


def _written_at(docs: str, source: str, written: float | None) -> float:
    """When a page's Markdown was last written: as listed when the build began, or now, when this
    build wrote it. The HTML reused is not older, the same test as MkDocs' File.is_modified, so
    that MkDocs skips every page linked from the live site."""
    return written if written is not None else os.stat(os.path.join(docs, source)).st_mtime


def blocks_pass_through(mkdocs_config: MkDocsConfig) -> bool:
    """Whether pages hold their HTML blocks as the sitegen plugin puts them back: with other plugins,
    hooks or a custom_dir (which may override the template that prints the page's content) they may not."""
    return (
        set(mkdocs_config.plugins) <= PASS_THROUGH_PLUGINS
        and not mkdocs_config.hooks
        and not mkdocs_config.theme.custom_dir
    )


def edited_page(live: Path, page: str, made_at: float, edit: BlockEdit) -> str | None:
    """The live HTML of a page (made at `made_at`) with its changed blocks replaced, when that HTML
    was made from the Markdown the edit replaced (it is not older); else None."""
    if made_at < edit.replaced:
        return None
    with open(os.path.join(live, page), encoding="utf-8") as file:
        return replace_blocks(file.read(), edit.blocks)


def replace_blocks(html: str, blocks: list[tuple[str, str]]) -> str | None:
    """`html` with each (old, new) block's old text replaced by its new text, both squeezed as the page
    was; None if an old block is not in it exactly once, holds <pre> or <textarea> (kept verbatim),
    or differs from the new one in the white space at its ends (which merges with the page's)."""
    for old, new in blocks:
        if (
            _ends(old) != _ends(new)
            or not old.strip()
            or VERBATIM.search(old)
            or VERBATIM.search(new)
        ):
            return None
        before = squeeze_indentation(old.strip())
        if html.count(before) != 1:
            return None
        html = html.replace(before, squeeze_indentation(new.strip()))
    return html


def _ends(text: str) -> tuple[str, str]:
    """The white space a text starts and ends with."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


class _DropDirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale; sitegen reuses only pages whose
    surroundings are unchanged, and the warning would fail every strict build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def quiet_dirty_notice() -> Iterator[None]:
    logger, notice = logging.getLogger("mkdocs.commands.build"), _DropDirtyNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)

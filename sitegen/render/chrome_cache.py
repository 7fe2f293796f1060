"""Material's navigation and tabs, rendered once for all the pages the navigation does not list.

Material renders the whole navigation (every section and hand-written page) and the tabs into
every page, a large part of a paper page's template time. For a page the navigation
does not list (papers, tags, archive months) no item of theirs is active, so they come out the
same for every such page in the same folder (their links are relative: papers/<id>/ links the
papers' index as ../, tags/<slug>/ as ../../papers/). The theme override (overrides/main.html)
asks this cache for both blocks; Material's navigation block also holds the page's table of
contents and honours the page's `hide` front matter, so both are in its key.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from markupsafe import Markup
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

# The blocks of Material's base.html that are cached, and whether the page's table of contents is in one.
BLOCKS = {"tabs": False, "site_nav": True}


def toc_key(toc: list[AnchorLink]) -> tuple:
    """What Material's table of contents (partials/toc.html) shows of a page: the entries under its one
    level-1 heading (the page's title, which it leaves out) or else all, each its anchor and title."""
    if toc and toc[0].level == 1:
        toc = toc[0].children
    return entries_key(toc)


def entries_key(toc: list[AnchorLink]) -> tuple:
    return tuple((item.url, item.title, entries_key(item.children)) for item in toc)


class ChromeCache:
    def __init__(self) -> None:
        self.blocks: dict[tuple, Markup] = {}
        self.listed: set[str] = set()

    def start(self, nav: Navigation) -> None:
        """A new build: forget the last one's blocks, and note the pages its navigation lists."""
        self.blocks.clear()
        self.listed = {page.file.src_uri for page in nav.pages}

    def __call__(self, block: str, page: object, render: Callable[[], Markup]) -> Markup:
        """The block's HTML for this page: `render` (Jinja's super()) makes it when it is not cached.
        Templates without a page (404.html) are rendered as they are."""
        if not isinstance(page, Page) or page.file.src_uri in self.listed:
            return render()
        folder = posixpath.dirname(page.url.rstrip("/"))
        key = (
            block,
            folder,
            repr(page.meta.get("hide")),
            toc_key(list(page.toc)) if BLOCKS[block] else None,
        )
        if key not in self.blocks:
            self.blocks[key] = render()
        return self.blocks[key]

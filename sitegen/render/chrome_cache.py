"""Material's navigation, tabs, header, footer, stylesheets and config, rendered once for all the
pages the navigation does not list.

Material renders the whole navigation (every section and hand-written page), the tabs, the header
(logo, palette toggles, search form), the footer, the stylesheets' links and the config script
into every page: most of a generated page's template time. For a page the navigation does not
list (papers, tags, listings, people) no item of theirs is active, so they come out the same for
every such page whose links come out the same: those are relative (papers/<id>/ links the papers'
index as ../, tags/<slug>/ as ../../papers/), so the key holds the page's link to every item of
the navigation, its depth (the theme's assets) and its top folder (the one part of its path an asset
path may share). One key serves a folder's pages, and every author's second list (authors/<slug>/top/)
alike: keyed by the folder, each of those rendered the whole chrome again.
The theme override (overrides/main.html) asks this cache for these blocks. Material's navigation
block also holds the page's table of contents and honours the page's `hide` front matter, so both
are in its key. The header also shows the page's title: it is rendered once with a stand-in title,
checked against the page's own rendering, and then filled in for each page.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url, normalize_url

# The blocks of Material's base.html that are cached, and whether the page's table of contents is in one.
BLOCKS = {
    "tabs": False,
    "site_nav": True,
    "header": False,
    "config": False,
    "styles": False,
    "footer": False,
}
# Stands in for the page's title in the cached header: no title holds a NUL character.
TITLE = "\x00sitegen:title\x00"


def toc_key(toc: list[AnchorLink]) -> tuple:
    """What Material's table of contents (partials/toc.html) shows of a page: the entries under its one
    level-1 heading (the page's title, which it leaves out) or else all, each its anchor and title."""
    if toc and toc[0].level == 1:
        toc = toc[0].children
    return entries_key(toc)


def entries_key(toc: list[AnchorLink]) -> tuple:
    return tuple((item.url, item.title, entries_key(item.children)) for item in toc)


def nav_urls(items: list) -> list[str]:
    """The URL of every page and link of the navigation, sections' children included, in order."""
    urls: list[str] = []
    for item in items:
        if isinstance(item, Section):
            urls += nav_urls(item.children)
        elif isinstance(item, Page | Link):
            urls.append(item.url)
    return urls


class ChromeCache:
    def __init__(self) -> None:
        self.blocks: dict[tuple, Markup | None] = {}  # None: rendered for every page
        self.listed: set[str] = set()
        self.nav_urls: list[str] = []
        self.last: tuple[Page | None, tuple] = (None, ())  # the place of the page asked for last

    def start(self, nav: Navigation) -> None:
        """A new build: forget the last one's blocks, and note the pages its navigation lists."""
        self.blocks.clear()
        self.listed = {page.file.src_uri for page in nav.pages}
        self.nav_urls = nav_urls(nav.items)
        self.last = (None, ())

    def place(self, page: Page) -> tuple:
        """What of a page's path its chrome's links show: its top folder, its depth, and its link to
        every item of the navigation (worked out once per page, which asks for several blocks)."""
        if self.last[0] is not page:
            links = tuple(normalize_url(url, page) for url in self.nav_urls)
            top = page.url.split("/", 1)[0]
            self.last = (page, (top, get_relative_url(".", page.url), links))
        return self.last[1]

    def __call__(self, block: str, page: object, render: Callable[[], Markup]) -> Markup:
        """The block's HTML for this page: `render` (Jinja's super()) makes it when it is not cached.
        Templates without a page (404.html) are rendered as they are."""
        if not isinstance(page, Page) or page.file.src_uri in self.listed:
            return render()
        key = (
            block,
            self.place(page),
            repr(page.meta.get("hide")),
            toc_key(list(page.toc)) if BLOCKS[block] else None,
        )
        if block == "header":
            return self.header(key, page, render)
        if key not in self.blocks:
            self.blocks[key] = render()
        return self.blocks[key]

    def header(self, key: tuple, page: Page, render: Callable[[], Markup]) -> Markup:
        """The header with this page's title in it. A header template that shows the title other than
        once as it is (a theme's custom_dir) is rendered for every page."""
        if key not in self.blocks:
            own = render()
            with_stand_in = with_title(page, TITLE, render)
            if with_stand_in.count(TITLE) != 1 or fill(with_stand_in, page) != own:
                self.blocks[key] = None
                return own
            self.blocks[key] = with_stand_in
        cached = self.blocks[key]
        return render() if cached is None else fill(cached, page)


def shown_title(page: Page) -> str:
    """The title Material's header shows (partials/header.html), as Jinja prints it."""
    return str(page.meta.get("title") or page.title)


def fill(header: Markup, page: Page) -> Markup:
    # As text: Markup's own replace() would escape the title, which the template prints as it is.
    return Markup(str.replace(header, TITLE, shown_title(page)))


def with_title(page: Page, title: str, render: Callable[[], Markup]) -> Markup:
    """What `render` makes with `title` as the page's front matter title, the page left as it was."""
    meta = page.meta
    page.meta = {**meta, "title": title}
    try:
        return render()
    finally:
        page.meta = meta

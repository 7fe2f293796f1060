"""Material's navigation and tabs, rendered once for the pages the navigation does not list, make the
same site as rendering them on every page."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from site_builder import build_collection

from sitegen.render.chrome_cache import BLOCKS, ChromeCache


def html_files(site):
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }


def test_cached_navigation_and_tabs_make_the_same_pages(tmp_path, monkeypatch):
    rendered = []
    cached_call = ChromeCache.__call__

    def counting(self, block, page, render):
        def render_and_count():
            rendered.append(block)
            return render()

        return cached_call(self, block, page, render_and_count)

    monkeypatch.setattr(ChromeCache, "__call__", counting)
    # Every author with a page: pages in folders of their own, at two depths (authors/<slug>/top/).
    cached, report = build_collection(tmp_path / "cached", author_pages_min=1)
    pages = html_files(cached.site_path)
    assert (
        sum(path.startswith("authors/") and path.endswith("/top/index.html") for path in pages) > 10
    )
    # Each block rendered for each hand-written page, and once per kind of generated page (the header
    # twice: with its title and with the stand-in), not once per page.
    counts = Counter(rendered)
    assert set(counts) == set(BLOCKS) and counts["header"] <= 2 * counts["tabs"]
    assert (
        counts["tabs"] == counts["site_nav"] == counts["config"] < len(report.collection.papers) / 2
    )

    monkeypatch.setattr(ChromeCache, "__call__", lambda self, block, page, render: render())
    uncached, _ = build_collection(tmp_path / "uncached", author_pages_min=1)
    assert pages == html_files(uncached.site_path)


def page(path, **meta):
    made = Page(None, File(path, "/docs", "/site", use_directory_urls=True), MkDocsConfig())
    made.meta = meta
    return made


def test_the_key_holds_the_folder_and_the_hidden_parts():
    cache, rendered = ChromeCache(), []
    cache.start(Navigation([], []))

    def render(name):
        return lambda: rendered.append(name) or Markup(name)

    for one in (
        page("papers/a.md"),
        page("papers/b.md"),
        page("tags/t.md"),
        page("papers/c.md", hide=["toc"]),
    ):
        cache("site_nav", one, render(one.file.src_uri))
    assert rendered == ["papers/a.md", "tags/t.md", "papers/c.md"]


def site_nav_renders(pages, nav_pages=()):
    """The pages for which the cache renders the site_nav block, in order."""
    cache, rendered = ChromeCache(), []
    cache.start(Navigation(list(nav_pages), list(nav_pages)))
    for one in pages:
        cache("site_nav", one, lambda one=one: rendered.append(one.file.src_uri) or Markup(""))
    return rendered


def test_pages_whose_links_are_alike_share_a_key_across_folders():
    # Each author's second list sits in a folder of its own, and links like every other.
    tops = [page("authors/a/top.md"), page("authors/b/top.md"), page("authors/c/top.md")]
    assert site_nav_renders(tops) == ["authors/a/top.md"]
    # Another depth links the theme's assets otherwise; another top folder may share their path.
    assert site_nav_renders([*tops, page("authors/a.md"), page("tags/t/top.md")]) == [
        "authors/a/top.md",
        "authors/a.md",
        "tags/t/top.md",
    ]


def test_a_navigation_item_inside_a_folder_tells_its_pages_apart():
    # Linked from the navigation: authors/a/top/ links it as ../, authors/b/top/ as ../../a/.
    listed = page("authors/a.md")
    tops = [page("authors/a/top.md"), page("authors/b/top.md"), page("authors/c/top.md")]
    assert site_nav_renders(tops, [listed]) == ["authors/a/top.md", "authors/b/top.md"]


def header_of(page, times=1):
    """A header template's rendering: the page's title shown `times` times, as Material shows it."""
    return lambda: Markup(
        "<header>" + f"<span>{page.meta.get('title') or page.title}</span>" * times
    )


def test_the_header_is_rendered_once_per_folder_and_shows_each_pages_own_title():
    cache = ChromeCache()
    cache.start(Navigation([], []))
    titles = ["A <b>bold</b> title & $1 \\1", "Another", "<script>alert(1)</script>"]
    pages = [page(f"papers/p{number}.md", title=title) for number, title in enumerate(titles)]
    rendered = []

    def counted(one):
        return lambda: rendered.append(one.file.src_uri) or header_of(one)()

    shown = [cache("header", one, counted(one)) for one in pages]
    assert shown == [f"<header><span>{title}</span>" for title in titles]
    # the first page twice (its own title and the stand-in, compared), then none
    assert rendered == ["papers/p0.md", "papers/p0.md"]
    assert all(one.meta == {"title": title} for one, title in zip(pages, titles, strict=True))


def test_a_header_that_shows_the_title_twice_is_rendered_for_every_page():
    cache = ChromeCache()
    cache.start(Navigation([], []))
    pages = [page("papers/a.md", title="A"), page("papers/b.md", title="B")]
    shown = [cache("header", one, header_of(one, times=2)) for one in pages]
    assert shown == ["<header><span>A</span><span>A</span>", "<header><span>B</span><span>B</span>"]

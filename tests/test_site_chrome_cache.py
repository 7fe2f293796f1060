"""Material's navigation and tabs, rendered once for the pages the navigation does not list, make the
same site as rendering them on every page."""

from __future__ import annotations

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from site_builder import build_collection

from sitegen.render.chrome_cache import ChromeCache


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
    cached, report = build_collection(tmp_path / "cached")
    pages = html_files(cached.site_path)
    # Rendered for each hand-written page, and once per kind of generated page, not once per page.
    assert 0 < len(rendered) < len(report.collection.papers)

    monkeypatch.setattr(ChromeCache, "__call__", lambda self, block, page, render: render())
    uncached, _ = build_collection(tmp_path / "uncached")
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

"""The `sitegen` MkDocs plugin: Material renders sitegen's pages as sitegen writes them.

It adds a theme override folder (overrides/main.html, after the user's own custom_dir if any) and
sitegen's stylesheets and graph scripts (force-graph, vendored, and graph.js) as generated files,
and gives each page's template what it announces and loads: the feeds (the site's on every page, a
tag's own on its tag page (front matter `feed: {slug, title}`), a saved search's on its page (front
matter `feed: {slug, title, kind: searches}`)), each only when its file is in the docs, so a plain
`mkdocs build` links nothing broken; and whether the page is the graph's. Material's JavaScript
takes every <link rel="alternate"> for another language's site and asks for a sitemap.xml beside
it: feeds.py writes an empty one in each feed's folder.

The generated pages' HTML blocks are kept away from Markdown (html_blocks.py), which needs
use_directory_urls, the URLs those blocks' relative links assume; Material's navigation and tabs
are rendered once and reused (chrome_cache.py); pages are written with the templates' indentation
squeezed out (squeeze.py).

What `sitegen build` adds to a build (pages taken from the live site) is another plugin's job:
page_loop.py.
"""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sitegen.render.chrome_cache import ChromeCache
from sitegen.render.feeds import SEARCHES, TAGS, feed_paths
from sitegen.render.html_blocks import Stash
from sitegen.render.squeeze import squeeze_indentation

ASSETS = {  # path in the site -> file in sitegen/render/assets
    "assets/sitegen/force-graph.min.js": "vendor/force-graph.min.js",
    "assets/sitegen/force-graph.LICENSE.txt": "vendor/force-graph.LICENSE.txt",
    "assets/sitegen/graph.js": "graph.js",
    "assets/sitegen/explore.css": "explore.css",
    "assets/sitegen/pages.css": "pages.css",
}
STYLESHEETS = ("assets/sitegen/pages.css", "assets/sitegen/explore.css")
FEED_TYPES = (
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def asset_bytes(name: str) -> bytes:
    return (resources.files("sitegen.render") / "assets" / name).read_bytes()


def feed_links(
    files: Files, slug: str | None, title: str, kind: str = TAGS
) -> list[dict[str, str]]:
    """The <link rel="alternate"> of one feed pair, for the feeds whose files exist."""
    paths = feed_paths(slug, kind)
    return [
        {"type": mime, "title": f"{title} ({label})", "href": paths[kind]}
        for kind, mime, label in FEED_TYPES
        if files.get_file_from_path(paths[kind]) is not None
    ]


class SiteThemeConfig(base.Config):
    """The plugin takes no options: what it does follows from mkdocs.yml and the docs."""


class SiteThemePlugin(BasePlugin[SiteThemeConfig]):
    def __init__(self) -> None:
        self.files: Files | None = None
        self.stash = Stash()
        self.chrome = ChromeCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            # The HTML that sitegen writes links papers/<id>/ and tags/<slug>/, the URLs it promises.
            raise PluginError(
                "sitegen: use_directory_urls must stay true (pages live at papers/<id>/)"
            )
        overrides = str(resources.files("sitegen.render") / "overrides")
        # A user's custom_dir comes first and may override ours; ours overrides the theme's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        config.extra_css.extend(css for css in STYLESHEETS if css not in config.extra_css)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path, name in ASSETS.items():
            files.append(File.generated(config, path, content=asset_bytes(name)))
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.chrome.start(nav)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["sitegen_chrome"] = self.chrome
        return env

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        feeds = feed_links(self.files, None, config.site_name) if self.files else []
        own = page.meta.get("feed")
        if self.files and isinstance(own, dict) and own.get("slug"):
            kind = SEARCHES if own.get("kind") == SEARCHES else TAGS
            feeds += feed_links(self.files, str(own["slug"]), str(own.get("title", "")), kind)
        context["sitegen_feeds"] = feeds
        context["sitegen_graph"] = bool(page.meta.get("sitegen_graph"))
        return context

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.stash.lift(markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.stash.put_back(html)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return squeeze_indentation(output)

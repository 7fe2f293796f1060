"""The `sitegen` MkDocs plugin: feed autodiscovery in every page's head, and the graph page's scripts.

It adds a theme override folder (overrides/main.html, after the user's own custom_dir if any),
ships the graph page's JavaScript (force-graph, vendored, and graph.js) and its CSS as generated
files, and gives each page's template the feeds to announce: the site's on every page, a tag's
own on its tag page (front matter `feed: {slug, title}`), a saved search's on its page (front matter
`feed: {slug, title, kind: searches}`). A feed is announced only when its
file is in the docs (sitegen build writes them), so a plain `mkdocs build` links nothing broken.
Pages are written with the indentation of Material's templates squeezed out (a sixth of a paper
page), never touching <pre> or <textarea> or any character reference, which minifiers do.
Material's JavaScript takes every <link rel="alternate"> for another language's site and asks
for a sitemap.xml beside it: feeds.py writes an empty one in each feed's folder.
It keeps the HTML blocks of generated pages away from Markdown (html_blocks.py), and so needs
use_directory_urls, which those blocks' relative links assume. It gives the templates the cache
of Material's navigation and tabs (chrome_cache.py), and, in `sitegen build`, keeps the templates
compiled between builds (Jinja's bytecode cache, which recompiles a template whose source changed)
and leaves out of MkDocs' pages those whose HTML the build took from the live site (reuse.py): MkDocs
would make a page of each to skip it, and list it in the sitemap, which is made again with them (sitemap.py).
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from sitegen.hardlinks import link_unchanged_files
from sitegen.render.chrome_cache import ChromeCache
from sitegen.render.feeds import SEARCHES, TAGS, feed_paths
from sitegen.render.html_blocks import Stash
from sitegen.render.sitemap import write_sitemap

ASSETS = {  # path in the site -> file in sitegen/render/assets
    "assets/sitegen/force-graph.min.js": "vendor/force-graph.min.js",
    "assets/sitegen/force-graph.LICENSE.txt": "vendor/force-graph.LICENSE.txt",
    "assets/sitegen/graph.js": "graph.js",
    "assets/sitegen/explore.css": "explore.css",
    "assets/sitegen/pages.css": "pages.css",
}
STYLESHEETS = ("assets/sitegen/pages.css", "assets/sitegen/explore.css")
# Whitespace is significant only in these; elsewhere a run with a newline renders as one space does.
VERBATIM = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
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


class SiteThemePlugin(BasePlugin):
    def __init__(self) -> None:
        self.files: Files | None = None
        self.stash = Stash()
        self.chrome = ChromeCache()
        # Where the theme's templates are kept compiled between builds (set by sitegen build): compiling
        # Material's 50 templates anew was a fixed 0.2 s of every build.
        self.template_cache: Path | None = None
        # The generated pages whose HTML sitegen build took from the live site (Markdown paths): at
        # 10,000 papers MkDocs spent 0.4 s on the pages it skipped. Left out of its pages, not its
        # files, so that links to them resolve as before.
        self.reused: frozenset[str] = frozenset()
        # The live site, when its copies of unchanged files may go into the new site (set by sitegen build).
        self.live_site: Path | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None

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

    @event_priority(-100)  # after the other plugins have seen every page (site search lists them)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path, name in ASSETS.items():
            files.append(File.generated(config, path, content=asset_bytes(name)))
        for file in files.documentation_pages():
            if file.src_uri in self.reused:
                # a link to it is logged at INFO, not warned about
                file.inclusion = InclusionLevel.EXCLUDED
        if self.live_site is not None:
            link_unchanged_files(files, self.live_site)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.chrome.start(nav)
        self.nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.env = env
        env.globals["sitegen_chrome"] = self.chrome
        if self.template_cache is not None:
            self.template_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(self.template_cache))
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

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.reused and self.env is not None and self.nav is not None and self.files is not None:
            write_sitemap(self.env, config, self.nav, self.files, self.reused)


def squeeze_indentation(html: str) -> str:
    """Each run of white space that holds a line break becomes that line break, outside <pre> and <textarea>."""
    parts = VERBATIM.split(html)
    return "".join(part if i % 2 else _squeeze(part) for i, part in enumerate(parts))


def _squeeze(text: str) -> str:
    r"""re.sub(r"[ \t]*\n\s*", "\n", text), line by line: a line's leading white space and its trailing
    spaces and tabs go, and so does a line left empty (str.strip and re's \s agree on what white
    space is). Three times faster than the pattern on the long lists of tag and month pages, whose
    blocks a rebuild squeezes to find them in the live pages (reuse.py)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(" \t")]
    for line in lines[1:-1]:
        if line := line.lstrip():
            kept.append(line.rstrip(" \t"))
    kept.append(lines[-1].lstrip())
    return "\n".join(kept)

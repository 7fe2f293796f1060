"""The `sitegen-build` MkDocs plugin: which pages MkDocs' own page loop renders in `sitegen build`.

publish.py makes it with a Handover and adds it to the plugins of the MkDocs config it builds
with; it is never listed in mkdocs.yml, so a plain `mkdocs build` or `mkdocs serve` renders every
page as usual. It does two things with MkDocs' pages:
  - it lets MkDocs skip what the live site already has: the generated pages whose HTML the build
    took from the live site (reuse.py) are left out of MkDocs' pages, not its files, so that links
    to them resolve as before (MkDocs would otherwise make a Page of each only to skip it); the live
    site's copies of files MkDocs copies (theme assets, feeds, images) are linked in when their
    source is unchanged, which MkDocs' dirty mode then skips; the theme's templates stay compiled
    between builds (Jinja's bytecode cache, which recompiles a template whose source changed);
  - it renders the generated pages in forked processes, one share each: MkDocs renders one page
    at a time, and a page the navigation does not list depends on nothing another page's
    rendering makes. MkDocs' own loop, with those left out of its pages, renders the navigation's
    pages only. A process renders each of its pages whole (Markdown, template, plugins' page
    events) into the site being made and lets go of its text before the next: MkDocs' loop holds
    every page's Markdown and HTML until its last page is written, and the build's process would
    keep them while site search indexes the site. It converts every page's Markdown with one
    Python-Markdown instance, reset between pages (MkDocs makes one per page, with every
    extension: over a quarter of the time Markdown takes on a generated page). A process's warnings are
    logged again by the build, where strict mode counts them.
The sitemap is then made again with every page left out (sitemap.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

from sitegen.errors import BuildError
from sitegen.hardlinks import link_unchanged_files
from sitegen.render.sitemap import write_sitemap
from sitegen.runtime import Forked

NAME = "sitegen-build"
# A message logged while pages were rendered in another process: logger name, level, text.
Logged = tuple[str, int, str]


@dataclass(frozen=True)
class Reused:
    """What the build took from the live site: the generated pages (Markdown paths) whose HTML it
    took, and the live site when its files may go into the new one (None when it was made with
    other chrome)."""

    pages: frozenset[str] = frozenset()
    live_site: Path | None = None


@dataclass(frozen=True)
class Handover:
    """What the build tells the plugin: where compiled templates are kept, what it takes from the
    live site (`reused`, called once MkDocs has every file: the build takes them meanwhile), and
    how many processes render the generated pages (config's render_processes; 1 with plugins
    other than sitegen's and Material's search, which may gather what every page holds in one
    process)."""

    template_cache: Path
    reused: Callable[[], Reused] = Reused
    processes: int = 1


class PageLoopPlugin(BasePlugin):
    def __init__(self, handover: Handover) -> None:
        self.handover = handover
        self.left_out: set[str] = set()  # pages MkDocs' own loop does not render
        self.beside: list[Forked[list[Logged]]] = []
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None

    @event_priority(-100)  # after the other plugins have seen every page (site search lists them)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        reused = self.handover.reused()
        self.left_out.update(reused.pages)
        for file in files.documentation_pages():
            if file.src_uri in reused.pages:
                file.inclusion = InclusionLevel.EXCLUDED  # a link to it is logged at INFO
        if reused.live_site is not None:
            link_unchanged_files(files, reused.live_site)
        self.files = files
        return files

    @event_priority(-100)  # after the other plugins have seen the navigation (chrome_cache.py)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.handover.processes == 1:
            return nav
        pages = unlisted_pages(files, nav)
        shares = [
            pages[share :: self.handover.processes] for share in range(self.handover.processes)
        ]
        for mine in filter(None, shares):
            self.beside.append(
                Forked(partial(render_beside, mine, config, files, nav), "page rendering")
            )
        for file in pages:
            file.inclusion = InclusionLevel.EXCLUDED
        self.left_out.update(file.src_uri for file in pages)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.handover.template_cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(self.handover.template_cache))
        self.env = env
        return env

    @event_priority(100)  # the pages rendered beside are in the site before other plugins look
    def on_post_build(self, config: MkDocsConfig) -> None:
        for process in self.beside:
            try:
                logged = process.wait()
            except BuildError as exc:
                message = f"{NAME}: rendering pages in a second process failed: {exc}"
                raise PluginError(message) from exc
            for name, level, message in logged:
                logging.getLogger(name).log(level, message)
        if self.left_out and self.env and self.nav and self.files:
            write_sitemap(self.env, config, self.nav, self.files, self.left_out)

    def stop(self) -> None:
        """Stop the processes rendering pages beside MkDocs, if the build ended without waiting for
        them (it failed, or was interrupted): they would go on writing into the site being made."""
        for process in self.beside:
            process.cancel()


def unlisted_pages(files: Files, nav: Navigation) -> list[File]:
    """The pages MkDocs is to render that its navigation does not list (sitegen's generated pages,
    and any hand-written page left out of the nav): the navigation's pages are what the others'
    rendering reads of other pages."""
    listed = {page.file.src_uri for page in nav.pages}
    return [
        file
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
        if file.src_uri not in listed
    ]


def render_beside(
    pages: list[File], config: MkDocsConfig, files: Files, nav: Navigation
) -> list[Logged]:
    """In a forked process: `pages` as MkDocs' own loop renders a page (mkdocs.commands.build.build,
    in the dirty mode sitegen build runs it in), and what was logged meanwhile."""
    with logged_by_mkdocs() as logged:
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        included = files.documentation_pages(inclusion=InclusionLevel.is_included)
        converter = OneMarkdown(config)
        for file in pages:
            file.page.render = partial(converter.render, file.page)  # what _populate_page calls
            _populate_page(file.page, config, files, dirty=True)
            del file.page.render
            _build_page(file.page, config, included, nav, env, dirty=True)
            release_text(file.page)
        for file in pages:
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    return logged


class OneMarkdown:
    """Page.render of MkDocs 1.6 with one Python-Markdown instance for every page, reset before
    each (the reset its documentation asks for between documents); MkDocs' own processors, which
    note what a page holds and links, are made for each page as MkDocs makes them."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
        )

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        md = self.md.reset()
        raw_html = _RawHTMLPreprocessor()
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        relative = _RelativePathTreeprocessor(page.file, files, config)
        title = _ExtractTitleTreeprocessor()
        for processor in (raw_html, anchors, relative, title):
            processor._register(md)  # replaces the last page's, registered under the same name
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors


def release_text(page: Page) -> None:
    """Let go of a written page's Markdown and HTML: what is left of it, its anchors and the links
    to other pages' anchors, is what validating the links needs."""
    page.markdown, page.content, page.toc = None, None, []  # type: ignore[assignment]


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.logged: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.logged.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def logged_by_mkdocs() -> Iterator[list[Logged]]:
    """MkDocs' warnings and errors while the block runs, to be logged again by the build."""
    handler = _Keep()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.logged
    finally:
        logger.removeHandler(handler)


@contextmanager
def hand_over(mkdocs_config: MkDocsConfig, handover: Handover) -> Iterator[None]:
    """Add the plugin, holding `handover`, to the plugins MkDocs builds `mkdocs_config` with, for
    a build in the block; however the block ends, no process the plugin started outlives it."""
    plugin = PageLoopPlugin(handover)
    mkdocs_config.plugins[NAME] = plugin
    try:
        yield
    finally:
        plugin.stop()

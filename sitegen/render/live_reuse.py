"""The `sitegen-build` MkDocs plugin: what `sitegen build` hands MkDocs about the site it is replacing.

publish.py makes it with a Handover and adds it to the plugins of the MkDocs config it builds
with; it is never listed in mkdocs.yml, so a plain `mkdocs build` or `mkdocs serve` renders every
page as usual. Its one job is to let MkDocs skip what the live site already has:
  - the generated pages whose HTML the build took from the live site (reuse.py) are left out of
    MkDocs' pages, not its files, so that links to them resolve as before (MkDocs would otherwise
    make a Page of each only to skip it); the sitemap is then made again with them (sitemap.py);
  - the live site's copies of files MkDocs copies (theme assets, feeds, images) are linked in when
    their source is unchanged, which MkDocs' dirty mode then skips;
  - the theme's templates stay compiled between builds (Jinja's bytecode cache, which recompiles a
    template whose source changed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from sitegen.hardlinks import link_unchanged_files
from sitegen.render.sitemap import write_sitemap

NAME = "sitegen-build"


@dataclass(frozen=True)
class Handover:
    """What the build knows before MkDocs runs: where compiled templates are kept, the generated
    pages (Markdown paths) whose HTML it took from the live site, and the live site when its files
    may go into the new one (None when it was made with other chrome)."""

    template_cache: Path
    reused: frozenset[str] = frozenset()
    live_site: Path | None = None


class LiveSiteReuse(BasePlugin):
    def __init__(self, handover: Handover) -> None:
        self.handover = handover
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Environment | None = None

    @event_priority(-100)  # after the other plugins have seen every page (site search lists them)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in files.documentation_pages():
            if file.src_uri in self.handover.reused:
                file.inclusion = InclusionLevel.EXCLUDED  # a link to it is logged at INFO
        if self.handover.live_site is not None:
            link_unchanged_files(files, self.handover.live_site)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self.handover.template_cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(self.handover.template_cache))
        self.env = env
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        reused = self.handover.reused
        if reused and self.env is not None and self.nav is not None and self.files is not None:
            write_sitemap(self.env, config, self.nav, self.files, reused)


def hand_over(mkdocs_config: MkDocsConfig, handover: Handover) -> None:
    """Add the plugin, holding `handover`, to the plugins MkDocs builds `mkdocs_config` with."""
    mkdocs_config.plugins[NAME] = LiveSiteReuse(handover)

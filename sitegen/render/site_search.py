"""Site search that scales: Pagefind's chunked index answers Material's own header search box.

Material's search makes every visitor download the whole index before the first result (38 MB,
10 MB gzipped, at 10,000 papers); Pagefind splits its index into chunks and fetches only those a
query needs (about 200 KB for a first result). This MkDocs plugin, `sitegen-search` in mkdocs.yml:
  - adds assets/sitegen-search.js, which answers the header search box from Pagefind and shows
    the results in Material's search overlay (DOM calls and textContent only);
  - after the build, indexes the paper pages (and hand-written pages) with Pagefind into pagefind/;
  - leaves Material's search_index.json without documents (every page is excluded from it): the
    script does not use it, and Material's search plugin has to stay on, because it is what draws
    the search box.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

SCRIPT = "assets/sitegen-search.js"
# Paper pages and hand-written pages; tag, archive and index pages only list titles found elsewhere.
PAGES = "{papers/*/index.html,about/index.html,api/index.html}"
ROOT = "article.md-content__inner"
# Lists on a paper page are other papers' titles (related, mentions, backlinks): not this paper's words;
# the BibTeX block (pre) would make "misc" or "eprint" match every paper.
IGNORED = "ul,pre,.headerlink,.sg-link"


def script_source() -> str:
    return (resources.files("sitegen.render") / "assets" / "sitegen-search.js").read_text(encoding="utf-8")


def index_site(site_dir: Path) -> None:
    """Run Pagefind (the `pagefind` package's binary, offline) over the built site into site_dir/pagefind."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", PAGES,
               "--root-selector", ROOT, "--exclude-selectors", IGNORED, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"Pagefind could not index {site_dir}: {(done.stderr or done.stdout).strip()[-2000:]}")


class SiteSearchPlugin(BasePlugin):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.extra_javascript.append(ExtraScriptValue(SCRIPT))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        files.append(File.generated(config, SCRIPT, content=script_source()))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **_: object) -> str:
        # Material's search plugin would parse every page's HTML (a seventh of the MkDocs step) for
        # an index the script does not use: excluded pages leave its search_index.json without documents.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        index_site(Path(config.site_dir))

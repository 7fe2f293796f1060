"""The sitemap of a build that left reused pages out of MkDocs' pages (the sitegen plugin, site_theme.py).

MkDocs lists in sitemap.xml the pages it was given, so those left out would be missing. It is made
again here from the theme's own template, with each page left out listed as MkDocs lists a page it
skips in its dirty mode: its canonical URL and the build's date. The result is the file MkDocs
writes when it is given every page.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Set
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class Listed:
    """What the sitemap template reads of a page (mkdocs.structure.pages.Page)."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass(frozen=True)
class ListedFile:
    page: Listed


def listed(file: File, site_url: str | None, date: str) -> ListedFile:
    """A page as MkDocs' Page sets its URLs (Page._set_canonical_url) and date."""
    if not site_url:
        return ListedFile(Listed(None, None, date))
    canonical = urljoin(site_url if site_url.endswith("/") else site_url + "/", file.url)
    return ListedFile(Listed(canonical, urlsplit(canonical).path, date))


def write_sitemap(
    env: Environment, config: MkDocsConfig, nav: Navigation, files: Files, left_out: Set[str]
) -> None:
    """Write sitemap.xml and sitemap.xml.gz as MkDocs does (build.py's _build_theme_template), listing
    the pages in `left_out` (source paths) where they are among the files."""
    if SITEMAP not in config.theme.static_templates:
        return
    date = utils.get_build_date()
    pages = [
        listed(file, config.site_url, date) if file.src_uri in left_out else file
        for file in files
        if file.is_documentation_page()
        and (file.src_uri in left_out or file.inclusion.is_included())
    ]
    template = config.plugins.on_pre_template(
        env.get_template(SITEMAP), template_name=SITEMAP, config=config
    )
    context = get_context(nav, pages, config, base_url=utils.get_relative_url(".", SITEMAP))
    context = config.plugins.on_template_context(context, template_name=SITEMAP, config=config)
    output = config.plugins.on_post_template(
        template.render(context), template_name=SITEMAP, config=config
    )
    path = os.path.join(config.site_dir, SITEMAP)
    utils.write_file(output.encode("utf-8"), path)
    with open(f"{path}.gz", "wb") as out:
        stamp = utils.get_build_timestamp(
            pages=[file.page for file in pages if file.page is not None]
        )
        with gzip.GzipFile(
            fileobj=out, filename=f"{path}.gz", mode="wb", mtime=stamp
        ) as compressed:
            compressed.write(output.encode("utf-8"))

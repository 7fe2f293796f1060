"""Publishing: the MkDocs build into a fresh folder beside site/, then a swap, so a failed build keeps the old site.

The fresh folder starts with the live site's unchanged generated pages linked in (sitegen/reuse.py),
and MkDocs renders only the rest.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException

from sitegen.config import Config
from sitegen.errors import BuildError
from sitegen.mkdocs_config import load_mkdocs_config, mkdocs_messages
from sitegen.reuse import chrome_key, link_unchanged_pages, quiet_dirty_notice, write_stamp


def build_site(config: Config, finish: Callable[[Path], None] = lambda _: None) -> list[str]:
    """Run MkDocs into a temporary folder, let `finish` add files to it, then swap it in for site/.

    Returns MkDocs' warnings. On any failure the temporary folder is removed and site/ is untouched.
    """
    site = config.site_path
    fresh = site.with_name(f".{site.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    mkdocs_config = load_mkdocs_config(config, docs_dir=str(config.docs_path), site_dir=str(fresh))
    try:
        chrome = chrome_key(mkdocs_config)
        link_unchanged_pages(mkdocs_config, site, fresh, chrome)
        with mkdocs_messages() as warnings, quiet_dirty_notice():
            try:
                # Dirty mode: pages linked in from the live site are left as they are, all others are rendered.
                mkdocs_build(mkdocs_config, dirty=True)
            except MkDocsException as exc:
                # MkDocs logs the reasons (strict mode's warnings, a plugin's error) before it raises.
                reasons = "; ".join(warnings) or str(exc)
                raise BuildError(f"MkDocs build failed: {reasons}; the previous site is kept") from exc
        write_stamp(fresh, chrome)
        finish(fresh)
        swap_in(fresh, site)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return warnings


def swap_in(fresh: Path, site: Path) -> None:
    """Replace site/ by fresh/ with two renames; the old site is removed only once the new one is in place."""
    old = site.with_name(f".{site.name}.old-{os.getpid()}")
    if site.exists():
        os.replace(site, old)
    os.replace(fresh, site)
    shutil.rmtree(old, ignore_errors=True)

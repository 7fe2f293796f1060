"""Publishing: the MkDocs build into a fresh folder beside site/, then a swap, so a failed build keeps the old site."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import MkDocsException

from sitegen.config import Config
from sitegen.errors import BuildError


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the build summary can show them instead of MkDocs printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def build_site(config: Config, finish: Callable[[Path], None] = lambda _: None) -> list[str]:
    """Run MkDocs into a temporary folder, let `finish` add files to it, then swap it in for site/.

    Returns MkDocs' warnings. On any failure the temporary folder is removed and site/ is untouched.
    """
    site = config.site_path
    fresh = site.with_name(f".{site.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        with _mkdocs_warnings() as warnings:
            mkdocs_config = load_mkdocs_config(
                config_file=str(config.path(config.mkdocs_config)),
                docs_dir=str(config.docs_path),
                site_dir=str(fresh),
            )
            mkdocs_build(mkdocs_config)
        finish(fresh)
        swap_in(fresh, site)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs build failed: {exc}; the previous site is kept") from exc
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

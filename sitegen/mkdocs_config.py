"""mkdocs.yml as sitegen reads it, and MkDocs' log messages kept for sitegen to report.

MkDocs logs what is wrong with a config and then raises an exception that only says it aborted:
the messages are collected so that the error sitegen reports names the file and the problem.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sitegen.config import Config
from sitegen.errors import ConfigError


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so sitegen can show them instead of MkDocs printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs' warnings and errors while the block runs, instead of on the console."""
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


def load_mkdocs_config(config: Config, **overrides: str) -> MkDocsConfig:
    """The collection's mkdocs.yml, validated; a broken one is a ConfigError naming the file and what is wrong."""
    path = config.path(config.mkdocs_config)
    with mkdocs_messages() as messages:
        try:
            return load_config(config_file=str(path), **overrides)
        except (MkDocsException, OSError) as exc:
            reasons = "; ".join(messages) or str(exc)
            raise ConfigError(f"{path}: {reasons}") from exc

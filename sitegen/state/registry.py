"""The id registry (enrich/identity.py's Registry) on disk: read before a build enriches its papers,
saved only after the build succeeded, with a copy among the caches.

It is kept under version control, so it is written sorted, one entry a line, titles as written.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from sitegen.enrich.identity import Registry
from sitegen.errors import SitegenError
from sitegen.model import Collection
from sitegen.state.paths import StatePaths

START_AFRESH = (
    "remove the registry and its copy to start afresh (papers without an arXiv id may get new ids)"
)
log = logging.getLogger(__name__)


def load_registry(paths: StatePaths) -> Registry:
    """The registry saved by the last successful build; an empty one if there is none yet.

    A registry that cannot be read, or that is gone while its copy is there, is taken from the
    copy, with a warning: ids never change because a state file was damaged."""
    path, backup = paths.registry, paths.registry_backup
    if not path.exists():
        return _recovered(backup, f"{path} is gone") if backup.exists() else Registry()
    try:
        return _read_registry(path)
    except SitegenError as damaged:
        if not backup.exists():
            raise SitegenError(f"{damaged}; {START_AFRESH}") from damaged
        return _recovered(backup, str(damaged))


def _recovered(backup: Path, problem: str) -> Registry:
    try:
        registry = _read_registry(backup)
    except SitegenError as also:
        raise SitegenError(f"{problem}, and its copy: {also}; {START_AFRESH}") from also
    log.warning(
        "%s; the ids are taken from the copy the last good build kept (%s)", problem, backup
    )
    return registry


def _read_registry(path: Path) -> Registry:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SitegenError(f"{path}: cannot read the id registry: {exc}") from exc
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k, {}), dict) for k in ("arxiv", "titles")
    ):
        raise SitegenError(
            f"{path}: the id registry must be an object with 'arxiv' and 'titles' mappings"
        )
    return Registry(arxiv=dict(raw.get("arxiv", {})), titles=dict(raw.get("titles", {})))


def save_registry(paths: StatePaths, collection: Collection) -> Registry:
    """Add this build's ids to the saved registry (ids of papers no longer built are kept reserved),
    written twice: the registry and its copy, each whole or not at all."""
    registry = load_registry(paths)
    for paper in collection.papers.values():
        registry.remember(paper)
    paths.registry.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "arxiv": dict(sorted(registry.arxiv.items())),
        "titles": dict(sorted(registry.titles.items())),
    }
    paths.registry_backup.parent.mkdir(exist_ok=True)
    # Encoded once: with indentation, json encodes in Python, not C, and a large registry takes seconds.
    text = json.dumps(data, indent=1, ensure_ascii=False)
    for target in (paths.registry, paths.registry_backup):
        _write_whole(target, text)
    return registry


def _write_whole(path: Path, text: str) -> None:
    # Written to a temporary file and renamed, so an interrupted build never leaves half a registry.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ids-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, path)

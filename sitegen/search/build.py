"""Build a complete index generation for a collection, then make it current in one atomic step.

A generation is made from the current one when few papers changed (both backends can update):
`documents.json` in each generation holds a hash of what the index holds of every
paper, so the next build indexes only the papers whose hash differs and drops those that are gone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import sitegen
from sitegen.compact_json import compact_json
from sitegen.errors import BuildError
from sitegen.model import Collection
from sitegen.search import order, schema
from sitegen.search.backends import DEFAULT, backend, chosen
from sitegen.search.generations import (
    WORDS,
    current_generation,
    live_generation,
    make_current,
    new_generation,
    read_meta,
    remove_old_generations,
    write_meta,
)
from sitegen.search.schema import document_key, spelling_counts
from sitegen.state_files import plain_key, save_json

log = logging.getLogger(__name__)
DOCUMENTS = "documents.json"  # {"version": …, "documents": {paper id: hash of its indexed fields}}
# Past this share of papers changed or removed, a whole new index: faster, and no deleted documents kept.
MAX_UPDATED_SHARE = 0.1


@dataclass(frozen=True)
class Update:
    """What turns the current generation into the new one."""

    changed: list[str]  # added or changed papers, to index
    removed: list[str]  # papers gone, to drop


def build_index(collection: Collection, index_root: Path, backend_name: str = DEFAULT) -> Path:
    """Index every paper with the named backend (`auto`: by the collection's size, backends.py) into
    a new generation under index_root and return its folder.

    The previous generation stays current (and intact) until this one is complete; after the
    switch, it is kept for readers that still use it and anything older is deleted.
    """
    previous = current_generation(index_root)
    generation = new_generation(index_root)
    write_generation(collection, generation, backend_name, previous)
    return publish_generation(index_root, generation)


def write_generation(
    collection: Collection,
    generation: Path,
    backend_name: str = DEFAULT,
    previous: Path | None = None,
) -> None:
    """Fill the empty folder `generation` with a complete index, made from `previous` (the current
    generation) when that is cheaper; on failure the folder is removed and `previous` is as it was.
    A generation of another backend than the one chosen now is never updated: the whole index is made."""
    started = time.perf_counter()
    engine = backend(chosen(backend_name, len(collection.papers)))
    version = index_version(engine)
    try:
        documents = {
            paper.id: plain_key(document_key(paper)) for paper in collection.papers.values()
        }
        update = plan_update(previous, engine, version, documents)
        if update is not None:
            try:
                engine.update_index(
                    collection, previous, generation, update.changed, update.removed
                )
            except (
                Exception
            ) as exc:  # the previous index cannot be read: a whole new one repairs it
                log.warning(
                    "the search index of the last build cannot be read (%s); indexing every paper anew",
                    exc,
                )
                shutil.rmtree(generation)
                generation.mkdir()
                update = None
        if update is None:
            engine.write_index(collection, generation)
        _write_spelling_words(collection, generation)
        save_json(generation / DOCUMENTS, {"version": version, "documents": documents})
        write_meta(
            generation,
            {
                "backend": engine.NAME,
                "built": datetime.now(UTC).isoformat(timespec="seconds"),
                "papers": len(collection.papers),
                "updated": None if update is None else len(update.changed) + len(update.removed),
                "seconds": round(time.perf_counter() - started, 3),
                "tags": {slug: tag.name for slug, tag in collection.tags.items()},
            },
        )
    except BaseException as exc:
        shutil.rmtree(generation, ignore_errors=True)
        if isinstance(exc, Exception) and not isinstance(exc, BuildError):
            raise BuildError(
                f"search index build failed ({exc}); the previous index is kept"
            ) from exc
        raise


def index_version(engine: ModuleType) -> str:
    """sitegen's version and the code that decides what an index holds: another one means a whole new index."""
    digest = hashlib.sha256(f"{sitegen.__version__} {engine.NAME}".encode())
    for module in (schema, order, engine):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def plan_update(
    previous: Path | None, engine: ModuleType, version: str, documents: dict[str, str]
) -> Update | None:
    """What to index again to turn `previous` into an index of `documents`; None: index everything."""
    if previous is None or not hasattr(engine, "update_index"):
        return None
    try:
        before = json.loads((previous / DOCUMENTS).read_text(encoding="utf-8"))
        if read_meta(previous).get("backend") != engine.NAME or before.get("version") != version:
            return None
        known = before["documents"]
        if not isinstance(known, dict):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # an index without documents.json (an older format) or a damaged one: made anew
    changed = [paper_id for paper_id, key in documents.items() if known.get(paper_id) != key]
    removed = [paper_id for paper_id in known if paper_id not in documents]
    if len(changed) + len(removed) > MAX_UPDATED_SHARE * max(len(documents), 1):
        return None
    return Update(changed, removed)


def publish_generation(index_root: Path, generation: Path) -> Path:
    """Make a complete generation current; keep the one it replaces for readers still on it, delete older ones."""
    previous = current_generation(index_root)
    make_current(index_root, generation)
    remove_old_generations(index_root, {g for g in (generation, previous) if g})
    return generation


def settle_current(index_root: Path, site: Path) -> Path | None:
    """Make CURRENT name the live site's index generation, which it returns: a build killed between
    swapping its site in and switching CURRENT left CURRENT a build behind."""
    live = live_generation(index_root, site)
    if live is not None and live != current_generation(index_root):
        make_current(index_root, live)
    return live


def _write_spelling_words(collection: Collection, generation: Path) -> None:
    words = spelling_counts(collection.papers.values())
    (generation / WORDS).write_bytes(compact_json(words))

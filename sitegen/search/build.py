"""Build a complete index generation for a collection, then make it current in one atomic step."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from sitegen.errors import BuildError
from sitegen.model import Collection
from sitegen.search.backends import DEFAULT, backend
from sitegen.search.generations import (
    WORDS,
    current_generation,
    make_current,
    new_generation,
    remove_old_generations,
    write_meta,
)
from sitegen.search.schema import spelling_words


def build_index(collection: Collection, index_root: Path, backend_name: str = DEFAULT) -> Path:
    """Index every paper with the named backend into a new generation under index_root and return its folder.

    The previous generation stays current (and intact) until this one is complete; after the
    switch, it is kept for readers that still use it and anything older is deleted.
    """
    generation = new_generation(index_root)
    write_generation(collection, generation, backend_name)
    return publish_generation(index_root, generation)


def write_generation(collection: Collection, generation: Path, backend_name: str = DEFAULT) -> None:
    """Fill the empty folder `generation` with a complete index; on failure the folder is removed."""
    started = time.perf_counter()
    engine = backend(backend_name)
    try:
        engine.write_index(collection, generation)
        _write_spelling_words(collection, generation)
        write_meta(generation, {
            "backend": engine.NAME,
            "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "papers": len(collection.papers),
            "seconds": round(time.perf_counter() - started, 3),
            "tags": {slug: tag.name for slug, tag in collection.tags.items()},
        })
    except BaseException as exc:
        shutil.rmtree(generation, ignore_errors=True)
        if isinstance(exc, Exception) and not isinstance(exc, BuildError):
            raise BuildError(f"search index build failed ({exc}); the previous index is kept") from exc
        raise


def publish_generation(index_root: Path, generation: Path) -> Path:
    """Make a complete generation current; keep the one it replaces for readers still on it, delete older ones."""
    previous = current_generation(index_root)
    make_current(index_root, generation)
    remove_old_generations(index_root, {g for g in (generation, previous) if g})
    return generation


def _write_spelling_words(collection: Collection, generation: Path) -> None:
    words: Counter[str] = Counter()
    for paper in collection.papers.values():
        words.update(spelling_words(paper))
    (generation / WORDS).write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

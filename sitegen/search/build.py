"""Build a complete index generation for a collection, then make it current in one atomic step."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index

from sitegen.errors import BuildError
from sitegen.model import Collection
from sitegen.search.generations import (
    WORDS,
    current_generation,
    make_current,
    new_generation,
    remove_old_generations,
    write_meta,
)
from sitegen.search.schema import make_schema, paper_document, spelling_words

# Below this many papers one writer is faster than starting a second process.
PARALLEL_FROM = 5000


def build_index(collection: Collection, index_root: Path) -> Path:
    """Index every paper into a new generation under index_root and return its folder.

    The previous generation stays current (and intact) until this one is complete; after the
    switch, it is kept for readers that still use it and anything older is deleted.
    """
    started = time.perf_counter()
    previous = current_generation(index_root)
    generation = new_generation(index_root)
    try:
        _write_documents(collection, generation)
        write_meta(generation, {
            "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "papers": len(collection.papers),
            "seconds": round(time.perf_counter() - started, 3),
            "tags": {slug: tag.name for slug, tag in collection.tags.items()},
        })
        make_current(index_root, generation)
    except BaseException as exc:
        shutil.rmtree(generation, ignore_errors=True)
        if isinstance(exc, Exception) and not isinstance(exc, BuildError):
            raise BuildError(f"search index build failed ({exc}); the previous index is kept") from exc
        raise
    remove_old_generations(index_root, {g for g in (generation, previous) if g})
    return generation


def _write_documents(collection: Collection, generation: Path) -> None:
    words: Counter[str] = Counter()
    ix = index.create_in(str(generation), make_schema())
    parallel = len(collection.papers) >= PARALLEL_FROM
    # multisegment: each process writes its own segment instead of merging at the end (much faster).
    options = {"procs": 2, "multisegment": True, "limitmb": 256} if parallel else {"limitmb": 128}
    writer = ix.writer(**options)
    try:
        for paper in collection.papers.values():
            writer.add_document(**paper_document(paper))
            words.update(spelling_words(paper))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    (generation / WORDS).write_text(json.dumps(words, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

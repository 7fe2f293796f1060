"""Index generations on disk: each build writes a fresh folder, then one atomic rename makes it current.

Layout under the index root:
    CURRENT                 the name of the current generation (replaced with os.replace, never edited)
    gen-<ns>-<pid>/         one complete index (Whoosh's files, or tantivy/), words.json (for spelling),
                            documents.json (for updates), and meta.json (naming the backend) written last
A reader that sees CURRENT sees a complete generation; a build that dies leaves CURRENT as it was.
CURRENT is switched only after the build's site is live, and the live site's stamp names its
generation (sitegen/state/stamp.py): readers given the site answer from that one, so a build killed
between the two steps leaves the site and the index it names live together. A generation of one
backend is never made from another's (`auto` switching as a collection grows past its threshold):
the build writes a whole index, and readers open each generation with the backend meta.json names.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from sitegen.state.stamp import read_stamp

POINTER = "CURRENT"
META = "meta.json"
WORDS = "words.json"  # {word: number of papers}, what the spelling corrector suggests from
_NAME = re.compile(r"gen-\d{20}-\d+")


def new_generation(index_root: Path) -> Path:
    """A fresh, empty folder for one build; names sort by creation time."""
    index_root.mkdir(parents=True, exist_ok=True)
    path = index_root / f"gen-{time.time_ns():020d}-{os.getpid()}"
    path.mkdir()
    return path


def current_generation(index_root: Path) -> Path | None:
    """The generation CURRENT names, or None when there is no complete index yet, or CURRENT cannot
    be read (damaged: the next build makes a whole index and a new CURRENT)."""
    try:
        name = (index_root / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return _complete(index_root, name)


def live_generation(index_root: Path, site: Path) -> Path | None:
    """The generation the live site's stamp names; CURRENT's when it names none that is complete
    (a stamp that names no index, or a --full build under way, which removed the stamp)."""
    name = read_stamp(site).get("index")
    found = _complete(index_root, name) if isinstance(name, str) else None
    return found or current_generation(index_root)


def _complete(index_root: Path, name: str) -> Path | None:
    path = index_root / name
    # A hand-edited or foreign name must not send readers outside the index root.
    if not _NAME.fullmatch(name) or not (path / META).is_file():
        return None
    return path


def write_meta(generation: Path, meta: dict) -> None:
    (generation / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def read_meta(generation: Path) -> dict:
    return json.loads((generation / META).read_text(encoding="utf-8"))


def make_current(index_root: Path, generation: Path) -> None:
    """Point CURRENT at `generation` with one rename, after the name is safely on disk."""
    tmp = index_root / f".{POINTER}.{generation.name}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(generation.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_root / POINTER)


def remove_old_generations(index_root: Path, keep: set[Path]) -> None:
    """Delete generations older than the newest kept one, except those in `keep`.

    Newer folders are left alone: they may be another build still being written. A running
    server that still reads a deleted generation keeps working: its files stay open until it lets go.
    """
    newest = max(p.name for p in keep)
    for path in index_root.glob("gen-*"):
        if path not in keep and _NAME.fullmatch(path.name) and path.name < newest:
            shutil.rmtree(path, ignore_errors=True)

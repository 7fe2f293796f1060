"""Small state files kept between builds: short hashes of plain data, and files written whole or not at all;
and writing over a file of the build's own (overwrite)."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from pathlib import Path

from sitegen.compact_json import compact_json


def hash_key(data: object) -> str:
    """A short hash of plain data (strings, numbers, lists, dataclasses of them) by its repr."""
    return hashlib.sha256(repr(data).encode()).hexdigest()[:24]


def plain_key(data: object) -> str:
    """A short hash of data of Python's own types only (str, int, float, None, lists, tuples, dicts), for
    the keys made for every paper on every build: marshal and BLAKE2 are quicker than repr and
    SHA-256. marshal's format is Python's: another Python may give other keys, which costs a cache a miss.

    Format version 0: later versions write an object met twice as a reference to the first, and an
    interned string with a type of its own, so equal data held differently would hash differently.
    """
    return hashlib.blake2b(marshal.dumps(data, 0), digest_size=12).hexdigest()


def load_versioned(path: Path, version: str) -> dict | None:
    """A state file save_json wrote as {"version": version, ...}; None when it is missing, unreadable
    or of another version (of the code that made it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == version else None


def save_json(path: Path, data: object) -> None:
    """Write a state file whole or not at all: to a temporary file, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(compact_json(data))
    os.replace(tmp, path)


def overwrite(path: Path, data: bytes) -> None:
    """Make the file at `path` (new if missing) hold `data`: written over its old bytes, then cut to length.

    Not opened with truncation: ext4 takes a file emptied and written again for one being replaced, and
    writes it out to disk as it is closed (auto_da_alloc), which would make writing the Markdown
    pages a day's papers change wait on the disk. Like opening with "w", this writes into the file
    itself: not for a file that may be a hard link into a live site (write_if_changed is).
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def temporary(path: Path) -> Path:
    """Where a new version of `path` is written before it replaces it: a hidden name, so that one
    left by a build that died is never published (MkDocs leaves dot files out of a site, and
    `sitegen serve` does not serve them)."""
    return path.with_name(f".{path.name}.new")


def write_if_changed(path: Path, data: bytes) -> bool:
    """Leave a file that holds `data` alone (rebuilds touch only what changed); replace one that holds
    something else by a new file, never writing into it: a reader of the old one (or another name for
    it, a hard link) keeps what it had. Returns whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return True
    fresh = temporary(path)
    fresh.write_bytes(data)
    os.replace(fresh, path)
    return True

"""Writing pulled records into the sources folder: merged by arXiv id, replaced atomically, never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PullReport:
    path: Path
    new: int
    present: int  # already in the file before this pull
    requests: int = 0
    written: bool = False  # False when nothing was new and the file was left as it was

    def summary(self) -> str:
        action = f"wrote {self.path}" if self.written else f"{self.path} unchanged"
        return (
            f"{self.new} new, {self.present} already present; {action} ({self.requests} request(s))"
        )


@dataclass(frozen=True)
class Merged(Generic[T]):
    """A file's records with the pulled ones added, and how many pulled records were new or known."""

    records: list[T]  # the file's records, then the new ones in the order they were pulled
    new: int
    present: int  # pulled records whose key the file held already: left as the file had them


def merge_new(existing: Iterable[T], incoming: Iterable[T], key: Callable[[T], str]) -> Merged[T]:
    """existing + the incoming records whose key is new.

    Records already in the file are kept as they are: they may carry hand edits, and a paper
    seen before must keep everything it had.
    """
    merged = list(existing)
    seen = {key(record) for record in merged}
    new = present = 0
    for record in incoming:
        record_key = key(record)
        if record_key in seen:
            present += 1
            continue
        seen.add(record_key)
        merged.append(record)
        new += 1
    return Merged(merged, new, present)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    A crash or an error at any point leaves either the old file or the new one, never a part.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

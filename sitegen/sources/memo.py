"""Source files as they were read last time, so that a rebuild parses only what is new in them.

A file whose bytes (gzip undone) are those read last time gives the papers and problems it gave
then; a JSON lines file that only grew (records appended after its last line break) gives its old
records' and is parsed from where it ended. Anything else is read anew. `sitegen pull` adds a file
a day, so a daily rebuild parses that day's file alone, and appending to a JSON lines file costs
the new lines alone.

The memo is void with other reader code. It describes the files, not a build: it is saved as soon
as they are read (while the build enriches the papers), and holds only the files read then. How it
is kept on disk: state/sources.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model import Paper, Problem
from sitegen.state_files import hash_key

_HERE = Path(__file__).parent
# What reading a file depends on besides its bytes: the readers' code and the Paper they make.
_CODE = hash_key(
    [path.read_bytes() for path in sorted(_HERE.glob("*.py"))]
    + [(_HERE.parent / "model.py").read_bytes()]
)


def digest(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Kept:
    """What reading one file gave: its records' papers and problems (`items`), then the problems of
    its lines that are not UTF-8 (JSON lines files), for the bytes of the given size and digest.

    `lines` and `records` (JSON lines files that end with a line break) are how many lines and
    non-blank lines those bytes hold: where reading goes on when records are appended. `slot` is
    where the memo's lines hold the first `stored` items (None: none are stored yet)."""

    reader: str
    size: int
    digest: str
    items: list[Paper | Problem] = field(default_factory=list)
    line_problems: list[Problem] = field(default_factory=list)
    lines: int | None = None
    records: int = 0
    slot: int | None = None
    stored: int = 0

    @property
    def read(self) -> list[Paper | Problem]:
        return [*self.items, *self.line_problems]


@dataclass
class Lines:
    """The memo's item lines as the head describes them: their file's id, its size in bytes, the next
    free slot, and how many items they hold that no file uses any more."""

    id: str = ""
    size: int = 0
    next_slot: int = 0
    garbage: int = 0


class SourceMemo:
    """The files read last time (`known`, by path and the format asked for) and this run's (`found`)."""

    version = _CODE  # a memo saved by other reader code is not used

    def __init__(
        self, known: dict[tuple[str, str], Kept] | None = None, lines: Lines | None = None
    ):
        self.known, self.found = known or {}, {}
        self.lines = lines

    def same(self, path: Path, fmt: str | None, data: bytes, whole: str) -> Kept | None:
        """What the file gave last time, if its bytes (whose digest is `whole`) are the same; it is then
        kept for the next run."""
        kept = self.known.get((str(path), fmt or ""))
        if kept is None or kept.size != len(data) or kept.digest != whole:
            return None
        self.found[(str(path), fmt or "")] = kept
        return kept

    def grown(self, path: Path, fmt: str | None, reader: str, data: bytes) -> Kept | None:
        """What the start of a JSON lines file gave last time, if the file is those bytes with lines appended."""
        kept = self.known.get((str(path), fmt or ""))
        if kept is None or kept.lines is None or kept.reader != reader or kept.size > len(data):
            return None
        # a view: no copy of the bytes
        return kept if digest(memoryview(data)[: kept.size]) == kept.digest else None

    def keep(self, path: Path, fmt: str | None, kept: Kept) -> None:
        self.found[(str(path), fmt or "")] = kept

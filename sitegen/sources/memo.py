"""Source files as they were read last time, so that a rebuild parses only what is new in them.

A file whose bytes (gzip undone) are those read last time gives the papers and problems it gave
then; a JSON lines file that only grew (records appended after its last line break) gives its old
records' and is parsed from where it ended. Anything else is read anew. `sitegen pull` adds a file
a day, so a daily rebuild parses that day's file alone, and appending to a JSON lines file costs
the new lines alone: parsing was a tenth of a rebuild at 10,000 papers.

The memo is kept in <state>/cache/sources.jsonl (a line about the files, then lines of up to CHUNK
papers or problems, so that neither writing nor reading it makes one big string at 100,000 papers)
and is void with other reader code. It describes the files, not a build: it is saved as soon as they are
read, and holds only the files read then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model import Paper, Problem
from sitegen.state_files import hash_key

MEMO_FILE = "cache/sources.jsonl"
CHUNK = 1000  # papers or problems a line
_HERE = Path(__file__).parent
# What reading a file depends on besides its bytes: the readers' code and the Paper they make.
_CODE = hash_key([path.read_bytes() for path in sorted(_HERE.glob("*.py"))] + [(_HERE.parent / "model.py").read_bytes()])
_FIELDS = [f.name for f in dataclasses.fields(Paper)]


def digest(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Kept:
    """What reading one file gave: its records' papers and problems (`items`), then the problems of
    its lines that are not UTF-8 (JSON lines files), for the bytes of the given size and digest.

    `lines` and `records` (JSON lines files that end with a line break) are how many lines and
    non-blank lines those bytes hold: where reading goes on when records are appended."""

    reader: str
    size: int
    digest: str
    items: list[Paper | Problem] = field(default_factory=list)
    line_problems: list[Problem] = field(default_factory=list)
    lines: int | None = None
    records: int = 0

    @property
    def read(self) -> list[Paper | Problem]:
        return [*self.items, *self.line_problems]


class SourceMemo:
    """The files read last time (`known`, by path and the format asked for) and this run's (`found`)."""

    def __init__(self, known: dict[tuple[str, str], Kept] | None = None):
        self.known, self.found = known or {}, {}

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
        return kept if digest(memoryview(data)[: kept.size]) == kept.digest else None  # a view: no copy of the bytes

    def keep(self, path: Path, fmt: str | None, kept: Kept) -> None:
        self.found[(str(path), fmt or "")] = kept

    @classmethod
    def load(cls, state_path: Path) -> SourceMemo:
        """The memo saved by this version of the readers; an empty one otherwise."""
        try:
            with open(Path(state_path) / MEMO_FILE, encoding="utf-8") as lines:
                head = json.loads(next(lines))
                if head["version"] != _CODE:
                    return cls()
                read = [_item(data) for line in lines for data in json.loads(line)]
            known, at = {}, 0
            for entry in head["files"]:
                items, line_problems = entry["items"], entry["line_problems"]
                known[(entry["path"], entry["fmt"])] = Kept(
                    entry["reader"], entry["size"], entry["digest"], read[at : at + items],
                    read[at + items : at + items + line_problems], entry["lines"], entry["records"]
                )
                at += items + line_problems
            if at != len(read):
                return cls()
            return cls(known)
        except (OSError, ValueError, KeyError, TypeError, IndexError, StopIteration):
            return cls()

    def save(self, state_path: Path) -> None:
        """Write this run's files (whole or not at all), and let go of both runs': the papers they hold
        are the build's own, which would otherwise be held to its end as read."""
        path = Path(state_path) / MEMO_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        files = [
            {"path": p, "fmt": f, "reader": k.reader, "size": k.size, "digest": k.digest, "items": len(k.items),
             "line_problems": len(k.line_problems), "lines": k.lines, "records": k.records}
            for (p, f), k in self.found.items()
        ]
        tmp = path.with_suffix(".tmp")
        read = [item for kept in self.found.values() for item in kept.read]
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(json.dumps({"version": _CODE, "files": files}) + "\n")
            for start in range(0, len(read), CHUNK):
                out.write(json.dumps([_plain(item) for item in read[start : start + CHUNK]], ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        self.known, self.found = {}, {}


def _plain(item: Paper | Problem) -> list:
    if isinstance(item, Problem):
        return ["problem", item.where, item.message, item.severity]
    return ["paper", [getattr(item, name) for name in _FIELDS]]


def _item(data: list) -> Paper | Problem:
    if data[0] == "problem":
        return Problem(data[1], data[2], data[3])
    if len(data[1]) != len(_FIELDS):
        raise ValueError("a paper of another shape")
    return Paper(*data[1])  # in the order of _FIELDS: the memo is void with another model.py

"""Source files as they were read last time, so that a rebuild parses only what is new in them.

A file whose bytes (gzip undone) are those read last time gives the papers and problems it gave
then; a JSON lines file that only grew (records appended after its last line break) gives its old
records' and is parsed from where it ended. Anything else is read anew. `sitegen pull` adds a file
a day, so a daily rebuild parses that day's file alone, and appending to a JSON lines file costs
the new lines alone: parsing was a tenth of a rebuild at 10,000 papers.

The memo is kept in two files of the state folder. <state>/cache/sources.jsonl holds the papers
and problems, in lines of up to CHUNK (neither writing nor reading it makes one big string at
100,000 papers), each marked with the slot of the file it came from; a rebuild appends what is new
(a new file's records, a grown file's new ones) instead of writing them all again (a quarter of a
second at 10,000 papers, seconds at 100,000). <state>/cache/sources.json describes the files: each
one's slot and how many of its items it holds, and how many bytes of the lines are the memo's (a
build stopped while appending leaves lines after them, which the next one cuts off). Slots of
files no longer read are garbage, until they outweigh the rest and the lines are written anew.

The memo is void with other reader code. It describes the files, not a build: it is saved as soon
as they are read (while the build enriches the papers), and holds only the files read then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model import Paper, Problem
from sitegen.state.paths import StatePaths
from sitegen.state_files import hash_key, save_json

CHUNK = 1000  # papers or problems a line
_HERE = Path(__file__).parent
# What reading a file depends on besides its bytes: the readers' code and the Paper they make.
_CODE = hash_key(
    [path.read_bytes() for path in sorted(_HERE.glob("*.py"))]
    + [(_HERE.parent / "model.py").read_bytes()]
)
_FIELDS = [f.name for f in dataclasses.fields(Paper)]


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

    @classmethod
    def load(cls, state_path: Path) -> SourceMemo:
        """The memo saved by this version of the readers; an empty one otherwise."""
        try:
            head = json.loads(StatePaths(Path(state_path)).sources_head.read_text(encoding="utf-8"))
            if head["version"] != _CODE:
                return cls()
            lines = Lines(head["id"], head["size"], head["next_slot"], head["garbage"])
            stored = _read_slots(
                StatePaths(Path(state_path)).sources_items,
                lines,
                {entry["slot"] for entry in head["files"]},
            )
            known = {}
            for entry in head["files"]:
                items = stored[entry["slot"]]
                if len(items) != entry["items"]:
                    return cls()
                known[(entry["path"], entry["fmt"])] = Kept(
                    entry["reader"],
                    entry["size"],
                    entry["digest"],
                    items,
                    [_item(data) for data in entry["line_problems"]],
                    entry["lines"],
                    entry["records"],
                    entry["slot"],
                    len(items),
                )
            return cls(known, lines)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return cls()

    def save(self, state_path: Path) -> None:
        """Store this run's files, and let go of both runs': the papers they hold are the build's own,
        which would otherwise be held to its end as read.

        New items are appended to the lines, unless those are missing or garbage would outweigh
        what is used: then they are written anew. The head is written last, whole or not at all."""
        path = StatePaths(Path(state_path)).sources_items
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = self.lines
        if lines is not None:  # the slots of files not read this time are garbage from now on
            used = {kept.slot for kept in self.found.values()}
            lines.garbage += sum(
                kept.stored for kept in self.known.values() if kept.slot not in used
            )
        if lines is None or lines.garbage > max(
            CHUNK, sum(kept.stored for kept in self.found.values() if kept.slot is not None)
        ):
            for kept in self.found.values():
                kept.slot, kept.stored = None, 0
            lines = _new_lines(path)
        with open(path, "r+b") as out:
            out.truncate(lines.size)  # what a build stopped while appending left
            out.seek(lines.size)
            for kept in self.found.values():
                if kept.slot is None:
                    kept.slot, lines.next_slot = lines.next_slot, lines.next_slot + 1
                _append(out, kept.slot, kept.items[kept.stored :])
            lines.size = out.tell()
        files = [
            {
                "path": p,
                "fmt": f,
                "reader": k.reader,
                "size": k.size,
                "digest": k.digest,
                "slot": k.slot,
                "items": len(k.items),
                "line_problems": [_plain(problem) for problem in k.line_problems],
                "lines": k.lines,
                "records": k.records,
            }
            for (p, f), k in self.found.items()
        ]
        save_json(
            StatePaths(Path(state_path)).sources_head,
            {"version": _CODE, **dataclasses.asdict(lines), "files": files},
        )
        self.known, self.found, self.lines = {}, {}, None


def _new_lines(path: Path) -> Lines:
    """An empty lines file with a new id, which a head written for the file it replaces does not match."""
    lines = Lines(uuid.uuid4().hex)
    tmp = path.with_name(path.name + ".new")
    tmp.write_bytes(f"{lines.id}\n".encode())
    os.replace(tmp, path)
    lines.size = len(lines.id) + 1
    return lines


def _append(out, slot: int, items: list[Paper | Problem]) -> None:
    for start in range(0, len(items), CHUNK):
        chunk = json.dumps(
            [_plain(item) for item in items[start : start + CHUNK]], ensure_ascii=False
        )
        out.write(f"{slot}\t{chunk}\n".encode())


def _read_slots(path: Path, lines: Lines, slots: set[int]) -> dict[int, list[Paper | Problem]]:
    """The items of the given slots, from the first `lines.size` bytes of the lines file (the rest, and
    other slots' lines, unread); ValueError when the file is not the one the head describes."""
    stored: dict[int, list[Paper | Problem]] = defaultdict(list)
    with open(path, "rb") as source:
        if source.readline() != f"{lines.id}\n".encode():
            raise ValueError("the lines of another head")
        while source.tell() < lines.size:
            line = source.readline()
            slot, tab, chunk = line.partition(b"\t")
            if not tab or not line.endswith(b"\n") or source.tell() > lines.size:
                raise ValueError("a line cut short")
            if int(slot) in slots:
                stored[int(slot)] += [_item(data) for data in json.loads(chunk)]
    return stored


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

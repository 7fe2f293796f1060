"""The source memo (sources/memo.py) on disk, saved as soon as the sources are read.

It is kept in two files of the state folder. The lines (StatePaths.sources_items) hold the papers
and problems, in lines of up to CHUNK (neither writing nor reading it makes one big string of a
whole collection), each marked with the slot of the file it came from; a rebuild appends what is new
(a new file's records, a grown file's new ones) instead of writing them all again. The head
(StatePaths.sources_head) describes the files: each one's slot and how many of its items it holds,
and how many bytes of the lines are the memo's (a build stopped while appending leaves lines after
them, which the next one cuts off). Slots of
files the last build did not read are garbage, until they outweigh the rest and the lines are
written anew.
"""

from __future__ import annotations

import dataclasses
import json
import os
import uuid
from collections import defaultdict
from pathlib import Path

from sitegen.compact_json import compact_json
from sitegen.model import Paper, Problem
from sitegen.sources.memo import Kept, Lines, SourceMemo
from sitegen.state.paths import StatePaths
from sitegen.state_files import save_json

CHUNK = 1000  # papers or problems a line
_FIELDS = [f.name for f in dataclasses.fields(Paper)]


def load_sources(paths: StatePaths) -> SourceMemo:
    """The memo saved by this version of the readers; an empty one otherwise."""
    try:
        head = json.loads(paths.sources_head.read_text(encoding="utf-8"))
        if head["version"] != SourceMemo.version:
            return SourceMemo()
        lines = Lines(head["id"], head["size"], head["next_slot"], head["garbage"])
        slots = {entry["slot"] for entry in head["files"]}
        stored = _read_slots(paths.sources_items, lines, slots)
        known = {}
        for entry in head["files"]:
            items = stored[entry["slot"]]
            if len(items) != entry["items"]:
                return SourceMemo()
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
        return SourceMemo(known, lines)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return SourceMemo()


def save_sources(paths: StatePaths, memo: SourceMemo) -> None:
    """Store this run's files, and let go of both runs': the papers they hold are the build's own,
    which would otherwise be held to its end as read.

    New items are appended to the lines, unless those are missing or garbage would outweigh
    what is used: then they are written anew. The head is written last, whole or not at all."""
    path = paths.sources_items
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = memo.lines
    if lines is not None:  # the slots of files not read this time are garbage from now on
        used = {kept.slot for kept in memo.found.values()}
        lines.garbage += sum(kept.stored for kept in memo.known.values() if kept.slot not in used)
    if lines is None or lines.garbage > max(
        CHUNK, sum(kept.stored for kept in memo.found.values() if kept.slot is not None)
    ):
        for kept in memo.found.values():
            kept.slot, kept.stored = None, 0
        lines = _new_lines(path)
    with open(path, "r+b") as out:
        out.truncate(lines.size)  # what a build stopped while appending left
        out.seek(lines.size)
        for kept in memo.found.values():
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
        for (p, f), k in memo.found.items()
    ]
    save_json(
        paths.sources_head,
        {"version": memo.version, **dataclasses.asdict(lines), "files": files},
    )
    memo.known, memo.found, memo.lines = {}, {}, None


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
        chunk = compact_json([_plain(item) for item in items[start : start + CHUNK]])
        out.write(b"%d\t%b\n" % (slot, chunk))


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

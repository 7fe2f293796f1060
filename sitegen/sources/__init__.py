"""Readers, one per input format, behind one small interface, and the table that picks one.

A reader has a `name`, `can_read(path, text) -> bool` (a cheap look at the name and the text)
and `read(path, text) -> Iterator[Paper | Problem]`: a bad record becomes a Problem naming
its line or record number, and the reader goes on with the next one. A reader that also has
`read_lines(path, lines)` is handed a JSON lines file line by line instead (sitegen.sources.lines).
"""

from __future__ import annotations

import glob
import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol

from sitegen.errors import SourceError
from sitegen.model import Paper, Problem
from sitegen.sources import arxiv_atom, hf_api, hf_text, records
from sitegen.sources.common import format_suffix, kind
from sitegen.sources.lines import JsonLines
from sitegen.sources.memo import Kept, SourceMemo, digest

MAX_FILE_BYTES = 1024 * 2**20  # one source file, gzip undone (the config's max_source_mb)


class Reader(Protocol):
    name: str

    def can_read(self, path: Path, text: str) -> bool: ...

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]: ...


# Order matters: the first reader whose can_read() says yes reads the file.
READERS: dict[str, Reader] = {
    "hf-api": hf_api.READER,
    "arxiv-atom": arxiv_atom.READER,
    "records": records.READER,
    "hf-text": hf_text.READER,
}

# What a folder source picks up; "x.jsonl.gz" counts as ".jsonl" (gzip is undone before detection).
SOURCE_SUFFIXES = {".txt", ".json", ".jsonl", ".yaml", ".yml", ".xml", ".atom"}


@dataclass
class ReadResult:
    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def bundled_sources() -> list[Path]:
    """The embedded default: the Daily Papers page dump plus the HF API and arXiv samples."""
    data = resources.files("sitegen") / "data"
    names = ("daily-papers-seed.txt", "hf-daily-papers-sample.json", "arxiv-sample.xml")
    return [Path(str(data / name)) for name in names]


def expand_sources(specs: Iterable[str], root: Path) -> tuple[list[Path], list[Problem]]:
    """Files, globs and folders (read recursively) to a sorted, de-duplicated list of files."""
    files: list[Path] = []
    problems: list[Problem] = []
    for spec in specs:
        pattern = spec if Path(spec).is_absolute() else str(root / spec)
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(spec) else [pattern]
        if not matches or not Path(matches[0]).exists():
            problems.append(Problem(spec, "no such file, folder or matching glob"))
            continue
        for match in map(Path, matches):
            if match.is_dir():
                found = [
                    p
                    for p in sorted(match.rglob("*"))
                    if p.is_file() and format_suffix(p) in SOURCE_SUFFIXES
                ]
                problems.extend(_links_out(found, match))
                files.extend(found)
            else:
                files.append(match)
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, problems


def _links_out(files: list[Path], folder: Path) -> list[Problem]:
    """A warning for each file of a source folder that a link takes outside it: it is read, but its
    user should know that what the folder holds is not all that is read."""
    inside = folder.resolve()
    return [
        Problem(
            str(path),
            f"is a link to {path.resolve()}, outside the source folder {folder}; read all the same",
            "warning",
        )
        for path in files
        if not path.resolve().is_relative_to(inside)
    ]


def detect_reader(path: Path, text: str, fmt: str | None = None) -> Reader:
    if fmt:
        if fmt not in READERS:
            raise SourceError(str(path), f"unknown format {fmt!r} (known: {', '.join(READERS)})")
        return READERS[fmt]
    for reader in READERS.values():
        if reader.can_read(path, text):
            return reader
    raise SourceError(
        str(path),
        f"unknown format ({describe(path, text)}); known formats: {', '.join(READERS)} (use --format to say which)",
    )


def describe(path: Path, text: str) -> str:
    """What a file that no reader takes looks like, so that the message says why it was refused."""
    head = text.lstrip()[:1]
    if head in ("{", "[") and len(text) < 5_000_000:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return f"text that starts like JSON but breaks on line {exc.lineno}: {exc.msg}"
        except RecursionError:
            return "JSON nested too deeply to read"
        if isinstance(data, dict):
            keys = ", ".join(map(str, list(data)[:8]))
            return f"a JSON object with keys {keys}" if keys else "an empty JSON object"
        if isinstance(data, list):
            first = f" (the first is {kind(data[0])})" if data else ""
            return f"a JSON list of {len(data)} item(s) with no title or paper{first}"
    root = re.search(r"<([A-Za-z_][\w:.-]*)", re.sub(r"<[?!][^>]*>", "", text[:4000]))
    if head == "<" and root:
        return f"XML whose root is <{root[1]}>"
    return f"a {format_suffix(path) or 'suffix-less'} file"


def load_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, gzip undone; SourceError past `limit` bytes, before reading or
    decompressing more than that (a small .gz can hold gigabytes of zeros)."""
    too_big = (
        f"over the limit of {limit // 2**20} MB for one source file (max_source_mb in sitegen.yml)"
    )
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(str(path), f"the file is {size / 2**20:.0f} MB, {too_big}")
        if not path.name.lower().endswith(".gz"):
            return path.read_bytes()
        with gzip.open(path, "rb") as unzipped:
            data = unzipped.read(limit + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SourceError(str(path), f"not a readable gzip file: {exc}") from exc
    except OSError as exc:
        raise SourceError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise SourceError(str(path), f"it decompresses to more than {limit // 2**20} MB, {too_big}")
    return data


def load_text(path: Path) -> tuple[str, list[Problem]]:
    """The file as text with "\n" line ends, gzip undone, and the problems of lines that had to be dropped.

    Invalid UTF-8 makes the whole file unreadable, except in JSON lines files, where only the
    lines with bad bytes are dropped (each reported): one bad record must not take the others along.
    """
    return decode_text(path, load_bytes(path))


def decode_text(path: Path, data: bytes) -> tuple[str, list[Problem]]:
    """load_text of a file whose bytes (gzip undone) are `data`."""
    try:
        text, problems = data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        if format_suffix(path) != ".jsonl":
            line = data[: exc.start].count(b"\n") + 1
            raise SourceError(
                f"{path}:{line}", f"invalid UTF-8 (byte {exc.start}: {data[exc.start]:#04x})"
            ) from exc
        text, problems = _decode_lines(path, data)
    return text.replace("\r\n", "\n").replace("\r", "\n"), problems


def _decode_lines(path: Path, data: bytes) -> tuple[str, list[Problem]]:
    lines, problems = [], []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    f"{path}:{number}",
                    f"invalid UTF-8 (byte {exc.start} of the line: {raw[exc.start]:#04x}); record skipped",
                )
            )
            lines.append("")  # keeps the line numbers of the records after it
    return "\n".join(lines), problems


def read_text(path: Path) -> str:
    return load_text(path)[0]


def read_file(
    path: Path, fmt: str | None = None, memo: SourceMemo | None = None, limit: int = MAX_FILE_BYTES
) -> Iterator[Paper | Problem]:
    """Papers and problems of one file; a file that cannot be read at all is one Problem.

    With a `memo` (sitegen.sources.memo), a file read before is parsed only as far as it is new; the memo gets what it gave.
    """
    try:
        data = load_bytes(path, limit)
    except SourceError as exc:
        yield Problem(exc.where, exc.message)
        return
    whole = digest(data) if memo is not None else ""  # only a memo compares it
    memo = memo if memo is not None else SourceMemo()
    kept = memo.same(path, fmt, data, whole)
    if kept is None:
        try:
            kept = _read_lines(path, fmt, data, whole, memo) or _read_text(path, fmt, data, whole)
        except SourceError as exc:
            yield Problem(exc.where, exc.message)
            return
        memo.keep(path, fmt, kept)
    yield from kept.read


def _read_text(path: Path, fmt: str | None, data: bytes, whole: str) -> Kept:
    """A file read as one text; `whole` is the digest of its bytes."""
    text, problems = decode_text(path, data)
    reader = detect_reader(path, text, fmt)
    return Kept(reader.name, len(data), whole, [*problems, *reader.read(path, text)])


def _read_lines(
    path: Path, fmt: str | None, data: bytes, whole: str, memo: SourceMemo
) -> Kept | None:
    """A JSON lines file read line by line by a reader that takes it so, from where it ended last
    time if records were only appended since; None: read it as one text. `whole` is the digest of its bytes."""
    if format_suffix(path) != ".jsonl":
        return None
    source = JsonLines(path, data)
    try:
        reader = detect_reader(path, source.head(), fmt)
    except SourceError:
        return None  # the whole text says best why no reader takes it
    if not hasattr(reader, "read_lines"):
        return None
    start = memo.grown(path, fmt, reader.name, data) or Kept(reader.name, 0, "", lines=0)
    counted = CountedLines(source.lines(start.size, start.lines))
    items = [*start.items, *reader.read_lines(path, counted, start.lines + 1, start.records + 1)]
    # Data that ends with a line break ends with an empty line, where appended records would begin.
    lines = start.lines + counted.lines - 1 if data.endswith(b"\n") else None
    return Kept(
        reader.name,
        len(data),
        whole,
        items,
        [*start.line_problems, *source.problems],
        lines,
        start.records + counted.records,
        start.slot,
        start.stored,
    )


class CountedLines:
    """Lines passed on as they are, counted: all of them, and those a JSON lines reader takes as records (non-blank)."""

    def __init__(self, lines: Iterator[str]):
        self._lines, self.lines, self.records = lines, 0, 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.lines += 1
            self.records += bool(line.strip())  # as common.jsonl_objects skips blank lines
            yield line


def read_sources(
    paths: Iterable[Path],
    fmt: str | None = None,
    memo: SourceMemo | None = None,
    limit: int = MAX_FILE_BYTES,
) -> ReadResult:
    """Every file's papers and problems, in order; `memo` and `limit` (bytes per file) as for read_file."""
    result = ReadResult()
    for path in paths:
        result.files.append(path)
        for item in read_file(path, fmt, memo, limit):
            (result.problems if isinstance(item, Problem) else result.papers).append(item)
    return result

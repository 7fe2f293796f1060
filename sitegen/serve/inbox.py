"""The inbox: papers the extension saves while its user reads, appended to a records file in the
collection's sources (`<sources_dir>/inbox.jsonl`), which the next build reads like any other.

What comes in is a stranger's text until checked: every field is cut to a known kind and size,
and the line is read back with the records reader before it is written, so that a record saved
here can never stop a build. The file is replaced whole (write, then rename), never left half
written; it is bounded in size, and adding is bounded in rate.
"""

from __future__ import annotations

import fnmatch
import glob
import json
import os
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from sitegen import arxiv_ids
from sitegen.config import Config
from sitegen.model import Paper, Problem
from sitegen.sources.records import RecordsReader

INBOX_FILE = "inbox.jsonl"
MAX_BODY = 16 * 1024  # one request: a title, authors, an abstract, tags and a note fit easily
MAX_INBOX = 2 * 1024 * 1024  # the file: some thousands of papers, before they are moved elsewhere
MAX_PER_MINUTE = 10  # a reader saves a paper now and then; a loop does not fill the disk
LIMITS = {"title": 500, "abstract": 5000, "notes": 2000, "author": 200, "tag": 60}
MAX_AUTHORS = 100
MAX_TAGS = 10
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters, other than the tab and the newline a note or an abstract may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class InboxError(Exception):
    """A request the inbox refuses: the HTTP status and what to tell the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def inbox_path(config: Config) -> Path:
    return config.path(config.sources_dir) / INBOX_FILE


def inbox_is_read(config: Config) -> bool:
    """Whether the build's sources (sitegen.yml's `sources`) take in the inbox file."""
    path = inbox_path(config)
    for spec in config.sources:
        pattern = spec if Path(spec).is_absolute() else str(config.root / spec)
        if glob.has_magic(spec):
            if fnmatch.fnmatch(str(path), pattern):
                return True
        elif path == Path(pattern).resolve() or path.is_relative_to(Path(pattern).resolve()):
            return True
    return False


def _text(data: dict, name: str, required: bool = False) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise InboxError(400, f"{name!r} must be text")
    value = _CONTROL.sub(" ", value)
    # A note keeps its lines; the rest is one line of text, as the build keeps it.
    value = value.strip() if name == "notes" else " ".join(value.split())
    if required and not value:
        raise InboxError(400, f"{name!r} is required")
    if len(value) > LIMITS[name]:
        raise InboxError(400, f"{name!r} is longer than {LIMITS[name]} characters")
    return value


def _names(data: dict, name: str, limit: str, most: int) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InboxError(400, f"{name!r} must be a list of text")
    if len(value) > most:
        raise InboxError(400, f"at most {most} {name}, got {len(value)}")
    names = [" ".join(_CONTROL.sub(" ", item).split()) for item in value]
    if any(len(item) > LIMITS[limit] for item in names):
        raise InboxError(400, f"each of {name!r} is at most {LIMITS[limit]} characters")
    return [item for item in dict.fromkeys(names) if item]


def inbox_record(data: object) -> dict:
    """The JSON a client sent -> a record in sitegen's records format, or an InboxError saying why not."""
    if not isinstance(data, dict):
        raise InboxError(400, "send a JSON object with at least arxiv_id and title")
    # `url` may come (a record as the extension shows it for copying has it); it is always made anew.
    unknown = set(data) - {
        "arxiv_id",
        "title",
        "authors",
        "abstract",
        "date",
        "tags",
        "notes",
        "url",
    }
    if unknown:
        raise InboxError(400, f"unknown field {sorted(unknown)[0]!r}")
    raw_id = data.get("arxiv_id")
    arxiv_id = arxiv_ids.parse(raw_id) if isinstance(raw_id, str) else None
    if arxiv_id is None:
        raise InboxError(400, "'arxiv_id' must be an arXiv id, such as 2403.09629")
    date = data.get("date") or ""
    if not isinstance(date, str) or (date and not _DATE.fullmatch(date)):
        raise InboxError(400, "'date' must be a day, YYYY-MM-DD")
    record = {
        "arxiv_id": arxiv_id,
        "title": _text(data, "title", required=True),
        "authors": _names(data, "authors", "author", MAX_AUTHORS),
        "abstract": _text(data, "abstract"),
        "date": date,
        "tags": _names(data, "tags", "tag", MAX_TAGS),
        "notes": _text(data, "notes"),
        "url": f"https://arxiv.org/abs/{arxiv_id}",
    }
    return {name: value for name, value in record.items() if value}


def read_back(path: Path, line: str) -> Paper:
    """The paper the build will read from this line; an InboxError if it would read anything else."""
    read = list(RecordsReader().read_lines(path, [line]))
    papers = [item for item in read if isinstance(item, Paper)]
    errors = [str(item) for item in read if isinstance(item, Problem) and item.severity == "error"]
    # A warning (no abstract, say) is what the build says of such a record too; it builds.
    if len(papers) != 1 or errors:
        raise InboxError(400, f"the record would not build: {(errors or ['no paper'])[0]}")
    return papers[0]


@dataclass
class Added:
    arxiv_id: str
    title: str
    new: bool  # False: it was in the inbox already, waiting for a build


class Inbox:
    """The inbox file of one collection: one writer at a time, a bounded rate and size."""

    def __init__(self, path: Path, clock=time.monotonic):
        self.path = path
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._clock = clock

    def arxiv_ids(self) -> set[str]:
        """The papers waiting in the file; lines its user has edited into something else are skipped
        (the build reports them)."""
        try:
            lines = self.path.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return set()
        found = set()
        for line in filter(str.strip, lines):
            try:
                found.add(json.loads(line).get("arxiv_id"))
            except (json.JSONDecodeError, AttributeError):
                continue
        return found

    def add(self, record: dict) -> Added:
        # ASCII: no character of the text can end the line early for a reader that splits lines
        # on more than "\n" (U+2028 and its like).
        line = json.dumps(record, ensure_ascii=True)
        paper = read_back(self.path, line)
        with self._lock:
            if record["arxiv_id"] in self.arxiv_ids():
                return Added(record["arxiv_id"], paper.title, new=False)
            self._count_one()
            self._append(line)
        return Added(record["arxiv_id"], paper.title, new=True)

    def _count_one(self) -> None:
        now = self._clock()
        while self._recent and now - self._recent[0] > 60:
            self._recent.popleft()
        if len(self._recent) >= MAX_PER_MINUTE:
            raise InboxError(429, f"at most {MAX_PER_MINUTE} papers a minute; wait a little")
        self._recent.append(now)

    def _append(self, line: str) -> None:
        try:
            old = self.path.read_bytes()
        except FileNotFoundError:
            old = b""
        new = old + (b"" if not old or old.endswith(b"\n") else b"\n") + line.encode() + b"\n"
        if len(new) > MAX_INBOX:
            raise InboxError(
                507,
                f"the inbox ({self.path}) is full ({MAX_INBOX // 1024 // 1024} MB): move its "
                "records to another file of the sources",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        spare = self.path.with_name(f".{self.path.name}.new")
        with open(spare, "wb") as file:
            file.write(new)
            file.flush()
            os.fsync(file.fileno())
        os.replace(spare, self.path)

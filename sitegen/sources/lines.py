"""A JSON lines file decoded one line at a time, so that a big file never becomes one big str."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model import Problem

# What a reader's can_read() looks at, at most (records looks furthest in).
HEAD_CHARS = 20_000
# A line longer than this is no paper record (real ones, hundreds of authors included, are far shorter):
# it is skipped and reported before it is decoded, parsed and written several times over.
MAX_RECORD_BYTES = 4 * 2**20
_BOM = b"\xef\xbb\xbf"


@dataclass
class JsonLines:
    """The file's bytes, gzip undone; lines become text only as records are read.

    Why: CPython stores a str at 4 bytes a character as soon as one character is outside the BMP
    (one emoji in a whole collection is enough), so a file read as one str can take four times its
    size in memory. The lines are
    those of load_text(): the byte-order mark dropped, "\\r\\n" and a lone "\\r" ending a line, and
    a line of invalid UTF-8 read as an empty line (so later numbers hold) and noted in `problems`.
    """

    path: Path
    data: bytes
    problems: list[Problem] = field(default_factory=list)

    def lines(self, start: int = 0, number: int = 0) -> Iterator[str]:
        """The lines from byte `start` (0, or just past a line break) on, the first of them numbered
        `number` + 1 (in the problems of lines that are not UTF-8)."""
        data = self.data
        if start == 0 and data.startswith(_BOM):
            start = len(_BOM)
        while start <= len(data):
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            raw = data[start:end]
            start = end + 1
            if len(raw) > MAX_RECORD_BYTES:
                number += 1
                self.problems.append(
                    Problem(
                        f"{self.path}:{number}",
                        f"a line of {len(raw) / 2**20:.1f} MB, over the "
                        f"limit of {MAX_RECORD_BYTES // 2**20} MB for one record; record skipped",
                    )
                )
                yield ""
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                number += 1
                self.problems.append(
                    Problem(
                        f"{self.path}:{number}",
                        f"invalid UTF-8 (byte {exc.start} of the line: {raw[exc.start]:#04x}); record skipped",
                    )
                )
                yield ""
                continue
            parts = text.removesuffix("\r").split("\r") if "\r" in text else [text]
            number += len(parts)
            yield from parts

    def head(self) -> str:
        """The start of the text (at least HEAD_CHARS characters, or all of it), for detection."""
        taken, size = [], 0
        for line in JsonLines(
            self.path, self.data
        ).lines():  # its own problems: reported once, by lines()
            taken.append(line)
            size += len(line) + 1
            if size > HEAD_CHARS:
                break
        return "\n".join(taken)

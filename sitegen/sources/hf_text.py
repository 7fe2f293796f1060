"""The Hugging Face "Daily Papers" page saved as text: page chrome, then title / blank / abstract blocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.model import Paper, Problem

# Lines of the page around the papers, compared case-insensitively after trimming.
CHROME = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "by ak and the research community",
    "trending papers",
    "submit",
}


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of non-blank lines, lines joined by spaces."""
    start, lines = 0, []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            yield start, " ".join(lines)
            lines = []
    if lines:
        yield start, " ".join(lines)


def looks_like_abstract(block: str) -> bool:
    # Titles are short and rarely end with a full stop; abstracts are paragraphs of sentences.
    return len(block) >= 200 or (len(block) > 80 and block.endswith("."))


class HfTextReader:
    name = "hf-text"

    def can_read(self, path: Path, text: str) -> bool:
        if path.suffix.lower() not in {".txt", ".md", ""}:
            return False
        blocks = [b for _, b in paragraphs(text[:20000])]
        return any(looks_like_abstract(b) for b in blocks) and any(not looks_like_abstract(b) for b in blocks)

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]:
        blocks = list(paragraphs(text))
        while blocks and blocks[0][1].strip().lower() in CHROME:
            blocks.pop(0)
        i = 0
        while i < len(blocks):
            line, block = blocks[i]
            where = f"{path}:{line}"
            if looks_like_abstract(block):
                yield Problem(where, "a paragraph with no title line before it; skipped")
                i += 1
                continue
            if i + 1 < len(blocks) and looks_like_abstract(blocks[i + 1][1]):
                yield Paper(title=block, abstract=blocks[i + 1][1], sources=[where])
                i += 2
            else:
                yield Problem(where, f"title {block[:60]!r} has no abstract; kept without one", "warning")
                yield Paper(title=block, sources=[where])
                i += 1


READER = HfTextReader()

"""The Hugging Face "Daily Papers" page saved as text: page chrome, then title / blank / abstract blocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sitegen.model import Paper, Problem
from sitegen.sources.common import format_suffix

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


def without_chrome(text: str) -> str:
    """The text with the page's header lines ("Daily Papers", "Subscribe", ...) blanked, line numbers kept."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip() and line.strip().lower() not in CHROME:
            break
        lines[number] = ""
    return "\n".join(lines)


def looks_like_abstract(block: str) -> bool:
    # Titles are short and rarely end with a full stop; abstracts are paragraphs of sentences.
    return len(block) >= 200 or (len(block) > 80 and block.endswith("."))


class HfTextReader:
    name = "hf-text"

    def can_read(self, path: Path, text: str) -> bool:
        # Markdown (a digest table, a README) is never taken for a page dump, even when it has paragraphs.
        if format_suffix(path) not in {".txt", ""}:
            return False
        blocks = [b for _, b in paragraphs(without_chrome(text[:20000]))]
        if any(b.startswith(("|", "#", "```", "<")) for b in blocks):
            return False
        pairs = sum(
            1
            for a, b in zip(blocks, blocks[1:])
            if not looks_like_abstract(a) and looks_like_abstract(b)
        )
        # Most blocks must sit in title/abstract pairs: a few stray lines are tolerated, prose is not.
        return pairs > 0 and 2 * pairs >= 0.6 * len(blocks)

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]:
        blocks = list(paragraphs(without_chrome(text)))
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
                yield Problem(
                    where, f"title {block[:60]!r} has no abstract; kept without one", "warning"
                )
                yield Paper(title=block, sources=[where])
                i += 1


READER = HfTextReader()

"""Generated HTML that Python-Markdown never parses: the long lists and the abstract of generated pages.

Python-Markdown runs some twenty inline patterns over every text node, and sitegen's escaped paper
text (a backslash before every period or dash) makes each escape a match, which would be most of
MkDocs' time on a paper page. Sitegen's templates write those parts as HTML themselves, every paper
text in them escaped by `escape.html_text`, between OPEN and CLOSE. Without the `sitegen` plugin such a
block is an ordinary raw HTML block; with it, the plugin lifts the block out before Markdown runs
and puts it back into the page's HTML afterwards, so Markdown does not even tokenise it.

Because a block reaches the page's HTML as it is, a page whose Markdown changed only inside its
blocks (a related list, the backlinks) can have its new HTML made from the old one by replacing
the blocks' text (sitegen/reuse.py): `block_changes` says which blocks those are.
"""

from __future__ import annotations

import re
import secrets

OPEN = "<!-- sitegen:html -->"
CLOSE = "<!-- /sitegen:html -->"


class Stash:
    """Blocks lifted out of one page's Markdown, each left behind as a paragraph naming it.

    The names carry a random token made once per build, so paper text cannot forge one.
    """

    def __init__(self) -> None:
        self.token = secrets.token_hex(8)
        self.blocks: list[str] = []

    def lift(self, markdown: str) -> str:
        parts = split_blocks(markdown)
        self.blocks = parts[1::2]
        text = [parts[0]]
        for number, outside in enumerate(parts[2::2]):
            text += [f"\n\nsitegen-html-{self.token}-{number}\n\n", outside]
        return "".join(text)

    def put_back(self, html: str) -> str:
        if not self.blocks:
            return html
        placeholder = re.compile(rf"<p>sitegen-html-{self.token}-(\d+)</p>")
        return placeholder.sub(lambda m: self.blocks[int(m.group(1))], html)


def block_changes(old: str, new: str) -> list[tuple[str, str]] | None:
    """The (old, new) text of the blocks that differ between two versions of a page, when nothing
    outside its blocks does; None when something does (the page then has to be rendered)."""
    old_parts, new_parts = split_blocks(old), split_blocks(new)
    if len(old_parts) != len(new_parts) or old_parts[::2] != new_parts[::2]:
        return None
    return [
        (before, after)
        for before, after in zip(old_parts[1::2], new_parts[1::2])
        if before != after
    ]


def split_blocks(text: str) -> list[str]:
    """The text outside the blocks and the blocks' own (between OPEN and its line's end, and CLOSE
    and the line end after it, if any): outside, block, outside, ..., outside. With str.find: a
    regex's lazy match would try to end the block at every character of every page."""
    parts, pos, start_mark = [], 0, OPEN + "\n"
    while (start := text.find(start_mark, pos)) >= 0 and (
        end := text.find(CLOSE, start + len(start_mark))
    ) >= 0:
        parts += [text[pos:start], text[start + len(start_mark) : end]]
        pos = end + len(CLOSE) + (text.startswith("\n", end + len(CLOSE)))
    return [*parts, text[pos:]]

"""A page whose Markdown changed only inside its HTML blocks gets its new HTML from the old one; any
doubt (something else changed, a block not found once, different white space at a block's ends,
HTML older than the Markdown it replaced) leaves the page to MkDocs."""

from __future__ import annotations

import os
import re

from hypothesis import given
from hypothesis import strategies as st

from sitegen.render.html_blocks import CLOSE, OPEN, Stash, block_changes, split_blocks
from sitegen.render.pages import BlockEdit
from sitegen.render.squeeze import squeeze_indentation
from sitegen.reuse import edited_page, replace_blocks

# A block as a pattern says it: OPEN and its line end, the shortest text, CLOSE and a line end if any.
BLOCK = re.compile(re.escape(OPEN) + r"\n(.*?)" + re.escape(CLOSE) + r"\n?", re.S)
PIECES = st.lists(
    st.sampled_from(["text\n", OPEN, CLOSE, "\n", OPEN + "\n", CLOSE + "\n", "<ul>", "x"]),
    max_size=14,
)


def page(related: str, backlinks: str, title: str = "A paper") -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n## Related\n\n{OPEN}\n{related}\n{CLOSE}\n\n## Linked from\n\n{OPEN}\n{backlinks}\n{CLOSE}\n"


RELATED = '<ul>\n  <li><a href="../b/">B</a></li>\n</ul>'
MORE = '<ul>\n  <li><a href="../b/">B</a></li>\n  <li><a href="../c/">C</a></li>\n</ul>'
BACKLINKS = '<ul>\n<li><a href="../d/">D</a></li>\n</ul>'


def test_block_changes_lists_the_changed_blocks_only_when_nothing_else_changed():
    assert block_changes(page(RELATED, BACKLINKS), page(MORE, BACKLINKS)) == [
        (RELATED + "\n", MORE + "\n")
    ]
    assert block_changes(page(RELATED, BACKLINKS), page(RELATED, BACKLINKS)) == []
    assert block_changes(page(RELATED, BACKLINKS), page(MORE, BACKLINKS, title="Renamed")) is None
    assert (
        block_changes(
            page(RELATED, BACKLINKS),
            page(RELATED, BACKLINKS).replace(f"{OPEN}\n{BACKLINKS}\n{CLOSE}\n", ""),
        )
        is None
    )


def html(related: str, backlinks: str) -> str:
    """A page as the sitegen plugin leaves it: blocks put back as they are, indentation squeezed."""
    return squeeze_indentation(
        f"<article>\n  <h2>Related</h2>\n{related}\n\n  <h2>Linked from</h2>\n{backlinks}\n</article>\n"
    )


def test_replace_blocks_gives_the_page_the_new_blocks():
    changes = block_changes(page(RELATED, BACKLINKS), page(MORE, BACKLINKS))
    assert replace_blocks(html(RELATED, BACKLINKS), changes) == html(MORE, BACKLINKS)


def test_replace_blocks_declines_when_in_doubt():
    assert replace_blocks(html(RELATED, RELATED), [(RELATED, MORE)]) is None  # found twice
    assert replace_blocks(html(MORE, BACKLINKS), [(RELATED, MORE)]) is None  # not found
    # other white space at its end
    assert replace_blocks(html(RELATED, BACKLINKS), [(RELATED + "\n", MORE)]) is None
    pre = "<pre>x\n  y</pre>"
    # kept verbatim by the squeeze
    assert replace_blocks(html(pre, BACKLINKS), [(pre, MORE)]) is None


def test_edited_page_needs_html_made_from_the_replaced_markdown(tmp_path):
    live = tmp_path / "papers" / "a" / "index.html"
    live.parent.mkdir(parents=True)
    live.write_text(html(RELATED, BACKLINKS), encoding="utf-8")
    changes = [(RELATED, MORE)]
    made = os.stat(live).st_mtime
    assert edited_page(tmp_path, "papers/a/index.html", made, BlockEdit(made, changes)) == html(
        MORE, BACKLINKS
    )
    # The Markdown it replaced is newer than the live HTML: that HTML was made from some older page.
    assert edited_page(tmp_path, "papers/a/index.html", made, BlockEdit(made + 1, changes)) is None


@given(PIECES)
def test_blocks_split_as_the_pattern_splits(pieces):
    text = "".join(pieces)
    assert split_blocks(text) == BLOCK.split(text)


@given(PIECES)
def test_blocks_are_lifted_where_the_pattern_finds_them(pieces):
    text, stash, found = "".join(pieces), Stash(), []

    def placeholder(match: re.Match) -> str:
        found.append(match.group(1))
        return f"\n\nsitegen-html-{stash.token}-{len(found) - 1}\n\n"

    assert stash.lift(text) == BLOCK.sub(placeholder, text)
    assert stash.blocks == found

"""Papers' items made once and given to every listing page that shows them."""

from __future__ import annotations

import pytest

from sitegen.model import Paper
from sitegen.render.listing import PaperItems, pages_of
from sitegen.render.pages import _ENV, paper_items


def paper(n: int, title: str = "A title") -> Paper:
    return Paper(title=f"{title} {n}", id=f"2601.{n:05d}", upvotes=n, date="2026-01-02")


def test_an_item_links_to_its_paper_from_each_page_that_lists_it():
    papers = [paper(n) for n in range(3)]
    items = paper_items(_ENV)
    first, second = pages_of("tags/widgets", papers, size=2)
    (top,) = pages_of("tags/widgets/top", papers[2:])
    assert items.on(first)[0] == (
        '<li><a href="../../papers/2601.00000/">A title 0</a> <span class="sg-votes">▲ 0</span>'
        ' <span class="sg-date">2026-01-02</span></li>'
    )
    assert (
        items.on(second)
        == items.on(top)
        == [
            '<li><a href="../../../papers/2601.00002/">A title 2</a> <span class="sg-votes">▲ 2</span>'
            ' <span class="sg-date">2026-01-02</span></li>'
        ]
    )


def test_each_item_is_made_once_whatever_the_pages_that_list_it():
    made = []
    items = PaperItems(lambda p, root: made.append(p.id) or f"<li>{root}{p.title}</li>")
    papers = [paper(n) for n in range(5)]
    pages = pages_of("tags/a", papers, size=2) + pages_of("archive/2026-01/top", papers[::-1])
    listed = [items.on(page) for page in pages]
    assert sorted(made) == sorted(p.id for p in papers)
    assert listed[0] == ["<li>../../A title 0</li>", "<li>../../A title 1</li>"]
    assert listed[-1][0] == "<li>../../../A title 4</li>"


def test_paper_text_is_never_taken_for_the_root():
    """The root is the first hole: a title that holds the marker stays as written."""
    items = PaperItems(lambda p, root: f"<li>{root}{p.title}</li>")
    (page,) = pages_of("tags/a", [paper(1, title="A\x00B")])
    assert items.on(page) == ["<li>../../A\x00B 1</li>"]


def test_an_item_that_does_not_link_from_the_root_is_refused():
    items = PaperItems(lambda p, root: f"<li>{p.title}</li>")
    (page,) = pages_of("tags/a", [paper(1)])
    with pytest.raises(ValueError, match="root"):
        items.on(page)

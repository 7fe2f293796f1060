"""Papers' items, and what is above an author's list, made once and given to every listing page
that shows them, each linking from its own page."""

from __future__ import annotations

import pytest

from sitegen.model import Collection, Paper, Tag
from sitegen.render.listing import ROOT_HOLE, PaperItems, pages_of
from sitegen.render.listing_cache import ListingCache
from sitegen.render.pages import _ENV, front_matter, paper_items
from sitegen.render.people import people_of, person_pages


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
    """Escaped, no text holds the hole's markup; unescaped after the root, it stays as written."""
    items = PaperItems(lambda p, root: f"<li>{root}{p.title}</li>")
    (page,) = pages_of("tags/a", [paper(1, title=ROOT_HOLE)])
    assert items.on(page) == [f"<li>../../{ROOT_HOLE} 1</li>"]
    (page,) = pages_of("tags/a", [paper(1, title=f"{ROOT_HOLE} and {ROOT_HOLE}")])
    assert ROOT_HOLE not in "".join(paper_items(_ENV).on(page))


def test_a_persons_pages_each_link_from_their_own_root():
    """What is above an author's list is made once for the author's pages, each with its root."""
    papers = [
        Paper(title=f"P {n}", id=f"2601.{n:05d}", authors=[ROOT_HOLE, "Bo"], upvotes=n, tags=["t"])
        for n in range(150)
    ]
    collection = Collection(
        papers={p.id: p for p in papers}, tags={"t": Tag(slug="t", name="T & U")}
    )
    people = people_of(papers, 1)
    listings = ListingCache(people, collection.tags, {}, {}, set())
    pages = dict(person_pages(collection, papers, listings, paper_items(_ENV), _ENV, front_matter))
    slug = people.authors[ROOT_HOLE]
    for path, root in [
        (f"authors/{slug}.md", "../../"),
        (f"authors/{slug}/2.md", "../../../"),
        (f"authors/{slug}/top/2.md", "../../../../"),
    ]:
        text = pages[path].partition("<!-- sitegen:html -->")[2]
        assert ROOT_HOLE not in text
        assert f'<a class="md-tag" href="{root}tags/t/">T &amp; U (150)</a>' in text
        assert f'Co-authors: <a href="{root}authors/bo/">Bo</a>' in text
    assert 'Co-authors: <a href="../../authors/' in pages["authors/bo.md"]
    assert "&lt;sitegen-root&gt;</a>" in pages["authors/bo.md"]


def test_an_item_that_does_not_link_from_the_root_is_refused():
    items = PaperItems(lambda p, root: f"<li>{p.title}</li>")
    (page,) = pages_of("tags/a", [paper(1)])
    with pytest.raises(ValueError, match="root"):
        items.on(page)

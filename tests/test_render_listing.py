"""Where each page of a listing lives and how its links reach the root and the other pages."""

from __future__ import annotations

import posixpath

import pytest

from sitegen.render.listing import pages_of


def served(path: str) -> str:
    """The folder MkDocs serves a Markdown file at (use_directory_urls)."""
    stem = path.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else f"{stem}/"


@pytest.mark.parametrize("base", ["tags/widgets", "archive/2025-01", "authors/index"])
def test_every_link_of_every_page_lands_where_the_page_is_served(base):
    pages = pages_of(base, list(range(250)), size=100)
    assert [len(p.items) for p in pages] == [100, 100, 50]
    assert sum((p.items for p in pages), []) == list(range(250))
    where = {p.number: served(p.path) for p in pages}
    assert len(set(where.values())) == 3
    for page in pages:
        here = where[page.number]
        assert posixpath.normpath(here + page.root) == "."
        for number in where:
            target = posixpath.normpath(posixpath.join(here, page.href(number)))
            assert target + "/" == where[number], (page.path, number)


def test_an_empty_listing_is_one_empty_page():
    (page,) = pages_of("tags/empty", [])
    assert (page.path, page.items, page.count) == ("tags/empty.md", [], 1)


@pytest.mark.parametrize(
    ("number", "named"),
    [
        (1, [1, 2, 3, 4, None, 1000]),
        (5, [1, 2, 3, 4, 5, 6, 7, 8, None, 1000]),
        (500, [1, None, 497, 498, 499, 500, 501, 502, 503, None, 1000]),
        (1000, [1, None, 997, 998, 999, 1000]),
    ],
)
def test_a_pager_names_the_ends_and_the_pages_near_its_own(number, named):
    pages = pages_of("papers/index", list(range(100_000)), size=100)
    assert pages[number - 1].numbers() == named


@pytest.mark.parametrize("count", [1, 2, 7, 9, 40])
def test_every_page_is_reached_from_the_first_through_the_pagers(count):
    pages = pages_of("tags/widgets", list(range(count)), size=1)
    reached, todo = {1}, [1]
    while todo:
        for n in pages[todo.pop() - 1].numbers():
            if n is not None and n not in reached:
                reached.add(n)
                todo.append(n)
    assert reached == set(range(1, count + 1))
    assert all(len(p.numbers()) <= 11 for p in pages)

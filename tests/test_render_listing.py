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

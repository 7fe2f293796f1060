"""Listings cut into pages of PAGE_SIZE: no page of a tag, month, author or organization grows
with the collection. base.md (served as base/) is the first page, base/2.md (base/2/) the next."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_SIZE = 100


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its file, its items (papers, names), its number (from 1), how many
    pages there are, and the way from it to the site's root and to the listing's other pages."""

    path: str
    items: list
    number: int
    count: int

    @property
    def root(self) -> str:
        # base.md is served as base/ and base/2.md as base/2/: one folder deeper than the file.
        return "../" * (self.path.count("/") + 1)

    def href(self, number: int) -> str:
        """The relative link from this page to the listing's page `number`."""
        first = "../" if self.number > 1 else ""
        return first if number == 1 else f"{first}{number}/"


def pages_of(base: str, items: list, size: int = PAGE_SIZE) -> list[ListingPage]:
    """A listing cut into pages: base.md (base/) first, then base/2.md (base/2/) and on."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    return [
        ListingPage(f"{base}.md" if n == 1 else f"{base}/{n}.md", chunk, n, len(chunks))
        for n, chunk in enumerate(chunks, start=1)
    ]

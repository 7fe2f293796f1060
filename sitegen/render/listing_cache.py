"""The listing cache: a listing (a tag's, a month's, a day's, a week's, an author's or an
organization's pages, in both orders) is rendered again only when something it is made from has
changed.

A listing's key hashes its papers in order, each by what any listing shows of it (the fields its
items show, and the authors, tags and organization that a person's page sums up), with what the
listing shows besides (a tag's name, a day's neighbours). A daily rebuild of a large collection
changes a few thousand of its listings: the others cost a hash instead of being drawn and compared
with their files. The keys are kept between builds with the paper pages' (state/render_keys.py),
void with other render code as theirs are (page_cache.VERSION).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from sitegen.model import Paper, Tag
from sitegen.render.people import People
from sitegen.state_files import plain_key

# The fields of a paper that listings show as they are: its item in any listing (paper_item and
# ranked_item) and what a person's page sums up; the authors and tags are read with who has a page
# and the tags' names. Read from the paper, not from its rendered items, which a listing left as it
# is never needs (tests/test_render_listing_cache.py holds every field an item shows among them).
LISTED = (
    "id",
    "title",
    "upvotes",
    "date",
    "daily_date",
    "code_url",
    "code_stars",
    "tldr",
    "organization",
    "organization_id",
    "organization_avatar",
)


class Listed(NamedTuple):
    key: str
    pages: list[str]  # the listing's pages, as paths in the docs folder


class ListingCache:
    """Fills `found` with the key and pages of each listing, once it is kept or wholly drawn, and
    `kept` with the pages of those left as they are on disk: `known` holds the last build's listings
    whose pages are all still there. `people` says who has a page, `tags` are the collection's."""

    def __init__(
        self,
        people: People,
        tags: dict[str, Tag],
        known: dict[str, Listed],
        found: dict[str, Listed],
        kept: set[str],
    ) -> None:
        self.people, self.tags = people, tags
        self.known, self.found, self.kept = known, found, kept
        self.marks: dict[str, str] = {}
        self.drawing: dict[str, str] = {}  # base -> key of each listing found changed

    def unchanged(self, base: str, papers: list[Paper], shown: tuple) -> bool:
        """Whether the listing at `base` of `papers` (in its order), which shows `shown` besides them,
        is as it was: its pages are then kept. Otherwise its pages are to be drawn through `drawn`."""
        key = plain_key((base, shown, [self._mark(paper) for paper in papers]))
        before = self.known.get(base)
        if before is not None and before.key == key:
            self.found[base] = before
            self.kept.update(before.pages)
            return True
        self.drawing[base] = key
        return False

    def drawn(self, base: str, pages: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """The pages of a listing found changed; its key is noted once the last is drawn (a listing
        drawn in part is drawn again by the next build)."""
        paths = []
        for path, text in pages:
            paths.append(path)
            yield path, text
        self.found[base] = Listed(self.drawing.pop(base), paths)

    def _mark(self, paper: Paper) -> str:
        mark = self.marks.get(paper.id)
        if mark is None:
            authors, tags = self.people.authors, self.tags
            mark = self.marks[paper.id] = plain_key(
                (
                    [getattr(paper, name) for name in LISTED],
                    [(name, authors.get(name)) for name in paper.authors],
                    [(slug, tags[slug].name) for slug in paper.tags if slug in tags],
                )
            )
        return mark

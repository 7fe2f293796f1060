"""Listings cut into pages of PAGE_SIZE: no page of a tag, month, author or organization grows
with the collection. base.md (served as base/) is the first page, base/2.md (base/2/) the next;
an index listing (base/index.md, served as base/) goes on at base/page-2/, where no name can clash."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sitegen.model import Paper

PAGE_SIZE = 100
PAGER_SPAN = 3  # pages a pager links on each side of its own, besides the first and the last
# Where a text made once for several pages has each page's way to the site's root: markup, which
# no escaped text holds.
ROOT_HOLE = "<sitegen-root>"


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its file, its items (papers, names), its number (from 1), how many
    pages there are, and the way from it to the site's root and to the listing's other pages."""

    path: str
    items: list
    number: int
    count: int
    depth: int  # folders from the site's root to the page's address
    prefix: str = ""  # before a later page's number in its address

    @property
    def root(self) -> str:
        return "../" * self.depth

    def numbers(self) -> list[int | None]:
        """The pages the pager names, in order, None where it skips some: the first, the last and
        PAGER_SPAN on each side of this one. Naming every page would make a pager, on each of a listing's
        pages, grow with the listing."""
        near = range(self.number - PAGER_SPAN, self.number + PAGER_SPAN + 1)
        named = sorted({1, self.count, *(n for n in near if 1 <= n <= self.count)})
        shown: list[int | None] = []
        for n in named:
            if shown and n - shown[-1] == 2:
                shown.append(n - 1)  # one page skipped: its number takes no more room than a gap
            elif shown and n - shown[-1] > 2:
                shown.append(None)
            shown.append(n)
        return shown

    def href(self, number: int) -> str:
        """The relative link from this page to the listing's page `number`."""
        up = "../" if self.number > 1 else ""
        return up if number == 1 else f"{up}{self.prefix}{number}/"


def pages_of(base: str, items: list, size: int = PAGE_SIZE) -> list[ListingPage]:
    """A listing cut into pages, the first at base.md; at least one page, empty or not."""
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    folder, _, name = base.rpartition("/")
    index = name == "index"
    prefix = "page-" if index else ""
    home = folder if index else base  # where the first page is served
    depth = home.count("/") + 1
    return [
        ListingPage(
            f"{base}.md" if n == 1 else f"{home}/{prefix}{n}.md",
            chunk,
            n,
            len(chunks),
            depth if n == 1 else depth + 1,
            prefix,
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def most_upvoted(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.upvotes or 0), p.title.casefold(), p.id))


def has_upvotes(papers: list[Paper]) -> bool:
    """Whether a listing of these papers has a most-upvoted order too."""
    return any(p.upvotes is not None for p in papers)


def in_both_orders(
    base: str, newest: list[Paper], ranked_first: bool = False
) -> Iterator[tuple[ListingPage, dict]]:
    """A listing's pages newest first (base/), and most upvoted first (base/top/) when any of its
    papers has upvotes; with `ranked_first` (a week of the daily list, whose point is its top
    papers) most upvoted first at base/ and newest first at base/date/. Each page comes with what
    the template needs to link the two orders."""
    ranked = most_upvoted(newest) if ranked_first or has_upvotes(newest) else None
    at = (
        {"date": f"{base}/date", "upvotes": base}
        if ranked_first
        else {"date": base, "upvotes": f"{base}/top"}
    )
    both = {"at": at, "ranked": ranked is not None}
    for order, papers in (("date", newest), ("upvotes", ranked)):
        if papers is not None:
            for page in pages_of(at[order], papers):
                yield page, {**both, "order": order}


class PaperItems:
    """Each paper's item of a listing, made once by `item(paper, root)` (a template's macro) and given
    to every listing page that shows the paper: a paper is in its tags', its month's and its
    authors' listings, in two orders each.

    An item links to the paper from the page that lists it: it is made with ROOT_HOLE as its `root`
    and kept as the text on either side of it."""

    def __init__(self, item: Callable[[Paper, str], str]) -> None:
        self.item = item
        self.heads: dict[str, str] = {}  # one copy of each text before the hole (the macro's own)
        self.made: dict[str, tuple[str, str]] = {}

    def on(self, page: ListingPage) -> list[str]:
        """The items of a page of papers, linked from that page."""
        root, made = page.root, self.made
        parts = [made.get(paper.id) or self._make(paper) for paper in page.items]
        return [head + root + tail for head, tail in parts]

    def _make(self, paper: Paper) -> tuple[str, str]:
        head, hole, tail = self.item(paper, ROOT_HOLE).partition(ROOT_HOLE)
        if not hole:
            raise ValueError("a paper's item does not link from its page's root")
        made = self.made[paper.id] = (self.heads.setdefault(head, head), tail)
        return made

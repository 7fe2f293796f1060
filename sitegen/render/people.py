"""Author and organization pages, linked from every paper that names them.

authors/<slug>/ for each author with at least `min_papers` papers in the collection (every author's
page would outnumber the papers' own: on real records, the authors of two papers or more do);
the others stay searchable by name. orgs/<slug>/ for each organization a source names. Each page
lists the papers a page at a time, newest first (and most upvoted first at <slug>/top/), with the
tags of the work and, for an author, the co-authors who have pages.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from jinja2 import Environment
from slugify import slugify

from sitegen.model import HF, Collection, Paper, Tag
from sitegen.render.escape import html_text, image_url
from sitegen.render.listing import ROOT_HOLE, PaperItems, in_both_orders, pages_of

if TYPE_CHECKING:
    from sitegen.render.listing_cache import ListingCache

TOP_TAGS = 12
TOP_COAUTHORS = 24


@dataclass(frozen=True)
class People:
    """Who has a page: author names and organization handles, each with its page's slug."""

    authors: dict[str, str]
    orgs: dict[str, str]


NO_PEOPLE = People({}, {})


def people_of(papers: list[Paper], min_papers: int) -> People:
    """Authors with at least `min_papers` papers (0: none get a page) and every organization.

    Names that slugify alike ("Kai Chen", "Kai  Chen") share one page: they are one author as far as
    a reader can tell."""
    counts: Counter[str] = Counter()
    for paper in papers:
        counts.update(dict.fromkeys(paper.authors).keys())
    # Each name slugified once, not once per paper that names it.
    slugs = {name: slugify(name) or "author" for name in counts}
    per_slug: Counter[str] = Counter()
    for name, count in counts.items():
        per_slug[slugs[name]] += count
    authors = {}
    if min_papers > 0:
        authors = {name: slug for name, slug in slugs.items() if per_slug[slug] >= min_papers}
    handles = dict.fromkeys(p.organization_id for p in papers if p.organization_id)
    orgs = {handle: slugify(handle) or "org" for handle in handles}
    return People(authors, orgs)


def person_pages(
    collection: Collection,
    newest: list[Paper],
    listings: ListingCache,
    items: PaperItems,
    env: Environment,
    front_matter: Callable[[dict], str],
    remote_images: bool = False,
) -> Iterator[tuple[str, str]]:
    """Every author's and organization's pages (those `listings` does not keep), and the two index
    pages; an organization's avatar (on another host) only with `remote_images`."""
    people = listings.people
    by_author: dict[str, list[Paper]] = defaultdict(list)
    by_org: dict[str, list[Paper]] = defaultdict(list)
    coauthors = Coauthors(newest, people)
    for paper in newest:
        for slug in dict.fromkeys(coauthors.paged.get(paper.id, ())):
            by_author[slug].append(paper)
        if paper.organization_id in people.orgs:
            by_org[people.orgs[paper.organization_id]].append(paper)
    templates = (env.get_template("person.md.j2"), env.get_template("person_about.html.j2"))
    names = _display_names(people.authors, newest)
    for slug, papers in by_author.items():
        base = f"authors/{slug}"
        if listings.unchanged(base, papers, ("author",)):
            continue
        context = {
            "kind": "author",
            "name": names[slug],
            "link": None,
            "avatar": None,
            "coauthors": coauthors.of(slug, papers),
            "tags": _top_tags(papers, collection),
        }
        yield from listings.drawn(
            base, _listing(templates, front_matter, base, papers, context, items)
        )
    for slug, papers in by_org.items():
        base = f"orgs/{slug}"
        if listings.unchanged(base, papers, ("organization", remote_images)):
            continue
        first = papers[0]
        context = {
            "kind": "organization",
            "name": first.organization,
            "link": f"{HF}/{first.organization_id}",
            "avatar": avatar(papers) if remote_images else None,
            "coauthors": [],
            "tags": _top_tags(papers, collection),
        }
        yield from listings.drawn(
            base, _listing(templates, front_matter, base, papers, context, items)
        )
    yield from _index(env, front_matter, "authors", "Authors", by_author, names)
    org_names = {slug: papers[0].organization for slug, papers in by_org.items()}
    yield from _index(env, front_matter, "orgs", "Organizations", by_org, org_names)


def avatar(papers: list[Paper]) -> str | None:
    """The newest avatar the organization's papers give, as an https URL."""
    return next(filter(None, (image_url(p.organization_avatar) for p in papers)), None)


def _top_tags(papers: list[Paper], collection: Collection) -> list[tuple[Tag, int]]:
    tags = Counter(s for p in papers for s in p.tags if s in collection.tags)
    return [(collection.tags[s], n) for s, n in tags.most_common(TOP_TAGS)]


def _listing(
    templates, front_matter, base, papers, context, items: PaperItems
) -> Iterator[tuple[str, str]]:
    """A person's pages in both orders; what is above the list made once, with the hole each page
    puts its root in."""
    page_template, about_template = templates
    about = about_template.render(root=ROOT_HOLE, count=len(papers), **context)
    for page, order in in_both_orders(base, papers):
        yield (
            page.path,
            page_template.render(
                front_matter=front_matter({"title": html_text(context["name"])}),
                name=context["name"],
                about=about.replace(ROOT_HOLE, page.root),
                page=page,
                items=items.on(page),
                **order,
            ),
        )


def _index(env, front_matter, base, title, listed, names) -> Iterator[tuple[str, str]]:
    """base/index.md: everyone with a page, the most papers first."""
    entries = sorted(listed, key=lambda slug: (-len(listed[slug]), names[slug].casefold()))
    template = env.get_template("people_index.md.j2")
    rows = [(slug, names[slug], len(listed[slug])) for slug in entries]
    for page in pages_of(f"{base}/index", rows):
        yield (
            page.path,
            template.render(
                front_matter=front_matter({"title": title}), title=title, folder=base, page=page
            ),
        )


def _display_names(authors: dict[str, str], papers: list[Paper]) -> dict[str, str]:
    """Each author page's name: the spelling its papers use most, the first met in `papers` among
    equals. Every name is counted in one pass (Counter's own loop) and grouped by page after: a
    count per name per paper was seconds at 100,000 papers."""
    counts = Counter(chain.from_iterable(paper.authors for paper in papers))
    best: dict[str, tuple[int, str]] = {}
    for name, count in counts.items():  # in the order first met
        slug = authors.get(name)
        if slug is not None and count > best.get(slug, (0, ""))[0]:
            best[slug] = (count, name)
    return {slug: name for slug, (_, name) in best.items()}


class Coauthors:
    """Who wrote an author's papers with them, among the authors with pages."""

    def __init__(self, papers: list[Paper], people: People) -> None:
        self.people = people
        # By paper id, the page of each of its authors who have one, a name once (two names that
        # slugify alike, twice): found once for each of the paper's author pages.
        self.paged: dict[str, list[str]] = {}
        for paper in papers:
            slugs = [people.authors[n] for n in dict.fromkeys(paper.authors) if n in people.authors]
            if slugs:
                self.paged[paper.id] = slugs
        # Each page's name where only one spelling of it has a page; None where several do.
        self.names: dict[str, str | None] = {}
        for name, slug in people.authors.items():
            self.names[slug] = None if slug in self.names else name

    def of(self, slug: str, papers: list[Paper]) -> list[tuple[str, str, int]]:
        """(slug, name, papers together) of the co-authors of `slug`'s papers (newest first) who
        have pages, most shared papers first, then by name; each by the name it has on the newest
        paper they share."""
        together = Counter(chain.from_iterable(self.paged[paper.id] for paper in papers))
        del together[slug]
        counted = together.most_common()
        if len(counted) > TOP_COAUTHORS:
            # Past the last shown, only those with as many shared papers can show, by their names.
            least = counted[TOP_COAUTHORS - 1][1]
            counted = counted[: bisect_right(counted, -least, key=lambda item: -item[1])]
        named = self._names([other for other, _ in counted], papers)
        best = sorted(counted, key=lambda item: (-item[1], named[item[0]].casefold()))
        return [(other, named[other], n) for other, n in best[:TOP_COAUTHORS]]

    def _names(self, slugs: list[str], papers: list[Paper]) -> dict[str, str]:
        """Each page's name as first met on the papers: a page that several spellings share is
        looked for, in one pass over the papers for all of them."""
        named = {slug: self.names[slug] for slug in slugs}
        several = {slug for slug, name in named.items() if name is None}
        for paper in papers:
            if not several:
                break
            for name in paper.authors:
                slug = self.people.authors.get(name)
                if slug in several:
                    named[slug] = name
                    several.discard(slug)
        return named

"""The listing cache: a rebuild keeps a listing's pages only when they would come out as they are,
and draws every other listing again."""

from __future__ import annotations

import dataclasses
import json

import pytest
from site_builder import make_collection

from sitegen.model import Paper, Tag
from sitegen.pipeline import build, load_collection
from sitegen.render.listing_cache import Listed, ListingCache
from sitegen.render.page_cache import VERSION
from sitegen.render.pages import _ENV, render_pages
from sitegen.render.people import NO_PEOPLE
from sitegen.state.render_keys import load_page_keys

LISTINGS = ("tags/", "archive/", "days/", "weeks/", "authors/", "orgs/")
AUTHOR_PAGES_MIN = 2  # the sample has few authors of five papers: more pages, more to get wrong


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """The bundled sample, its papers shared among three organizations and seven more authors."""
    sample = load_collection(make_collection(tmp_path_factory.mktemp("c"))).collection
    papers = {
        paper.id: dataclasses.replace(
            paper,
            authors=[*paper.authors, f"Shared Author {n % 7}"],
            organization=f"Lab {n % 3}",
            organization_id=f"lab-{n % 3}",
            daily_date=paper.daily_date or paper.date,
        )
        for n, paper in enumerate(sample.papers.values())
    }
    return dataclasses.replace(sample, papers=papers)


def render(collection, before=None):
    """Every page drawn (path -> text) and what was rendered, given the keys of an earlier render."""
    rendered = render_pages(
        collection,
        author_pages_min=AUTHOR_PAGES_MIN,
        known=before.keys if before else None,
        known_listings=before.listed if before else None,
    )
    return dict(rendered.pages), rendered


def listing_pages(pages):
    return {path for path in pages if path.startswith(LISTINGS) and "/index" not in path}


def with_paper(collection, paper):
    return dataclasses.replace(collection, papers={**collection.papers, paper.id: paper})


def changes(collection):
    """Changes a day's build meets, each a new collection."""
    papers = list(collection.papers.values())
    paper = max(papers, key=lambda p: (len(p.authors), len(p.tags), p.id))
    slug = paper.tags[0]
    newcomer = Paper(
        id="2612.99999",
        title="A New Paper by Known Authors",
        abstract="Words.",
        authors=paper.authors[:2] + ["Someone New"],
        date="2026-12-06",
        tags=paper.tags,
        upvotes=3,
    )
    return {
        "retitled": with_paper(collection, dataclasses.replace(paper, title="Another Title")),
        "upvoted": with_paper(
            collection, dataclasses.replace(paper, upvotes=(paper.upvotes or 0) + 50)
        ),
        "redated": with_paper(collection, dataclasses.replace(paper, date="2019-01-01")),
        "summarised": with_paper(collection, dataclasses.replace(paper, tldr="In short.")),
        "moved to another day": with_paper(
            collection, dataclasses.replace(paper, daily_date="2019-01-02")
        ),
        # an author of one paper now also on another: their page appears, and co-author lists change
        "co-authored": with_paper(
            collection,
            dataclasses.replace(papers[0], authors=[*papers[0].authors, papers[1].authors[0]]),
        ),
        "retagged": with_paper(collection, dataclasses.replace(paper, tags=paper.tags[1:])),
        "tag renamed": dataclasses.replace(
            collection,
            tags={
                **collection.tags,
                slug: dataclasses.replace(collection.tags[slug], name="Renamed"),
            },
        ),
        "organization renamed": with_paper(
            collection,
            dataclasses.replace(
                paper, organization="Other Lab", organization_id=paper.organization_id or "otherlab"
            ),
        ),
        "added": with_paper(collection, newcomer),
        "removed": dataclasses.replace(
            collection, papers={k: p for k, p in collection.papers.items() if k != paper.id}
        ),
    }


def test_an_unchanged_rebuild_draws_no_listing(collection):
    first_pages, first = render(collection)
    assert {base.split("/")[0] + "/" for base in first.listed} == set(LISTINGS)
    again_pages, again = render(collection, first)
    assert not listing_pages(again_pages)
    assert listing_pages(first_pages) <= again.kept
    assert again.listed == first.listed


def test_a_kept_listing_is_what_a_clean_render_draws(collection):
    """For each change: every listing page kept equals the clean render's, the others are drawn,
    and the change leaves some listings kept (a cache that keeps nothing proves nothing)."""
    first_pages, first = render(collection)
    for name, changed in changes(collection).items():
        clean, _ = render(changed)
        drawn, rendered = render(changed, first)
        kept = listing_pages(clean) - set(drawn)
        assert kept <= rendered.kept, name
        assert all(clean[path] == first_pages[path] for path in kept), name
        assert all(drawn[path] == clean[path] for path in listing_pages(drawn)), name
        assert kept and listing_pages(drawn), name


def test_a_listing_page_deleted_by_hand_is_drawn_again_and_no_other(tmp_path):
    config = make_collection(tmp_path / "c", author_pages_min=AUTHOR_PAGES_MIN)
    build(config)
    docs = config.docs_path
    pages = {p.relative_to(docs).as_posix() for d in LISTINGS for p in (docs / d).rglob("*.md")}
    times = {path: (docs / path).stat().st_mtime_ns for path in pages}
    gone = min(p for p in pages if p.startswith("tags/") and "/index" not in p)
    text = (docs / gone).read_bytes()
    (docs / gone).unlink()
    assert build(config).pages_written == 1
    assert (docs / gone).read_bytes() == text
    assert all((docs / p).stat().st_mtime_ns == times[p] for p in pages - {gone})


def test_every_field_an_item_shows_changes_the_listings_key():
    """A field a listing's item shows (in any of the item templates) that the key does not read
    would leave a listing showing the old value."""
    item = _ENV.get_template("paper_item.html.j2").module.paper_item
    ranked = _ENV.get_template("ranked_item.html.j2").module.ranked_item
    paper = Paper(
        title="A Paper",
        id="2601.00001",
        authors=["Ann"],
        date="2026-01-01",
        daily_date="2026-01-02",
        tags=["t"],
        upvotes=4,
        code_url="https://github.com/a/b",
        code_stars=9,
        tldr="Short.",
    )
    tags = {"t": Tag(slug="t", name="T")}

    def shown(p):
        return [item(p, "R/"), ranked(p, "R/", True), ranked(p, "R/", False)]

    first = ListingCache(NO_PEOPLE, tags, {}, {}, set())
    assert not first.unchanged("tags/t", [paper], ())
    assert list(first.drawn("tags/t", iter([("tags/t.md", "")]))) == [("tags/t.md", "")]
    showing = []
    for field in dataclasses.fields(Paper):
        value = getattr(paper, field.name)
        other = ["u"] if isinstance(value, list) else "other" if isinstance(value, str) else 5
        changed = dataclasses.replace(paper, **{field.name: other})
        if shown(changed) != shown(paper):
            showing.append(field.name)
            again = ListingCache(NO_PEOPLE, tags, first.found, {}, set())
            assert not again.unchanged("tags/t", [changed], ()), field.name
    assert {"title", "upvotes", "date", "tldr", "code_url"} <= set(showing)


def test_a_damaged_listing_entry_in_the_kept_keys_is_drawn_again(tmp_path):
    """The keys are a cache: an entry that is not what a build saves is ignored, never a crash."""
    path = tmp_path / "pages.json"
    listings = {
        "tags/a": ["key", ["tags/a.md"]],
        "tags/b": ["key", [{"not": "a path"}]],
        "tags/c": ["key"],
        "tags/d": "key",
    }
    path.write_text(json.dumps({"version": VERSION, "listings": listings}), encoding="utf-8")
    known = load_page_keys(path, {"tags/a.md", "tags/b.md", "tags/c.md", "tags/d.md"})
    assert known.listings == {"tags/a": Listed("key", ["tags/a.md"])} and known.pages == {}


def test_a_listing_drawn_in_part_is_not_kept_by_the_next_build():
    """A build that stops while drawing a listing's pages leaves no key for it: were its key kept
    with the pages drawn so far, the next build would keep those and remove the rest."""
    paper = Paper(title="A Paper", id="2601.00001", tags=["t"])
    tags = {"t": Tag(slug="t", name="T")}
    cache = ListingCache(NO_PEOPLE, tags, {}, {}, set())
    assert not cache.unchanged("tags/t", [paper], ())
    pages = cache.drawn("tags/t", iter([("tags/t.md", ""), ("tags/t/2.md", "")]))
    next(pages)
    assert cache.found == {}
    assert list(pages) == [("tags/t/2.md", "")]
    assert cache.found == {
        "tags/t": Listed(cache.found["tags/t"].key, ["tags/t.md", "tags/t/2.md"])
    }

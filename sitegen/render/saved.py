"""Saved searches' pages and feeds (sitegen.yml's `feeds:`, sitegen/saved_searches.py):
    searches/                     the saved searches, each with its query, matches and feeds
    searches/<slug>/, /2/, ...    a saved search's matches, newest first, a page at a time
    feeds/searches/<slug>/        Atom and JSON Feed of its newest matches (feeds.py)

Their matches come from the build's own search index (search/saved.py), which a forked process
writes while the other pages are rendered: the pages are drawn after every other page, and only
then is the index waited for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import Environment

from sitegen.model import Collection, Paper, Tag
from sitegen.render.escape import html_text
from sitegen.render.feeds import (
    NEWEST,
    SEARCHES,
    Feed,
    FeedMemo,
    remove_other_feeds,
    write_pair,
)
from sitegen.render.listing import PaperItems, pages_of
from sitegen.saved_searches import SavedSearch
from sitegen.search.query import QueryError
from sitegen.search.searcher import resolve_tag


class SavedListings:
    """The saved searches of a build, and `find`, which gives each one's matches by its slug (paper
    ids, newest first) once the search index is written. The pages find them; the feeds, written
    after the pages, list the same."""

    def __init__(self, searches: tuple[SavedSearch, ...], find: Callable[[], dict[str, list[str]]]):
        self.searches, self.find = searches, find
        self.found: dict[str, list[str]] = {}

    def matches(self, collection: Collection, search: SavedSearch) -> list[Paper]:
        return [collection.papers[i] for i in self.found.get(search.slug, [])]

    def pages(
        self,
        collection: Collection,
        site_name: str,
        env: Environment,
        front_matter: Callable[[dict], str],
        items: PaperItems,
    ) -> Iterator[tuple[str, str]]:
        """The index of saved searches and each one's pages (`items`: the papers' items of their
        listings); none without saved searches."""
        if not self.searches:
            return
        self.found = self.find()
        listed = [(s, len(self.found[s.slug]), feed_of(s).paths) for s in self.searches]
        yield (
            f"{SEARCHES}/index.md",
            env.get_template("searches_index.md.j2").render(
                front_matter=front_matter({"title": "Saved searches"}), searches=listed
            ),
        )
        template = env.get_template("search.md.j2")
        for search in self.searches:
            papers = self.matches(collection, search)
            meta = {
                "title": html_text(search.name),
                "description": html_text(f"Papers matching {search.query}"),
                # The sitegen plugin announces these feeds in the page's head (site_theme.py).
                "feed": {
                    "slug": search.slug,
                    "title": feed_title(site_name, search),
                    "kind": SEARCHES,
                },
            }
            for page in pages_of(f"{SEARCHES}/{search.slug}", papers):
                yield (
                    page.path,
                    template.render(
                        front_matter=front_matter(meta),
                        search=search,
                        tag=limiting_tag(search, collection.tags),
                        count=len(papers),
                        page=page,
                        items=items.on(page),
                        feeds=feed_of(search).paths,
                    ),
                )

    def write_feeds(
        self, collection: Collection, docs_dir: Path, site_url: str, site_name: str, memo: FeedMemo
    ) -> list[Path]:
        """Each saved search's feeds (its NEWEST first matches), after `pages`; the feeds of saved
        searches no longer in the config go. Returns the files that changed."""
        changed = []
        for search in self.searches:
            newest = self.matches(collection, search)[:NEWEST]
            title = feed_title(site_name, search)
            changed += write_pair(
                collection, docs_dir, newest, site_url, title, feed_of(search), memo
            )
        remove_other_feeds(docs_dir, SEARCHES, (s.slug for s in self.searches))
        return changed


def limiting_tag(search: SavedSearch, tags: dict[str, Tag]) -> Tag | None:
    """The collection's tag a saved search is limited to, if it has papers (and so a page)."""
    if search.tag is None:
        return None
    try:
        return tags[resolve_tag(search.tag, {slug: tag.name for slug, tag in tags.items()})]
    except QueryError:  # a topic of the taxonomy that no paper has yet
        return None


def feed_of(search: SavedSearch) -> Feed:
    return Feed(search.slug, SEARCHES)


def feed_title(site_name: str, search: SavedSearch) -> str:
    return f"{site_name}: {search.name}"

"""Saved searches (sitegen/saved_searches.py), run on a build's own search index as the API would.

The build asks once the index is written, before MkDocs (pipeline.py), so that the listing pages
and feeds list what /api/v1/search?q=QUERY&tag=TAG&sort=date answers from the same index.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitegen.errors import ConfigError
from sitegen.saved_searches import SavedSearch
from sitegen.search.query import QueryError, parse
from sitegen.search.searcher import Generation, every_match, resolve_tag


def tag_names(search: SavedSearch) -> list[str]:
    """The tags a saved search is limited to: its own and those its query names (tag:NAME)."""
    return [name for name in (search.tag, *parse(search.query).tags) if name]


def check_saved_tags(searches: Iterable[SavedSearch], known: dict[str, str]) -> None:
    """Refuse a saved search limited to a tag that is not `known` (slug -> display name: the
    collection's tags and the taxonomy's topics), naming the entry."""
    for search in searches:
        for name in tag_names(search):
            try:
                resolve_tag(name, known)
            except QueryError:
                raise ConfigError(
                    f"{search.label}: no tag is named {name!r} (a slug or a name: the taxonomy's "
                    "topics, the tags of sitegen.yml and of the sources)"
                ) from None


def saved_matches(generation: Path, searches: Iterable[SavedSearch]) -> dict[str, list[str]]:
    """Each saved search's matches in the index generation, by its slug: paper ids, newest first."""
    opened = Generation.open(generation)
    return {search.slug: matches(opened, search) for search in searches}


def matches(generation: Generation, search: SavedSearch) -> list[str]:
    # A topic of the taxonomy that no paper has yet (check_saved_tags let it through) matches
    # nothing; the index knows only the tags papers have.
    for name in tag_names(search):
        try:
            resolve_tag(name, generation.tag_names)
        except QueryError:
            return []
    try:
        return every_match(generation, search.query, search.tag)
    except QueryError as exc:  # what the backend's analysis leaves nothing of (stop words alone)
        raise ConfigError(
            f"{search.label}: the query {search.query!r} cannot be searched: {exc}"
        ) from exc

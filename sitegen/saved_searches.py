"""Saved searches, sitegen.yml's `feeds:`: named queries in the search box's syntax, each optionally
limited to a tag, read and checked with the rest of the config.

Each gets a listing page (searches/<slug>/) and Atom and JSON feeds of its newest matches, made at
every build from that build's search index (sitegen/search/saved.py), so that they list what
/api/v1/search?q=QUERY&tag=TAG&sort=date answers. A tag is checked once the sources are read:
they can bring tags of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from slugify import slugify

from sitegen.errors import ConfigError

KEYS = ("name", "query", "tag")
MAX_SLUG = 80


@dataclass(frozen=True)
class SavedSearch:
    name: str  # shown as text wherever it appears
    query: str
    tag: str | None  # a tag's slug or display name, as the API's `tag` parameter takes
    slug: str  # its address, searches/<slug>/, and its feeds' folder

    @property
    def label(self) -> str:
        """How an error names it."""
        return f"saved search {self.name!r} (feeds)"


def read_saved_searches(raw: list, where: object) -> tuple[SavedSearch, ...]:
    """The `feeds:` option's entries, each checked: a name and a query (text) that can be searched,
    an optional tag, no other key, and no two names with one address."""
    searches: list[SavedSearch] = []
    for number, entry in enumerate(raw, start=1):
        label = f"{where}: feeds entry {number}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{label} must be a mapping with a name and a query, got {entry!r}")
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            label = f"{label} ({entry['name'].strip()!r})"
        if unknown := [key for key in entry if key not in KEYS]:
            raise ConfigError(f"{label}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
        for key in ("name", "query"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{label} needs a {key} (text), got {entry.get(key)!r}")
        name, query, tag = entry["name"].strip(), entry["query"], entry.get("tag")
        if tag is not None and (not isinstance(tag, str) or not slugify(tag)):
            raise ConfigError(f"{label}: tag must be a tag's name or slug, got {tag!r}")
        check_query(query, tag, label)
        slug = slugify(name, max_length=MAX_SLUG)
        if not slug:
            raise ConfigError(f"{label}: the name has no letter or digit to make its address from")
        if same := next((s for s in searches if s.slug == slug), None):
            raise ConfigError(
                f"{label}: its address searches/{slug}/ is also that of {same.name!r}; "
                "give the two different names"
            )
        searches.append(SavedSearch(name, query, tag, slug))
    return tuple(searches)


def check_query(query: str, tag: str | None, label: str) -> None:
    """Plan the query as the search API would, to refuse one it would refuse (too long, too many
    words, nothing to search for), with the entry named."""
    # Imported when a config has saved searches: the search package is slow to import, which every
    # command would pay.
    from sitegen.search.query import QueryError, parse, plan_query

    try:
        parsed = parse(query)
        plan_query(parsed, browse=bool(tag or parsed.tags))
    except QueryError as exc:
        raise ConfigError(f"{label}: the query {query!r} cannot be searched: {exc}") from exc

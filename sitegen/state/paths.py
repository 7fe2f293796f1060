"""Where each file and folder a build keeps lives: the state folder's (StatePaths, given the
config's state_path) and the ones beside the site (its spare, and the old site during a swap).

The names are the disk format: a collection built before must find its state where it left it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STAMP = ".sitegen-build.json"  # the build stamp's name at the site's root


@dataclass(frozen=True)
class StatePaths:
    """The files under one collection's state folder. `cache` holds everything a --full build
    forgets; the rest (the id registry, the search index, the build lock, the extension's pairing)
    outlives it."""

    root: Path

    @property
    def registry(self) -> Path:
        """Paper ids given so far (enrich/identity.py): the one state file worth version control."""
        return self.root / "ids.json"

    @property
    def index(self) -> Path:
        """The search index's generations (search/generations.py)."""
        return self.root / "index"

    @property
    def lock(self) -> Path:
        return self.root / "build.lock"

    @property
    def pairing_token(self) -> Path:
        return self.root / "inbox-token"

    @property
    def paired_origin(self) -> Path:
        return self.root / "inbox-origin"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def registry_backup(self) -> Path:
        """A second copy of the registry, among the caches, which are not under version control."""
        return self.cache / "ids.backup.json"

    @property
    def texts(self) -> Path:
        return self.cache / "texts.json"

    @property
    def topics(self) -> Path:
        return self.cache / "topics.json"

    @property
    def embeddings(self) -> Path:
        return self.cache / "embeddings.npz"

    @property
    def related_weights(self) -> Path:
        return self.cache / "related-weights.npz"

    @property
    def sources_head(self) -> Path:
        return self.cache / "sources.json"

    @property
    def sources_items(self) -> Path:
        return self.cache / "sources.jsonl"

    @property
    def pages(self) -> Path:
        return self.cache / "pages.json"

    @property
    def feeds(self) -> Path:
        return self.cache / "feeds.json"

    @property
    def search_keys(self) -> Path:
        """The site search's main index: what each page it holds was made from."""
        return self.cache / "search-main.json"

    @property
    def templates(self) -> Path:
        """Jinja's compiled templates."""
        return self.cache / "templates"


def stamp_path(site: Path) -> Path:
    """The build stamp (stamp.py), a dot file at the site's root: MkDocs and `sitegen serve`
    leave dot files out."""
    return site / STAMP


def spare_path(site: Path) -> Path:
    """The site the last build replaced, which the next one updates (publish.py)."""
    return site.with_name(f".{site.name}.spare")


def old_path(site: Path) -> Path:
    """The replaced site, for the moment of a swap made with three renames (publish.py)."""
    return site.with_name(f".{site.name}.old")

"""The long-lived searcher behind the API and `sitegen search`: one open index, swapped when a new one is current."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from slugify import slugify

from sitegen.errors import SitegenError
from sitegen.search.backends import UNNAMED, backend
from sitegen.search.forms import Forms, query_forms
from sitegen.search.generations import WORDS, current_generation, live_generation, read_meta
from sitegen.search.order import DATE, RELEVANCE, SORTS
from sitegen.search.query import ParsedQuery, Plan, QueryError, analyzed, parse, plan_query
from sitegen.search.results import Page, hit_record
from sitegen.search.spelling import Speller, corrected_text

MAX_LIMIT = 100
MAX_PAGE = 1000
CACHE_SIZE = 512


class IndexMissing(SitegenError):
    """There is no complete search index yet."""


class Listing(NamedTuple):
    """Which of the matches an answer lists, and in what order."""

    limit: int
    page: int
    sort: str
    has_code: bool


@dataclass
class Generation:
    path: Path
    engine: object  # the Engine of the backend that wrote the generation (see backends.py)
    meta: dict
    cache: OrderedDict = field(default_factory=OrderedDict)
    _speller: Speller | None = None

    @classmethod
    def open(cls, path: Path) -> Generation:
        meta = read_meta(path)
        return cls(path, backend(meta.get("backend", UNNAMED)).Engine(path), meta)

    @property
    def tag_names(self) -> dict[str, str]:
        return self.meta.get("tags", {})

    @property
    def speller(self) -> Speller:
        # Loaded on the first query that needs it: most queries have no unknown word.
        if self._speller is None:
            self._speller = Speller(self.path / WORDS)
        return self._speller


class SearchIndex:
    """Answers searches from the current index generation; reopens only when it changes.

    Given the live site, the current generation is the one its stamp names, which goes live with it;
    else CURRENT's (an index built without a site).

    The lock guards the switch of generation and the result cache; the search itself runs outside
    it (a backend that cannot be shared between threads takes its own lock). Results are cached
    per generation (cache_size=0 turns it off).
    """

    def __init__(self, index_root: Path, cache_size: int = CACHE_SIZE, site: Path | None = None):
        self.index_root = Path(index_root)
        self.cache_size = cache_size
        self.site = site
        self._lock = threading.Lock()
        self._generation: Generation | None = None

    def _current(self) -> Generation:
        # Reading the stamp or CURRENT before every query is one small read and cannot miss a swap
        # (a stat stamp could: inodes are reused and mtimes are coarse).
        if self.site is None:
            path = current_generation(self.index_root)
        else:
            path = live_generation(self.index_root, self.site)
        if path is None and self._generation is not None:
            # CURRENT damaged or gone: keep answering from the last good index
            return self._generation
        if path is None:
            raise IndexMissing(f"no search index in {self.index_root}; run `sitegen build` first")
        if self._generation is None or path != self._generation.path:
            # The old searcher is not closed here: Python closes its files once nothing uses it.
            self._generation = Generation.open(path)
        return self._generation

    def health(self) -> dict:
        with self._lock:
            generation = self._current()
        return {
            "status": "ok",
            "mode": "live",
            "papers": generation.engine.doc_count(),
            "index_built": generation.meta.get("built"),
            "index_generation": generation.path.name,
            "index_backend": generation.meta.get("backend", UNNAMED),
        }

    def search(
        self,
        q: str,
        tag: str | None = None,
        limit: int = 10,
        page: int = 1,
        sort: str = RELEVANCE,
        has_code: bool = False,
    ) -> dict:
        """Results in the API's shape, in the `sort` order (order.py), only papers with code when
        `has_code`; raises QueryError for a query that cannot be run."""
        limit, page = _checked_paging(limit, page)
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}, got {sort[:40]!r}")
        parsed = parse(q or "")
        key = (q, tag, limit, page, sort, has_code)
        with self._lock:
            generation = self._current()
            if key in generation.cache:
                generation.cache.move_to_end(key)
                return generation.cache[key]
        answer = self._answer(generation, q, parsed, tag, Listing(limit, page, sort, has_code))
        if self.cache_size:
            with self._lock:
                generation.cache[key] = answer
                if len(generation.cache) > self.cache_size:
                    generation.cache.popitem(last=False)
        return answer

    def _answer(
        self,
        generation: Generation,
        q: str,
        parsed: ParsedQuery,
        tag: str | None,
        listing: Listing,
    ) -> dict:
        required = _required(generation, q, parsed, tag, listing.has_code)
        forms = query_forms(generation.engine, generation.speller, parsed)
        found = _page(generation, parsed, forms, required, listing)
        # A word that no paper has is searched as the nearest word that papers have; the answer says so
        # when that found papers.
        corrected = bool(forms.corrected and found.total)
        suggestion = corrected_text(q, forms.corrected) if corrected else None
        return {
            "query": q,
            "total": found.total,
            "page": listing.page,
            "hits": found.hits,
            "facets": {"tags": found.facets},
            "suggestion": suggestion,
            "corrected": corrected,
        }


def _page(
    generation: Generation,
    parsed: ParsedQuery,
    forms: Forms,
    required: frozenset[str],
    listing: Listing,
) -> Page:
    plan = _plan(generation, parsed, forms, required, listing)
    found = generation.engine.matches(plan, required, listing.limit, listing.page)
    terms = frozenset(
        t for text in parsed.words + parsed.phrases + forms.extra for t in analyzed(text)
    )
    hits = [hit_record(stored, score, generation.tag_names, terms) for score, stored in found.top]
    facets = dict(sorted(found.facets.items(), key=lambda item: (-item[1], item[0])))
    return Page(total=found.total, hits=hits, facets=facets)


def every_match(generation: Generation, q: str, tag: str | None = None) -> list[str]:
    """The ids of every paper SearchIndex.search(q, tag, sort="date") finds, in its order: its
    pages one after another, without their hits' snippets (a saved search's listing, saved.py)."""
    parsed = parse(q)
    required = _required(generation, q, parsed, tag, has_code=False)
    forms = query_forms(generation.engine, generation.speller, parsed)
    everything = Listing(max(generation.engine.doc_count(), 1), 1, DATE, False)
    plan = _plan(generation, parsed, forms, required, everything)
    found = generation.engine.matches(plan, required, everything.limit, 1)
    return [stored["id"] for _, stored in found.top]


def _required(
    generation: Generation, q: str, parsed: ParsedQuery, tag: str | None, has_code: bool
) -> frozenset[str]:
    """The slugs of the tags a search is limited to; QueryError for an unknown tag or for nothing
    to search at all."""
    required = frozenset(
        resolve_tag(name, generation.tag_names) for name in [tag, *parsed.tags] if name
    )
    if not (q or "").strip() and not required and not has_code:
        raise QueryError('the query is empty: give some words, a "phrase" or a tag')
    return required


def _plan(
    generation: Generation,
    parsed: ParsedQuery,
    forms: Forms,
    required: frozenset[str],
    listing: Listing,
) -> Plan:
    return plan_query(
        parsed,
        generation.engine.analysis,
        browse=bool(required) or listing.has_code,
        other_forms=forms.extra,
        sort=listing.sort,
        has_code=listing.has_code,
    )


def resolve_tag(name: str, tag_names: dict[str, str]) -> str:
    """A tag given by slug or display name (any case) to its slug; QueryError if there is none."""
    wanted = slugify(name)
    for slug, display in tag_names.items():
        if wanted in (slug, slugify(display)):
            return slug
    raise QueryError(f"unknown tag {name!r}; GET /api/v1/tags lists the tags")


def _checked_paging(limit: int, page: int) -> tuple[int, int]:
    if limit < 1:
        raise QueryError(f"limit must be at least 1, got {limit}")
    if not 1 <= page <= MAX_PAGE:
        raise QueryError(f"page must be between 1 and {MAX_PAGE}, got {page}")
    return min(limit, MAX_LIMIT), page

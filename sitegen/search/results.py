"""Collecting matches (with tag filters and tag counts in the same pass) and shaping hits for the API."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import escape
from whoosh.collectors import WrappingCollector
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.searching import Searcher

from sitegen.model import Tag, paper_url, tag_record
from sitegen.search.schema import TEXT_ANALYZER

SNIPPET_CHARS = 240


class TagCollector(WrappingCollector):
    """Drops excluded matches and those without the required tags, and counts the tags of the rest.

    Every match goes through here, so totals and tag counts are exact (block skipping is off).
    """

    def __init__(self, child, doc_tags: list[frozenset[str]], required: frozenset[str], excluded: frozenset[int]):
        super().__init__(child)
        self.doc_tags = doc_tags
        self.required = required
        self.excluded = excluded
        self.counts: Counter[str] = Counter()

    def collect_matches(self) -> None:
        doc_tags, required, excluded, counts = self.doc_tags, self.required, self.excluded, self.counts
        collect, offset = self.child.collect, self.offset
        for sub_docnum in self.child.matches():
            docnum = offset + sub_docnum
            tags = doc_tags[docnum]
            if required <= tags and docnum not in excluded:
                counts.update(tags)
                collect(sub_docnum)


def doc_tags_of(searcher: Searcher) -> list[frozenset[str]]:
    """The tag slugs of every document, by document number (read once per index generation)."""
    reader = searcher.reader()
    tags: list[set[str]] = [set() for _ in range(reader.doc_count_all())]
    for slug in reader.field_terms("tags"):
        for docnum in reader.postings("tags", slug).all_ids():
            tags[docnum].add(slug)
    return [frozenset(t) for t in tags]


class _Mark(HtmlFormatter):
    """<mark>word</mark>; the text between and inside marks is HTML-escaped by HtmlFormatter._text."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")


def snippet(abstract: str, terms: frozenset[str]) -> str:
    """The best one or two passages of the abstract with the matched words marked, as safe HTML."""
    marked = highlight(abstract, terms, TEXT_ANALYZER, ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60), _Mark(), top=2) if terms else ""
    if marked:
        return marked
    head = abstract[:SNIPPET_CHARS]
    if len(abstract) > SNIPPET_CHARS:
        head = head.rsplit(" ", 1)[0] + " …"
    return str(escape(head))


@dataclass
class Page:
    total: int = 0
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)


def hit_record(stored: dict, score: float, tag_names: dict[str, str], terms: frozenset[str]) -> dict:
    slugs = stored.get("tags", "").split()
    return {
        "id": stored["id"],
        "title": stored["title"],
        "url": paper_url(stored["id"]),
        "tags": [tag_record(Tag(slug, tag_names.get(slug, slug))) for slug in slugs],
        "score": round(float(score or 0.0), 4),
        "snippet": snippet(stored.get("abstract", ""), terms),
        "date": stored.get("date") or None,
    }

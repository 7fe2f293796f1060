"""What a backend finds (total, top documents, tag counts) and how hits are shaped for the API, snippets included."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import escape
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from sitegen.model import Tag, paper_url, tag_record
from sitegen.search.schema import TEXT_ANALYZER

SNIPPET_CHARS = 240


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
class Matches:
    """A backend's answer to one planned query: the exact total, one page of (score, stored fields), tag counts."""

    total: int = 0
    top: list[tuple[float, dict]] = field(default_factory=list)
    facets: Mapping[str, int] = field(default_factory=dict)


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

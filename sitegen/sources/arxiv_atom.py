"""arXiv API responses (Atom 1.0 with the arxiv: namespace), read with feedparser."""

from __future__ import annotations

import io
import re
import time
import xml.sax
from collections.abc import Iterator
from pathlib import Path

import feedparser

from sitegen.model import Paper, Problem
from sitegen.sources.common import arxiv_id, format_suffix, iso_date, unwrap, web_url

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
_ENTRY_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?entry[\s>]")
# The text is already decoded: tell feedparser so, or it would trust the file's XML declaration.
_DECODED = {"content-type": "application/atom+xml; charset=utf-8"}


class ArxivAtomReader:
    name = "arxiv-atom"

    def can_read(self, path: Path, text: str) -> bool:
        head = text[:4000]
        return (
            format_suffix(path) in {".xml", ".atom"} and "<feed" in head and ATOM_NAMESPACE in head
        )

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]:
        # A file-like object, never the string itself: feedparser fetches strings that look like URLs.
        feed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_DECODED)
        error = feed.get("bozo_exception")
        if isinstance(error, xml.sax.SAXParseException):
            # feedparser's loose fallback would guess at the rest; a half-read feed is worse than a clear error.
            yield Problem(f"{path}:{error.getLineNumber()}", f"malformed XML: {error.getMessage()}")
            return
        if error is not None:
            yield Problem(str(path), f"odd feed: {error}", "warning")
        places = entry_places(path, text, len(feed.entries))
        for where, entry in zip(places, feed.entries):
            yield from entry_to_paper(where, entry)


def entry_places(path: Path, text: str, count: int) -> list[str]:
    """Where each entry starts ("file:line"); record numbers when the tags cannot be matched up one to one."""
    starts = [match.start() for match in _ENTRY_TAG.finditer(text)]
    if len(starts) != count:
        return [f"{path} record {n}" for n in range(1, count + 1)]
    lines, previous, line = [], 0, 1
    for start in starts:
        line += text.count("\n", previous, start)
        previous = start
        lines.append(f"{path}:{line}")
    return lines


def entry_to_paper(where: str, entry: feedparser.FeedParserDict) -> Iterator[Paper | Problem]:
    entry_id = entry.get("id", "")
    # arXiv answers a bad query with a feed holding one entry titled "Error".
    if "arxiv.org/api/errors" in entry_id:
        yield Problem(where, f"the arXiv API returned an error: {unwrap(entry.get('summary', ''))}")
        return
    title = unwrap(entry.get("title", ""))
    if not title:
        yield Problem(where, "entry has no title")
        return
    ident = arxiv_id(entry_id)
    if ident is None:
        yield Problem(
            where, f"entry id {entry_id!r} is not an arXiv id; kept without one", "warning"
        )
    yield Paper(
        title=title,
        abstract=unwrap(entry.get("summary", "")),
        arxiv_id=ident,
        authors=[unwrap(a["name"]) for a in entry.get("authors", []) if a.get("name", "").strip()],
        date=entry_date(entry),
        keywords=[tag["term"] for tag in entry.get("tags", []) if tag.get("term")],
        url=page_link(entry),
        categories=categories(entry),
        arxiv_comment=unwrap(entry.get("arxiv_comment") or ""),
        journal_ref=unwrap(entry.get("arxiv_journal_ref") or "") or None,
        doi=doi(entry.get("arxiv_doi")),
        sources=[where],
    )


def categories(entry: feedparser.FeedParserDict) -> list[str]:
    """arXiv's categories, the primary one first."""
    primary = (entry.get("arxiv_primary_category") or {}).get("term")
    terms = [tag["term"] for tag in entry.get("tags", []) if tag.get("term")]
    return list(dict.fromkeys(filter(None, [primary, *terms])))


def doi(value: object) -> str | None:
    # arXiv gives one DOI or several separated by spaces; the first is the published version's.
    if not isinstance(value, str) or not value.split():
        return None
    first = value.split()[0]
    return first if first.startswith("10.") and "/" in first else None


def entry_date(entry: feedparser.FeedParserDict) -> str | None:
    """The first version's date (`published`); `updated` moves with every new version."""
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
        if iso_date(entry.get(key)):
            return iso_date(entry.get(key))
    return None


def page_link(entry: feedparser.FeedParserDict) -> str | None:
    """The abstract page (rel alternate), else the PDF, else any link: the paper's own page elsewhere."""
    links = entry.get("links", [])
    ranked = sorted(
        links, key=lambda link: (link.get("rel") != "alternate", link.get("title") != "pdf")
    )
    for link in ranked:
        if web_url(link.get("href")):
            return link["href"].strip()
    return None


READER = ArxivAtomReader()

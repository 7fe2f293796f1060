"""`sitegen export`: the collection, or one tag of it, as BibTeX, JSON (paper_record) or a CSV table."""

from __future__ import annotations

import csv
import io
import json

from sitegen.errors import SitegenError
from sitegen.model import Collection, Paper, arxiv_links, paper_record, paper_url
from sitegen.render.bibtex import bibtex, citation_keys

FORMATS = ("bibtex", "json", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "title",
    "authors",
    "date",
    "arxiv_id",
    "arxiv_url",
    "code_url",
    "page",
    "tags",
    "upvotes",
    "abstract",
    "tldr",
    "code_stars",
    "project_url",
    "organization",
    "comments",
    "daily_date",
    "categories",
    "journal_ref",
    "doi",
)


def select_papers(collection: Collection, tag: str | None = None) -> list[Paper]:
    """Every paper, or those of one tag given by slug or display name (any case)."""
    if tag is None:
        return list(collection.papers.values())
    wanted = tag.strip().casefold()
    slug = next(
        (
            t.slug
            for t in collection.tags.values()
            if wanted in (t.slug.casefold(), t.name.casefold())
        ),
        None,
    )
    if slug is None:
        known = ", ".join(sorted(collection.tags)) or "none"
        raise SitegenError(f"no tag {tag!r} in the collection (tags: {known})")
    return collection.papers_with_tag(slug)


def export(collection: Collection, fmt: str, tag: str | None = None) -> str:
    papers = select_papers(collection, tag)
    if fmt == "bibtex":
        # Keys are made over the whole collection so they match the ones on the paper pages.
        return bibtex(papers, citation_keys(collection.papers.values()))
    if fmt == "json":
        return (
            json.dumps([paper_record(p, collection) for p in papers], ensure_ascii=False, indent=1)
            + "\n"
        )
    if fmt == "csv":
        return csv_table(collection, papers)
    raise SitegenError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def csv_table(collection: Collection, papers: list[Paper]) -> str:
    """One row per paper; lists (authors, tags) joined with "; "; no cell a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in papers:
        tags = [collection.tags[s].name for s in p.tags if s in collection.tags]
        writer.writerow(
            [
                *map(
                    csv_text,
                    [
                        p.id,
                        p.title,
                        "; ".join(p.authors),
                        p.date or "",
                        p.arxiv_id or "",
                        arxiv_links(p.arxiv_id).get("arxiv", ""),
                        p.code_url or "",
                        paper_url(p.id),
                        "; ".join(tags),
                    ],
                ),
                count_cell(p.upvotes),
                csv_text(p.abstract),
                csv_text(p.tldr),
                count_cell(p.code_stars),
                *map(csv_text, [p.project_url or "", p.organization or ""]),
                count_cell(p.comments),
                *map(
                    csv_text,
                    [p.daily_date or "", "; ".join(p.categories), p.journal_ref or "", p.doi or ""],
                ),
            ]
        )
    return out.getvalue()


def count_cell(value: int | None) -> int | str:
    return "" if value is None else value


def csv_text(text: str) -> str:
    """Paper text as a CSV cell: one that starts like a formula ("=HYPERLINK(…)", "+", "-", "@") gets a leading
    apostrophe, which spreadsheets read as "this is text" (OWASP's advice against CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text

"""Merge the same paper arriving from several sources (same arXiv id, else same title), keeping the richest fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from sitegen import arxiv_ids
from sitegen.model import Paper

_NON_WORD = re.compile(r"[\W_]+")


def bare_arxiv_id(arxiv_id: str | None) -> str | None:
    """ "2403.09629v2" -> "2403.09629"; "arXiv:hep-th/9901001" -> "hep-th/9901001"."""
    return arxiv_ids.parse(arxiv_id) if arxiv_id else None


def title_key(title: str) -> str:
    """A title compared without case, accents, punctuation or spacing ("Quiet-STaR: x" == "quiet star x")."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    # Most titles are ASCII, which holds no combining marks: only the others are read by character.
    plain = (
        decomposed
        if decomposed.isascii()
        else "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return _NON_WORD.sub(" ", plain).strip()


@dataclass
class _Group:
    members: list[Paper] = field(default_factory=list)
    arxiv_id: str | None = None


def group_duplicates(papers: list[Paper]) -> list[list[Paper]]:
    """Papers grouped by identity, in order of first appearance.

    Same arXiv id merges; same title merges only when the arXiv ids do not disagree, because two
    papers may share a title ("A Survey on ...") and still be different papers.
    """
    groups: list[_Group] = []
    by_arxiv: dict[str, _Group] = {}
    by_title: dict[str, _Group] = {}
    for paper in papers:
        arxiv_id = bare_arxiv_id(paper.arxiv_id)
        key = title_key(paper.title)
        group = by_arxiv.get(arxiv_id) if arxiv_id else None
        if group is None and key in by_title:
            candidate = by_title[key]
            if not (arxiv_id and candidate.arxiv_id and candidate.arxiv_id != arxiv_id):
                group = candidate
        if group is None:
            group = _Group()
            groups.append(group)
        group.members.append(paper)
        if arxiv_id and not group.arxiv_id:
            group.arxiv_id = arxiv_id
            by_arxiv[arxiv_id] = group
        by_title.setdefault(key, group)
    return [g.members for g in groups]


def _union(lists) -> list[str]:
    return list(dict.fromkeys(item for items in lists for item in items))


def _source_name(paper: Paper) -> str:
    return PurePath(paper.sources[0]).name if paper.sources else "(no source)"


def _richest(members: list[Paper], value, better) -> Paper | None:
    """The member whose value is best by `better` (first one wins ties); None if all are empty."""
    best = None
    for paper in members:
        if value(paper) and (best is None or better(value(paper), value(best))):
            best = paper
    return best


# What one source gives and another lacks (the daily list's TL;DR, arXiv's DOI): the first record
# that has it gives it; counts that only grow (upvotes, stars, comments) take the largest.
FIRST_GIVEN = (
    "tldr",
    "project_url",
    "daily_date",
    "thumbnail_url",
    "arxiv_comment",
    "journal_ref",
    "doi",
)
LARGEST = ("upvotes", "code_stars", "comments")


def _first_given(members: list[Paper], name: str):
    return next((getattr(p, name) for p in members if getattr(p, name)), getattr(members[0], name))


def _largest(members: list[Paper], name: str) -> int | None:
    counts = [getattr(p, name) for p in members if getattr(p, name) is not None]
    return max(counts) if counts else None


def combine(members: list[Paper]) -> tuple[Paper, dict[str, Paper]]:
    """One paper from several records of it, and which record each chosen field came from."""
    first = members[0]
    chosen = {
        "abstract": _richest(members, lambda p: p.abstract, lambda a, b: len(a) > len(b)),
        "authors": _richest(members, lambda p: p.authors, lambda a, b: len(a) > len(b)),
        "date": _richest(
            members, lambda p: p.date, lambda a, b: a < b
        ),  # the earliest: first publication
        "arxiv_id": _richest(members, lambda p: bare_arxiv_id(p.arxiv_id), lambda a, b: False),
        "code_url": _richest(members, lambda p: p.code_url, lambda a, b: False),
        "url": _richest(members, lambda p: p.url, lambda a, b: False),
        "id": _richest(members, lambda p: p.id, lambda a, b: False),
    }
    organization = next((p for p in members if p.organization), first)
    merged = first.evolve(
        **{name: _first_given(members, name) for name in FIRST_GIVEN},
        **{name: _largest(members, name) for name in LARGEST},
        categories=_union(p.categories for p in members),
        organization=organization.organization,
        organization_id=organization.organization_id,
        organization_avatar=organization.organization_avatar,
        abstract=chosen["abstract"].abstract if chosen["abstract"] else first.abstract,
        authors=list(chosen["authors"].authors) if chosen["authors"] else [],
        date=chosen["date"].date if chosen["date"] else None,
        arxiv_id=bare_arxiv_id(chosen["arxiv_id"].arxiv_id) if chosen["arxiv_id"] else None,
        code_url=chosen["code_url"].code_url if chosen["code_url"] else None,
        url=chosen["url"].url if chosen["url"] else None,
        id=chosen["id"].id if chosen["id"] else "",
        tags=_union(p.tags for p in members),
        keywords=_union(p.keywords for p in members),
        sources=_union(p.sources for p in members),
        notes="\n\n".join(_union([p.notes] for p in members if p.notes)),
    )
    return merged, {name: paper for name, paper in chosen.items() if paper is not None}


SHOWN_SOURCES = (
    3  # records named in a merge line; a title shared by thousands of records would be a page
)


def merge_line(merged: Paper, members: list[Paper], chosen: dict[str, Paper]) -> str:
    label = merged.arxiv_id or repr(merged.title[:60])
    named = list(
        dict.fromkeys(s for p in members for s in (PurePath(x).name for x in p.sources[:1]))
    )
    parts = " + ".join(named[:SHOWN_SOURCES]) + (
        f" + {len(named) - SHOWN_SOURCES} more" if len(named) > SHOWN_SOURCES else ""
    )
    if len(members) > 2:
        parts = f"{len(members)} records, {parts}" if parts else f"{len(members)} records"
    kept = ", ".join(
        f"{name} from {_source_name(chosen[name])}"
        for name in ("authors", "abstract", "date", "arxiv_id", "code_url")
        if name in chosen
    )
    return f"merged {label}: {parts or len(members)} (kept: {kept or 'title only'})"


def merge_duplicates(papers: list[Paper]) -> tuple[list[Paper], list[str]]:
    """Papers with duplicates folded into one, and one report line per merge."""
    merged_papers: list[Paper] = []
    report: list[str] = []
    for members in group_duplicates(papers):
        if len(members) == 1:
            single = members[0]
            merged_papers.append(single.evolve(arxiv_id=bare_arxiv_id(single.arxiv_id)))
            continue
        merged, chosen = combine(members)
        merged_papers.append(merged)
        report.append(merge_line(merged, members, chosen))
    return merged_papers, report

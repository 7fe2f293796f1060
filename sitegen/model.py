"""The plain data every stage passes on: papers, tags, links, problems, and the one serializer.

Stages never mutate a Paper they were given; they return new ones (Paper.evolve),
which keeps each stage testable on its own and makes cached work safe to reuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from urllib.parse import quote


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, kept so that nothing is lost silently.

    severity is "error" (a record could not be used, or a file could not be read)
    or "warning" (the record was kept, but something about it is odd).
    """

    where: str  # "file:line" or "file record N"
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Related:
    """A link to a similar paper of the collection, with the reason it was chosen.

    Slotted, as are Mention and Tag: there are several per paper, and a __dict__ each would make
    them much larger, in the build and in its forked process that copies them as it reads them
    (pipeline.py).
    """

    id: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """An abstract names another paper of the collection (by short name or full title)."""

    id: str
    name: str  # the words as they appear in the abstract


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    description: str = ""


@dataclass
class Paper:
    """One research paper, as read from a source and then enriched stage by stage."""

    title: str
    abstract: str = ""
    id: str = ""  # set by enrich.identity: the arXiv id where known, else a slug of the title
    arxiv_id: str | None = None  # without version suffix, e.g. "2403.09629"
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO date, YYYY-MM-DD
    # Names as given in the input; slugs after tagging.
    tags: list[str] = field(default_factory=list)
    # Candidate tags from the input (HF ai_keywords).
    keywords: list[str] = field(default_factory=list)
    url: str | None = None  # the paper's own page elsewhere (arXiv, HF, a PDF)
    code_url: str | None = None
    notes: str = ""
    upvotes: int | None = None
    # What the daily list and arXiv say beside the paper; every one is optional.
    tldr: str = ""  # a machine-written one-sentence summary (HF's ai_summary)
    code_stars: int | None = None  # the code repository's GitHub stars when read
    project_url: str | None = None
    organization: str | None = None  # the organization's display name
    organization_id: str | None = None  # its Hugging Face handle, e.g. "ByteDance-Seed"
    organization_avatar: str | None = None
    comments: int | None = None  # comments in the paper's discussion on Hugging Face
    daily_date: str | None = None  # the day it was on the daily list, YYYY-MM-DD
    thumbnail_url: str | None = None
    categories: list[str] = field(default_factory=list)  # arXiv categories, primary first
    arxiv_comment: str = ""  # the authors' comment on arXiv: pages, venue
    journal_ref: str | None = None
    doi: str | None = None
    # Where it came from: "file:line" / "file record N".
    sources: list[str] = field(default_factory=list)
    # Filled by enrichment:
    related: list[Related] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    backlinks: list[str] = field(default_factory=list)  # ids of papers that link here

    @property
    def short_name(self) -> str:
        """The name a paper goes by: the part of the title before a colon ("COLEP")."""
        head, sep, _ = self.title.partition(":")
        head = head.strip()
        return head if sep and 0 < len(head) <= 40 else ""

    def evolve(self, **changes: object) -> Paper:
        """A copy with the given fields changed: what dataclasses.replace gives, as one dict update
        instead of replace's loop over the fields and __init__: enrichment copies every paper
        several times."""
        if not PAPER_FIELDS.issuperset(changes):
            raise TypeError(
                f"Paper has no field {', '.join(sorted(changes.keys() - PAPER_FIELDS))}"
            )
        copy = object.__new__(Paper)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


PAPER_FIELDS = frozenset(f.name for f in fields(Paper))


HF = "https://huggingface.co"


def paper_url(paper_id: str) -> str:
    """A paper's page, relative to the site root."""
    return f"papers/{paper_id}/"


def tag_url(slug: str) -> str:
    """A tag's page, relative to the site root."""
    return f"tags/{slug}/"


def arxiv_links(arxiv_id: str | None) -> dict[str, str]:
    if not arxiv_id:
        return {}
    return {
        "arxiv": f"https://arxiv.org/abs/{arxiv_id}",
        "pdf": f"https://arxiv.org/pdf/{arxiv_id}",
    }


@dataclass
class Collection:
    """The enriched collection: papers by id (in display order) and tags by slug."""

    papers: dict[str, Paper]
    tags: dict[str, Tag]
    problems: list[Problem] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)  # human-readable merge report lines
    # Each paper's strongest words under the related-paper weights, by id: what the static search
    # file carries of its abstract.
    terms: dict[str, list[str]] = field(default_factory=dict)

    def papers_with_tag(self, slug: str) -> list[Paper]:
        return [p for p in self.papers.values() if slug in p.tags]

    def tag_counts(self) -> dict[str, int]:
        counts = {slug: 0 for slug in self.tags}
        for paper in self.papers.values():
            for slug in paper.tags:
                counts[slug] = counts.get(slug, 0) + 1
        return counts


def paper_summary(paper: Paper) -> dict:
    """The short form of a paper used in lists (related papers, backlinks, search hits)."""
    return {"id": paper.id, "title": paper.title, "url": paper_url(paper.id)}


def tag_record(tag: Tag, count: int | None = None) -> dict:
    record = {"slug": tag.slug, "name": tag.name, "url": tag_url(tag.slug)}
    if count is not None:
        record["count"] = count
    return record


def paper_record(paper: Paper, collection: Collection) -> dict:
    """The one full serialization of a paper: API responses, static API files and page data."""
    papers = collection.papers
    links = arxiv_links(paper.arxiv_id)
    if paper.url:
        links.setdefault("source", paper.url)
    if paper.code_url:
        links["code"] = paper.code_url
    if paper.project_url:
        links["project"] = paper.project_url
    if paper.doi:
        links["doi"] = doi_url(paper.doi)
    discussion = discussion_url(paper)
    if discussion:
        links["discussion"] = discussion
    return {
        "id": paper.id,
        "title": paper.title,
        "short_name": paper.short_name,
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "date": paper.date,
        "arxiv_id": paper.arxiv_id,
        "url": paper_url(paper.id),
        "links": links,
        "tags": [tag_record(collection.tags[s]) for s in paper.tags if s in collection.tags],
        "related": [
            {**paper_summary(papers[r.id]), "score": round(r.score, 4), "reason": r.reason}
            for r in paper.related
            if r.id in papers
        ],
        "mentions": [
            {**paper_summary(papers[m.id]), "name": m.name}
            for m in paper.mentions
            if m.id in papers
        ],
        "backlinks": [paper_summary(papers[i]) for i in paper.backlinks if i in papers],
        "notes": paper.notes,
        "upvotes": paper.upvotes,
        "tldr": paper.tldr,
        "code_stars": paper.code_stars,
        "project_url": paper.project_url,
        "organization": organization_record(paper),
        "comments": paper.comments,
        "daily_date": paper.daily_date,
        "thumbnail_url": paper.thumbnail_url,
        "categories": list(paper.categories),
        "arxiv_comment": paper.arxiv_comment,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
    }


def organization_record(paper: Paper) -> dict | None:
    if not paper.organization:
        return None
    return {
        "id": paper.organization_id,
        "name": paper.organization,
        "avatar_url": paper.organization_avatar,
        "url": f"{HF}/{quote(paper.organization_id)}" if paper.organization_id else None,
    }


def discussion_url(paper: Paper) -> str | None:
    """The paper's discussion on Hugging Face, where the daily list's comments are."""
    if paper.arxiv_id and paper.comments is not None:
        return f"{HF}/papers/{paper.arxiv_id}#community"
    return None


def doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi, safe='/')}"

"""Stable paper ids: the arXiv id where known, else a short slug of the title, remembered across builds.

The id registry maps arXiv ids and normalised titles to the ids given in earlier builds, so adding
papers never changes an existing paper's id or URL: a paper keeps its slug after it gains an arXiv
id, and a new paper whose slug collides with a known one gets the suffix, never the known one. The
build reads it before enriching and saves it only after a successful build (state/registry.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from slugify import slugify

from sitegen.enrich.merge import title_key
from sitegen.model import Paper, Problem

MAX_SLUG = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Registry:
    """Ids given in earlier builds, by arXiv id and by normalised title."""

    arxiv: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def known_ids(self) -> set[str]:
        return set(self.arxiv.values()) | set(self.titles.values())

    def lookup(self, paper: Paper) -> str | None:
        """The paper's id in earlier builds: by its arXiv id, else by its title, unless that id
        was another arXiv paper's (two papers may share a title and differ by arXiv id)."""
        if paper.arxiv_id and paper.arxiv_id in self.arxiv:
            return self.arxiv[paper.arxiv_id]
        known = self.titles.get(title_key(paper.title))
        if paper.arxiv_id and known in self._arxiv_papers:
            return None
        return known

    @cached_property
    def _arxiv_papers(self) -> set[str]:
        return set(self.arxiv.values())

    def remember(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self.arxiv[paper.arxiv_id] = paper.id
            self.__dict__.pop("_arxiv_papers", None)
        self.titles[title_key(paper.title)] = paper.id


def arxiv_slug(arxiv_id: str) -> str:
    """An arXiv id as one URL segment: old-style "hep-th/9901001" becomes "hep-th-9901001"."""
    return _UNSAFE.sub("-", arxiv_id)[:MAX_SLUG].strip("._-")


def title_slug(title: str) -> str:
    return slugify(title, max_length=MAX_SLUG, word_boundary=True, save_order=True) or "paper"


def safe_id(preset: str) -> str:
    """A user's own id as a URL-safe segment that starts with a letter or digit (a file name that no
    tool takes for an option or a hidden file), "" if nothing of it is left; case is kept because
    the user chose it."""
    return (
        slugify(preset, lowercase=False, regex_pattern=_UNSAFE, max_length=MAX_SLUG)
        .lstrip("._-")
        .rstrip(".")
    )


def fresh_id(paper: Paper) -> str:
    # An arXiv id of punctuation only (a record's "-" or "?") leaves no slug: the title gives one.
    return (paper.arxiv_id and arxiv_slug(paper.arxiv_id)) or title_slug(paper.title)


def _unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`...; still at most MAX_SLUG characters, cut at a hyphen
    (or within a word that has none)."""
    candidate, n = wanted, 2
    while candidate in taken:
        suffix = f"-{n}"
        room = MAX_SLUG - len(suffix)
        # One character past the room: a hyphen there means the word before it fits whole.
        base = wanted if len(wanted) <= room else wanted[: room + 1].rsplit("-", 1)[0][:room]
        candidate = base + suffix
        n += 1
    return candidate


def _given_id(paper: Paper) -> str | None:
    return safe_id(paper.id) or None


def _where(paper: Paper) -> str:
    return paper.sources[0] if paper.sources else paper.title


def assign_ids(papers: list[Paper], registry: Registry) -> tuple[list[Paper], list[Problem]]:
    """Give every paper its id: the user's own id, else the registry's, else a fresh one.

    The users' ids are served first, then the registry's, so which paper keeps an id that two
    want does not depend on the order of the records, and a newcomer never takes a known paper's
    id; ids of known papers absent from this build stay reserved.
    """
    ids: list[str | None] = [None] * len(papers)
    refused: dict[int, str] = {}  # paper -> why it did not get the id it wanted
    taken: set[str] = set()
    for choose in (_given_id, registry.lookup):
        for i, paper in enumerate(papers):
            wanted = None if ids[i] else choose(paper)
            if wanted in taken:
                refused.setdefault(i, f"id {wanted!r} is already used by another paper")
            elif wanted:
                ids[i] = wanted
                taken.add(wanted)
    taken |= registry.known_ids()
    for i, paper in enumerate(papers):
        if ids[i] is None:
            ids[i] = _unique(fresh_id(paper), taken)
            taken.add(ids[i])
        if paper.id and not safe_id(paper.id):
            refused.setdefault(i, f"id {paper.id!r} cannot be a file name")
    problems = [
        Problem(_where(papers[i]), f"{why}; given {ids[i]!r}", "warning")
        for i, why in sorted(refused.items())
    ]
    return [p.evolve(id=i) for p, i in zip(papers, ids)], problems

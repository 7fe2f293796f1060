"""BibTeX for papers: an arXiv-style @misc per paper (eprint where the id is known), specials escaped, stable keys."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

from sitegen import arxiv_ids
from sitegen.model import Paper, arxiv_links

# BibTeX counts braces without looking at backslashes, so "\{" would unbalance a field:
# braces and backslashes become text commands, the other specials their usual escapes.
SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        "<": r"\textless{}",  # in LaTeX's default OT1 encoding a bare < prints as ¡
        ">": r"\textgreater{}",
    }
)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "from",
        "towards",
        "toward",
        "via",
        "by",
        "is",
        "are",
        "do",
        "does",
        "can",
    ]
)
AND = re.compile(r"\band\b")


def escape(text: str) -> str:
    """Paper text as BibTeX field text: specials escaped, whitespace on one line, Unicode kept (biber, UTF-8 LaTeX)."""
    return " ".join(text.split()).translate(SPECIALS)


def protect_case(title: str) -> str:
    """Brace words with capitals after their first letter (LLMs, ProcBench) so styles keep their case.
    The title is escaped already: its words are separated by single spaces."""
    return " ".join(map(_case_protected, title.split(" ")))


# Cached, as are the authors' fields: titles share most of their words, and papers their authors,
# and every build writes every paper's entry.
@lru_cache(maxsize=65_536)
def _case_protected(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    return f"{{{word}}}" if any(c.isupper() for c in letters[1:]) else word


def year_of(paper: Paper) -> str:
    """The arXiv id's year (its first version), else the paper's date's."""
    if paper.arxiv_id and (year := arxiv_ids.first_year(paper.arxiv_id)):
        return year
    return paper.date[:4] if paper.date and paper.date[:4].isdigit() else ""


def surname(author: str) -> str:
    """ "Zelikman, Eric" and "Eric Zelikman" both give "Zelikman"."""
    name = author.split(",")[0] if "," in author else (author.split() or [""])[-1]
    return name.strip()


def word_slug(text: str) -> str:
    """slugify(text, separator=""), for a surname or a title word. Words of ASCII letters and digits
    alone (most of them) come out lowercased, which skips slugify's passes: keys are made for every
    paper on every build. A test holds the two equal."""
    if text.isascii() and text.isalnum():
        return text.lower()
    return slugify(text, separator="")


def base_key(paper: Paper) -> str:
    """authoryearword, e.g. "zelikman2024quiet": readable, and a function of the paper alone."""
    author = word_slug(surname(paper.authors[0])) if paper.authors else ""
    # The first word that is not a stop word ends the loop.
    word = fallback = ""
    for text in paper.title.split():
        slug = word_slug(text)
        if slug and slug not in STOP_WORDS:
            word = slug
            break
        fallback = fallback or slug
    return f"{author or 'anon'}{year_of(paper)}{word or fallback or 'paper'}"


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """paper id -> citation key; keys shared by several papers get a suffix from each paper's own id."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[base_key(paper)].append(paper)
    keys = {}
    for key, group in groups.items():
        for paper in group:
            suffix = (
                hashlib.sha1(paper.id.encode("utf-8")).hexdigest()[:4] if len(group) > 1 else ""
            )
            keys[paper.id] = f"{key}{suffix and '-' + suffix}"
    return keys


def author_field(authors: list[str]) -> str:
    return " and ".join(map(_author_name, filter(str.strip, authors)))


@lru_cache(maxsize=65_536)
def _author_name(author: str) -> str:
    # A name that itself contains " and " (a team, a consortium) is braced so BibTeX keeps it whole.
    return f"{{{escape(author)}}}" if AND.search(author) else escape(author)


def bibtex_entry(paper: Paper, key: str, page_url: str | None = None) -> str:
    """One @misc entry; `page_url` (the paper's page on the site) is the url when no arXiv id is known."""
    fields = [("title", protect_case(escape(paper.title)))]
    if paper.authors:
        fields.append(("author", author_field(paper.authors)))
    if year := year_of(paper):
        fields.append(("year", year))
    if paper.arxiv_id:
        fields += [("eprint", escape(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", escape(paper.categories[0])))
    if paper.doi:
        fields.append(("doi", escape(paper.doi)))
    url = arxiv_links(paper.arxiv_id).get("arxiv") or paper.url or page_url
    if url:
        fields.append(("url", escape(url)))
    if paper.journal_ref:
        fields.append(("note", escape(paper.journal_ref)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def bibtex(papers: Iterable[Paper], keys: dict[str, str] | None = None) -> str:
    """A .bib file of the papers, in the order given; pass the collection's keys so they match the pages."""
    papers = list(papers)
    keys = keys or citation_keys(papers)
    return "\n".join(bibtex_entry(paper, keys[paper.id]) for paper in papers)

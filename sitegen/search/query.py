"""What a user types, read into words, phrases, exclusions and filters, then planned as a query tree.

The tree is made of Whoosh's query classes (Term, Phrase, Or, And, Every) for every backend: Whoosh
runs it as is, the tantivy backend translates it node by node. How text becomes terms is the
backend's (an Analysis), because it must be what its index did to the documents.

The syntax is small and forgiving, so no input can make it fail with a parser error:
    plain words   every word helps, by BM25 over the whole paper (title, abstract, authors)
    "a phrase"    must appear as written (an unclosed quote runs to the end)
    -word         excluded (also -"a phrase")
    tag:NAME      only papers with this tag (slug or display name; tag:"two words")
    author:NAME   only papers by an author of that name
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from sitegen import arxiv_ids
from sitegen.errors import SitegenError
from sitegen.search.order import DATE, RELEVANCE
from sitegen.search.schema import CODE_FIELD, CODE_TERM, TEXT_ANALYZER, TEXT_FIELD, WORD_ANALYZER

MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# Every part optional, so a lone "-" or "tag:" is read (and dropped) instead of becoming a word.
_TOKEN = re.compile(r'(-?)(?:(tag|author):)?(?:"([^"]*)"?|([^\s"]+))?', re.IGNORECASE)


class QueryError(SitegenError):
    """The query cannot be searched; the message says what is wrong, for the user."""


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    @property
    def has_terms(self) -> bool:
        return bool(self.words or self.phrases)


def parse(text: str) -> ParsedQuery:
    """Split the query text; raises QueryError only for text too long to be a query."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}"
        )
    parsed = ParsedQuery()
    for match in _TOKEN.finditer(text):
        minus, prefix, quoted, bare = match.groups()
        value = (quoted if quoted is not None else bare or "").strip()
        if not value:
            continue
        if prefix:
            (parsed.tags if prefix.lower() == "tag" else parsed.authors).append(value)
        elif minus:
            parsed.excluded.append(value)
        elif quoted is not None:
            parsed.phrases.append(value)
        else:
            parsed.words.append(value)
    return parsed


def analyzed(text: str, analyzer=TEXT_ANALYZER) -> list[str]:
    return [token.text for token in analyzer(text)]


@dataclass(frozen=True)
class Analysis:
    """How a backend turns query text into index terms.

    words: the terms of one plain word (stop words and single letters dropped, stemmed)
    phrase: the terms of a quoted phrase in order, as the index has their positions; [] if none count
    names: the terms of an author name (unstemmed)
    """

    words: Callable[[str], list[str]]
    phrase: Callable[[str], list[str]]
    names: Callable[[str], list[str]]


# Whoosh's analyzers drop stop words while renumbering positions, so one analysis serves all.
WHOOSH_ANALYSIS = Analysis(
    words=analyzed, phrase=analyzed, names=lambda text: analyzed(text, WORD_ANALYZER)
)


def _text_match(tokens: list[str], boost: float = 1.0) -> wq.Query:
    """One word's term or a phrase's terms, looked up in the paper's text."""
    if len(tokens) == 1:
        return wq.Term(TEXT_FIELD, tokens[0], boost=boost)
    return wq.Phrase(TEXT_FIELD, tokens, boost=boost)


def word_clauses(words: list[str], analysis: Analysis) -> list[wq.Query]:
    """A clause per distinct term of the words ("test-time" is two), and one per arXiv id or URL."""
    clauses, seen = [], set()
    for word in words:
        arxiv_id = arxiv_ids.parse(word)
        if arxiv_id:
            clauses.append(wq.Term("arxiv_id", arxiv_id, boost=10.0))
        for token in analysis.words(word):
            if token not in seen:
                seen.add(token)
                clauses.append(_text_match([token]))
    return clauses


@dataclass
class Plan:
    """What the searcher runs: the query, the order of its hits (order.py), and what to leave out."""

    query: wq.Query
    order: str = RELEVANCE
    excluded: wq.Query | None = None

    @property
    def ranked(self) -> bool:
        return self.order == RELEVANCE


def plan_query(
    parsed: ParsedQuery,
    analysis: Analysis = WHOOSH_ANALYSIS,
    browse: bool = False,
    other_forms: list[str] = (),
    sort: str = RELEVANCE,
    has_code: bool = False,
) -> Plan:
    """Words OR-ed, each scored by BM25; phrases and authors required (phrases rank by their words).

    `other_forms` are more words OR-ed with the typed ones: what the collection writes for a word
    as typed (sitegen/search/forms.py). A document need not have every word: ranking by BM25
    alone puts first the paper that best matches most of a question or a paraphrase.

    Tag filters and exclusions are applied by the searcher while collecting (Whoosh's AndNot
    matcher can let an excluded first match through). With nothing to rank by, `browse` gives
    every paper; without it that is a QueryError, as is a query with too many terms. Hits are in the
    `sort` order; with no words to rank by, newest first. `has_code` requires a code repository.
    """
    # A phrase is required as written and ranks by its words, as plain words do (phrase scores differ
    # between the backends' BM25 variants; term scores agree).
    clauses = word_clauses([*parsed.words, *parsed.phrases], analysis)
    required = [
        _text_match(tokens, boost=0.0) for tokens in map(analysis.phrase, parsed.phrases) if tokens
    ]
    required += [_author(tokens) for tokens in map(analysis.names, parsed.authors) if tokens]
    if len(clauses) + len(required) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} words; shorten it")
    if not clauses and not required and not browse:
        raise QueryError(
            "the query has no words to search for (only operators, stop words or exclusions)"
        )
    if other_forms:
        clauses = word_clauses([*parsed.words, *parsed.phrases, *other_forms], analysis)
    if has_code:
        required.append(wq.Term(CODE_FIELD, CODE_TERM, boost=0.0))
    parts = required + ([clauses[0] if len(clauses) == 1 else wq.Or(clauses)] if clauses else [])
    # Not And(Every, filter): Whoosh's normalize() reduces that to Every.
    query = (parts[0] if len(parts) == 1 else wq.And(parts)) if parts else wq.Every()
    excluded = [_text_match(tokens) for tokens in map(analysis.phrase, parsed.excluded) if tokens]
    # Filters alone score every match 0: they are listed newest first.
    order = sort if clauses or sort != RELEVANCE else DATE
    return Plan(query, order, wq.Or(excluded) if excluded else None)


def _author(tokens: list[str]) -> wq.Query:
    return (
        wq.Phrase("authors", tokens, boost=0.0)
        if len(tokens) > 1
        else wq.Term("authors", tokens[0], boost=0.0)
    )

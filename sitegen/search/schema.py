"""The index's fields, their analyzers and weights, and how a Paper becomes a Whoosh document."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from sitegen.model import Paper
from sitegen.search.order import KEY_FIELDS, sort_keys

# Whoosh's StemmingAnalyzer with accent folding added before stemming (folding after it would leave
# "schrödinger" and "schrodinger" with different stems): "quantizing" finds "quantization",
# "Schrodinger" finds "Schrödinger".
TEXT_ANALYZER = (
    RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()
)
# Whole words, unstemmed (author names; and what the spelling corrector suggests: "quantiz" is no suggestion).
WORD_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
# The words WORD_ANALYZER finds, but split at "*" (which it keeps in words), with str methods: the
# spelling list is built for every paper.
_WORD = re.compile(r"\w+(?:\.\w+)*")
# RegexTokenizer's pattern (whoosh-reloaded keeps "*" in words), for the str-method analyzers below,
# without its optional dot (r"[\w*]+(?:\.?[\w*]+)*"): the same matches, with less backtracking.
TOKEN = re.compile(r"[\w*]+(?:\.[\w*]+)*")
# For ASCII text (most abstracts), TOKEN's and _WORD's matches found by C loops of str and bytes
# methods, quicker than findall's match objects: a
# character the pattern never matches becomes a space, and so does a dot it does not keep (one of a
# run, or one beside a space or an end of the text).
_TOKEN_BYTES = bytes(
    b if b < 128 and (chr(b).isalnum() or chr(b) in "_*.") else 32 for b in range(256)
)
_WORD_BYTES = _TOKEN_BYTES.replace(b"*", b" ")
_DOT_RUN = re.compile(r"\.{2,}")
_STOPS = frozenset(STOP_WORDS)
_stem = lru_cache(maxsize=200_000)(stem)


@lru_cache(maxsize=500_000)
def token_term(token: str) -> tuple[str, bool]:
    """(term, is_stop_word) of one TOKEN match as TEXT_ANALYZER reads it; a stop word's term is its folded form."""
    word = token.lower().translate(accent_map)
    if len(word) < 2 or word in _STOPS:
        return word, True
    return _stem(word), False


class _IndexedTerms(dict):
    """The term each TOKEN match met is indexed as ("" for a stop word, which is not indexed), worked
    out on first use. A dict, not an lru_cache: its __getitem__ mapped over a text's tokens is a C call
    per token, and the index's terms are a lookup per word of every paper."""

    # Distinct tokens kept before starting afresh: bounds the memory, above a real vocabulary.
    LIMIT = 500_000

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        term, stop = token_term.__wrapped__(
            token
        )  # not token_term's cache: the build would hold both
        self[token] = term = "" if stop else term
        return term


_INDEXED_TERMS = _IndexedTerms()


SPELLING_MIN = (
    4  # shorter words have too many neighbours one edit away to guess which one was meant
)

# A plain word is looked up in one field that holds a paper's title, short name, abstract and
# authors: BM25 over the whole paper ranks the paper whose abstract answers a question above one
# that has a query word in its title (per-field scores summed with title weights did not), and a
# surname is found like any other word. Title and abstract are also stored, for hits and snippets.
TEXT_FIELD = "text"
# Hyphenated words of a paper, also indexed joined ("multi-agent" as "multiagent"), so a query that
# joins them finds the paper; the query side joins what a query hyphenates (sitegen/search/forms.py).
# Possessive: a word without a hyphen fails at once, where backtracking tried every shorter prefix.
HYPHENATED = re.compile(r"\b\w++(?:-\w++)+")
# Between the parts of the text: a term no word becomes, so that a phrase cannot run from the
# title into the abstract ("thought chain" in "... Chain-of-Thought", "Chain of thought ...").
GAP = "__"
# Papers with a code repository have the term CODE_TERM in this field; has_code requires it.
CODE_FIELD = "code"
CODE_TERM = "1"


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        arxiv_id=ID,
        title=STORED,
        abstract=STORED,
        text=TEXT(analyzer=TEXT_ANALYZER),
        authors=TEXT(analyzer=WORD_ANALYZER),
        # scorable although never scored: Whoosh 2.7 looks for the lengths of an unscored field on
        # disk once per posting while committing (a stat call each), which slows builds a lot.
        tags=KEYWORD(stored=True, lowercase=True, scorable=True),
        date=STORED,
        code=ID,
        # A column only (not indexed): what the orders other than relevance sort by (order.py).
        **{name: COLUMN(NumericColumn("q")) for name in KEY_FIELDS.values()},
    )


def search_parts(paper: Paper) -> list[str]:
    """What a plain word is matched against, in parts: the paper's words, then its hyphenated words joined."""
    joined = {
        match.replace("-", "")
        for text in (paper.title, paper.abstract)
        for match in HYPHENATED.findall(text)
    }
    parts = [
        paper.title,
        paper.short_name,
        paper.abstract,
        " ; ".join(paper.authors),
        " ".join(sorted(joined)),
    ]
    return [part for part in parts if part]


def search_text(paper: Paper) -> str:
    """The parts as one text for Whoosh's analyzer, GAP between them."""
    return f" {GAP} ".join(search_parts(paper))


def search_terms(paper: Paper) -> str:
    """The terms TEXT_ANALYZER gives for search_text(paper), each part analyzed alone (most parts are
    ASCII, which text_terms reads fast, even where an author's name is not)."""
    return f" {GAP} ".join(text_terms(part) for part in search_parts(paper))


def document_key(paper: Paper) -> tuple:
    """What the index holds of a paper, as the fields it is made from (search_text is made from these)."""
    return (
        paper.id,
        paper.arxiv_id or "",
        paper.title,
        paper.short_name,
        paper.abstract,
        list(paper.authors),
        list(paper.tags),
        paper.date or "",
        bool(paper.code_url),
        paper.upvotes,
    )


def paper_document(paper: Paper) -> dict:
    """The fields of one paper as the index stores them."""
    document = {
        "id": paper.id,
        "arxiv_id": paper.arxiv_id or "",
        "title": paper.title,
        "abstract": paper.abstract,
        "text": search_text(paper),
        "authors": " ; ".join(paper.authors),
        "tags": " ".join(paper.tags),
        "date": paper.date or "",
        **sort_keys(paper),
    }
    if paper.code_url:
        document[CODE_FIELD] = CODE_TERM
    return document


def text_terms(text: str) -> str:
    """The terms TEXT_ANALYZER gives, in order, joined by spaces: made with C-level calls and a cache,
    for indexing many papers.

    Whoosh's StopFilter renumbers positions, so consecutive terms are consecutive positions. ASCII
    text is lower-cased whole first (it tokenizes the same), so the cache holds each word once, not
    once per way it is capitalised.
    """
    found = tokens(text.lower()) if text.isascii() else tokens(text)
    return " ".join(filter(None, map(_INDEXED_TERMS.__getitem__, found)))


def tokens(text: str) -> list[str]:
    """TOKEN.findall(text): the tokens RegexTokenizer gives, which the str-method analyzers start from."""
    return _ascii_matches(text, _TOKEN_BYTES) if text.isascii() else TOKEN.findall(text)


def words(text: str) -> list[str]:
    """_WORD.findall(text)."""
    return _ascii_matches(text, _WORD_BYTES) if text.isascii() else _WORD.findall(text)


def _ascii_matches(text: str, kept_bytes: bytes) -> list[str]:
    kept = text.encode("ascii").translate(kept_bytes).decode("ascii")
    if ".." in kept:
        kept = _DOT_RUN.sub(" ", kept)
    return kept.replace(". ", " ").replace(" .", " ").strip(".").split()


def name_terms(text: str) -> str:
    """The terms WORD_ANALYZER gives (author names), joined by spaces; its filters work on each
    character alone, so they are run once over the joined tokens."""
    return " ".join(tokens(text)).lower().translate(accent_map)


def spelling_counts(papers: Iterable[Paper]) -> dict[str, int]:
    """How many papers have each word the corrector may suggest: unstemmed, folded, alphabetic, not too short.

    Kept out of the index (a field for them would make the index much slower to build) and counted
    by the build: every distinct word of each paper at C speed, the words that may not be suggested
    dropped once at the end.
    """
    counts: Counter[str] = Counter()
    for paper in papers:
        text = f"{paper.title}\n{paper.abstract}".lower()
        # accent_map leaves lower-case ASCII as it is: only other text pays its lookup per character.
        counts.update(set(words(text if text.isascii() else text.translate(accent_map))))
    return {word: n for word, n in counts.items() if len(word) >= SPELLING_MIN and word.isalpha()}

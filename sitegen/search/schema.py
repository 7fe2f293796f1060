"""The index's fields, their analyzers and weights, and how a Paper becomes a Whoosh document."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence
from whoosh.support.charset import accent_map

from sitegen.model import Paper

# Whoosh's StemmingAnalyzer with accent folding added before stemming (folding after it would leave
# "schrödinger" and "schrodinger" with different stems): "quantizing" finds "quantization",
# "Schrodinger" finds "Schrödinger".
TEXT_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter() | StemFilter()
# Whole words, unstemmed: what the spelling corrector suggests from (a stem like "quantiz" is no suggestion).
WORD_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)

# The fields a plain word is looked up in, and how much a match in each counts.
# Few fields on purpose: every field multiplies the postings read per word (see the performance issue).
QUERY_FIELDS = {"short_name": 4.0, "title": 2.5, "abstract": 1.0}


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        arxiv_id=ID,
        title=TEXT(analyzer=TEXT_ANALYZER, stored=True),
        short_name=TEXT(analyzer=TEXT_ANALYZER),
        abstract=TEXT(analyzer=TEXT_ANALYZER, stored=True),
        authors=TEXT(analyzer=WORD_ANALYZER),
        tags=KEYWORD(stored=True, lowercase=True, scorable=False),
        date=ID(stored=True, sortable=True),
        # Spelling only: presence of each unstemmed word of the titles and abstracts, no positions.
        words=FieldType(format=Existence(), analyzer=WORD_ANALYZER, scorable=False),
        # Kept whole for display; never searched.
        short=STORED,
    )


def paper_document(paper: Paper) -> dict:
    """The fields of one paper as the index stores them."""
    return {
        "id": paper.id,
        "arxiv_id": paper.arxiv_id or "",
        "title": paper.title,
        "short_name": paper.short_name,
        "abstract": paper.abstract,
        "authors": " ; ".join(paper.authors),
        "tags": " ".join(paper.tags),
        "date": paper.date or "",
        "words": f"{paper.title}\n{paper.abstract}",
        "short": paper.short_name,
    }

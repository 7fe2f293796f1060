"""Did-you-mean: words of a query that match nothing in the collection, and the nearest words that do."""

from __future__ import annotations

import re

from whoosh.searching import Searcher

from sitegen.search.query import ARXIV_ID, ParsedQuery, analyzed
from sitegen.search.schema import QUERY_FIELDS, WORD_ANALYZER

# Shorter words have too many neighbours one edit away to guess which one was meant.
MIN_WORD = 4


def corrections(searcher: Searcher, parsed: ParsedQuery) -> dict[str, str]:
    """{typed word: suggested word} for each plain word that matches no paper at all.

    A word that matches something is never "corrected", however rare: short names like COLEP
    must stay as typed. Suggestions come from the unstemmed words of titles and abstracts,
    first at one edit, then two, most frequent first; the first letter is assumed right.
    """
    reader = searcher.reader()
    corrector = searcher.corrector("words")
    fixes = {}
    for word in parsed.words:
        plain = analyzed(word, WORD_ANALYZER)
        if len(plain) != 1 or len(plain[0]) < MIN_WORD or not plain[0].isalpha() or ARXIV_ID.fullmatch(word):
            continue
        stems = analyzed(word)
        if not stems or any(reader.doc_frequency(f, s) for f in QUERY_FIELDS for s in stems):
            continue
        for maxdist in (1, 2) if len(plain[0]) > 5 else (1,):
            found = corrector.suggest(plain[0], limit=1, maxdist=maxdist, prefix=1)
            if found:
                fixes[word] = found[0]
                break
    return fixes


def corrected_text(text: str, fixes: dict[str, str]) -> str:
    """The query as typed, with each corrected word replaced where it stands alone."""
    for word, suggestion in fixes.items():
        text = re.sub(rf"(?<![\w:-]){re.escape(word)}(?![\w-])", suggestion, text)
    return text

"""Did-you-mean: words of a query that match nothing in the collection, and the nearest words that do."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from pathlib import Path

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from sitegen import arxiv_ids
from sitegen.search.query import ParsedQuery, analyzed
from sitegen.search.schema import SPELLING_MIN, WORD_ANALYZER


class Speller:
    """Suggests the nearest words of the collection (words.json of a generation), closest then commonest."""

    def __init__(self, words_file: Path):
        self.frequency: dict[str, int] = json.loads(words_file.read_text(encoding="utf-8"))
        self.words = sorted(self.frequency)

    def _next_word(self, word: str) -> str | None:
        """The first word >= `word`: how Whoosh's automaton skips through a sorted list."""
        i = bisect_left(self.words, word)
        return self.words[i] if i < len(self.words) else None

    def suggest(self, word: str) -> str | None:
        # The first letter is assumed right (as Whoosh's prefix=1): fewer, better candidates, much faster.
        for distance in (1, 2) if len(word) > 5 else (1,):
            automaton = levenshtein_automaton(word, distance, prefix=1).to_dfa()
            found = [w for w in find_all_matches(automaton, self._next_word) if w != word]
            if found:
                return max(found, key=lambda w: (self.frequency[w], w))
        return None


def corrections(engine, speller: Speller, parsed: ParsedQuery) -> dict[str, str]:
    """{typed word: suggested word} for each plain word that matches no paper at all.

    A word that matches something is never "corrected", however rare: short names like COLEP
    must stay as typed.
    """
    fixes = {}
    for word in parsed.words:
        plain = analyzed(word, WORD_ANALYZER)
        if (
            len(plain) != 1
            or len(plain[0]) < SPELLING_MIN
            or not plain[0].isalpha()
            or arxiv_ids.parse(word)
        ):
            continue
        terms = engine.analysis.words(word)
        if not terms or engine.knows(terms):
            continue
        suggestion = speller.suggest(plain[0])
        if suggestion:
            fixes[word] = suggestion
    return fixes


def corrected_text(text: str, fixes: dict[str, str]) -> str:
    """The query as typed, with each corrected word replaced where it stands alone."""
    for word, suggestion in fixes.items():
        text = re.sub(rf"(?<![\w:-]){re.escape(word)}(?![\w-])", suggestion, text)
    return text

"""Find taxonomy phrases in text fast: one pass over the words, looking up word n-grams in a table.

A regular expression per topic would scan every abstract once per topic (40 scans a paper);
here the text is split into words once, and only words that start some phrase are looked up.
Phrases in lower case match any case; phrases with capitals ("RAG", "MoE") match as written.
Hyphens count as spaces and a plural "s" is ignored on both sides.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case-insensitive form of a word: lower case, a plural "s" dropped ("agents" -> "agent")."""
    word = word.lower()
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "su" and not word.endswith("is"):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def exact(word: str) -> str:
    """Case-sensitive form: only an acronym's plural is dropped ("LLMs" -> "LLM")."""
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return word[:-1]
    return word


class PhraseIndex:
    """Phrases grouped by the label they signal; `count(text)` gives hits per label."""

    def __init__(self, phrases: Iterable[tuple[str, str]]):
        self._folded: dict[tuple[str, ...], set[str]] = {}
        self._exact: dict[tuple[str, ...], set[str]] = {}
        for phrase, label in phrases:
            words = _WORD.findall(phrase)
            if not words:
                continue
            if phrase == phrase.lower():
                self._folded.setdefault(tuple(map(fold, words)), set()).add(label)
            else:
                self._exact.setdefault(tuple(map(exact, words)), set()).add(label)
        # Whole keywords and tag names are compared without case, acronyms included.
        self._whole = {tuple(map(fold, key)): set(labels) for key, labels in self._exact.items()}
        for key, labels in self._folded.items():
            self._whole.setdefault(key, set()).update(labels)
        self._starts_folded = self._lengths(self._folded)
        self._starts_exact = self._lengths(self._exact)
        self._spell_folded = self._spellings(self._starts_folded)
        self._spell_exact = self._spellings(self._starts_exact)

    @staticmethod
    def _lengths(table: dict[tuple[str, ...], set[str]]) -> dict[str, list[int]]:
        """For each first word, the phrase lengths to try, longest first."""
        lengths: dict[str, set[int]] = {}
        for key in table:
            lengths.setdefault(key[0], set()).add(len(key))
        return {word: sorted(ns, reverse=True) for word, ns in lengths.items()}

    @staticmethod
    def _spellings(starts: dict[str, list[int]]) -> frozenset[str]:
        # First words as they may be written (singular or plural, any case for folded ones), so that
        # most words of a text are skipped by one set lookup before any folding.
        return frozenset(w for word in starts for w in (word, word + "s", word + "es"))

    def _hits(self, words, table, starts, spellings, form, hits: Counter) -> None:
        for i in [i for i, w in enumerate(words) if w in spellings]:
            first = form(words[i])
            for n in starts.get(first, ()):
                key = (first, *map(form, words[i + 1 : i + n]))
                for label in table.get(key, ()):
                    hits[label, key] += 1

    def count(self, text: str) -> Counter:
        """(label, phrase) -> number of occurrences in text."""
        hits: Counter = Counter()
        self._hits(_WORD.findall(text.lower()), self._folded, self._starts_folded, self._spell_folded, fold, hits)
        if self._exact:
            self._hits(_WORD.findall(text), self._exact, self._starts_exact, self._spell_exact, exact, hits)
        return hits

    def labels(self, text: str) -> set[str]:
        """Labels one of whose phrases is the whole text, in any case (a keyword or a tag name, not prose)."""
        return set(self._whole.get(tuple(fold(w) for w in _WORD.findall(text)), ()))

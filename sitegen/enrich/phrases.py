"""Find taxonomy phrases in text fast: one Aho-Corasick automaton reads the whole text once.

A regular expression per topic would scan every abstract once per topic, and looking up the word
n-grams that start at each word is Python work per word, which at scale is much of enrichment's
time. Instead every spelling of every phrase goes into one automaton
(ahocorasick-rs) over the text in lower case, with its words joined by single spaces: the text is
brought to that shape by a few passes of bytes methods, and Python sees only the hits.
Phrases in lower case match any case; phrases with capitals ("RAG", "MoE") match as written
(checked on the hit). Hyphens count as spaces and a plural "s" is ignored on both sides.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import ahocorasick_rs

_WORD = re.compile(r"[A-Za-z0-9]+")
# Each byte but an ASCII letter or digit, as a space.
_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256))

Hit = tuple[str, tuple[str, ...]]  # (label, phrase as a tuple of its words in their matching form)


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


def spellings(key: tuple[str, ...], form: Callable[[str], str]) -> Iterator[str]:
    """Every text (words joined by spaces) whose words `form` turns into `key`: each word as it is or
    with the plural "s" that `form` drops (the forms never change a word they made)."""
    choices = [(word, word + "s") if form(word + "s") == word else (word,) for word in key]
    return (" ".join(words) for words in itertools.product(*choices))


def _words(text: str) -> str:
    """The words of a text (_WORD's matches) joined by single spaces, with a space at each end.

    Done on bytes, where a translation table and split() are C loops, quicker than a regular
    expression. Non-ASCII characters are encoded as "?", which becomes a space like them.
    """
    return (
        f" {b' '.join(text.encode('ascii', 'replace').translate(_SPACES).split()).decode('ascii')} "
    )


class _Entry:
    """What one lower-case spelling stands for: hits of lower-case phrases, and hits of phrases with
    capitals by the spelling as written; each also as counted when the spelling ends the text."""

    __slots__ = ("folded", "exact", "folded_last", "exact_last")

    def __init__(self) -> None:
        self.folded: list[Hit] = []
        self.exact: dict[str, list[Hit]] = {}
        self.folded_last: list[Hit] = []
        self.exact_last: dict[str, list[Hit]] = {}

    def add(self, written: str | None, hits: list[Hit], last: list[Hit]) -> None:
        """Hits of a phrase with capitals when `written` is its spelling as written; else of a lower-case one."""
        if written is None:
            self.folded += hits
            self.folded_last += last
        else:
            self.exact.setdefault(written, []).extend(hits)
            self.exact_last.setdefault(written, []).extend(last)


def _counted_at_end(table: dict[tuple[str, ...], set[str]]) -> dict[tuple[str, ...], int]:
    """How many times each phrase counts when it ends the text: once, and once more for each longer
    length of the phrases starting with its first word. The topic thresholds are set for this count,
    and it favours the word a title ends on, most often its topic ("... of LLM Reasoning"): counted
    once, some of the sample's papers change tags, some for the worse."""
    lengths: dict[str, set[int]] = {}
    for key in table:
        lengths.setdefault(key[0], set()).add(len(key))
    return {key: 1 + sum(n > len(key) for n in lengths[key[0]]) for key in table}


class PhraseIndex:
    """Phrases grouped by the label they signal; `count(text)` gives hits per label."""

    def __init__(self, phrases: Iterable[tuple[str, str]]):
        folded: dict[tuple[str, ...], set[str]] = {}
        exacts: dict[tuple[str, ...], set[str]] = {}
        for phrase, label in phrases:
            words = _WORD.findall(phrase)
            if not words:
                continue
            if phrase == phrase.lower():
                folded.setdefault(tuple(map(fold, words)), set()).add(label)
            else:
                exacts.setdefault(tuple(map(exact, words)), set()).add(label)
        # Whole keywords and tag names are compared without case, acronyms included.
        self._whole = {tuple(map(fold, key)): set(labels) for key, labels in exacts.items()}
        for key, labels in folded.items():
            self._whole.setdefault(key, set()).update(labels)
        entries = self._compile(folded, exacts)
        self._entries = list(entries.values())
        self._automaton = ahocorasick_rs.AhoCorasick(list(entries)) if entries else None

    @staticmethod
    def _compile(
        folded: dict[tuple[str, ...], set[str]], exacts: dict[tuple[str, ...], set[str]]
    ) -> dict[str, _Entry]:
        """Each spelling the automaton looks for, with what it stands for."""
        # Spaces around each spelling: a match is always whole words, and overlapping phrases
        # ("reasoning", "reasoning model") all count.
        entries: dict[str, _Entry] = {}
        for table, form, as_written in ((folded, fold, False), (exacts, exact, True)):
            at_end = _counted_at_end(table)
            for key, labels in table.items():
                hits = [(label, key) for label in sorted(labels)]
                for spelling in spellings(key, form):
                    written = f" {spelling} "
                    entry = entries.setdefault(written.lower(), _Entry())
                    entry.add(written if as_written else None, hits, hits * at_end[key])
        return entries

    def count(self, text: str) -> Counter:
        """(label, phrase) -> number of occurrences in text."""
        return Counter(self._hits(text))

    def _hits(self, text: str) -> Iterator[Hit]:
        if self._automaton is None:
            return
        words = _words(text)
        for index, start, end in self._automaton.find_matches_as_indexes(
            words.lower(), overlapping=True
        ):
            entry = self._entries[index]
            # the match holds the text's last word (and the space after it)
            last = end == len(words)
            yield from entry.folded_last if last else entry.folded
            if entry.exact:
                yield from (entry.exact_last if last else entry.exact).get(words[start:end], ())

    def labels(self, text: str) -> set[str]:
        """Labels one of whose phrases is the whole text, in any case (a keyword or a tag name, not prose)."""
        return set(self._whole.get(tuple(fold(w) for w in _WORD.findall(text)), ()))

"""Other forms of a query's words that the collection writes: what a word as typed may mean.

Each form is looked up in the index and added only where some paper has it, OR-ed with the words
as typed (never instead of them, so a rare but real word, an author's surname or a model's name,
keeps its matches):
    joined      "multi-agent" or "multi agent" also as "multiagent" (the index joins the hyphenated
                words of every paper, sitegen/search/schema.py, so "multiagent" finds "multi-agent")
    spelling    British and American endings: "optimisation" also as "optimization", and back
    corrected   a word that no paper has, replaced by the nearest word that papers have (spelling.py)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.search.query import ParsedQuery
from sitegen.search.spelling import Speller, corrections

# (British ending, American ending); a word gets the other ending's form where the collection has it.
SPELLING_ENDINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("ours", "ors"),
    ("elling", "eling"),
    ("elled", "eled"),
    ("eller", "eler"),
    ("tre", "ter"),
    ("tres", "ters"),
)
_ALPHA = re.compile(r"[^\W\d_]+")


@dataclass
class Forms:
    extra: list[str] = field(default_factory=list)  # words OR-ed with the query's own
    # typed word -> the word searched instead
    corrected: dict[str, str] = field(default_factory=dict)


def query_forms(engine, speller: Speller, parsed: ParsedQuery) -> Forms:
    """The other forms of the query's plain words that some paper has (see the module's docstring)."""
    known = _known(engine)
    candidates = [
        *_joined(parsed.words),
        *(other for word in parsed.words for other in spelling_variants(word)),
    ]
    corrected = corrections(engine, speller, parsed)
    extra = [form for form in dict.fromkeys(candidates) if known(form)] + list(corrected.values())
    return Forms(extra=extra, corrected=corrected)


def _known(engine):
    return lambda word: bool(terms := engine.analysis.words(word)) and engine.knows(terms)


def _joined(words: list[str]) -> list[str]:
    """Each hyphenated word and each pair of neighbouring words, written as one word."""
    alpha = [w if _ALPHA.fullmatch(w.replace("-", "")) else "" for w in words]
    hyphenated = [w.replace("-", "") for w in alpha if "-" in w.strip("-")]
    pairs = [a + b for a, b in zip(alpha, alpha[1:]) if a and b and "-" not in a + b]
    return hyphenated + pairs


def spelling_variants(word: str) -> list[str]:
    """The word with each British ending it has made American and each American ending made British."""
    lower = word.lower()
    variants = []
    for british, american in SPELLING_ENDINGS:
        for ending, other in ((british, american), (american, british)):
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                variants.append(lower[: -len(ending)] + other)
    return variants

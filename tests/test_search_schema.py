"""The str-method analyzers the tantivy backend indexes with give exactly the terms of Whoosh's analyzers,
and the spelling list holds the words the corrector may suggest."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.model import Paper
from sitegen.search.query import analyzed
from sitegen.search.schema import (
    _INDEXED_TERMS,
    _WORD,
    TOKEN,
    WORD_ANALYZER,
    name_terms,
    spelling_counts,
    text_terms,
    tokens,
    words,
)

TRICKY = [
    "V*Bench and GPT-4.5, e.g. o1",
    "Schrödinger’s naïve Ångström ß",
    "the of and a I x 3",
    "ÉCOLE_NORMALE 256*256 …",
    "a..b .c d. x.y.z *.* 1.5.x.",
]


def test_text_and_name_terms_match_whoosh_on_the_sample(sample):
    texts = TRICKY + [
        text
        for p in sample.papers.values()
        for text in (p.title, p.abstract, p.short_name, " ; ".join(p.authors))
    ]
    for text in texts:
        assert text_terms(text) == " ".join(analyzed(text))
        assert name_terms(text) == " ".join(analyzed(text, WORD_ANALYZER))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_text_terms_match_whoosh_on_any_text(text):
    assert text_terms(text) == " ".join(analyzed(text))
    assert name_terms(text) == " ".join(analyzed(text, WORD_ANALYZER))


def test_text_terms_stay_right_when_their_cache_starts_afresh(sample, monkeypatch):
    monkeypatch.setattr(_INDEXED_TERMS, "LIMIT", 5)
    _INDEXED_TERMS.clear()
    for paper in list(sample.papers.values())[:20]:
        assert text_terms(paper.abstract) == " ".join(analyzed(paper.abstract))
        assert len(_INDEXED_TERMS) <= 5


# ASCII text takes str methods instead of the patterns: dots, stars and underscores in every arrangement.
ASCII_TEXT = st.text(alphabet="ab1_*. \n,-", max_size=40)


@settings(max_examples=500, deadline=None)
@given(ASCII_TEXT)
def test_ascii_tokens_and_words_are_the_patterns_matches(text):
    assert tokens(text) == TOKEN.findall(text)
    assert words(text) == _WORD.findall(text)


def test_spelling_counts_count_papers_per_folded_alphabetic_word():
    papers = [
        Paper(
            title="Schrödinger Bridges: V*Bench",
            abstract="Schrodinger bridges, e.g. GPT-4.5 and 3.5x speed; bridges.",
        ),
        Paper(title="Naïve Bayes", abstract="A naive baseline beats GPT4 on V*Bench."),
    ]
    assert spelling_counts(papers) == {
        "schrodinger": 1,
        "bridges": 1,
        "bench": 2,
        "speed": 1,
        "naive": 1,
        "bayes": 1,
        "baseline": 1,
        "beats": 1,
    }

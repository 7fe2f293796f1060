"""The str-method analyzers the tantivy backend indexes with give exactly the terms of Whoosh's analyzers."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sitegen.search.query import analyzed
from sitegen.search.schema import WORD_ANALYZER, name_terms, text_terms

pytest_plugins = ["serve_fixtures"]

TRICKY = ["V*Bench and GPT-4.5, e.g. o1", "Schrödinger’s naïve Ångström ß", "the of and a I x 3", "ÉCOLE_NORMALE 256*256 …", "a..b .c d. x.y.z *.* 1.5.x."]


def test_text_and_name_terms_match_whoosh_on_the_sample(sample):
    texts = TRICKY + [text for p in sample.papers.values() for text in (p.title, p.abstract, p.short_name, " ; ".join(p.authors))]
    for text in texts:
        assert text_terms(text) == " ".join(analyzed(text))
        assert name_terms(text) == " ".join(analyzed(text, WORD_ANALYZER))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_text_terms_match_whoosh_on_any_text(text):
    assert text_terms(text) == " ".join(analyzed(text))
    assert name_terms(text) == " ".join(analyzed(text, WORD_ANALYZER))

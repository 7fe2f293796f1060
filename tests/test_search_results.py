"""Snippets: the str-method passages give exactly what Whoosh's highlighter gave, escaped, with <mark>s."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from sitegen.search.query import analyzed
from sitegen.search.results import SNIPPET_CHARS, SURROUND, snippet
from sitegen.search.schema import TEXT_ANALYZER


class _Mark(HtmlFormatter):
    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")


def whoosh_snippet(abstract: str, terms: frozenset[str]) -> str:
    """The reference: what the snippet was when Whoosh's highlighter made it."""
    marked = highlight(
        abstract,
        terms,
        TEXT_ANALYZER,
        ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SURROUND),
        _Mark(),
        top=2,
    )
    return marked or snippet(abstract, frozenset())


def test_snippets_equal_whoosh_highlights_on_the_sample(sample):
    abstracts = [p.abstract for p in sample.papers.values()]
    vocabulary = sorted({t for a in abstracts for t in analyzed(a)})
    for i, abstract in enumerate(abstracts):
        own = analyzed(abstract)
        # Terms of the abstract itself (one, several, rare and common) and terms it lacks.
        for terms in (own[:1], own[::7], own[-3:], vocabulary[i::37], ["will", "the"], []):
            assert snippet(abstract, frozenset(terms)) == whoosh_snippet(abstract, frozenset(terms))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "model",
                "the",
                "x",
                "<b>",
                "&",
                "quantization",
                "models",
                "a",
                "Élan",
                "*",
                "  ,;  ",
                "w" * 70,
                "m" * 250,
                "4.5",
                "model.",
                "...",
            ]
        ),
        max_size=150,
    ),
    st.lists(
        st.sampled_from(["model", "quantiz", "elan", "the", "x", "w" * 70, "m" * 250, "4.5"]),
        max_size=3,
    ),
)
def test_snippets_equal_whoosh_highlights_on_any_words(words, terms):
    abstract = " ".join(words)
    assert snippet(abstract, frozenset(terms)) == whoosh_snippet(abstract, frozenset(terms))
    abstract = "".join(words)
    assert snippet(abstract, frozenset(terms)) == whoosh_snippet(abstract, frozenset(terms))


def test_snippets_of_very_long_text_stop_where_whoosh_stops():
    text = "filler words here " * 1900 + "model at the end " * 20
    for terms in (["model"], ["filler", "model"], ["word"]):
        assert snippet(text, frozenset(terms)) == whoosh_snippet(text, frozenset(terms))


def test_snippets_are_escaped_and_marked():
    # A passage ends with its last word, as Whoosh's did.
    text = (
        "Attackers write <b>markup</b> & <script>alert('x')</script> in abstracts about prompting."
    )
    marked = snippet(text, frozenset(analyzed("attackers prompting")))
    assert marked == (
        "<mark>Attackers</mark> write &lt;b&gt;markup&lt;/b&gt; &amp; &lt;script&gt;alert('x')&lt;/script&gt;"
        " in abstracts about <mark>prompting</mark>"
    )

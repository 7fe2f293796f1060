"""Mentions by short name or full title, the common-word rule, and backlinks, on seed papers."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import Config
from sitegen.enrich import enrich
from sitegen.enrich.identity import Registry
from sitegen.enrich.mentions import KEY_LENGTH, is_distinctive, link_backlinks, link_mentions
from sitegen.model import Mention, Paper, Related
from sitegen.sources import bundled_sources, read_sources


@pytest.mark.parametrize(
    "name, distinctive",
    [
        ("ProcBench", True),
        ("COLEP", True),
        ("Quiet-STaR", True),
        ("AlphaMath Almost Zero", True),
        ("Proactive Agent", True),
        ("LLM", False),
        ("SVG", False),
        ("Dualformer", False),
        ("Why think step by step? Reasoning emerges", False),
        ("", False),
    ],
)
def test_which_short_names_are_distinctive(name, distinctive):
    assert is_distinctive(name) is distinctive


@pytest.fixture(scope="module")
def with_citing_paper():
    citing = Paper(
        title="A Study That Cites Its Neighbours",
        abstract=(
            "We evaluate on ProcBench and compare with COLEP. Following Scaling LLM test-time compute "
            "optimally can be more effective than scaling model parameters, we also try quiet-star "
            "decoding, a ProcBenchmark-like split, and Quiet-STaR itself. ProcBench again."
        ),
    )
    papers = read_sources(bundled_sources()[:1]).papers + [citing]
    return enrich(papers, Config(root=Path("/nonexistent")), Registry()).collection


def paper_id(collection, start: str) -> str:
    return next(p.id for p in collection.papers.values() if p.title.startswith(start))


def test_short_names_and_full_titles_become_mentions(with_citing_paper):
    c = with_citing_paper
    citing = c.papers[paper_id(c, "A Study That Cites")]
    assert citing.mentions == [
        Mention(paper_id(c, "ProcBench:"), "ProcBench"),
        Mention(paper_id(c, "COLEP:"), "COLEP"),
        Mention(
            paper_id(c, "Scaling LLM Test-Time"),
            "Scaling LLM test-time compute optimally can be more effective than scaling model parameters",
        ),
        Mention(
            paper_id(c, "Quiet-STaR:"), "Quiet-STaR"
        ),  # as written; "quiet-star" is not the name
    ]


def test_papers_never_mention_themselves(with_citing_paper):
    colep = with_citing_paper.papers[paper_id(with_citing_paper, "COLEP:")]
    assert "COLEP" in colep.abstract
    assert colep.id not in {m.id for m in colep.mentions}


def test_backlinks_list_mentioning_then_related_papers(with_citing_paper):
    c = with_citing_paper
    citing_id = paper_id(c, "A Study That Cites")
    colep = c.papers[paper_id(c, "COLEP:")]
    assert colep.backlinks[0] == citing_id
    related_to_colep = [p.id for p in c.papers.values() if colep.id in {r.id for r in p.related}]
    assert colep.backlinks[1:] == [i for i in related_to_colep if i != citing_id]
    for paper in c.papers.values():
        for target in {m.id for m in paper.mentions} | {r.id for r in paper.related}:
            assert paper.id in c.papers[target].backlinks


def test_a_name_also_written_as_a_plain_word_is_not_linked():
    papers = [
        Paper(title="SMART: Self-learning Meta-strategy Agent", abstract="An agent.", id="smart"),
        Paper(title="COLEP: Conformal Prediction", abstract="Circuits.", id="colep"),
        Paper(
            title="Phones",
            abstract="A smart phone study that compares SMART and COLEP.",
            id="phones",
        ),
    ]
    linked = {p.id: p for p in link_mentions(papers)}
    assert linked["phones"].mentions == [Mention("colep", "COLEP")]


def test_a_title_also_written_as_a_plain_phrase_is_not_linked():
    # As in the real Daily Papers: the lower-case phrase names a kind of model, and so does the
    # capitalised one at the start of a sentence.
    papers = [
        Paper(title="Large Language Diffusion Models", abstract="We train LLaDA.", id="llada"),
        Paper(title="Humanity's Last Exam", abstract="A benchmark.", id="hle"),
        Paper(
            title="Survey",
            abstract="Large Language Diffusion Models, or diffusion LLMs, have emerged.",
            id="survey",
        ),
        Paper(
            title="Findings",
            abstract="We find that large language diffusion models do well on Humanity's Last Exam.",
            id="findings",
        ),
    ]
    linked = {p.id: p for p in link_mentions(papers)}
    assert linked["survey"].mentions == []
    assert linked["findings"].mentions == [Mention("hle", "Humanity's Last Exam")]


def test_backlinks_are_unique_and_ordered():
    papers = [
        Paper(title="A", id="a", mentions=[Mention("c", "C")], related=[Related("c", 0.5, "x")]),
        Paper(title="B", id="b", related=[Related("c", 0.4, "x")]),
        Paper(title="C", id="c"),
    ]
    assert [p.backlinks for p in link_backlinks(papers)] == [[], [], ["a", "b"]]


def test_titles_that_start_alike_are_told_apart_and_kept_in_order():
    # The automaton holds names' first KEY_LENGTH characters: each hit must still match the whole name.
    start = "Scaling Language Models With Sparse Experts"
    assert len(start) > KEY_LENGTH
    papers = [
        Paper(title=start, abstract="Experts.", id="short"),
        Paper(title=f"{start} Beyond ProcBench Tasks", abstract="Longer.", id="long"),
        Paper(title="ProcBench: Procedural Reasoning", abstract="Tasks.", id="procbench"),
        Paper(
            title="Citing",
            abstract=f"Unlike scaling language models with sparse priors, {start} beyond ProcBench tasks.",
            id="a",
        ),
        Paper(
            title="Other", abstract="We revisit scaling language models with sparse gates.", id="b"
        ),
    ]
    linked = {p.id: p.mentions for p in link_mentions(papers)}
    # In the order the names end: "ProcBench" ends inside the longer title, which starts earlier.
    assert [m.id for m in linked["a"]] == ["short", "procbench", "long"]
    assert linked["b"] == []

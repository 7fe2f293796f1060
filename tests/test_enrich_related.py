"""Related papers on the bundled seed: real neighbours, reasons, limits, ties and order independence."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen.config import Config
from sitegen.enrich import enrich
from sitegen.enrich.identity import Registry
from sitegen.enrich.related import link_related
from sitegen.model import Collection, Paper, Tag
from sitegen.sources import bundled_sources, read_sources


def seed_collection(order_seed: int | None = None) -> Collection:
    papers = read_sources(bundled_sources()[:1]).papers
    if order_seed is not None:
        random.Random(order_seed).shuffle(papers)
    return enrich(papers, Config(root=Path("/nonexistent")), Registry())


@pytest.fixture(scope="module")
def seed() -> Collection:
    return seed_collection()


def related_titles(collection: Collection, start: str, top: int = 5) -> list[str]:
    paper = next(p for p in collection.papers.values() if p.title.startswith(start))
    return [collection.papers[r.id].title for r in paper.related[:top]]


@pytest.mark.parametrize(
    "paper, neighbour, top",
    [
        ("A survey on online active learning", "A Survey on Cost Types, Interaction Schemes", 1),
        ("A Survey on Cost Types, Interaction Schemes", "A survey on online active learning", 1),
        ("ExpertFlow: Optimized Expert Activation", "A Survey on Inference Optimization Techniques for Mixture", 1),
        ("ManipLLM: Embodied Multimodal", "MultiPLY: A Multisensory Object-Centric", 1),
        ("On Sequential Bayesian Inference for Continual Learning", "TAME: Task Agnostic Continual Learning", 1),
        ("Bag of Tricks for Inference-time Computation", "Scaling LLM Test-Time Compute Optimally", 2),
        ("Active Prompting with Chain-of-Thought", "Think Beyond Size: Adaptive Prompting", 2),
        ("Knowledge-Aware Federated Active Learning", "A Survey on Cost Types, Interaction Schemes", 5),
    ],
)
def test_seed_neighbours_make_sense(seed, paper, neighbour, top):
    assert any(t.startswith(neighbour) for t in related_titles(seed, paper, top))


def test_a_shared_word_alone_does_not_relate_unrelated_topics(seed):
    # "Active" inference (free energy) is not active learning.
    neighbours = related_titles(seed, "Disentangling Shape and Pose")
    assert not any("Active Learning" in t or "active learning" in t for t in neighbours)


def test_reasons_name_shared_tags_and_terms(seed):
    paper = next(p for p in seed.papers.values() if p.title.startswith("ExpertFlow"))
    reason = paper.related[0].reason
    assert reason.startswith("shared tags: Mixture of Experts")
    assert "terms: " in reason and "expert" in reason


def test_limits_scores_and_no_self_links(seed):
    config = Config(root=Path("."))
    assert sum(bool(p.related) for p in seed.papers.values()) >= 60
    for paper in seed.papers.values():
        scores = [r.score for r in paper.related]
        assert len(scores) <= config.related_count
        assert all(s >= config.related_threshold for s in scores)
        assert scores == sorted(scores, reverse=True)
        assert paper.id not in {r.id for r in paper.related}
        assert all(r.id in seed.papers for r in paper.related)


def test_input_order_does_not_change_related_papers(seed):
    shuffled = seed_collection(order_seed=7)
    assert {i: p.related for i, p in shuffled.papers.items()} == {i: p.related for i, p in seed.papers.items()}


def test_ties_are_broken_by_id():
    text = "Sparse mixture of experts routing for efficient transformer inference at scale."
    papers = [Paper(title="Routing experts", abstract=text, id=i) for i in ("c", "a", "b", "d")]
    papers.append(Paper(title="Cheese", abstract="Aged dairy and the ripening of cheese.", id="e"))
    papers.append(Paper(title="Cheese again", abstract="Dairy farms and cheese.", id="f"))
    linked = {p.id: p for p in link_related(papers, {}, count=2, threshold=0.1)}
    assert [r.id for r in linked["c"].related] == ["a", "b"]
    assert [r.id for r in linked["a"].related] == ["b", "c"]
    assert all(r.id in "ef" for r in linked["e"].related)


def test_tiny_collections():
    assert link_related([Paper(title="Alone", id="x")], {}, 5, 0.1)[0].related == []
    two = link_related([Paper(title="One", id="a"), Paper(title="Two", id="b")], {"t": Tag("t", "T")}, 5, 0.1)
    assert [p.related for p in two] == [[], []]

"""Stable ids: arXiv ids, title slugs, collisions, the user's own ids, and the registry across rebuilds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.config import Config
from sitegen.enrich import enrich, load_registry, registry_path, save_registry
from sitegen.enrich.identity import Registry, assign_ids, title_slug
from sitegen.enrich.normalize import clean_text
from sitegen.errors import SitegenError
from sitegen.model import Paper
from sitegen.render.static_api import SAFE_ID
from sitegen.sources import bundled_sources, read_sources


def ids_of(papers: list[Paper]) -> list[str]:
    return [p.id for p in assign_ids(papers, Registry())[0]]


def test_arxiv_ids_slugs_and_user_ids():
    papers = [
        Paper(title="Quiet-STaR", arxiv_id="2403.09629"),
        Paper(title="Old", arxiv_id="hep-th/9901001"),
        Paper(
            title="Café au lait: A Study of Milk Foam in Very Large Language Models Trained at Scale"
        ),
        Paper(title="Mine", id="My Paper/1"),
    ]
    assert ids_of(papers) == [
        "2403.09629",
        "hep-th-9901001",
        "cafe-au-lait-a-study-of-milk-foam-in-very-large-language",
        "My-Paper-1",
    ]


def test_slugs_are_short_ascii_and_cut_at_a_word():
    slug = title_slug(
        "Eliminating Reasoning via Inferring with Planning: A New Framework to Guide LLMs' Thinking"
    )
    assert len(slug) <= 60 and slug.isascii()
    assert slug == "eliminating-reasoning-via-inferring-with-planning-a-new"
    assert title_slug("？？") == "paper"


def test_a_different_paper_with_the_same_slug_gets_a_suffix():
    assert ids_of(
        [Paper(title="Robust Active Distillation"), Paper(title="Robust active distillation!")]
    ) == [
        "robust-active-distillation",
        "robust-active-distillation-2",
    ]


def seed_papers() -> list[Paper]:
    return read_sources(bundled_sources()[:1]).papers


def test_ids_stay_stable_across_a_rebuild_with_extra_papers(tmp_path: Path):
    config = Config(root=tmp_path)
    first = enrich(seed_papers(), config)
    save_registry(registry_path(config.state_path), first)
    before = {p.title: p.id for p in first.papers.values()}

    papers = seed_papers()
    quiet = next(i for i, p in enumerate(papers) if p.title.startswith("Quiet-STaR"))
    papers[quiet] = replace(papers[quiet], arxiv_id="2403.09629")  # a known paper gains an arXiv id
    dropped = papers.pop(0)  # a known paper is absent from this build
    closures = next(p for p in papers if p.title.startswith("Learning fast, accurate"))
    # New papers listed first, whose slugs collide with a known paper's and with the absent one's.
    collide_known = closures.title.replace("active fluid", "active gas")
    collide_absent = dropped.title.replace("Inference Models", "Learning")
    assert title_slug(collide_known) == before[closures.title]
    assert title_slug(collide_absent) == before[dropped.title]
    newcomers = [
        Paper(title=collide_known, abstract="New."),
        Paper(title=collide_absent, abstract="New."),
    ]
    second = enrich(newcomers + papers, config)
    after = {p.title: p.id for p in second.papers.values()}

    assert all(after[clean_text(p.title)] == before[clean_text(p.title)] for p in papers)
    quiet_id = before["Quiet-STaR: Language Models Can Teach Themselves to Think Before Speaking"]
    assert quiet_id.startswith("quiet-star") and second.papers[quiet_id].arxiv_id == "2403.09629"
    assert after[collide_known] == before[closures.title] + "-2"
    assert after[collide_absent] == "disentangling-shape-and-pose-for-object-centric-deep-2"


def test_saved_registry_keeps_ids_of_papers_no_longer_built(tmp_path: Path):
    path = tmp_path / "ids.json"
    config = Config(root=tmp_path)
    save_registry(path, enrich([Paper(title="Gone Paper", abstract="x")], config, Registry()))
    save_registry(path, enrich([Paper(title="Other Paper", abstract="y")], config, Registry()))
    registry = load_registry(path)
    assert set(registry.titles.values()) == {"gone-paper", "other-paper"}
    assert enrich([Paper(title="Gone: Paper")], config, registry).papers.keys() == {"gone-paper"}
    assert list(enrich([Paper(title="Gone Paper 2")], config, registry).papers) == ["gone-paper-2"]


def test_a_broken_registry_is_an_error_naming_the_file(tmp_path: Path):
    path = tmp_path / "ids.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SitegenError, match="ids.json"):
        load_registry(path)
    assert load_registry(tmp_path / "missing.json") == Registry()


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_given_id_becomes_a_file_name_the_static_api_accepts(given_id):
    """One bad id never stops a build: the static API refuses ids SAFE_ID does not match."""
    paper = Paper(id=given_id, title="A paper", abstract="Text.")
    (assigned,), _ = assign_ids([paper], Registry())
    assert SAFE_ID.fullmatch(assigned.id), assigned.id


@pytest.mark.parametrize("given_id", ["-dash", "__x", "_-.x", "..", "-", ".hidden", "--help"])
def test_ids_that_look_like_options_or_hidden_files_are_made_safe(given_id):
    (assigned,), _ = assign_ids([Paper(id=given_id, title="A paper", abstract="Text.")], Registry())
    assert assigned.id[0].isalnum()

"""Stable ids: arXiv ids, title slugs, collisions, the user's own ids, and the registry across rebuilds."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.config import Config
from sitegen.enrich import enrich
from sitegen.enrich.identity import Registry, assign_ids, title_slug
from sitegen.enrich.normalize import clean_text
from sitegen.errors import SitegenError
from sitegen.model import Collection, Paper
from sitegen.render.static_api import SAFE_ID
from sitegen.sources import bundled_sources, read_sources
from sitegen.state.paths import StatePaths
from sitegen.state.registry import load_registry, save_registry


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
    first = enrich(seed_papers(), config).collection
    save_registry(StatePaths(config.state_path), first)
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
    second = enrich(
        newcomers + papers, config, load_registry(StatePaths(config.state_path))
    ).collection
    after = {p.title: p.id for p in second.papers.values()}

    assert all(after[clean_text(p.title)] == before[clean_text(p.title)] for p in papers)
    quiet_id = before["Quiet-STaR: Language Models Can Teach Themselves to Think Before Speaking"]
    assert quiet_id.startswith("quiet-star") and second.papers[quiet_id].arxiv_id == "2403.09629"
    assert after[collide_known] == before[closures.title] + "-2"
    assert after[collide_absent] == "disentangling-shape-and-pose-for-object-centric-deep-2"


def test_saved_registry_keeps_ids_of_papers_no_longer_built(tmp_path: Path):
    state = StatePaths(tmp_path)
    config = Config(root=tmp_path)
    save_registry(
        state, enrich([Paper(title="Gone Paper", abstract="x")], config, Registry()).collection
    )
    save_registry(
        state, enrich([Paper(title="Other Paper", abstract="y")], config, Registry()).collection
    )
    registry = load_registry(state)
    assert set(registry.titles.values()) == {"gone-paper", "other-paper"}
    assert enrich([Paper(title="Gone: Paper")], config, registry).collection.papers.keys() == {
        "gone-paper"
    }
    assert list(enrich([Paper(title="Gone Paper 2")], config, registry).collection.papers) == [
        "gone-paper-2"
    ]


def test_a_broken_registry_is_an_error_naming_the_file(tmp_path: Path):
    state = StatePaths(tmp_path)
    path = state.registry
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SitegenError, match="ids.json"):
        load_registry(state)
    assert load_registry(StatePaths(tmp_path / "missing")) == Registry()


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


def assigned(papers: list[Paper], registry: Registry | None = None):
    """(ids, warnings as (where, message)) of the papers, in order."""
    papers, problems = assign_ids(papers, registry or Registry())
    assert all(p.severity == "warning" for p in problems)
    return [p.id for p in papers], [(p.where, p.message) for p in problems]


def test_two_records_giving_the_same_id_the_first_keeps_it_and_the_other_is_told():
    ids, warnings = assigned(
        [
            Paper(title="One", id="mine", sources=["a.jsonl:1"]),
            Paper(title="Two", id="mine", sources=["a.jsonl:2", "b.jsonl:9"]),
            Paper(title="Three", id="mine"),
            Paper(title="Four", id="theirs"),
        ]
    )
    assert ids == ["mine", "two", "three", "theirs"]
    assert warnings == [
        ("a.jsonl:2", "id 'mine' is already used by another paper; given 'two'"),
        ("Three", "id 'mine' is already used by another paper; given 'three'"),
    ]


def test_a_given_id_with_nothing_usable_in_it_falls_back_to_the_title_with_a_warning():
    ids, warnings = assigned(
        [Paper(title="Attention Is All You Need", id=".."), Paper(title="Second", id="-._")]
    )
    assert ids == ["attention-is-all-you-need", "second"]
    assert warnings == [
        (
            "Attention Is All You Need",
            "id '..' cannot be a file name; given 'attention-is-all-you-need'",
        ),
        ("Second", "id '-._' cannot be a file name; given 'second'"),
    ]


@pytest.mark.parametrize(
    "given_id, kept",
    [
        (
            "smith_2020",
            "smith_2020",
        ),  # letters, digits, dots, underscores and hyphens stay as given
        ("v1.0", "v1.0"),
        ("XX-Paper", "XX-Paper"),  # the user's case is kept
        (
            "Model-X.",
            "Model-X",
        ),  # no trailing dot: Windows drops it, and "x." reads as an extension
        ("..Xylo", "Xylo"),
        ("My Paper/1", "My-Paper-1"),
        ("a" * 70, "a" * 60),  # at most 60 characters
    ],
)
def test_given_ids_are_kept_as_written_where_a_file_name_allows(given_id, kept):
    assert assigned([Paper(title="A paper", id=given_id)]) == ([kept], [])


def test_a_fresh_slug_never_takes_an_id_a_record_gave_another_paper():
    ids, _ = assigned(
        [Paper(title="Robust Distillation"), Paper(title="X", id="robust-distillation")]
    )
    assert ids == ["robust-distillation-2", "robust-distillation"]


def test_a_users_id_wins_over_a_remembered_one_whatever_the_order_of_the_records():
    registry = Registry(titles={"foo": "foo"})
    mine, known = Paper(title="Bar", id="foo"), Paper(title="Foo", sources=["old.jsonl:3"])
    warning = [("old.jsonl:3", "id 'foo' is already used by another paper; given 'foo-2'")]
    assert assigned([mine, known], registry) == (["foo", "foo-2"], warning)
    assert assigned([known, mine], registry) == (["foo-2", "foo"], warning)


def test_every_further_paper_with_one_slug_gets_the_next_number():
    ids, warnings = assigned(
        [Paper(title="Robust Distillation", abstract=str(n)) for n in range(4)]
    )
    assert ids == [
        "robust-distillation",
        "robust-distillation-2",
        "robust-distillation-3",
        "robust-distillation-4",
    ]
    assert warnings == []


SPEECH = "sparse-mixtures-of-experts-for-multilingual-speech"
WORD = "supercalifragilisticexpialidocious" * 2


@pytest.mark.parametrize(
    "title, first, second",
    [
        # 58 characters: "-2" fits whole, "-10" cuts the last word
        (
            "Sparse Mixtures of Experts for Multilingual Speech Tagging",
            f"{SPEECH}-tagging",
            f"{SPEECH}-tagging-2",
        ),
        # 60 characters ending in a one-letter word: "-2" takes its place
        (
            "Sparse Mixtures of Experts for Multilingual Speech Tagging, a Survey",
            f"{SPEECH}-tagging-a",
            f"{SPEECH}-tagging-2",
        ),
        # one word: cut within it
        ("Supercalifragilisticexpialidocious" * 2, WORD[:60], WORD[:58] + "-2"),
    ],
)
def test_numbered_slugs_stay_within_60_characters_cut_at_a_word(title, first, second):
    """Titles that differ only after the slug's 60 characters (volumes, parts, tracks)."""
    ids, _ = assigned([Paper(title=f"{title} Part {n}") for n in range(1, 13)])
    assert ids[:2] == [first, second] and len(set(ids)) == 12
    for n, paper_id in enumerate(ids[1:], start=2):
        base, _, number = paper_id.rpartition("-")
        assert number == str(n) and len(paper_id) <= 60, paper_id
        # the base is the slug cut at a hyphen, or within a word that has no hyphen to cut at
        assert first.startswith(base), paper_id
        assert base == first or first[len(base)] == "-" or "-" not in first, paper_id
        if len(first) + len(f"-{n}") <= 60:
            assert base == first, paper_id


def test_a_users_new_id_for_a_known_paper_replaces_its_remembered_one():
    registry = Registry(titles={"bar": "bar-old"})
    assert assigned([Paper(title="Bar", id="bar-new")], registry) == (["bar-new"], [])


def test_a_known_paper_is_found_again_by_its_arxiv_id_after_its_title_changed(tmp_path: Path):
    state = StatePaths(tmp_path)
    config = Config(root=tmp_path)
    first = enrich(
        [Paper(title="Draft Title", arxiv_id="2403.09629", abstract="x")], config
    ).collection
    save_registry(state, first)
    renamed = Paper(title="Quiet-STaR: Final Title", arxiv_id="2403.09629v2", abstract="x")
    assert list(enrich([renamed], config, load_registry(state)).collection.papers) == ["2403.09629"]


def test_a_new_paper_with_a_known_title_but_another_arxiv_id_never_takes_its_id():
    """Two papers may share a title ("A Survey on Agents") and differ by arXiv id."""
    registry = Registry()
    old = [
        Paper(title="A Survey on Agents", arxiv_id="2401.00001"),
        Paper(title="A Survey on Agents", arxiv_id="2402.00002"),
    ]
    for paper in assign_ids(old, registry)[0]:
        registry.remember(paper)
    newcomer = Paper(title="A survey on agents", arxiv_id="2403.00003")
    assert assigned([newcomer, *old], registry) == (
        ["2403.00003", "2401.00001", "2402.00002"],
        [],
    )


def test_a_known_paper_without_an_arxiv_id_keeps_its_slug_when_it_gains_one():
    registry = Registry(titles={"quiet star": "quiet-star"})
    gained = Paper(title="Quiet-STaR", arxiv_id="2403.09629")
    assert assigned([gained], registry) == (["quiet-star"], [])


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_any_arxiv_id_of_a_record_gives_a_file_name_the_static_api_accepts(arxiv_id):
    (paper,), _ = assign_ids([Paper(title="A paper", arxiv_id=arxiv_id)], Registry())
    assert SAFE_ID.fullmatch(paper.id), paper.id


def test_the_registry_is_written_sorted_one_entry_a_line_and_readable(tmp_path: Path):
    """It is kept under version control: a rebuild's diff shows the ids it added, titles as written."""
    state = StatePaths(tmp_path / "state" / "new")  # a state folder that does not exist yet
    path = state.registry
    papers = [
        Paper(id="zeta", title="Zeta"),
        Paper(id="2403.09629", title="Σ-Δ Modulators", arxiv_id="2403.09629"),
    ]
    save_registry(state, Collection(papers={p.id: p for p in papers}, tags={}))
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        ' "arxiv": {\n'
        '  "2403.09629": "2403.09629"\n'
        " },\n"
        ' "titles": {\n'
        '  "zeta": "zeta",\n'
        '  "σ δ modulators": "2403.09629"\n'
        " }\n"
        "}"
    )
    assert sorted(os.listdir(path.parent)) == ["cache", "ids.json"]
    assert state.registry_backup.read_bytes() == path.read_bytes()  # the copy, among the caches


def test_a_damaged_or_deleted_registry_is_taken_from_its_copy_and_no_id_changes(tmp_path, caplog):
    config = Config(root=tmp_path)
    state = StatePaths(config.state_path)
    path = state.registry
    papers = [
        Paper(title="Sparse Widgets", abstract="x"),
        Paper(title="Dense Gadgets", abstract="y"),
    ]
    first = enrich(papers, config, Registry()).collection
    save_registry(state, first)
    for damage in ("{half a fil", "", None):
        if damage is None:
            path.unlink()
        else:
            path.write_text(damage, encoding="utf-8")
        with caplog.at_level("WARNING"):
            registry = load_registry(state)
        assert "taken from the copy the last good build kept" in caplog.text
        caplog.clear()
        assert set(registry.titles.values()) == set(first.papers)
        assert list(enrich(papers, config, registry).collection.papers) == list(first.papers)


def test_a_registry_and_its_copy_both_damaged_say_what_to_do(tmp_path):
    state = StatePaths(tmp_path)
    path = state.registry
    save_registry(state, Collection(papers={}, tags={}))
    path.write_text("[]", encoding="utf-8")
    state.registry_backup.write_text("{", encoding="utf-8")
    with pytest.raises(SitegenError) as raised:
        load_registry(state)
    message = str(raised.value)
    assert "ids.json: the id registry must be an object" in message
    assert "and its copy" in message and "remove the registry and its copy" in message


@pytest.mark.parametrize(
    "text",
    ["[]", '"ids"', '{"arxiv": ["2403.09629"]}', '{"titles": []}', '{"arxiv": {}, "titles": 3}'],
)
def test_a_registry_of_the_wrong_shape_is_an_error_naming_the_file(tmp_path: Path, text):
    state = StatePaths(tmp_path)
    path = state.registry
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SitegenError, match=r"ids\.json: the id registry must be an object"):
        load_registry(state)


def test_a_registry_with_one_mapping_missing_reads_it_as_empty(tmp_path: Path):
    state = StatePaths(tmp_path)
    path = state.registry
    path.write_text('{"titles": {"zeta": "zeta"}}', encoding="utf-8")
    assert load_registry(state) == Registry(titles={"zeta": "zeta"})
    path.write_text('{"arxiv": {"2403.09629": "quiet-star"}}', encoding="utf-8")
    assert load_registry(state) == Registry(arxiv={"2403.09629": "quiet-star"})

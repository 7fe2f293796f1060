"""Tagging the bundled seed with the default taxonomy, hand-made and input tags, keywords, and a site's own taxonomy."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import Config
from sitegen.enrich.normalize import normalize_papers
from sitegen.enrich.tagging import FALLBACK, Topic, TopicMemo, load_taxonomy, tag_papers
from sitegen.errors import ConfigError
from sitegen.model import Paper
from sitegen.sources import bundled_sources, read_sources
from sitegen.state.memos import load_topics, save_topics


@pytest.fixture(scope="module")
def seed_tags() -> dict[str, list[str]]:
    papers = normalize_papers(read_sources(bundled_sources()[:1]).papers)[0]
    tagged, tags, problems = tag_papers(papers, Config(root=Path(".")))
    assert not problems
    assert {s for p in tagged for s in p.tags} == set(tags)
    return {p.title: p.tags for p in tagged}


def tags_of(seed_tags, start: str) -> list[str]:
    return next(tags for title, tags in seed_tags.items() if title.startswith(start))


def test_every_seed_paper_has_one_to_eight_tags(seed_tags):
    assert len(seed_tags) == 72
    assert all(1 <= len(tags) <= 8 for tags in seed_tags.values())


@pytest.mark.parametrize(
    "title, expected",
    [
        ("A Survey of Quantization Methods", {"quantization", "surveys"}),
        ("Scaling LLM Test-Time Compute Optimally", {"test-time-compute"}),
        ("STAR: Constraint LoRA with Dynamic Active Learning", {"active-learning", "fine-tuning"}),
        ("Active Sensing of Knee Osteoarthritis", {"reinforcement-learning", "medical"}),
        (
            "Efficient Diffusion Transformer Policies with Mixture",
            {"diffusion-models", "mixture-of-experts"},
        ),
        ("TAME: Task Agnostic Continual Learning", {"continual-learning"}),
        (
            "Disentangling Shape and Pose for Object-Centric Deep Active Inference",
            {"active-inference"},
        ),
        (
            "A Survey on Inference Optimization Techniques for Mixture of Experts",
            {"mixture-of-experts", "surveys"},
        ),
        ("Knowledge-Aware Federated Active Learning", {"federated-learning", "active-learning"}),
        ("Tree Search for Language Model Agents", {"agents", "search-planning"}),
        ("ProcBench", {"llm-reasoning", "benchmarks"}),
        ("USCD: Improving Code Generation", {"code-generation"}),
    ],
)
def test_seed_papers_get_their_topics(seed_tags, title, expected):
    assert expected <= set(tags_of(seed_tags, title))


def test_words_that_only_look_like_a_topic_do_not_tag(seed_tags):
    # "Active" in these titles is not active learning; the taxonomy must not fire on one word.
    assert "active-learning" not in tags_of(seed_tags, "Active Sensing of Knee")
    assert "active-learning" not in tags_of(seed_tags, "Proactive Agent: Shifting")
    assert "active-learning" not in tags_of(seed_tags, "Active-Dormant Attention Heads")
    assert "quantization" not in tags_of(
        seed_tags, "Quantifying and Optimizing Global Faithfulness"
    )


def test_hand_made_and_input_tags_come_first_and_names_are_made_safe(tmp_path):
    paper = Paper(
        title="A Study of Cheese",
        abstract="Nothing about learning.",
        id="cheese",
        tags=["cs.CL", "RL"],
    )
    config = Config(root=tmp_path, tags={"cheese": ["Quantization", 'My <b>"Pick"</b>']})
    [tagged], tags, _ = tag_papers([paper], config)
    assert tagged.tags[:4] == ["quantization", "my-b-pick-b", "cs-cl", "reinforcement-learning"]
    assert tags["quantization"].name == "Quantization"
    assert tags["cs-cl"].name == "cs.CL"
    assert not set("<>\"'`") & set(tags["my-b-pick-b"].name)


def test_a_paper_matching_nothing_gets_the_fallback_tag(tmp_path):
    [tagged], tags, _ = tag_papers(
        [Paper(title="On Cheese", abstract="A note on cheese.")], Config(root=tmp_path)
    )
    assert tagged.tags == [FALLBACK.slug] == ["uncategorized"]
    assert tags == {"uncategorized": FALLBACK}


def test_keywords_seed_only_taxonomy_topics(tmp_path):
    paper = Paper(
        title="Why Models Guess",
        abstract="A note.",
        keywords=["Hallucinations", "binary classification", "rl"],
    )
    [tagged], tags, _ = tag_papers([paper], Config(root=tmp_path))
    assert set(tagged.tags) == {"hallucination", "reinforcement-learning"}


def test_too_many_given_tags_are_cut_with_a_warning(tmp_path):
    paper = Paper(
        title="Tagged", tags=[f"topic {i}" for i in range(10)], sources=["mine.yaml record 1"]
    )
    [tagged], _, problems = tag_papers([paper], Config(root=tmp_path, max_tags=3))
    assert tagged.tags == ["topic-0", "topic-1", "topic-2"]
    assert problems[0].where == "mine.yaml record 1" and problems[0].severity == "warning"


def test_a_site_taxonomy_extends_or_replaces_the_default(tmp_path):
    (tmp_path / "topics.yaml").write_text(
        "topics:\n"
        "  - name: Cheese Science\n    phrases: [cheese, dairy]\n"
        "  - slug: quantization\n    name: Low-Bit Models\n    phrases: [quantization]\n",
        encoding="utf-8",
    )
    extended = load_taxonomy(Config(root=tmp_path, taxonomy="topics.yaml"))
    replaced = load_taxonomy(Config(root=tmp_path, taxonomy="topics.yaml", taxonomy_mode="replace"))
    assert len(replaced) == 2 and len(extended) == len(load_taxonomy(Config(root=tmp_path))) + 1
    assert {t.slug: t.name for t in extended}["quantization"] == "Low-Bit Models"
    paper = Paper(title="Cheese Ripening with Dairy Data", abstract="cheese")
    [tagged], _, _ = tag_papers([paper], Config(root=tmp_path, taxonomy="topics.yaml"))
    assert tagged.tags == ["cheese-science"]


def test_a_broken_taxonomy_names_the_file_and_topic(tmp_path):
    (tmp_path / "topics.yaml").write_text(
        "topics:\n  - name: Fine\n  - phrases: [no name]\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"topics.yaml: topic 2"):
        load_taxonomy(Config(root=tmp_path, taxonomy="topics.yaml"))


def test_topics_remembered_from_the_last_run_give_the_same_tags(tmp_path):
    papers = normalize_papers(read_sources(bundled_sources()[:1]).papers)[0]
    config = Config(root=tmp_path)
    first = TopicMemo()
    plain, _, _ = tag_papers(papers, config, memo=first)
    save_topics(tmp_path / "topics.json", first)
    again = load_topics(tmp_path / "topics.json")
    remembered, _, _ = tag_papers(papers, config, memo=again)
    assert [p.tags for p in remembered] == [p.tags for p in plain]
    assert again.found == first.found and len(first.found) == len(papers)


def test_the_memo_is_read_for_the_same_taxonomy_only(tmp_path):
    paper = Paper(title="Cheese Ripening with Dairy Data", abstract="cheese")
    cheese, wine = (
        Topic("cheese-science", "Cheese Science", phrases=("cheese",)),
        Topic("wine-science", "Wine Science", phrases=("wine",)),
    )
    config = Config(root=tmp_path)
    memo = TopicMemo()
    tag_papers([paper], config, topics=[cheese, wine], memo=memo)
    # A memo that says otherwise for this text shows whether it is read.
    planted = {key: ["wine-science"] for key in memo.found}
    [tagged], _, _ = tag_papers(
        [paper], config, topics=[cheese, wine], memo=TopicMemo(memo.version, planted)
    )
    assert tagged.tags == ["wine-science"]
    [tagged], _, _ = tag_papers(
        [paper], config, topics=[wine, cheese], memo=TopicMemo(memo.version, planted)
    )
    assert tagged.tags == ["cheese-science"]


def test_a_memo_naming_topics_the_taxonomy_lacks_is_not_trusted(tmp_path):
    paper = Paper(title="Cheese Ripening with Dairy Data", abstract="cheese")
    cheese = Topic("cheese-science", "Cheese Science", phrases=("cheese",))
    memo = TopicMemo()
    tag_papers([paper], Config(root=tmp_path), topics=[cheese], memo=memo)
    for planted in (["no-such-topic"], "cheese-science", [None]):
        edited = TopicMemo(memo.version, {key: planted for key in memo.found})
        [tagged], _, _ = tag_papers([paper], Config(root=tmp_path), topics=[cheese], memo=edited)
        assert tagged.tags == ["cheese-science"]

"""The taxonomy's phrase matcher: whole words, plurals, hyphens, case, overlaps, and the count at the text's end."""

from __future__ import annotations

from sitegen.enrich.phrases import PhraseIndex


def hits(index: PhraseIndex, text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for (label, _), n in index.count(text).items():
        counts[label] = counts.get(label, 0) + n
    return counts


def test_whole_words_only_in_any_case_with_plurals_and_hyphens():
    index = PhraseIndex([("language agent", "agents"), ("test-time compute", "ttc")])
    assert hits(index, "Language Agents act; a language-agent plans. Test time computes.") == {
        "agents": 2,
        "ttc": 1,
    }
    assert hits(index, "languages agentic; language agentss; test-timecompute") == {}


def test_phrases_with_capitals_match_only_as_written_plural_acronyms_included():
    index = PhraseIndex([("RAG", "rag"), ("MoE", "moe")])
    assert hits(index, "RAG and RAGs with a MoE. The rag, a moe, a MOE.") == {"rag": 2, "moe": 1}


def test_any_character_but_an_ascii_letter_or_digit_separates_words():
    index = PhraseIndex([("reward model", "rl")])
    assert hits(index, "reward\u00a0model, reward—model, rewardémodel, reward_model") == {"rl": 4}


def test_overlapping_phrases_each_count():
    index = PhraseIndex(
        [("reasoning", "reasoning"), ("reasoning model", "models"), ("model", "models")]
    )
    assert index.count("a reasoning model here") == {
        ("reasoning", ("reasoning",)): 1,
        ("models", ("reasoning", "model")): 1,
        ("models", ("model",)): 1,
    }


def test_a_phrase_ending_the_text_counts_once_more_per_longer_phrase_it_starts():
    index = PhraseIndex(
        [("reasoning", "r"), ("reasoning model", "r"), ("reasoning trace model", "r"), ("LLM", "l")]
    )
    assert hits(index, "reasoning about LLM") == {"r": 1, "l": 1}
    assert hits(index, "about LLM reasoning.") == {"r": 3, "l": 1}
    # "reasoning model" ends the text, with one longer length after it; "reasoning" does not end it.
    assert index.count("about a reasoning model") == {
        ("r", ("reasoning", "model")): 2,
        ("r", ("reasoning",)): 1,
    }


def test_keywords_and_names_match_whole_and_without_case():
    index = PhraseIndex([("RAG", "rag"), ("mixture of experts", "moe")])
    assert index.labels("rag") == {"rag"}
    assert index.labels("Mixture-of-Experts") == {"moe"}
    assert index.labels("sparse mixture of experts") == set()

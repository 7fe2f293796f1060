"""Queries against a small hand-made collection: words, phrases, exclusions, filters, typos, snippets, paging."""

from __future__ import annotations

import pytest

from sitegen.model import Collection, Paper, Tag
from sitegen.search import QueryError, SearchIndex, build_index

PAPERS = [
    Paper(
        id="2401.00001",
        arxiv_id="2401.00001",
        title="COLEP: Certifiably Robust Conformal Prediction",
        date="2024-01-02",
        abstract="We certify conformal prediction against adversarial attacks.",
        tags=["robustness"],
        authors=["Zoë Müller"],
    ),
    Paper(
        id="quant-survey",
        title="A Survey of Quantization Methods",
        date="2023-05-01",
        abstract="Quantization reduces the memory of neural networks. We survey quantizing weights.",
        tags=["efficiency", "surveys"],
    ),
    Paper(
        id="tts",
        title="Scaling Test-Time Compute",
        date="2024-08-01",
        abstract="Spending more test-time compute beats scaling parameters.",
        tags=["reasoning", "efficiency"],
    ),
    Paper(
        id="cot",
        title="Active Prompting with Chain-of-Thought",
        date="2023-02-01",
        abstract="Chain of thought prompting with active selection of exemplars.",
        tags=["reasoning"],
    ),
    Paper(
        id="cot-plain",
        title="Chain of Thought Reasoning",
        date="2022-01-01",
        abstract="Chain of thought improves reasoning in large models.",
        tags=["reasoning"],
    ),
    Paper(
        id="hostile",
        title="<script>alert(1)</script> & Friends",
        date="2024-03-03",
        abstract="Attackers write <b>markup</b> & <script>alert('x')</script> in abstracts about prompting.",
        tags=[],
    ),
    Paper(
        id="schrodinger",
        title="Schrödinger Bridges for Generative Modelling",
        date="2024-04-04",
        abstract="Entropic transport between distributions.",
        tags=[],
    ),
    Paper(
        id="agents",
        title="Cooperation in Multi-Agent Systems",
        date="2024-05-05",
        abstract="Agents share a realtime blackboard for optimization of plans.",
        tags=[],
        authors=["Ada Quantile"],
    ),
    Paper(
        id="memory",
        title="Memory for Assistants",
        date="2024-06-06",
        abstract="A memory-bank that grows as the user talks; optimisation of recall.",
        tags=[],
        authors=["Ben Okafor"],
    ),
]
TAGS = {
    "robustness": Tag("robustness", "Robustness"),
    "efficiency": Tag("efficiency", "Efficient Inference"),
    "surveys": Tag("surveys", "Surveys"),
    "reasoning": Tag("reasoning", "Reasoning"),
}


@pytest.fixture(scope="module")
def index(backend, tmp_path_factory) -> SearchIndex:
    root = tmp_path_factory.mktemp(f"index-{backend}")
    build_index(Collection(papers={p.id: p for p in PAPERS}, tags=TAGS), root, backend)
    return SearchIndex(root)


def ids(answer: dict) -> list[str]:
    return [hit["id"] for hit in answer["hits"]]


def test_answer_has_the_api_shape(index):
    answer = index.search("quantization")
    assert set(answer) == {"query", "total", "page", "hits", "facets", "suggestion", "corrected"}
    hit = answer["hits"][0]
    assert set(hit) == {"id", "title", "url", "tags", "score", "snippet", "date"}
    assert hit["url"] == "papers/quant-survey/"
    assert hit["tags"] == [
        {"slug": "efficiency", "name": "Efficient Inference", "url": "tags/efficiency/"},
        {"slug": "surveys", "name": "Surveys", "url": "tags/surveys/"},
    ]
    assert hit["date"] == "2023-05-01"
    assert answer["facets"] == {"tags": {"efficiency": 1, "surveys": 1}}


def test_stemming_and_accent_folding(index):
    assert ids(index.search("quantizing")) == ["quant-survey"]
    assert ids(index.search("schrodinger")) == ["schrodinger"]
    assert ids(index.search("author:muller")) == ["2401.00001"]


def test_documents_with_more_of_the_words_rank_first(index):
    answer = index.search("chain thought reasoning")
    assert ids(answer)[0] == "cot-plain"
    assert "cot" in ids(answer)


def test_short_name_and_arxiv_id_find_their_paper(index):
    assert ids(index.search("colep"))[0] == "2401.00001"
    assert ids(index.search("2401.00001v2"))[0] == "2401.00001"
    assert ids(index.search("arXiv:2401.00001"))[0] == "2401.00001"
    assert ids(index.search("https://arxiv.org/pdf/2401.00001v1.pdf"))[0] == "2401.00001"


def test_quoted_phrases_must_appear(index):
    assert set(ids(index.search('"chain of thought"'))) == {"cot", "cot-plain"}
    # Not from one part of a paper into the next: "... Chain-of-Thought" ends a title and
    # "Chain of thought ..." starts its abstract.
    assert ids(index.search('"thought chain"')) == []
    # An unclosed quote runs to the end instead of failing.
    assert set(ids(index.search('"chain of thought'))) == {"cot", "cot-plain"}


def test_exclusions_remove_matches(index):
    assert ids(index.search('"chain of thought" -active')) == ["cot-plain"]
    assert ids(index.search('chain -"chain of thought"')) == []


def test_tag_filters_by_slug_or_display_name(index):
    by_slug = index.search("scaling", tag="efficiency")
    assert ids(by_slug) == ["tts"]
    assert ids(index.search('scaling tag:"Efficient Inference"')) == ["tts"]
    assert ids(index.search("prompting tag:reasoning")) == ["cot"]
    # Filters only: every paper with the tag, newest first, facets over them.
    browse = index.search("", tag="Reasoning")
    assert ids(browse) == ["tts", "cot", "cot-plain"]
    assert browse["facets"]["tags"] == {"reasoning": 3, "efficiency": 1}


def test_unknown_tag_is_an_error_that_says_so(index):
    with pytest.raises(QueryError, match="unknown tag 'nope'"):
        index.search("scaling", tag="nope")


def test_typos_are_corrected_and_flagged(index):
    answer = index.search("quantizaton survey")
    assert answer["corrected"] is True
    assert answer["suggestion"] == "quantization survey"
    assert ids(answer)[0] == "quant-survey"
    plain = index.search("quantization")
    assert plain["corrected"] is False and plain["suggestion"] is None
    # The correction finds nothing with this tag: no suggestion that leads nowhere.
    nowhere = index.search("quantizaton tag:reasoning")
    assert nowhere["total"] == 0 and nowhere["corrected"] is False and nowhere["suggestion"] is None


def test_rare_but_real_words_are_never_corrected(index):
    answer = index.search("colep")
    assert answer["corrected"] is False and answer["suggestion"] is None
    # A surname is a word of the collection, even one a word of the abstracts is one letter from.
    answer = index.search("quantile")
    assert answer["corrected"] is False and ids(answer) == ["agents"]


def test_authors_are_found_by_plain_words(index):
    assert ids(index.search("okafor memory"))[0] == "memory"
    assert ids(index.search("ada quantile cooperation"))[0] == "agents"


@pytest.mark.parametrize(
    "query, paper",
    [
        ("multiagent cooperation", "agents"),  # the paper hyphenates what the query joins
        ("multi agent cooperation", "agents"),
        ("memorybank", "memory"),
        ("real-time blackboard", "agents"),  # the query hyphenates what the paper joins
        ("real time blackboard", "agents"),
        ("optimisation plans", "agents"),  # British for American, and back
        ("optimization recall", "memory"),
        ("generative modeling bridges", "schrodinger"),
    ],
)
def test_other_forms_of_a_word_find_the_paper_that_writes_it(index, query, paper):
    answer = index.search(query)
    assert ids(answer)[0] == paper
    assert answer["corrected"] is False


def test_the_paper_that_answers_a_question_beats_one_with_a_word_in_its_title(index):
    # "Scaling" is in one title; the other paper's abstract holds the question's substance.
    answer = index.search("which paper certifies conformal prediction against attacks when scaling")
    assert ids(answer)[0] == "2401.00001"


def test_snippets_are_escaped_with_marks(index):
    hits = index.search("attackers prompting")["hits"]
    snippet = next(hit["snippet"] for hit in hits if hit["id"] == "hostile")
    assert "<mark>Attackers</mark>" in snippet and "<mark>prompting</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    # Titles are data, returned as text: escaping them is the client's job (textContent).
    assert index.search("friends")["hits"][0]["title"] == "<script>alert(1)</script> & Friends"


def test_paging_and_limits(index):
    everything = ids(index.search("chain thought reasoning scaling prompting", limit=100))
    pages = [
        ids(index.search("chain thought reasoning scaling prompting", limit=2, page=n))
        for n in (1, 2, 3)
    ]
    assert sum(pages, []) == everything[:6]
    assert len(index.search("chain", limit=10_000)["hits"]) == index.search("chain")["total"] == 2
    assert index.search("chain", page=999)["hits"] == []


@pytest.mark.parametrize(
    "query", ["chain thought reasoning", "scaling memory agents", '"chain of thought" prompting']
)
def test_the_total_is_the_same_exact_number_on_every_page(index, query):
    totals = {
        index.search(query, limit=limit, page=page)["total"]
        for limit in (1, 2, 5, 100)
        for page in (1, 2, 3)
    }
    everything = index.search(query, limit=100)
    assert totals == {len(everything["hits"])}


@pytest.mark.parametrize(
    "text, limit, page, message",
    [
        ("", 10, 1, "empty"),
        ("   ", 10, 1, "empty"),
        ("x" * 10_000, 10, 1, "characters long"),
        ('-"" "" - tag: -', 10, 1, "no words"),
        ("the of and", 10, 1, "no words"),
        ("-quantization", 10, 1, "no words"),
        ("reasoning", 0, 1, "limit"),
        ("reasoning", -5, 1, "limit"),
        ("reasoning", 10, 0, "page"),
        ("reasoning", 10, 10**9, "page"),
    ],
)
def test_malformed_queries_are_errors_that_say_what_is_wrong(index, text, limit, page, message):
    with pytest.raises(QueryError, match=message):
        index.search(text, limit=limit, page=page)


def scores(answer: dict) -> dict[str, float]:
    return {hit["id"]: hit["score"] for hit in answer["hits"]}


def test_a_query_of_500_characters_is_searched_and_one_more_is_refused(index):
    assert ids(index.search("quantization".ljust(500))) == ["quant-survey"]
    with pytest.raises(QueryError) as refused:
        index.search("quantization".ljust(501))
    assert str(refused.value) == "the query is 501 characters long; the limit is 500"


def distinct_words(count: int) -> str:
    """Words the stemmer leaves alone, so each is one term: zqbb, zqbc, ..."""
    return " ".join([f"zq{a}{b}" for a in "bcdfgk" for b in "bcdfgkmnprt"][:count])


def test_up_to_32_distinct_words_are_searched_phrases_and_authors_included(index):
    assert index.search(distinct_words(32))["total"] == 0
    assert index.search(distinct_words(31) + " author:okafor")["total"] == 0
    for too_many in (distinct_words(33), distinct_words(32) + " author:okafor"):
        with pytest.raises(QueryError) as refused:
            index.search(too_many)
        assert str(refused.value) == "the query has more than 32 words; shorten it"


def test_a_word_typed_again_counts_once(index):
    once = index.search("quantization memory")
    assert scores(index.search("quantization memory quantization")) == scores(once)
    assert scores(index.search(" ".join(["quantization"] * 38))) == scores(
        index.search("quantization")
    )


def test_a_query_without_words_says_so(index):
    with pytest.raises(QueryError) as refused:
        index.search("-quantization")
    assert str(refused.value) == (
        "the query has no words to search for (only operators, stop words or exclusions)"
    )


def test_a_paper_with_only_the_second_of_two_words_is_found(index):
    assert set(ids(index.search("colep quantization"))) == {"2401.00001", "quant-survey"}


def test_author_filter_with_words_keeps_the_authors_papers_that_have_a_word(index):
    assert ids(index.search("memory author:okafor")) == ["memory"]
    assert ids(index.search("author:quantile memory")) == []  # her paper has no "memory"
    assert ids(index.search("author:quantile cooperation memory")) == ["agents"]


def test_an_author_filter_matches_the_whole_name_as_written(index):
    assert ids(index.search('author:"Ada Quantile"')) == ["agents"]
    assert ids(index.search('author:"Ada Okafor"')) == []  # Ada Quantile and Ben Okafor
    assert ids(index.search('author:"Quantile Ada"')) == []


def test_a_phrase_with_words_keeps_the_papers_with_the_phrase_ranked_by_all_words(index):
    assert ids(index.search('"chain of thought" prompting')) == ["cot", "cot-plain"]
    assert ids(index.search('reasoning "chain of thought"'))[0] == "cot-plain"


def test_filters_and_phrases_choose_papers_but_do_not_change_their_scores(index):
    """Phrases rank by their words and author filters not at all, as plain words would."""
    # Query texts no other test uses: an answer from the index's cache would run no filter.
    assert scores(index.search("memory author:Okafor")) == {
        "memory": scores(index.search("memory"))["memory"]
    }
    assert scores(index.search('cooperation author:"ada quantile"')) == scores(
        index.search("cooperation")
    )
    assert scores(index.search('"memory"')) == scores(index.search("memory"))
    phrase = scores(index.search('"chain of thought" active'))
    words = scores(index.search("chain of thought active"))
    assert phrase == {paper: words[paper] for paper in phrase}


def test_an_arxiv_id_typed_with_words_puts_its_paper_first(index):
    """Even when other papers match the words better: the id says which paper is meant."""
    assert ids(index.search("chain thought reasoning 2401.00001"))[0] == "2401.00001"

"""Static mode's search, run by the extension's own code in Chromium over the sample's compact search file:
known-item queries (short names, title words, prefixes as typed, typos) must find their paper near the top."""

from __future__ import annotations

import pytest
from extension_browser import LoadedExtension
from static_server import static_server

pytestmark = pytest.mark.browser

# query -> the start of the title it should find (titles only: the static file has no abstracts).
KNOWN_ITEMS = {
    "COLEP": "COLEP: Certifiably Robust",
    "quiet-star": "Quiet-STaR:",
    "quiet star": "Quiet-STaR:",
    "ProcBench": "ProcBench:",
    "dualformer": "Dualformer:",
    "thinksum": "ThinkSum:",
    "quantization survey": "A Survey of Quantization Methods",
    "quantizaton survey": "A Survey of Quantization Methods",
    "quantisation": "A Survey of Quantization Methods",
    "test-time compute scaling": "Scaling LLM Test-Time Compute",
    "why language models hallucinate": "Why Language Models Hallucinate",
    "hallucination": "Why Language Models Hallucinate",
    "knee osteoarthritis": "Active Sensing of Knee Osteoarthritis",
    "osteoarth": "Active Sensing of Knee Osteoarthritis",
    "mixture of experts survey": "A Survey on Inference Optimization Techniques for Mixture of Experts",
    "copyright traps": "Copyright Traps for Large Language Models",
    "tree search language model agents": "Tree Search for Language Model Agents",
    "continuous latent space reasoning": "Training Large Language Models to Reason in a Continuous Latent Space",
    "theory of mind": "How FaR Are Large Language Models",
    "neurosymbolic logic": "LINC:",
    "kinetic theory active fluid": "Learning fast, accurate, and stable closures",
    "bayesian continual learning": "On Sequential Bayesian Inference for Continual Learning",
    "e-commerce shoping assistant": "LLaSA:",
    "program synthesizers": "Generating Pragmatic Examples to Train Neural Program Synthesizers",
}
MIN_MRR = 0.9


@pytest.fixture(scope="module")
def search_file_url(sample_build):
    config, _ = sample_build
    with static_server(config.site_path) as base:
        yield f"{base}api/v1/search.json"


def test_known_items_are_found_near_the_top(
    extension: LoadedExtension, search_file_url, sample_build
):
    _, report = sample_build
    titles = [p.title for p in report.collection.papers.values()]
    for start in KNOWN_ITEMS.values():  # each expected paper is in the sample, exactly once
        assert sum(t.startswith(start) for t in titles) == 1, start
    page = extension.open("popup/popup.html")
    ranked = page.evaluate(
        """async ([url, queries]) => {
        const s = await import("/lib/static_search.js");
        const index = s.buildIndex(await (await fetch(url)).json());
        return Object.fromEntries(queries.map((q) => [q, s.searchIndex(index, q, {limit: 10}).hits.map((h) => h.title)]));
    }""",
        [search_file_url, list(KNOWN_ITEMS)],
    )
    extension.close_pages()
    ranks = {}
    for query, start in KNOWN_ITEMS.items():
        found = [i for i, title in enumerate(ranked[query], 1) if title.startswith(start)]
        ranks[query] = found[0] if found else None
    mrr = sum(1 / r for r in ranks.values() if r) / len(ranks)
    missed = {q: r for q, r in ranks.items() if r != 1}
    print(f"static search MRR {mrr:.3f} over {len(ranks)} queries; not first: {missed}")
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} < {MIN_MRR}; not first: {missed}"


# Rows as search.json has them: [id, title, short name, tags, date, surnames, strongest words].
WORD_FORMS_FILE = {
    "version": 1,
    "tags": [["agents", "Agents"]],
    "papers": [
        [
            "debate",
            "Multi-Agent Debate",
            "",
            [0],
            "2024-01-01",
            ["Okonkwo"],
            ["consensus", "judges"],
        ],
        ["speech", "Realtime Speech Translation", "", [], "2024-01-02", ["Smith"], ["latency"]],
        ["survey", "A Survey of Agents", "", [0], "2024-01-03", ["Kowalczyk"], ["planning"]],
        ["memory", "Memory for Agents", "", [0], "2024-01-04", ["Okonkwa"], ["retrieval"]],
        ["protein", "Modelling a Protein Library", "", [], "2024-01-05", ["Lee"], ["enzymes"]],
    ],
}
# query -> the paper it finds first, and whether the search says it read a word as another.
WORD_FORMS = {
    "multiagent debate": ("debate", False),  # joined in the query, hyphenated in the title
    "real-time translation": ("speech", False),  # the other way round
    "Okonkwa": ("memory", False),  # a surname of the file, one edit from another: not a typo
    "Okonkwo agents": ("debate", False),
    "which paper had judges reach a consensus": ("debate", False),  # no word is required
    "modeling libraries": ("protein", False),  # American spelling, plural: word forms, not typos
    "plannign agents": ("survey", True),  # a typo, read as the closest word of the file
}


def test_word_forms_meet_and_real_words_are_not_corrected(extension: LoadedExtension):
    page = extension.open("popup/popup.html")
    answers = page.evaluate(
        """async ([file, queries]) => {
        const s = await import("/lib/static_search.js");
        const index = s.buildIndex(file);
        return queries.map((q) => s.searchIndex(index, q, {limit: 10}));
    }""",
        [WORD_FORMS_FILE, list(WORD_FORMS)],
    )
    extension.close_pages()
    found = {q: (a["hits"][0]["id"], a["corrected"]) for q, a in zip(WORD_FORMS, answers)}
    assert found == WORD_FORMS


def test_the_real_collection_is_searched_by_what_papers_are_about(
    extension: LoadedExtension, tmp_path
):
    """The 130 known-item queries of bench/quality over the search file of the 9,881 real records, in
    Chromium with the extension's own code: titles alone found 0.53 (paraphrases 0.04); the goal
    is 0.80 (bench/README.md)."""
    from bench.quality import search_eval
    from bench.quality.collection import by_arxiv, real_collection
    from bench.quality.sample import REAL_RECORDS
    from sitegen.compact_json import compact_json
    from sitegen.render.static_api import search_file

    if not REAL_RECORDS.exists():
        pytest.skip(f"the real records are not at {REAL_RECORDS}")
    collection = real_collection()
    (tmp_path / "search.json").write_bytes(compact_json(search_file(collection)))
    queries = search_eval.load_queries()
    arxiv_to_id = by_arxiv(collection)
    with static_server(tmp_path) as base:
        page = extension.open("popup/popup.html")
        ranked = page.evaluate(
            """async ([url, queries]) => {
            const s = await import("/lib/static_search.js");
            const index = s.buildIndex(await (await fetch(url)).json());
            return queries.map((q) => s.searchIndex(index, q, {limit: 10}).hits.map((h) => h.id));
        }""",
            [f"{base}search.json", [q["query"] for q in queries]],
        )
        extension.close_pages()
    found = iter(ranked)
    scores = search_eval.evaluate(lambda _query: next(found), queries, arxiv_to_id)
    print({kind: round(score["mrr"], 2) for kind, score in scores.items() if kind != "ranks"})
    assert scores["all"]["mrr"] >= 0.80

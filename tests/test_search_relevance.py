"""Known-item search over the bundled sample: queries people would type, and the paper each must find.

Reports the mean reciprocal rank (MRR) and fails below 0.9. Expected papers are named by (part of) their title,
so the test does not depend on how ids are given.
"""

from __future__ import annotations

import pytest

from sitegen.search import SearchIndex

MIN_MRR = 0.9

KNOWN_ITEMS = [
    # Short names, as typed
    ("COLEP", "COLEP: Certifiably Robust Learning-Reasoning Conformal Prediction"),
    ("procbench", "ProcBench: Benchmark for Multi-Step Reasoning"),
    ("Quiet-STaR", "Quiet-STaR: Language Models Can Teach Themselves"),
    ("expertflow", "ExpertFlow: Optimized Expert Activation"),
    ("LLaSA", "LLaSA: Large Language and E-Commerce Shopping Assistant"),
    ("ManipLLM", "ManipLLM: Embodied Multimodal Large Language Model"),
    ("TAME continual learning", "TAME: Task Agnostic Continual Learning"),
    ("USCD", "USCD: Improving Code Generation"),
    ("DOTS reasoning trajectories", "DOTS: Learning to Reason Dynamically"),
    ("alphamath", "AlphaMath Almost Zero"),
    ("Dualformer", "Dualformer: Controllable Fast and Slow Thinking"),
    ("ThinkSum", "ThinkSum: Probabilistic reasoning over sets"),
    ("PRefLexOR", "PRefLexOR: Preference-based Recursive Language Modeling"),
    ("SmartAgent", "SmartAgent: Chain-of-User-Thought"),
    ("LINC logic", "LINC: A Neurosymbolic Approach for Logical Reasoning"),
    # Topic words
    (
        "quantization survey",
        "A Survey of Quantization Methods for Efficient Neural Network Inference",
    ),
    ("test-time compute scaling", "Scaling LLM Test-Time Compute Optimally"),
    ("knee osteoarthritis", "Active Sensing of Knee Osteoarthritis Progression"),
    ("copyright traps", "Copyright Traps for Large Language Models"),
    (
        "federated active learning non-iid",
        "Knowledge-Aware Federated Active Learning with Non-IID Data",
    ),
    ("tree search language model agents", "Tree Search for Language Model Agents"),
    (
        "mixture of experts inference optimization survey",
        "A Survey on Inference Optimization Techniques for Mixture of Experts",
    ),
    (
        "continuous latent space reasoning",
        "Training Large Language Models to Reason in a Continuous Latent Space",
    ),
    (
        "particle monte carlo inference scaling",
        "A Probabilistic Inference Approach to Inference-Time Scaling",
    ),
    ("theory of mind agents", "How FaR Are Large Language Models From Agents with Theory-of-Mind?"),
    (
        "multi-turn text-to-image proactive",
        "Proactive Agents for Multi-Turn Text-to-Image Generation",
    ),
    (
        "sequential bayesian continual learning",
        "On Sequential Bayesian Inference for Continual Learning",
    ),
    ("spatiotemporal expressions perceptron", "Recognizing Extended Spatiotemporal Expressions"),
    # Paraphrases and things remembered from the abstract
    ("attention sinks extreme tokens", "Active-Dormant Attention Heads"),
    (
        "mixture of denoising experts imitation learning",
        "Efficient Diffusion Transformer Policies with Mixture of Expert Denoisers",
    ),
    ("medical challenge problems o1 prompting", "From Medprompt to o1"),
    (
        "code completion skip layers dynamic inference",
        "When Neural Code Completion Models Size up the Situation",
    ),
    ("online shopping assistant", "LLaSA: Large Language and E-Commerce Shopping Assistant"),
    (
        "persona role-playing faithfulness",
        "Quantifying and Optimizing Global Faithfulness in Persona-driven Role-playing",
    ),
    ("kinetic theory active fluid closures", "Learning fast, accurate, and stable closures"),
    ("mobile control human machine interaction", "MobileAgent: enhancing mobile control"),
    ("parallel tool invocation", "Divide-Then-Aggregate: An Efficient Tool Learning Method"),
    (
        "resampling with imperfect verifiers",
        "The Limits of LLM Resampling with Imperfect Verifiers",
    ),
    (
        "repair compressed LLMs with prompts",
        "(Dynamic) Prompting might be all you need to repair Compressed LLMs",
    ),
    ("VLM with one visual token", "Inference Optimal VLMs Need Only One Visual Token"),
    ("LLMs predict whether to resample mid-generation", "Adaptive Inference-Time Compute"),
    # Typos
    (
        "quantizaton survey",
        "A Survey of Quantization Methods for Efficient Neural Network Inference",
    ),
    ("osteoarthritus knee", "Active Sensing of Knee Osteoarthritis Progression"),
    ("copyrigth traps", "Copyright Traps for Large Language Models"),
    ("neurosymbolic logcal reasoning", "LINC: A Neurosymbolic Approach for Logical Reasoning"),
    ("spatiotemporal expresions", "Recognizing Extended Spatiotemporal Expressions"),
    ("thoery of mind", "How FaR Are Large Language Models From Agents with Theory-of-Mind?"),
    ("robust active distilation", "Robust Active Distillation"),
]


def paper_id_by_title(collection, title_part: str) -> str:
    matches = [p.id for p in collection.papers.values() if title_part in p.title]
    assert len(matches) == 1, (
        f"the sample should have exactly one paper whose title has {title_part!r}"
    )
    return matches[0]


def test_known_item_mean_reciprocal_rank(sample, sample_index):
    index = SearchIndex(sample_index)
    ranks = {}
    for query, title in KNOWN_ITEMS:
        wanted = paper_id_by_title(sample, title)
        found = [hit["id"] for hit in index.search(query, limit=10)["hits"]]
        ranks[query] = found.index(wanted) + 1 if wanted in found else None
    mrr = sum(1 / r for r in ranks.values() if r) / len(ranks)
    misses = {q: r for q, r in ranks.items() if r != 1}
    print(f"\nknown-item search: {len(ranks)} queries, MRR {mrr:.3f}; not first: {misses}")
    assert len(KNOWN_ITEMS) >= 30
    assert mrr >= MIN_MRR, f"MRR {mrr:.3f} below {MIN_MRR}; ranks of the misses: {misses}"


@pytest.mark.parametrize("query", ["quantizaton survey", "copyrigth traps"])
def test_typo_queries_are_answered_as_corrected(sample_index, query):
    answer = SearchIndex(sample_index).search(query)
    assert answer["corrected"] is True
    assert answer["suggestion"] and answer["suggestion"] != query

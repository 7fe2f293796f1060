"""Related papers on the bundled seed: real neighbours, reasons, limits, ties and order independence."""

from __future__ import annotations

import dataclasses
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from sitegen.config import Config
from sitegen.enrich import enrich, related
from sitegen.enrich.identity import Registry
from sitegen.enrich.related import (
    _TERM,
    EMBEDDING_WEIGHT,
    _TermTable,
    blended,
    link_related,
    vector_key,
)
from sitegen.model import Collection, Paper, Tag
from sitegen.sources import bundled_sources, read_sources
from sitegen.state.related_weights import load_weights, write_weights


def save_weights(path, weights):
    """As a build does: written beside the file, then renamed over it."""
    os.replace(write_weights(path.parent, weights), path)


def seed_collection(order_seed: int | None = None) -> Collection:
    papers = read_sources(bundled_sources()[:1]).papers
    if order_seed is not None:
        random.Random(order_seed).shuffle(papers)
    return enrich(papers, Config(root=Path("/nonexistent")), Registry()).collection


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
        (
            "ExpertFlow: Optimized Expert Activation",
            "A Survey on Inference Optimization Techniques for Mixture",
            1,
        ),
        ("ManipLLM: Embodied Multimodal", "MultiPLY: A Multisensory Object-Centric", 1),
        (
            "On Sequential Bayesian Inference for Continual Learning",
            "TAME: Task Agnostic Continual Learning",
            2,
        ),
        (
            "Bag of Tricks for Inference-time Computation",
            "Scaling LLM Test-Time Compute Optimally",
            3,
        ),
        ("Active Prompting with Chain-of-Thought", "Think Beyond Size: Adaptive Prompting", 2),
        (
            "Knowledge-Aware Federated Active Learning",
            "A Survey on Cost Types, Interaction Schemes",
            5,
        ),
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


def test_a_reason_given_for_several_pairs_is_held_once(seed):
    reasons = [r.reason for p in seed.papers.values() for r in p.related]
    assert len(reasons) > len(set(reasons))
    assert len({id(reason) for reason in reasons}) == len(set(reasons))


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
    assert {i: p.related for i, p in shuffled.papers.items()} == {
        i: p.related for i, p in seed.papers.items()
    }


def test_ties_are_broken_by_id():
    text = "Sparse mixture of experts routing for efficient transformer inference at scale."
    papers = [Paper(title="Routing experts", abstract=text, id=i) for i in ("c", "a", "b", "d")]
    papers.append(Paper(title="Cheese", abstract="Aged dairy and the ripening of cheese.", id="e"))
    papers.append(Paper(title="Cheese again", abstract="Dairy farms and cheese.", id="f"))
    linked = {p.id: p for p in link_related(papers, {}, count=2, threshold=0.1)[0]}
    assert [r.id for r in linked["c"].related] == ["a", "b"]
    assert [r.id for r in linked["a"].related] == ["b", "c"]
    assert all(r.id in "ef" for r in linked["e"].related)


def test_tiny_collections():
    assert link_related([Paper(title="Alone", id="x")], {}, 5, 0.1)[0][0].related == []
    two, _ = link_related(
        [Paper(title="One", id="a"), Paper(title="Two", id="b")], {"t": Tag("t", "T")}, 5, 0.1
    )
    assert [p.related for p in two] == [[], []]


def lists(papers: list[Paper]) -> dict[str, list[str]]:
    return {p.id: [r.id for r in p.related] for p in papers}


def same_fit(used, weights) -> bool:
    """Whether `used` are the kept weights (with vectors of their own), not a new fit."""
    return used.terms is weights.terms and used.idf is weights.idf and used.ids is weights.ids


def test_kept_weights_score_as_a_fresh_fit_does(seed):
    papers = list(seed.papers.values())
    fresh, weights = link_related(papers, seed.tags, 5, 0.1)
    kept, same = link_related(papers, seed.tags, 5, 0.1, weights)
    assert same_fit(same, weights)
    assert [p.related for p in kept] == [p.related for p in fresh]


def test_a_build_fits_new_weights_on_the_other_core_with_the_same_result(monkeypatch, tmp_path):
    fitted_in = tmp_path / "fitted-in"

    def fit(papers):
        fitted_in.write_text(str(os.getpid()))
        return related.fit_text(papers)

    monkeypatch.setattr("sitegen.enrich.fit_text", fit)
    config = Config(root=tmp_path)  # no weights kept: new ones are fitted
    built = enrich(read_sources(bundled_sources()[:1]).papers, config, Registry()).collection
    assert int(fitted_in.read_text()) != os.getpid()
    papers = list(built.papers.values())
    in_process, _ = link_related(papers, built.tags, config.related_count, config.related_threshold)
    assert [p.related for p in in_process] == [p.related for p in papers] and any(
        p.related for p in papers
    )


def test_with_kept_weights_an_old_list_changes_only_where_a_new_paper_enters(seed):
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    old, new = papers[:-3], papers[-3:]
    before, weights = link_related(old, seed.tags, 5, 0.1)
    after, used = link_related(old + new, seed.tags, 5, 0.1, weights)
    assert same_fit(used, weights)  # 3 more papers: under a tenth more
    before_lists, after_lists = lists(before), lists(after)
    joined = {p.id for p in new}
    changed = [pid for pid in before_lists if after_lists[pid] != before_lists[pid]]
    assert all(joined & set(after_lists[pid]) for pid in changed)
    # Without the kept weights every weight shifts, and lists the new papers did not enter change too.
    refit = lists(link_related(old + new, seed.tags, 5, 0.1)[0])
    assert any(
        refit[pid] != before_lists[pid] and not joined & set(refit[pid]) for pid in before_lists
    )


def test_weights_are_fitted_again_once_a_tenth_of_the_papers_changed(seed):
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    _, weights = link_related(papers[:60], seed.tags, 5, 0.1)
    assert same_fit(link_related(papers[:66], seed.tags, 5, 0.1, weights)[1], weights)  # 6 added
    # 3 removed, 3 added
    assert same_fit(link_related(papers[3:63], seed.tags, 5, 0.1, weights)[1], weights)
    grown = link_related(papers[:67], seed.tags, 5, 0.1, weights)[1]
    assert len(grown.ids) == 67 and len(grown.terms) > len(weights.terms)
    # Another collection of the same size is not scored with these weights.
    assert not same_fit(link_related(papers[12:72], seed.tags, 5, 0.1, weights)[1], weights)


def test_weights_are_saved_and_read_back_and_a_bad_file_is_ignored(seed, tmp_path):
    _, weights = link_related(list(seed.papers.values()), seed.tags, 5, 0.1)
    path = tmp_path / "cache" / "weights.npz"
    save_weights(path, weights)
    loaded = load_weights(path)
    assert list(loaded.terms) == list(weights.terms)
    assert (loaded.idf == weights.idf).all()
    assert list(loaded.ids) == list(weights.ids)
    whole = path.read_bytes()
    for damaged in (
        b"not numpy",
        whole[: len(whole) // 2],
        whole[:100],
        b"PK\x03\x04" + bytes(200),
    ):
        # garbage, cut in half (a BadZipFile), cut short, a zip header with nothing
        path.write_bytes(damaged)
        assert load_weights(path) is None
    assert load_weights(tmp_path / "missing.npz") is None


def test_kept_vectors_give_what_vectors_made_anew_give(seed, tmp_path):
    """A rebuild takes unchanged papers' vectors from the last build: added, removed and edited papers around them."""
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    _, weights = link_related(papers[2:-3], seed.tags, 5, 0.1)
    save_weights(tmp_path / "w.npz", weights)
    loaded = load_weights(tmp_path / "w.npz")
    assert list(loaded.vectors.keys) == list(weights.vectors.keys)
    assert (loaded.vectors.text != weights.vectors.text).nnz == 0
    edited = dataclasses.replace(
        papers[10], abstract=papers[10].abstract + " Cheese and dairy farms."
    )
    now = papers[3:10] + [edited] + papers[11:]  # one removed, one edited, three added
    with_kept, used = link_related(now, seed.tags, 5, 0.1, loaded)
    made_anew, _ = link_related(now, seed.tags, 5, 0.1, dataclasses.replace(loaded, vectors=None))
    assert same_fit(used, loaded)
    assert [p.related for p in with_kept] == [p.related for p in made_anew]
    assert list(used.vectors.keys) == [vector_key(p) for p in sorted(now, key=lambda p: p.id)]


def test_kept_vectors_that_do_not_fit_the_weights_are_dropped(seed, tmp_path):
    papers = list(seed.papers.values())
    _, weights = link_related(papers, seed.tags, 5, 0.1)
    short = dataclasses.replace(weights.vectors, keys=weights.vectors.keys[:-1])
    save_weights(tmp_path / "w.npz", dataclasses.replace(weights, vectors=short))
    loaded = load_weights(tmp_path / "w.npz")
    assert loaded.vectors is None and list(loaded.terms) == list(weights.terms)
    assert [p.related for p in link_related(papers, seed.tags, 5, 0.1, loaded)[0]] == [
        p.related for p in link_related(papers, seed.tags, 5, 0.1)[0]
    ]


def pruned(monkeypatch):
    """Pruned lists and candidate cuts that bite on the seed's hundred papers, as they do at 10,000."""
    monkeypatch.setattr(related, "PER_TERM", 4)
    monkeypatch.setattr(related, "CANDIDATES", 6)


def no_search_anew(*_, **__):
    raise AssertionError("the neighbours were found anew, not updated")


def candidate_sets(neighbours):
    return [
        set(neighbours.candidates[i].indices.tolist())
        for i in range(neighbours.candidates.shape[0])
    ]


@pytest.mark.parametrize("order", [1, 2, 3])
def test_papers_joining_update_the_last_neighbours_to_what_a_new_search_finds(
    seed, monkeypatch, order
):
    pruned(monkeypatch)
    papers = list(seed.papers.values())
    # ids all over the id order; under a tenth
    joining = set(random.Random(order).sample(range(len(papers)), 5))
    old = [p for k, p in enumerate(papers) if k not in joining]
    _, weights = link_related(old, seed.tags, 5, 0.1)
    shared, real = [], related.shared_terms
    with monkeypatch.context() as patch:
        patch.setattr(related, "nearest", no_search_anew)
        patch.setattr(
            related,
            "shared_terms",
            lambda text, rows, cols: (shared.append(len(rows)), real(text, rows, cols))[1],
        )
        updated, used = link_related(papers, seed.tags, 5, 0.1, weights)
    anew, fresh = link_related(
        papers, seed.tags, 5, 0.1, dataclasses.replace(weights, vectors=None, neighbours=None)
    )
    assert same_fit(used, weights) and same_fit(fresh, weights)
    assert [p.related for p in updated] == [p.related for p in anew]  # reasons too
    assert 0 < sum(shared) < used.neighbours.found.nnz  # the shared terms of pairs kept were kept
    assert (used.neighbours.shared == fresh.neighbours.shared).all()
    assert candidate_sets(used.neighbours) == candidate_sets(fresh.neighbours)
    assert list(used.neighbours.ids) == sorted(p.id for p in papers)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_papers_leaving_joining_and_changing_update_the_neighbours_to_what_a_new_search_finds(
    seed, monkeypatch, order
):
    pruned(monkeypatch)
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    picked = random.Random(order).sample(range(len(papers)), 9)
    leaving, joining, changing = set(picked[:3]), set(picked[3:6]), set(picked[6:])
    _, weights = link_related(
        [p for k, p in enumerate(papers) if k not in joining], seed.tags, 5, 0.1
    )
    now = [
        dataclasses.replace(p, abstract=papers[-1 - k].abstract) if k in changing else p
        for k, p in enumerate(papers)
        if k not in leaving
    ]
    with monkeypatch.context() as patch:
        patch.setattr(related, "nearest", no_search_anew)
        updated, used = link_related(now, seed.tags, 5, 0.1, weights)
    anew, fresh = link_related(
        now, seed.tags, 5, 0.1, dataclasses.replace(weights, vectors=None, neighbours=None)
    )
    assert same_fit(used, weights) and same_fit(fresh, weights)
    assert [p.related for p in updated] == [p.related for p in anew]  # reasons too
    assert (used.neighbours.shared == fresh.neighbours.shared).all()
    assert candidate_sets(used.neighbours) == candidate_sets(fresh.neighbours)
    # with the scores a new search gives them, which the next build's update cuts by
    assert same_scores(used.neighbours.candidates, fresh.neighbours.candidates)
    assert list(used.neighbours.ids) == [p.id for p in now]


def same_scores(ours: sp.csr_matrix, theirs: sp.csr_matrix) -> bool:
    """The same entries with the same values but for float32 rounding, in any order within a row."""
    ours, theirs = ours.sorted_indices(), theirs.sorted_indices()
    return (
        (ours.indptr == theirs.indptr).all()
        and (ours.indices == theirs.indices).all()
        and np.allclose(ours.data, theirs.data, rtol=1e-5)
    )


def test_other_settings_or_no_kept_vectors_mean_the_neighbours_are_found_anew(seed, monkeypatch):
    pruned(monkeypatch)
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    _, weights = link_related(papers, seed.tags, 5, 0.1)

    def update(now, count=related.CANDIDATES, threshold=0.1, vectors=weights.vectors.text):
        made, used = related.paper_vectors(now, weights)
        ids = np.array([p.id for p in now], dtype=object)
        old = related._old_rows(weights.neighbours, ids, used.vectors.keys, count, threshold)
        return related.update_neighbours(
            made, ids, used.vectors.keys, weights.neighbours, old, vectors, count, threshold
        )

    assert update(papers) is not None and update(papers[1:]) is not None
    assert update(papers, count=4) is None and update(papers, threshold=0.2) is None
    # Without the vectors the last neighbours were found among, a paper gone cannot be followed.
    assert update(papers, vectors=None) is not None and update(papers[1:], vectors=None) is None


def test_a_pair_shown_now_and_not_before_gets_its_shared_terms(seed):
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    _, weights = link_related(papers, seed.tags, 5, 0.1)
    kept, text = weights.neighbours, weights.vectors.text
    assert (kept.shared[:, 0] == related.UNNAMED).any()  # candidates no list showed
    every = np.arange(kept.found.nnz)
    again = related._pair_terms(kept, np.arange(len(kept.ids)), kept.found, text, every)
    assert (again == related._pair_terms(None, None, kept.found, text, every)).all()
    assert (again[:, 0] != related.UNNAMED).all()


def test_neighbours_are_saved_with_the_weights(seed, monkeypatch, tmp_path):
    papers = list(seed.papers.values())
    _, weights = link_related(papers, seed.tags, 5, 0.1)
    save_weights(tmp_path / "w.npz", weights)
    loaded = load_weights(tmp_path / "w.npz")
    assert list(loaded.neighbours.ids) == list(weights.neighbours.ids) and (
        loaded.neighbours.count,
        loaded.neighbours.threshold,
    ) == (related.CANDIDATES, 0.1)  # the depth the topic vectors rerank
    assert loaded.topics.shape == (len(papers) - 1, len(weights.terms))  # fewer papers than TOPICS
    assert (loaded.topics == weights.topics).all()
    assert (loaded.neighbours.found != weights.neighbours.found).nnz == 0
    assert (loaded.neighbours.shared == weights.neighbours.shared).all()
    monkeypatch.setattr(related, "nearest", no_search_anew)
    assert [p.related for p in link_related(papers, seed.tags, 5, 0.1, loaded)[0]] == [
        p.related for p in link_related(papers, seed.tags, 5, 0.1, weights)[0]
    ]
    # Weights saved without them (by an older sitegen) load without them.
    save_weights(tmp_path / "w.npz", dataclasses.replace(weights, neighbours=None))
    assert load_weights(tmp_path / "w.npz").neighbours is None
    # Topic axes that do not fit the terms are no weights: new ones are fitted.
    save_weights(tmp_path / "w.npz", dataclasses.replace(weights, topics=weights.topics[:, 1:]))
    assert load_weights(tmp_path / "w.npz") is None


def test_a_rebuild_with_kept_weights_does_not_import_scikit_learn(seed, tmp_path):
    # Importing it takes over a second, which a daily rebuild would pay for nothing it needs.
    papers = sorted(seed.papers.values(), key=lambda p: p.id)
    _, weights = link_related(papers[1:], seed.tags, 5, 0.1)
    save_weights(tmp_path / "w.npz", weights)
    with open(tmp_path / "papers.pickle", "wb") as out:
        pickle.dump((papers, seed.tags), out)  # one paper more: its vector is made with the weights
    script = f"""
import pickle, sys
from sitegen.enrich.related import link_related
from sitegen.state.related_weights import load_weights
papers, tags = pickle.load(open({str(tmp_path / "papers.pickle")!r}, "rb"))
weights = load_weights({str(tmp_path / "w.npz")!r})
linked, used = link_related(papers, tags, 5, 0.1, weights)
assert used.ids.tolist() == weights.ids.tolist()  # kept, not fitted anew
assert any(p.related for p in linked)
print(sorted(name for name in sys.modules if name.split(".")[0] == "sklearn"))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# What the vectorizer's own analyzer gives with the pattern and stop words: _TermTable must count the same.
WORD_ANALYZER = TfidfVectorizer(token_pattern=_TERM.pattern, stop_words="english").build_analyzer()


def _terms(text: str) -> list[str]:
    """The terms _TermTable counts in a text."""
    table = _TermTable()
    ids = table.ids(text)
    names = list(table.vocabulary)
    return [names[i] for i in ids]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="aZ1_- .,\n-ÉT", max_size=40), st.text(max_size=40)))
def test_terms_are_the_vectorizers_words(text):
    assert sorted(_terms(text)) == sorted(WORD_ANALYZER(text))


def test_terms_on_the_seed_and_on_hyphens_digits_and_stop_words(seed):
    for paper in seed.papers.values():
        assert sorted(_terms(paper.abstract)) == sorted(WORD_ANALYZER(paper.abstract))
    assert sorted(_terms("3D-aware low-bit -foo _ab 3d x-- The GPT-4o")) == [
        "aware",
        "foo",
        "gpt-4o",
        "low-bit",
    ]


def test_text_vectors_are_the_vectorizers(seed):
    papers = sorted(seed.papers.values(), key=lambda p: p.id)

    def docs(papers):
        return [" ".join([p.title] * related.TITLE_REPEAT + [p.abstract]) for p in papers]

    def cut(matrix):
        return related._unit_rows(related._keep_largest(matrix.tocsr(), related.KEEP_TERMS))

    vectorizer = TfidfVectorizer(
        token_pattern=_TERM.pattern,
        stop_words="english",
        sublinear_tf=True,
        min_df=2,
        max_df=0.5,
        dtype=np.float32,
    )
    expected = cut(vectorizer.fit_transform(docs(papers)))
    fit = related._text_vectors(papers, None)
    assert list(fit.terms) == list(vectorizer.get_feature_names_out()) and np.array_equal(
        fit.idf, vectorizer.idf_
    )
    assert same_vectors(fit.vectors, expected)
    # With those weights kept: words they lack are left out, as the vectorizer's transform leaves them.
    edited = [
        dataclasses.replace(p, abstract=p.abstract + " Cheese and dairy farms.")
        for p in papers[:10]
    ]
    text = related._text_vectors(edited, (fit.terms, fit.idf)).vectors
    expected = cut(vectorizer.transform(docs(edited)))
    assert same_vectors(text, expected)


def same_vectors(ours: sp.csr_matrix, theirs: sp.csr_matrix) -> bool:
    """The same terms in each row, with the same weights but for float32 rounding (sitegen weighs the
    counts itself, and scales the rows to length 1 once, after the cut)."""
    return (
        ours.shape == theirs.shape
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and np.allclose(ours.data, theirs.data, rtol=1e-6, atol=0)
    )


@pytest.mark.parametrize("copies", [8, 15])
def test_candidates_are_the_best_of_the_whole_product_with_ties_to_the_lower_row(
    seed, monkeypatch, copies
):
    # Copies of one paper score alike with each other: more of them than CANDIDATES tie at its cut,
    # among the entries the product keeps per row (CANDIDATES + SPARE) or (15) beyond them, and the
    # lowest rows must win.
    monkeypatch.setattr(related, "CANDIDATES", 6)
    original = next(iter(seed.papers.values()))
    copies = [dataclasses.replace(original, id=f"copy-{i:02d}") for i in range(copies)]
    papers = sorted([*seed.papers.values(), *copies], key=lambda p: p.id)
    vectors = related.paper_vectors(papers)[0]
    postings = related._postings(vectors)
    rows = np.arange(len(papers))
    candidates = related._candidates(vectors, postings, rows)
    product = (vectors @ postings).tocsr()
    for row in rows:
        found, approx = product[row].indices, product[row].data
        expected = set(
            related._best_candidates(found[found != row], approx[found != row])[0].tolist()
        )
        assert set(candidates[row].indices.tolist()) == expected
    copy_rows = [i for i, p in enumerate(papers) if p.id.startswith("copy-")]
    assert set(candidates[copy_rows[-1]].indices.tolist()) == set(copy_rows[:6])


def test_dense_vectors_reorder_the_candidates_words_found():
    # Row 0's candidates by words: paper 1 (0.5), then paper 2 (0.4); row 1's: 0 and 2 alike (0.3).
    found = sp.csr_matrix(
        (np.array([0.5, 0.4, 0.3, 0.3]), np.array([1, 2, 0, 2]), np.array([0, 2, 4, 4])),
        shape=(3, 3),
    )
    # Paper 2 is about what paper 0 is about; paper 1 is not; paper 1 is as far from 0 as from 2.
    embeddings = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    shown, scores = blended(found, embeddings, EMBEDDING_WEIGHT, count=2)

    def row(shown, i):
        return [found.indices[k] for k in shown.entries[shown.starts[i] : shown.starts[i + 1]]]

    assert row(shown, 0) == [2, 1]
    assert scores[:2] == pytest.approx(
        [(1 - EMBEDDING_WEIGHT) * 0.5, (1 - EMBEDDING_WEIGHT) * 0.4 + EMBEDDING_WEIGHT]
    )
    assert row(shown, 1) == [0, 2]  # a tie keeps the order words gave
    assert row(shown, 2) == []
    assert row(blended(found, embeddings, EMBEDDING_WEIGHT, count=1)[0], 0) == [2]

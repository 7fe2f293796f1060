"""Sentence embeddings for related papers: the real model (the `embeddings` extra), and its memo."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from site_builder import build_collection

from sitegen.enrich.embeddings import EmbeddingMemo, model
from sitegen.model import Paper
from sitegen.state.memos import load_embeddings, save_embeddings
from sitegen.state.paths import StatePaths

WEATHER = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]


def test_the_model_gives_the_published_similarities():
    # sentence-transformers' own example for all-MiniLM-L6-v2: 0.6660 and 0.1046 (float weights;
    # the int8 file is within a few hundredths).
    lovely, sunny, stadium = model().embed(WEATHER)
    assert sunny @ lovely == pytest.approx(0.666, abs=0.04)
    assert stadium @ lovely == pytest.approx(0.105, abs=0.04)
    assert np.linalg.norm(lovely) == pytest.approx(1.0, abs=1e-5)


def test_a_vector_does_not_depend_on_what_it_is_batched_with():
    alone = model().embed([WEATHER[0]])
    batched = model().embed([WEATHER[0], "a much longer text " * 40, *WEATHER[1:]])
    np.testing.assert_array_equal(alone[0], batched[0])


def test_long_texts_are_cut_not_refused():
    start = "Retrieval augmented generation for open-domain question answering. "
    vectors = model().embed([start, start + "padding words " * 2000])
    assert vectors[0] @ vectors[1] > 0.5


def _paper(n: int, title: str) -> Paper:
    return Paper(id=f"p{n}", title=title, abstract=f"An abstract about {title.lower()}.")


def test_a_rebuild_embeds_only_new_or_changed_texts(tmp_path):
    embedded: list[str] = []

    def counted(texts):
        embedded.extend(texts)
        return model().embed(texts)

    papers = [_paper(1, "Diffusion models for video"), _paper(2, "Graph neural networks")]
    memo = EmbeddingMemo()
    first = memo.vectors(papers, counted)
    save_embeddings(StatePaths(tmp_path).embeddings, memo)
    assert len(embedded) == 2

    embedded.clear()
    changed = [papers[0], _paper(2, "Graph transformers"), _paper(3, "Speech recognition")]
    again = load_embeddings(StatePaths(tmp_path).embeddings).vectors(changed, counted)
    assert sorted(t.split(".")[0] for t in embedded) == ["Graph transformers", "Speech recognition"]
    np.testing.assert_array_equal(again[0], first[0])


def test_a_build_that_uses_no_vectors_keeps_the_saved_ones(tmp_path):
    path = StatePaths(tmp_path).embeddings
    memo = load_embeddings(path)
    memo.vectors([_paper(1, "Diffusion models for video")])
    save_embeddings(path, memo)
    saved = path.read_bytes()
    save_embeddings(path, load_embeddings(path))
    assert path.read_bytes() == saved


def test_a_damaged_memo_is_an_empty_one(tmp_path):
    path = StatePaths(tmp_path).embeddings
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a zip file")
    memo = load_embeddings(path)
    memo.vectors([_paper(1, "Diffusion models for video")])
    assert list(memo.known) == list(memo.found)


def test_without_the_extra_the_error_says_what_to_install():
    # onnxruntime made unimportable in a separate interpreter, as on an install without the extra.
    code = (
        "import sys; sys.modules['onnxruntime'] = None\n"
        "from sitegen.enrich.embeddings import model\n"
        "try:\n    model()\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("ConfigError")
    assert "pip install 'sitegen[embeddings]'" in out.stdout


def test_a_build_with_embeddings_ranks_by_them_and_keeps_them(tmp_path):
    config, report = build_collection(tmp_path / "on", related_embeddings=True)
    _, plain = build_collection(tmp_path / "off")
    on, off = report.collection.papers, plain.collection.papers
    assert all(len(p.related) == 5 for p in on.values())
    # The same candidates by words, ordered otherwise for some papers (the sample has 73).
    assert any([r.id for r in on[i].related] != [r.id for r in off[i].related] for i in on)
    memo = load_embeddings(StatePaths(config.state_path).embeddings)
    kept = memo.vectors(list(on.values()), embed=_refused)  # all known: the model is not run
    assert kept.shape == (len(on), 384)
    page = (config.site_path / "papers" / next(iter(on)) / "index.html").read_text()
    assert "Related papers" in page


def _refused(texts):
    raise AssertionError(f"embedded again: {texts[:1]}")

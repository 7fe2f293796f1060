"""The benchmark corpus generator on a 50-record sample of the real HF data: seeded, growing, readable by sitegen."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from sitegen.sources import read_file

REPO = Path(__file__).resolve().parents[1]
REAL_SAMPLE = Path(__file__).resolve().parent / "fixtures" / "bench" / "hf-daily-papers-50.jsonl.gz"
ARXIV_ID = re.compile(r"\d{4}\.\d{5}")


def _load_corpus_module():
    # bench/ is a folder of scripts beside the package, not an installed package.
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


def make(tmp_path: Path, n: int, seed: int = 1, shape: str = "hf-api") -> tuple[Path, int]:
    return corpus.make_corpus(n, seed, shape, out=tmp_path / f"{shape}-{seed}", real=REAL_SAMPLE)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path):
    first, vocab_first = make(tmp_path / "a", 300, seed=7)
    again, vocab_again = make(tmp_path / "b", 300, seed=7)
    other, _ = make(tmp_path / "c", 300, seed=8)
    assert first.read_bytes() == again.read_bytes()
    assert vocab_first == vocab_again
    assert first.read_bytes() != other.read_bytes()


def test_real_records_come_first_as_published(tmp_path):
    path, _ = make(tmp_path, 120)
    real = [line for line in corpus.load_real(REAL_SAMPLE)]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[: len(real)] == [r.line for r in real]
    assert len(lines) == 120


def test_fewer_than_the_real_records_is_a_sample_of_them(tmp_path):
    path, _ = make(tmp_path, 20)
    real = {r.line for r in corpus.load_real(REAL_SAMPLE)}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20 and set(lines) <= real


def test_vocabulary_grows_with_the_corpus_as_real_text_does(tmp_path):
    sizes = {n: make(tmp_path, n)[1] for n in (50, 200, 800)}
    # Recombining real sentences alone would stall near the 50 records' vocabulary; rare terms keep it growing.
    assert sizes[50] < sizes[200] < sizes[800]
    assert sizes[800] / sizes[200] > 1.3


def test_synthetic_ids_and_titles_are_unique_and_arxiv_like(tmp_path):
    path, _ = make(tmp_path, 600)
    papers = [r["paper"] for r in records(path)]
    ids = [p["id"] for p in papers]
    assert len(set(ids)) == len(ids)
    assert all(ARXIV_ID.fullmatch(i) for i in ids[50:])
    titles = [re.sub(r"\W+", "", p["title"].lower()) for p in papers]
    assert len(set(titles)) == len(titles)
    assert all(p["summary"] and p["title"] and p["authors"] for p in papers)


@pytest.mark.parametrize("shape", corpus.SHAPES)
def test_sitegen_reads_every_record(tmp_path, shape):
    path, _ = make(tmp_path, 150, shape=shape)
    items = list(read_file(path))
    problems = [i for i in items if not hasattr(i, "title")]
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert len(items) - len(problems) == 150

"""arXiv ids read by one rule in Python and in the extension: both against the same table of cases,
the extension's copy in its own service worker in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extension_browser import LoadedExtension

from sitegen import arxiv_ids

TABLE = json.loads(
    (Path(__file__).parent / "fixtures" / "arxiv_ids.json").read_text(encoding="utf-8")
)
CASES = [(text, expected) for cases in TABLE["groups"].values() for text, expected in cases]


@pytest.mark.parametrize("text, expected", CASES)
def test_python_reads_each_case(text, expected):
    assert arxiv_ids.parse(text) == expected


@pytest.mark.browser
def test_the_extension_reads_each_case_alike(extension: LoadedExtension):
    texts = [text for text, _ in CASES]
    read = extension.worker.evaluate("texts => texts.map((text) => arxivIds.parse(text))", texts)
    assert dict(zip(texts, read, strict=True)) == dict(CASES)


@pytest.mark.browser
def test_the_extension_takes_only_bare_ids_as_bare(extension: LoadedExtension):
    texts = ["2403.09629", "hep-th/9901001", "2403.09629v2", "arXiv:2403.09629", " 2403.09629", 7]
    bare = extension.worker.evaluate("texts => texts.map((text) => arxivIds.isBare(text))", texts)
    assert bare == [True, True, False, False, False, False]


@pytest.mark.parametrize(
    "arxiv_id, year",
    [
        ("2403.09629", "2024"),
        ("0704.0001", "2007"),
        ("hep-th/9901001", "1999"),
        ("math.GT/0309136", "2003"),
        ("https://arxiv.org/abs/2403.09629v2", "2024"),
        ("not-an-id", None),
    ],
)
def test_first_year(arxiv_id, year):
    assert arxiv_ids.first_year(arxiv_id) == year

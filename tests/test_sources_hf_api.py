"""The HF daily papers API reader on the bundled sample, real API days, the 9,881-line archive and broken files."""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest
from sources_helpers import FIXTURES, errors, read, shared, warnings

from sitegen.sources import bundled_sources, hf_api

SAMPLE = bundled_sources()[1]


def test_bundled_sample_fields():
    papers, problems = read(SAMPLE)
    assert problems == []
    assert [p.arxiv_id for p in papers] == [
        e["paper"]["id"] for e in json.loads(SAMPLE.read_text(encoding="utf-8"))
    ]
    first = papers[0]
    assert first.title == "Why Language Models Hallucinate"
    assert first.authors == [
        "Adam Tauman Kalai",
        "Ofir Nachum",
        "Santosh S. Vempala",
        "Edwin Zhang",
    ]
    assert first.date == "2025-09-04"  # paper.publishedAt, not the day it was listed
    assert first.upvotes == 26
    assert first.keywords == [
        "hallucinations",
        "binary classification",
        "uncertain responses",
        "trustworthy AI systems",
    ]
    assert first.url == "https://huggingface.co/papers/2509.04664"
    assert first.sources == [f"{SAMPLE} record 1"]
    # The summary is hard-wrapped at about 80 columns in the source; the reader unwraps it.
    assert "\n" not in first.abstract
    assert "sometimes guess when uncertain" in first.abstract


def test_bundled_sample_is_the_shared_one():
    assert SAMPLE.read_bytes() == shared("raw/hf-daily-papers-api.json").read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "real" / "hf_api_daily_papers_2024-05-27.json",
        "raw/original/hf_api_daily_papers_2026-08-21.json",
    ],
    ids=["oldest-schema", "newest-schema"],
)
def test_real_api_days_read_every_entry(path):
    path = path if not isinstance(path, str) else shared(path)
    entries = json.loads(path.read_text(encoding="utf-8"))
    papers, problems = read(path)
    assert errors(problems) == []
    assert [p.arxiv_id for p in papers] == [e["paper"]["id"] for e in entries]
    assert all(p.title and p.abstract and p.authors and p.date for p in papers)


def test_newest_schema_gives_code_links():
    papers, _ = read(shared("raw/original/hf_api_daily_papers_2026-08-21.json"))
    entries = json.loads(
        shared("raw/original/hf_api_daily_papers_2026-08-21.json").read_text(encoding="utf-8")
    )
    with_repo = [e["paper"]["githubRepo"] for e in entries if e["paper"].get("githubRepo")]
    assert with_repo and [p.code_url for p in papers if p.code_url] == with_repo


def test_repr_strings_are_read_as_python_literals_with_one_warning():
    path = shared("raw/original/hf_api_daily_papers_2024-12-11_repr-strings.json")
    papers, problems = read(path)
    assert len(papers) == len(json.loads(path.read_text(encoding="utf-8")))
    assert [(p.where, p.severity) for p in problems] == [(str(path), "warning")]
    assert "repr" in problems[0].message
    assert papers[0].arxiv_id == "2412.07730" and papers[0].authors[:2] == ["Zongyu Lin", "Wei Liu"]


def test_truncated_json_is_one_error_naming_the_line():
    path = FIXTURES / "hf_api_truncated.json"
    papers, problems = read(path)
    assert papers == []
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    assert [(p.where, p.severity) for p in problems] == [(f"{path}:{lines}", "error")]
    assert "malformed JSON" in problems[0].message


def test_jsonl_bad_lines_are_errors_and_reading_goes_on():
    path = FIXTURES / "hf_api_bad_lines.jsonl"
    papers, problems = read(path)
    assert [p.title for p in papers] == ["Good Entry", "Last entry"]
    assert papers[0].abstract == "Wrapped summary."
    assert papers[0].authors == ["A"]  # hidden on HF's page, still an author
    assert papers[0].sources == [f"{path}:1"]
    assert [p.where for p in errors(problems)] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert "malformed JSON" in errors(problems)[0].message
    assert "missing title" in errors(problems)[1].message
    assert "`paper` must be an object" in errors(problems)[2].message
    assert [p.where for p in warnings(problems)] == [f"{path}:6"]
    assert "publishedAt 'yesterday'" in warnings(problems)[0].message
    assert papers[1].date is None


def test_gzipped_jsonl_is_detected_by_its_inner_name(tmp_path):
    path = tmp_path / "day.jsonl.gz"
    path.write_bytes(gzip.compress((FIXTURES / "hf_api_bad_lines.jsonl").read_bytes()))
    papers, problems = read(path)
    assert [p.title for p in papers] == ["Good Entry", "Last entry"]
    assert f"{path}:2" in [p.where for p in problems]


def test_wrapped_code_link_is_joined_not_dropped():
    # A real entry whose githubRepo was hard-wrapped like its summary.
    entry = {
        "paper": {
            "id": "2501.00001",
            "title": "T",
            "summary": "S",
            "githubRepo": "https://github.com/owner/\nrepo",
        }
    }
    [paper] = hf_api.entry_to_paper("x record 1", entry)
    assert paper.code_url == "https://github.com/owner/repo"


def test_unsafe_code_link_is_dropped_with_a_warning():
    entry = {
        "paper": {
            "id": "2501.00001",
            "title": "T",
            "summary": "S",
            "githubRepo": "javascript:alert(1)",
        }
    }
    warning, paper = hf_api.entry_to_paper("x record 1", entry)
    assert (
        paper.code_url is None and warning.severity == "warning" and "githubRepo" in warning.message
    )


@pytest.fixture(scope="module")
def archive():
    """The 9,881 real API entries, one per line, as the reader gives them back."""
    path = shared("hf-daily-papers-2024-2026.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        entries = [json.loads(line) for line in lines if line.strip()]
    papers, problems = read(path)
    return entries, papers, problems


def test_archive_loses_nothing(archive):
    entries, papers, problems = archive
    assert len(entries) == 9881
    assert len(papers) + len(errors(problems)) == len(entries)
    assert errors(problems) == []  # every real entry is readable
    assert [p.arxiv_id for p in papers] == [e["paper"]["id"] for e in entries]


def test_archive_titles_and_abstracts_are_unwrapped(archive):
    entries, papers, _ = archive
    wrapped = [i for i, e in enumerate(entries) if "\n" in e["paper"]["title"]]
    assert len(wrapped) > 3000  # the README counts 3,088 hard-wrapped titles
    assert all("\n" not in papers[i].title and "  " not in papers[i].title for i in wrapped)
    assert all("\n" not in p.abstract for p in papers)


def test_archive_keeps_dollars_and_token_lookalikes_as_text(archive):
    entries, papers, _ = archive
    dollar_titles = [
        " ".join(e["paper"]["title"].split()) for e in entries if "$" in e["paper"]["title"]
    ]
    assert len(dollar_titles) == 6
    assert [p.title for p in papers if "$" in p.title] == dollar_titles
    assert any("<EOS>" in p.abstract for p in papers)


def test_archive_keeps_duplicate_ids_for_the_merge_stage(archive):
    _, papers, _ = archive
    twice = sorted(i for i, n in Counter(p.arxiv_id for p in papers).items() if n == 2)
    assert len(twice) == 4


def test_archive_optional_fields(archive):
    entries, papers, _ = archive
    # 15 entries have ai_keywords == [""]: no keyword at all.
    given = [[k for k in e["paper"].get("ai_keywords", []) if k.strip()] for e in entries]
    assert [p.keywords for p in papers] == given
    assert all(p.date and p.upvotes is not None and p.authors for p in papers)
    assert max(len(p.authors) for p in papers) == 664


def test_detection_needs_a_paper_object(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('[{"name": "not a daily papers entry"}]', encoding="utf-8")
    assert not hf_api.READER.can_read(path, path.read_text(encoding="utf-8"))

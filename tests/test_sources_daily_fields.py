"""What the daily list and arXiv say beside a paper (TL;DR, stars, organization, comments, the day it
was listed, categories, DOI, ...) is read from real API answers, and a record without it reads as before."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import feedparser
from sources_helpers import errors, read, warnings

PULL = Path(__file__).resolve().parent / "fixtures" / "pull"


def hf_day(tmp_path: Path) -> tuple[Path, list[dict]]:
    entries = json.loads(gzip.decompress((PULL / "hf-day-53.json.gz").read_bytes()))
    path = tmp_path / "day.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path, entries


def test_every_daily_field_of_a_real_api_day_is_kept(tmp_path):
    path, entries = hf_day(tmp_path)
    papers, problems = read(path)
    assert len(papers) == len(entries) == 53 and problems == []
    for paper, entry in zip(papers, entries, strict=True):
        given = entry["paper"]
        assert paper.tldr == " ".join(given["ai_summary"].split())
        assert paper.project_url == given.get("projectPage")
        assert paper.code_stars == given.get("githubStars")
        assert paper.comments == entry["numComments"]
        assert paper.daily_date == given["submittedOnDailyAt"][:10]
        assert paper.thumbnail_url == entry["thumbnail"]
        org = given.get("organization")
        assert paper.organization == (org and " ".join(org["fullname"].split()))
        assert paper.organization_id == (org and org["name"])
    assert sum(p.organization is not None for p in papers) == 35
    assert sum(p.code_stars is not None for p in papers) == 27  # 0 stars counts as a count


def test_an_entry_without_them_reads_as_before(tmp_path):
    path = tmp_path / "bare.json"
    path.write_text(json.dumps([{"paper": {"id": "2401.00001", "title": "Bare"}}]))
    (paper,), problems = read(path)
    assert problems == []
    assert (paper.tldr, paper.code_stars, paper.organization, paper.comments) == (
        "",
        None,
        None,
        None,
    )
    assert (paper.daily_date, paper.categories, paper.doi) == (None, [], None)


def test_odd_values_are_dropped_with_a_warning_naming_them(tmp_path):
    entry = {
        "paper": {
            "id": "2401.00002",
            "title": "Odd",
            "projectPage": "javascript:alert(1)",
            "githubStars": "many",
            "ai_summary": ["not", "text"],
            "organization": {"name": "<b>org</b>", "avatar": "data:image/png;base64,AAAA"},
        },
        "numComments": -3,
        "thumbnail": "file:///etc/passwd",
    }
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([entry]))
    (paper,), problems = read(path)
    assert (paper.project_url, paper.thumbnail_url, paper.organization_avatar) == (None, None, None)
    assert (paper.code_stars, paper.comments, paper.tldr) == (None, None, "")
    assert paper.organization == "<b>org</b>"  # kept as text; pages escape it
    (warning,) = warnings(problems)
    assert "projectPage 'javascript:alert(1)' is not an http(s) URL" in warning.message
    assert "thumbnail" in warning.message


def test_arxiv_categories_comment_journal_and_doi_of_a_real_feed(tmp_path):
    path = PULL / "arxiv-search-testing-m100.xml.gz"
    feed = feedparser.parse(gzip.decompress(path.read_bytes()))
    plain = tmp_path / "feed.xml"  # the reader takes the feed as a file of its own
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    papers, _ = read(plain)
    assert len(papers) == len(feed.entries) == 100
    for paper, entry in zip(papers, feed.entries, strict=True):
        assert paper.categories[0] == entry.arxiv_primary_category["term"]
        assert set(paper.categories) == {t["term"] for t in entry.tags}
        assert paper.arxiv_comment == " ".join(entry.get("arxiv_comment", "").split())
        assert paper.journal_ref == (" ".join(entry.get("arxiv_journal_ref", "").split()) or None)
    assert sum(bool(p.arxiv_comment) for p in papers) == 97
    assert sum(p.journal_ref is not None for p in papers) == 18
    dois = [p.doi for p in papers if p.doi]
    assert len(dois) == 32 and all(d.startswith("10.") and "/" in d for d in dois)


def test_sitegens_own_records_take_the_same_fields_by_name(tmp_path):
    path = tmp_path / "papers.yaml"
    path.write_text(
        """
- title: Own
  tldr: "One sentence."
  code_url: https://github.com/a/b
  code_stars: 12
  project_url: https://example.org/own
  organization: Example Lab
  organization_id: example-lab
  comments: 4
  daily_date: 2025-01-02
  categories: cs.CL, cs.LG
  arxiv_comment: 9 pages
  journal_ref: ACL 2025
  doi: 10.1000/xyz
- title: Bad count
  code_stars: -1
""",
        encoding="utf-8",
    )
    papers, problems = read(path)
    (own,) = papers
    assert (own.tldr, own.code_stars, own.project_url) == (
        "One sentence.",
        12,
        "https://example.org/own",
    )
    assert (own.organization, own.organization_id, own.comments) == (
        "Example Lab",
        "example-lab",
        4,
    )
    assert (own.daily_date, own.categories) == ("2025-01-02", ["cs.CL", "cs.LG"])
    assert (own.arxiv_comment, own.journal_ref, own.doi) == ("9 pages", "ACL 2025", "10.1000/xyz")
    (error,) = errors(problems)
    assert "code_stars must be a whole number of 0 or more" in error.message

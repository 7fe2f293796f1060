"""The daily list's and arXiv's fields, from a real build: shown on the paper's page (escaped, the
TL;DR labelled as machine-written), in the static API, the JSON feed and the CSV export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from site_builder import build_collection

from sitegen.export import export

HOSTILE = '<script>alert("tldr")</script> & more'
RECORDS = f"""
- title: "Daily Fields: A Paper With Everything"
  arxiv_id: "2501.00001"
  abstract: An abstract long enough to be a real one about retrieval.
  authors: [Ada Lovelace]
  date: 2025-01-01
  upvotes: 42
  tldr: {json.dumps(HOSTILE)}
  code_url: https://github.com/example/everything
  code_stars: 1234
  project_url: https://example.org/everything
  organization: "<b>Example</b> Lab"
  organization_id: example-lab
  comments: 3
  daily_date: 2025-01-03
  categories: [cs.CL, cs.IR]
  arxiv_comment: 12 pages, ACL 2025
  journal_ref: Proc. ACL 2025
  doi: 10.18653/v1/2025.acl-long.1
- title: "Bare: A Paper With Nothing Else"
  abstract: Nothing but an abstract about retrieval.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("daily")
    source = root / "records.yaml"
    source.write_text(RECORDS, encoding="utf-8")
    config, report = build_collection(root / "c", [str(source)])
    assert not report.errors, report.problems
    return config, report


def page(config, paper_id: str) -> str:
    return (config.site_path / "papers" / paper_id / "index.html").read_text(encoding="utf-8")


def test_the_page_shows_them_as_text(built):
    config, _ = built
    html = page(config, "2501.00001")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "TL;DR" in html and "(machine-written)" in html
    assert "<b>Example</b>" not in html and "&lt;b&gt;Example&lt;/b&gt; Lab" in html
    assert 'href="../../orgs/example-lab/"' in html  # its page here, which links to HF
    assert "▲ 42 upvotes" in html and "on the daily list 2025-01-03" in html
    assert 'href="../../days/2025-01-03/">on the daily list 2025-01-03</a>' in html
    assert 'href="https://huggingface.co/papers/2501.00001#community">3 comments</a>' in html
    assert "Code ★ 1,234" in html and "Project page" in html
    assert 'href="https://doi.org/10.18653/v1/2025.acl-long.1"' in html
    assert "cs.CL · cs.IR" in html and "Proc. ACL 2025" in html and "12 pages, ACL 2025" in html


def test_a_paper_without_them_shows_none_of_it(built):
    config, report = built
    (bare,) = [p for p in report.collection.papers.values() if p.title.startswith("Bare")]
    html = page(config, bare.id)
    for absent in ("TL;DR", "upvote", "daily list", "comment", "★", "Project page", "DOI"):
        assert absent not in html, absent


def test_the_static_api_and_the_json_feed_carry_them(built):
    config, _ = built
    record = json.loads((config.site_path / "api/v1/papers/2501.00001.json").read_text())
    assert record["tldr"] == HOSTILE and record["code_stars"] == 1234
    assert record["organization"] == {
        "id": "example-lab",
        "name": "<b>Example</b> Lab",
        "avatar_url": None,
        "url": "https://huggingface.co/example-lab",
    }
    assert record["links"]["discussion"] == "https://huggingface.co/papers/2501.00001#community"
    assert record["links"]["doi"] == "https://doi.org/10.18653/v1/2025.acl-long.1"
    assert (record["daily_date"], record["categories"]) == ("2025-01-03", ["cs.CL", "cs.IR"])
    feed = json.loads((config.site_path / "feeds/feed.json").read_text())
    (item,) = [i for i in feed["items"] if i["url"].endswith("papers/2501.00001/")]
    assert item["summary"] == HOSTILE
    assert item["_sitegen"]["upvotes"] == 42 and item["_sitegen"]["doi"].startswith("10.18653/")


def test_the_csv_export_has_a_column_each(built):
    _, report = built
    rows = list(csv.DictReader(io.StringIO(export(report.collection, "csv"))))
    (row,) = [r for r in rows if r["arxiv_id"] == "2501.00001"]
    assert (row["tldr"], row["code_stars"], row["comments"]) == (HOSTILE, "1234", "3")
    assert (row["organization"], row["categories"]) == ("<b>Example</b> Lab", "cs.CL; cs.IR")
    assert row["doi"] == "10.18653/v1/2025.acl-long.1"

"""The static API files: same shapes as the live API, one record per paper, a compact search file."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re

from sitegen.enrich.search_terms import SEARCH_TERMS
from sitegen.model import paper_record
from sitegen.render.static_api import api_root, search_file, tags_response, write_static_api


def test_every_paper_has_its_record(sample, tmp_path):
    write_static_api(sample, tmp_path)
    papers = api_root(tmp_path) / "papers"
    assert len(list(papers.glob("*.json"))) == len(sample.papers)
    for paper in sample.papers.values():
        assert json.loads(
            (papers / f"{paper.id}.json").read_text(encoding="utf-8")
        ) == paper_record(paper, sample)


def test_a_record_holds_what_orjson_cannot_write(sample, tmp_path):
    """Upvotes beyond 64 bits are a whole number an input may hold: its record is written all the same."""
    paper = next(iter(sample.papers.values()))
    huge = dataclasses.replace(
        sample, papers={**sample.papers, paper.id: paper.evolve(upvotes=2**70, title="Über «x»")}
    )
    write_static_api(huge, tmp_path)
    text = (api_root(tmp_path) / "papers" / f"{paper.id}.json").read_text(encoding="utf-8")
    assert json.loads(text) == paper_record(huge.papers[paper.id], huge)
    assert '"upvotes":1180591620717411303424' in text and "Über «x»" in text


def test_tags_lookup_and_health(sample, tmp_path):
    write_static_api(sample, tmp_path)
    root = api_root(tmp_path)
    tags = json.loads((root / "tags.json").read_text())
    assert tags == tags_response(sample)
    counts = sample.tag_counts()
    assert [t["count"] for t in tags["tags"]] == sorted(counts.values(), reverse=True)
    assert {t["slug"] for t in tags["tags"]} == set(sample.tags)
    lookup = json.loads((root / "lookup.json").read_text())
    assert lookup == {p.arxiv_id: p.id for p in sample.papers.values() if p.arxiv_id}
    health = json.loads((root / "health.json").read_text())
    assert health["mode"] == "static" and health["papers"] == len(sample.papers)


def test_search_file_rows_point_at_papers_and_tags(sample, tmp_path):
    write_static_api(sample, tmp_path)
    data = json.loads((api_root(tmp_path) / "search.json").read_text())
    assert data["fields"] == ["id", "title", "short_name", "tags", "date", "authors", "terms"]
    assert len(data["papers"]) == len(sample.papers)
    for paper_id, title, short_name, tag_indexes, _, surnames, terms in data["papers"]:
        paper = sample.papers[paper_id]
        assert (title, short_name) == (paper.title, paper.short_name)
        assert [data["tags"][i][0] for i in tag_indexes] == [
            s for s in paper.tags if s in sample.tags
        ]
        assert surnames == [name.split()[-1] for name in paper.authors[:5]]
        # The words that tell the paper from the others: each one of its abstract's, and not one its
        # title or short name holds already.
        named = set(re.findall(r"[^\W_]+", f"{paper.title} {paper.short_name}".lower()))
        assert len(terms) <= SEARCH_TERMS and all(
            term in f"{paper.title} {paper.abstract}".lower()
            and not named.issuperset(term.split("-"))
            for term in terms
        )
    with_terms = [row for row in data["papers"] if row[6]]
    assert len(with_terms) > len(data["papers"]) / 2


def test_search_file_size_per_paper(sample):
    raw = json.dumps(search_file(sample), ensure_ascii=False, separators=(",", ":")).encode()
    per_paper = len(gzip.compress(raw, 9)) / len(sample.papers)
    print(
        f"\nsearch.json: {len(raw) / len(sample.papers):.0f} bytes per paper, {per_paper:.0f} gzipped"
    )
    assert per_paper < 200


def test_writing_again_leaves_no_stale_records(sample, tmp_path):
    write_static_api(sample, tmp_path)
    rewritten = api_root(tmp_path) / "tags.json"
    # A second write replaces the folder, leaving no stale records behind.
    (api_root(tmp_path) / "papers" / "stale.json").write_text("{}")
    write_static_api(sample, tmp_path)
    assert not (api_root(tmp_path) / "papers" / "stale.json").exists()
    assert rewritten.exists()


def test_writing_over_an_older_copy_rewrites_only_what_differs(sample, tmp_path):
    """sitegen's build writes the static API over the copy of two builds ago (publish.py's spare)."""
    write_static_api(sample, tmp_path)
    papers = api_root(tmp_path) / "papers"
    gone, edited, *kept = sorted(sample.papers)
    (papers / f"{edited}.json").write_text("{}", encoding="utf-8")
    (papers / "stray.json").write_text("{}", encoding="utf-8")
    (api_root(tmp_path) / "old-file.json").write_text("{}", encoding="utf-8")
    inodes = {p.name: p.stat().st_ino for p in papers.iterdir()}
    smaller = dataclasses.replace(
        sample, papers={k: v for k, v in sample.papers.items() if k != gone}
    )
    write_static_api(smaller, tmp_path)
    assert sorted(p.stem for p in papers.iterdir()) == sorted(smaller.papers)
    assert sorted(p.name for p in api_root(tmp_path).iterdir()) == [
        "health.json",
        "lookup.json",
        "papers",
        "search.json",
        "tags.json",
    ]
    for paper in smaller.papers.values():
        assert json.loads(
            (papers / f"{paper.id}.json").read_text(encoding="utf-8")
        ) == paper_record(paper, smaller)
    # a new file, not written into
    assert (papers / f"{edited}.json").stat().st_ino != inodes[f"{edited}.json"]
    unchanged = [
        k
        for k in kept
        if paper_record(smaller.papers[k], smaller) == paper_record(sample.papers[k], sample)
    ]
    assert unchanged and all(
        (papers / f"{k}.json").stat().st_ino == inodes[f"{k}.json"] for k in unchanged
    )


def test_a_real_build_publishes_each_papers_words_in_the_search_file(sample_build):
    """The build lets go of the related-paper vectors before the static API is written; the words
    the search file carries must survive that."""
    config, report = sample_build
    data = json.loads((config.site_path / "api" / "v1" / "search.json").read_text())
    with_terms = {row[0]: row[6] for row in data["papers"] if row[6]}
    assert len(with_terms) > len(data["papers"]) / 2
    assert with_terms == {
        paper_id: terms
        for paper_id, terms in report.collection.terms.items()
        if terms and paper_id in with_terms
    }

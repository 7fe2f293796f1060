"""End to end: build the bundled sample into a real MkDocs Material site and check it is whole."""

from __future__ import annotations

import json
import re

import yaml
from linkcheck import broken_links
from site_builder import FIXTURES, build_collection, hostile_paper, make_collection

from sitegen.pipeline import load_collection
from sitegen.state.memos import load_texts, load_topics
from sitegen.state.paths import StatePaths


def test_every_internal_link_resolves(sample_build):
    config, _ = sample_build
    assert broken_links(config.site_path) == []


def test_all_73_papers_tag_pages_and_index_exist(sample_build):
    config, report = sample_build
    site = config.site_path
    assert len(report.collection.papers) == 73
    for paper_id in report.collection.papers:
        assert (site / "papers" / paper_id / "index.html").is_file(), paper_id
    assert report.collection.tags, "the sample must be tagged"
    for slug in report.collection.tags:
        assert (site / "tags" / slug / "index.html").is_file(), slug
    assert (site / "tags" / "index.html").is_file()
    assert (site / "index.html").is_file()


def test_tag_pages_list_their_papers_and_papers_link_their_tags(sample_build):
    config, report = sample_build
    site, papers = config.site_path, report.collection.papers
    for slug in report.collection.tags:
        html = (site / "tags" / slug / "index.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', html))
        assert listed == {pid for pid, paper in papers.items() if slug in paper.tags}, slug
    for paper in papers.values():
        html = (site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        chips = re.findall(r'<a class="md-tag" href="\.\./\.\./tags/([^/"]+)/"', html)
        assert chips == paper.tags, paper.id


def test_no_web_fonts_or_cdn(sample_build):
    config, _ = sample_build
    page = (config.site_path / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"https?://(fonts\.|cdn\.|unpkg|jsdelivr)", page)


def test_mkdocs_reports_no_warnings(sample_build):
    _, report = sample_build
    assert report.mkdocs_warnings == []


def test_hostile_paper_text_shows_literally(tmp_path):
    config, report = build_collection(tmp_path / "c", [str(FIXTURES / "site" / "hostile.yaml")])
    assert not report.errors, report.problems
    hostile = hostile_paper(report)
    markdown = (config.docs_path / "papers" / f"{hostile.id}.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(markdown.split("---\n")[1])  # the front matter stays valid YAML
    assert meta["paper_id"] == hostile.id
    html = (config.site_path / "papers" / hostile.id / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[click me](javascript:alert(3))" in html
    assert "&lt;EOS&gt;" in html and "$1 Million" in html
    # Its title is data on every page that lists it too: its neighbour's related papers and
    # backlinks, its tag's page and its month's archive, whose lists sitegen writes as HTML itself.
    neighbour = next(p for p in report.collection.papers.values() if p is not hostile)
    assert hostile.id in [r.id for r in neighbour.related] + neighbour.backlinks
    listing_pages = [
        config.site_path / "papers" / neighbour.id / "index.html",
        config.site_path / "tags" / "security" / "index.html",
    ]
    listing_pages += (config.site_path / "archive").glob("*/index.html")
    for page in listing_pages:
        listing = page.read_text(encoding="utf-8")
        assert (
            f'href="../../papers/{hostile.id}/"' in listing or f'href="../{hostile.id}/"' in listing
        ), page
        assert "<script>alert" not in listing and 'href="javascript:' not in listing, page
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt; Hostile: a [x](javascript:alert(1))" in listing
        ), page
    # The static API keeps the text as data, exactly as given.
    api = config.site_path / "api" / "v1" / "papers" / f"{hostile.id}.json"
    assert json.loads(api.read_text())["title"] == hostile.title


def test_rebuild_removes_pages_of_papers_that_are_gone(tmp_path):
    config, first = build_collection(tmp_path / "c", [str(FIXTURES / "site" / "hostile.yaml")])
    assert len(first.collection.papers) == 2
    config, second = build_collection(tmp_path / "c")  # now the bundled sample instead
    generated = {p.stem for p in (config.docs_path / "papers").glob("*.md")} - {"index"}
    assert generated == set(second.collection.papers)


def test_paper_pages_stay_small(sample_build):
    """Material's chrome is most of a page; paper pages stay under 20 KB of HTML (issue 6)."""
    config, _ = sample_build
    sizes = sorted(p.stat().st_size for p in (config.site_path / "papers").glob("*/index.html"))
    assert sizes[len(sizes) // 2] < 20_000, sizes[-5:]


def test_a_build_remembers_the_topics_found_and_the_texts_cleaned_and_a_validation_writes_nothing(
    sample_build, tmp_path
):
    config, report = sample_build
    memo = load_topics(StatePaths(config.state_path).topics)
    texts = {(p.title, p.abstract, tuple(p.keywords)) for p in report.collection.papers.values()}
    assert memo.version and len(memo.known) == len(texts)
    cleaned = load_texts(StatePaths(config.state_path).texts)
    assert len(cleaned.same) + len(cleaned.cleaned) >= len(
        {p.abstract for p in report.collection.papers.values()}
    )
    assert cleaned.cleaned  # the sample has TeX and hard-wrapped abstracts
    fresh = make_collection(tmp_path / "v")
    assert not load_collection(fresh).errors
    assert (
        not StatePaths(fresh.state_path).topics.exists()
        and not StatePaths(fresh.state_path).texts.exists()
    )


def test_a_build_keeps_the_themes_templates_compiled_for_the_next(sample_build):
    config, _ = sample_build
    compiled = list((config.state_path / "cache" / "templates").glob("__jinja2_*.cache"))
    assert len(compiled) > 20  # Material's base and partials, and sitegen's main.html

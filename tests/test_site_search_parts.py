"""A large site's Pagefind index is made in parts (Pagefind holds the pages it indexes in memory),
which the search box merges: searching the parts finds what one whole index finds."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from site_builder import FIXTURES, build_collection, make_collection
from static_server import static_server

from sitegen.errors import BuildError
from sitegen.pipeline import build
from sitegen.render.site_search import STAGE, searched_pages
from sitegen.sources import bundled_sources

SAMPLE = [str(p) for p in bundled_sources()]
EXTRA = str(FIXTURES / "site" / "extra-day.yaml")


def with_parts_of(config, pages: int):
    """The collection's mkdocs.yml with its site search index made in parts of `pages` pages."""
    mkdocs_yml = config.root / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    text = re.sub(r"- sitegen-search(:\n\s+part_pages: \d+)?\n", "- sitegen-search\n", text)
    assert "- sitegen-search\n" in text
    text = text.replace("- sitegen-search\n", f"- sitegen-search:\n      part_pages: {pages}\n", 1)
    mkdocs_yml.write_text(text, encoding="utf-8")
    return config


def parts(site):
    """Each Pagefind bundle in the site: name -> (its files with their inodes, pages it indexed)."""
    found = {}
    for folder in sorted(site.glob("pagefind*")):
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        files = {
            p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*")
            if p.is_file()
        }
        found[folder.name] = (
            files,
            sum(language["page_count"] for language in entry["languages"].values()),
        )
    return found


def merged(site):
    script = (site / "assets" / "sitegen-search.js").read_text(encoding="utf-8")
    return json.loads(script.split("const MERGED = ", 1)[1].split(";", 1)[0])


def matches(page: Page, url: str, words: str) -> int:
    """How many pages the site's search box says match `words`."""
    page.goto(url)
    page.locator("input.md-search__input").fill(words)
    meta = page.locator(".md-search-result__meta.sg-search")
    expect(meta).to_contain_text(re.compile(r"\d+ matching"))
    return int(meta.inner_text().split()[0])


@pytest.mark.browser
def test_parts_answer_as_one_whole_index_does(page: Page, tmp_path):
    whole, _ = build_collection(tmp_path / "whole", SAMPLE)
    config = with_parts_of(make_collection(tmp_path / "parts", SAMPLE), 30)
    report = build(config)
    site = config.site_path
    pages = len(report.collection.papers) + 2  # and the two hand-written pages
    counts = {name: indexed for name, (_, indexed) in parts(site).items()}
    assert counts == {"pagefind": 30, "pagefind-2": 30, "pagefind-3": pages - 60}
    assert merged(site) == ["pagefind-2/", "pagefind-3/"]
    assert not (site / STAGE).exists()
    last = sorted(site.glob("papers/*/index.html"))[-1]  # in the last part
    title = re.search(r"<h1[^>]*>(.*?)<", last.read_text(encoding="utf-8")).group(1)
    with static_server(whole.site_path) as whole_url, static_server(site) as url:
        for words in ("language models", "reasoning", "Osteoarthritis"):
            assert matches(page, url, words) == matches(page, whole_url, words) > 0
        page.goto(url)
        page.locator("input.md-search__input").fill(title)
        expect(page.locator(".md-search-result__item").first).to_contain_text(title)


def test_the_parts_hold_the_pages_pagefinds_glob_would():
    found = searched_pages(
        [
            "papers/a/index.html",
            "papers/index.html",
            "papers/a/b/index.html",
            "about/index.html",
            "tags/x/index.html",
            "api/index.html",
            "api/v1/index.html",
            "index.html",
        ]
    )
    assert found == ["about/index.html", "api/index.html", "papers/a/index.html"]


def test_a_rebuild_keeps_every_part_and_indexes_the_added_pages_beside_them(tmp_path):
    config = with_parts_of(make_collection(tmp_path / "c", SAMPLE), 30)
    build(config)
    before = parts(config.site_path)
    build(with_parts_of(make_collection(tmp_path / "c", SAMPLE + [EXTRA]), 30))
    after = parts(config.site_path)
    assert {
        name: after[name] for name in before
    } == before  # the same files: linked from the live site
    assert after["pagefind-added"][1] == 2
    assert merged(config.site_path) == ["pagefind-2/", "pagefind-3/", "pagefind-added/"]


def test_a_site_with_fewer_parts_keeps_none_of_the_old_ones(tmp_path):
    config = with_parts_of(make_collection(tmp_path / "c", SAMPLE), 30)
    build(config)
    build(with_parts_of(config, 50), full=True)
    build(
        with_parts_of(config, 1000), full=True
    )  # made in the spare: the first site, with three parts
    assert list(parts(config.site_path)) == ["pagefind"]
    assert merged(config.site_path) == []


def test_a_part_of_no_pages_is_refused_naming_the_option(tmp_path):
    config = with_parts_of(make_collection(tmp_path / "c", SAMPLE), 0)
    with pytest.raises(BuildError, match="sitegen-search: part_pages must be at least 1"):
        build(config)
    assert not config.site_path.exists()

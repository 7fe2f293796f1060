"""Saved searches (sitegen.yml's `feeds:`) on real builds: each one's pages and feeds list exactly what
the search API (a real uvicorn on the built site) answers for its query, newest first; a rebuild that
adds a match shows it as a clean build does; the page announces and links its feeds in Chromium."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path

import feedparser
import httpx
import pytest
from live_server import free_port, run_server
from playwright.sync_api import Page
from site_builder import FIXTURES, build_collection, make_collection
from static_server import static_server

from sitegen.pipeline import build
from sitegen.render.feeds import NEWEST
from sitegen.search import SearchIndex
from sitegen.serve.app import create_app
from sitegen.sources import bundled_sources
from sitegen.state.paths import StatePaths

SAMPLE = [str(p) for p in bundled_sources()]
EXTRA = str(FIXTURES / "site" / "extra-day.yaml")  # a paper on verifiers, one on quantization
HOSTILE_NAME = '<script>alert("name")</script> verifiers: {yes} # no'
SEARCHES = [
    {"name": "Inference, no surveys", "query": "inference verifiers -survey"},
    {"name": HOSTILE_NAME, "query": "verifier", "tag": "test-time-compute"},
]
NEGATIVE, TAGGED = "inference-no-surveys", "script-alert-name-script-verifiers-yes-no"
PAPER_LINK = re.compile(r'href="(?:\.\./)+papers/([^/"]+)/"')


def api_ids(api: str, q: str, tag: str | None = None) -> list[str]:
    """Every hit of /api/v1/search, newest first, page after page."""
    ids: list[str] = []
    with httpx.Client(base_url=api, timeout=30) as client:
        while True:
            params = {"q": q, "sort": "date", "limit": 100, "page": len(ids) // 100 + 1}
            answer = client.get(
                "/api/v1/search", params={**params, **({"tag": tag} if tag else {})}
            )
            assert answer.status_code == 200, answer.text
            ids += [hit["id"] for hit in answer.json()["hits"]]
            if len(ids) >= answer.json()["total"]:
                return ids


def listed_ids(site: Path, slug: str) -> list[str]:
    """The papers a saved search's pages list, first page to last."""
    ids, number = [], 1
    while (page := site / "searches" / slug / ("" if number == 1 else str(number))).is_dir():
        html = (page / "index.html").read_text(encoding="utf-8")
        listing = html.split("sg-feed", 1)[1]  # after the lead's feed links: the list
        ids += PAPER_LINK.findall(listing)
        number += 1
    return ids


def feed_ids(site: Path, slug: str) -> tuple[list[str], list[str]]:
    """(Atom's, JSON Feed's) entries, as paper ids."""
    folder = site / "feeds" / "searches" / slug
    atom = feedparser.parse((folder / "atom.xml").read_bytes())
    assert not atom.bozo
    document = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    return (
        [entry.id.rsplit(":", 1)[-1] for entry in atom.entries],
        [item["id"].rsplit(":", 1)[-1] for item in document["items"]],
    )


def saved_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for folder in (site / "searches", site / "feeds" / "searches")
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample built with the saved searches, then rebuilt with the extra day's papers:
    (config, the saved searches' files before the rebuild)."""
    root = tmp_path_factory.mktemp("saved") / "site"
    config, _ = build_collection(root, SAMPLE, feeds=SEARCHES)
    before = saved_files(config.site_path)
    grown = make_collection(root, SAMPLE + [EXTRA], feeds=SEARCHES)
    build(grown)
    return grown, before


@pytest.fixture(scope="module")
def api(built):
    config, _ = built
    index = SearchIndex(config.state_path / "index", site=config.site_path)
    yield from run_server(create_app(config, index), free_port())


def site_papers(config) -> dict[str, dict]:
    """The built site's papers, from its static API."""
    files = (config.site_path / "api" / "v1" / "papers").glob("*.json")
    return {record["id"]: record for record in (json.loads(f.read_bytes()) for f in files)}


def paper_titled(config, title: str) -> str:
    return next(i for i, record in site_papers(config).items() if record["title"] == title)


@pytest.mark.parametrize("entry", SEARCHES, ids=["negative word", "tag"])
def test_pages_and_feeds_list_what_the_api_finds_newest_first(built, api, entry):
    config, _ = built
    slug = NEGATIVE if entry is SEARCHES[0] else TAGGED
    found = api_ids(api, entry["query"], entry.get("tag"))
    assert found  # the test means something only if the search finds papers
    assert listed_ids(config.site_path, slug) == found
    atom, json_feed = feed_ids(config.site_path, slug)
    assert atom == json_feed == found[:NEWEST]


def test_the_negative_word_leaves_out_papers_its_other_words_find(built, api):
    config, _ = built
    listed = listed_ids(config.site_path, NEGATIVE)
    quantization = paper_titled(
        config, "LowBit: Post-Training Quantization of Large Language Models to Four Bits"
    )
    # LowBit's abstract has "inference" and "surveyed": the words find it, "-survey" leaves it out.
    assert quantization in api_ids(api, "inference verifiers") and quantization not in listed
    assert set(listed) < set(api_ids(api, "inference verifiers"))


def test_the_tag_limits_the_matches_to_its_papers(built, api):
    config, _ = built
    listed = listed_ids(config.site_path, TAGGED)
    everywhere = api_ids(api, "verifier")
    assert set(listed) < set(everywhere)
    papers = site_papers(config)
    assert all("test-time-compute" in [tag["slug"] for tag in papers[i]["tags"]] for i in listed), (
        listed
    )


def test_a_rebuild_that_adds_a_match_shows_it_as_a_clean_build_does(built, tmp_path):
    config, before = built
    new = paper_titled(config, "Verifier Limits Revisited")
    assert new in listed_ids(config.site_path, NEGATIVE)
    assert new in feed_ids(config.site_path, NEGATIVE)[0]
    assert saved_files(config.site_path) != before
    assert f"papers/{new}/" not in before[f"searches/{NEGATIVE}/index.html"].decode()
    clean = make_collection(tmp_path / "clean", SAMPLE + [EXTRA], feeds=SEARCHES)
    StatePaths(clean.state_path).related_weights.parent.mkdir(parents=True)
    shutil.copy(
        StatePaths(config.state_path).related_weights, StatePaths(clean.state_path).related_weights
    )
    build(clean)
    assert saved_files(config.site_path) == saved_files(clean.site_path)


def test_a_name_is_text_in_the_page_its_head_and_its_feeds(built):
    config, _ = built
    site = config.site_path
    html = (site / "searches" / TAGGED / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; verifiers: {yes} # no" in html
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in home and f'href="searches/{TAGGED}/"' in home
    atom = feedparser.parse((site / "feeds" / "searches" / TAGGED / "atom.xml").read_bytes())
    assert atom.feed.title == f"sitegen papers: {HOSTILE_NAME}"


def test_saved_searches_removed_from_the_config_lose_their_pages_and_feeds(tmp_path):
    config, _ = build_collection(tmp_path / "site", SAMPLE, feeds=SEARCHES[:1])
    assert (config.site_path / "searches" / NEGATIVE / "index.html").is_file()
    config = make_collection(tmp_path / "site", SAMPLE)
    build(config)
    assert not (config.site_path / "searches").exists()
    assert not (config.docs_path / "feeds" / "searches" / NEGATIVE).exists()
    assert "searches/" not in (config.site_path / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_page_renders_and_announces_and_links_its_feeds(built, page: Page):
    config, _ = built
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with static_server(config.site_path) as url:
        page.goto(url)
        page.get_by_role("link", name=HOSTILE_NAME).click()
        page.wait_for_url(f"{url}searches/{TAGGED}/")
        assert (
            page.locator("h1").inner_text().removesuffix("¶") == HOSTILE_NAME
        )  # and its permalink
        announced = page.eval_on_selector_all(
            "head link[rel=alternate]", "links => links.map(link => link.href)"
        )
        own = [f"{url}feeds/searches/{TAGGED}/atom.xml", f"{url}feeds/searches/{TAGGED}/feed.json"]
        assert announced[2:] == own
        linked = page.eval_on_selector_all("article a.sg-feed", "links => links.map(l => l.href)")
        assert linked == own
        for href in own:
            assert page.request.get(href).ok
        listed = page.eval_on_selector_all(
            "article ul a[href*='/papers/']", "links => links.map(l => l.href)"
        )
        assert [href.split("/papers/")[1].rstrip("/") for href in listed] == listed_ids(
            config.site_path, TAGGED
        )
    assert errors == []


def test_with_tantivy_too_pages_list_what_the_api_finds(tmp_path):
    """The sample is Whoosh's size; a large collection's index is tantivy's, whose analysis is its own."""
    config, _ = build_collection(
        tmp_path / "site", SAMPLE, feeds=SEARCHES, search_backend="tantivy"
    )
    index = SearchIndex(config.state_path / "index", site=config.site_path)
    assert index.health()["index_backend"] == "tantivy"
    with contextlib.closing(run_server(create_app(config, index), free_port())) as server:
        api = next(server)
        for slug, entry in ((NEGATIVE, SEARCHES[0]), (TAGGED, SEARCHES[1])):
            found = api_ids(api, entry["query"], entry.get("tag"))
            assert found and listed_ids(config.site_path, slug) == found
            assert feed_ids(config.site_path, slug)[0] == found[:NEWEST]

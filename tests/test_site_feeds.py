"""Feeds on the built site: announced in every page's head, linked from the home and tag pages, parsed by a feed reader."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import feedparser
import pytest
from playwright.sync_api import Page
from site_builder import FIXTURES, build_collection, hostile_paper
from static_server import static_server

ATOM, JSON_FEED = "application/atom+xml", "application/feed+json"


@pytest.fixture(scope="module")
def served(sample_build):
    config, report = sample_build
    with static_server(config.site_path) as url:
        yield url, report.collection


def announced(page: Page) -> list[dict]:
    return page.eval_on_selector_all(
        "head link[rel=alternate]",
        "links => links.map(link => ({type: link.type, title: link.title, href: link.href}))",
    )


def fetch_feed(page: Page, href: str, kind: str):
    response = page.request.get(href)
    assert response.ok, href
    return feedparser.parse(response.body()) if kind == ATOM else json.loads(response.body())


def entry_ids(feed, kind: str) -> list[str]:
    ids = [e.id for e in feed.entries] if kind == ATOM else [item["id"] for item in feed["items"]]
    return [i.rsplit(":", 1)[-1] for i in ids]  # urn:sitegen:paper:<id> without a site URL


def newest_ids(papers, limit: int = 50) -> set[str]:
    dated = sorted((p for p in papers if p.date), key=lambda p: p.date, reverse=True)
    return {p.id for p in (dated + [p for p in papers if not p.date])[:limit]}


@pytest.mark.browser
def test_every_page_announces_the_site_feeds(page: Page, served):
    url, collection = served
    paper = next(iter(collection.papers.values()))
    for path in ("", "papers/", f"papers/{paper.id}/", "graph/", "timeline/"):
        page.goto(url + path)
        links = announced(page)
        assert [(link["type"], link["href"]) for link in links] == [
            (ATOM, url + "feeds/atom.xml"),
            (JSON_FEED, url + "feeds/feed.json"),
        ], path
    atom = fetch_feed(page, url + "feeds/atom.xml", ATOM)
    assert not atom.bozo and atom.feed.title == "sitegen papers"
    assert set(entry_ids(atom, ATOM)) == newest_ids(list(collection.papers.values()))
    document = fetch_feed(page, url + "feeds/feed.json", JSON_FEED)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert entry_ids(document, JSON_FEED) == entry_ids(atom, ATOM)


@pytest.mark.browser
def test_a_tag_page_announces_and_links_its_own_feeds(page: Page, served):
    url, collection = served
    counts = collection.tag_counts()
    slug = max(counts, key=lambda s: (counts[s], s))
    tag = collection.tags[slug]
    page.goto(f"{url}tags/{slug}/")
    links = announced(page)
    own = [link for link in links if f"/feeds/tags/{slug}/" in link["href"]]
    assert [link["type"] for link in own] == [ATOM, JSON_FEED] and len(links) == 4
    assert all(tag.name in link["title"] for link in own)
    visible = page.eval_on_selector_all(
        "article a.sg-feed", "links => links.map(link => link.href)"
    )
    assert visible == [link["href"] for link in own]
    tagged = [p for p in collection.papers.values() if slug in p.tags]
    for link in own:
        feed = fetch_feed(page, link["href"], link["type"])
        assert set(entry_ids(feed, link["type"])) == newest_ids(tagged)
    assert fetch_feed(page, own[0]["href"], ATOM).feed.title == f"sitegen papers: {tag.name}"


@pytest.mark.browser
def test_the_home_page_links_the_site_feeds(page: Page, served):
    url, _ = served
    page.goto(url)
    visible = page.eval_on_selector_all(
        "article a.sg-feed", "links => links.map(link => link.href)"
    )
    assert visible == [url + "feeds/atom.xml", url + "feeds/feed.json"]
    assert (
        page.request.get(visible[0])
        .headers["content-type"]
        .startswith(("application/xml", "text/xml", "application/atom+xml"))
    )


def test_with_a_site_url_feed_links_are_absolute_and_reach_the_pages(tmp_path):
    site_url = "https://example.org/reading/"
    config, report = build_collection(
        tmp_path / "c", [str(FIXTURES / "site" / "hostile.yaml")], site_url=site_url
    )
    atom = feedparser.parse((config.site_path / "feeds" / "atom.xml").read_bytes())
    document = json.loads((config.site_path / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert document["feed_url"] == site_url + "feeds/feed.json"
    assert {e.link for e in atom.entries} == {item["url"] for item in document["items"]}
    for entry in atom.entries:
        assert entry.link.startswith(site_url)
        page = (
            config.site_path
            / urlsplit(entry.link).path.removeprefix(urlsplit(site_url).path)
            / "index.html"
        )
        assert page.is_file(), entry.link
    hostile = hostile_paper(report)
    # Paper text in a feed is text: a reader gets the title back exactly, as JSON and as Atom.
    assert hostile.title in [e.title for e in atom.entries]
    assert hostile.title in [item["title"] for item in document["items"]]


@pytest.mark.browser
def test_announcing_feeds_costs_no_404(page: Page, served):
    """Material fetches a sitemap.xml beside every rel=alternate link; each feed folder has one."""
    url, collection = served
    counts = collection.tag_counts()
    slug = max(counts, key=lambda s: (counts[s], s))
    missing, asked = [], []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("sitemap.xml") else None)
    for path in ("", f"tags/{slug}/"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
    assert f"{url}feeds/tags/{slug}/sitemap.xml" in asked  # the fetch the empty files answer
    assert missing == []

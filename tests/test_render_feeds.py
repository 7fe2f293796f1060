"""Atom and JSON feeds of the bundled sample and of hostile papers, read back with feedparser."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from sitegen.config import load_config
from sitegen.model import Collection, Paper, Tag
from sitegen.pipeline import load_collection
from sitegen.render import feeds
from sitegen.render.feeds import NEWEST, FeedMemo, feed_paths, newest, newest_per_tag, write_feeds
from sitegen.state.paths import StatePaths
from sitegen.state.render_keys import load_feeds, save_feeds

SITE = "https://example.org/papers-site/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Collection:
    return load_collection(load_config(root=tmp_path_factory.mktemp("feeds"))).collection


def parse(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_site_feeds_list_the_newest_papers(sample, tmp_path):
    write_feeds(sample, tmp_path, SITE, "sitegen papers")
    expected = newest(sample.papers.values())
    atom = parse(tmp_path / "feeds" / "atom.xml")
    assert atom.version == "atom10" and atom.feed.title == "sitegen papers"
    assert [e.link for e in atom.entries] == [f"{SITE}papers/{p.id}/" for p in expected]
    assert len(atom.entries) == min(NEWEST, len(sample.papers))
    assert any(
        link.rel == "self" and link.href == f"{SITE}feeds/atom.xml" for link in atom.feed.links
    )
    dated = [p for p in sample.papers.values() if p.date]
    assert dated and atom.entries[0].published.startswith(max(p.date for p in dated))
    first = expected[0]
    assert atom.entries[0].title == first.title and atom.entries[0].summary == first.abstract
    assert [a.name for a in atom.entries[0].authors] == first.authors
    assert {t.term for t in atom.entries[0].tags} == set(first.tags)

    document = json.loads((tmp_path / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == f"{SITE}feeds/feed.json"
    assert [item["url"] for item in document["items"]] == [e.link for e in atom.entries]
    check_json_feed(document)


def check_json_feed(document: dict) -> None:
    """What JSON Feed 1.1 requires (feedparser 6 reads no JSON Feed, so the spec is checked here)."""
    assert document["version"] == "https://jsonfeed.org/version/1.1" and isinstance(
        document["title"], str
    )
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_text") or item.get("content_html")
        if "date_published" in item:
            assert datetime.fromisoformat(item["date_published"]).tzinfo is not None
        assert all(isinstance(author["name"], str) for author in item.get("authors", []))


def test_each_tag_has_feeds_with_only_its_papers(sample, tmp_path):
    write_feeds(sample, tmp_path, SITE)
    assert sample.tags
    for slug, tag in sample.tags.items():
        atom = parse(tmp_path / feed_paths(slug)["atom"])
        with_tag = [p for p in sample.papers.values() if slug in p.tags]
        assert len(atom.entries) == min(NEWEST, len(with_tag))
        assert all(slug in {t.term for t in entry.tags} for entry in atom.entries)
        assert tag.name in atom.feed.title
        items = json.loads((tmp_path / feed_paths(slug)["json"]).read_text(encoding="utf-8"))[
            "items"
        ]
        assert len(items) == len(atom.entries)
        check_json_feed(
            json.loads((tmp_path / feed_paths(slug)["json"]).read_text(encoding="utf-8"))
        )


def test_a_tags_feed_holds_its_newest_papers_in_order(sample):
    ordered = newest(sample.papers.values(), len(sample.papers))
    for limit in (1, 2, NEWEST):
        found = newest_per_tag(ordered, sample.tags, limit)
        assert found.keys() == sample.tags.keys()
        for slug, papers in found.items():
            assert papers == [p for p in ordered if slug in p.tags][:limit]
    assert any(len(papers) == 2 for papers in newest_per_tag(ordered, sample.tags, 2).values())


def test_a_rebuild_writes_the_same_bytes_and_changes_nothing(sample, tmp_path):
    first = write_feeds(sample, tmp_path, SITE)
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    # Atom, JSON Feed and the empty sitemap.xml Material asks for, for the site and each tag.
    assert len(first) == len(snapshot) == 3 * (1 + len(sample.tags))
    assert write_feeds(sample, tmp_path, SITE) == []
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot


def files(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def made(monkeypatch) -> list[str | None]:
    """The slugs of the feeds made (None: the whole site's) while a test runs."""
    slugs: list[str | None] = []
    atom_feed = feeds.atom_feed
    monkeypatch.setattr(
        feeds, "atom_feed", lambda *args: slugs.append(args[4].slug) or atom_feed(*args)
    )
    return slugs


def test_with_the_last_keys_only_feeds_made_from_something_new_are_made_again(
    sample, tmp_path, made
):
    memo = FeedMemo()
    write_feeds(sample, tmp_path / "kept", SITE, memo=memo)
    assert len(made) == 1 + len(sample.tags)
    changed = sample.papers[newest(sample.papers.values())[0].id]
    renamed = dataclasses.replace(
        sample,
        papers={**sample.papers, changed.id: dataclasses.replace(changed, title="A new title")},
    )
    made.clear()
    write_feeds(renamed, tmp_path / "kept", SITE, memo=FeedMemo(memo.found))
    assert sorted(made, key=str) == sorted([None, *changed.tags], key=str)
    write_feeds(renamed, tmp_path / "fresh", SITE)
    assert files(tmp_path / "kept") == files(tmp_path / "fresh")


def test_a_renamed_tag_or_a_missing_file_makes_a_feed_again(sample, tmp_path, made):
    memo = FeedMemo()
    write_feeds(sample, tmp_path / "kept", SITE, memo=memo)
    slug = next(iter(sample.tags))
    renamed = dataclasses.replace(sample, tags={**sample.tags, slug: Tag(slug, "Renamed")})
    per_tag = newest_per_tag(
        newest(sample.papers.values(), len(sample.papers)), sample.tags, NEWEST
    )
    listing = {s for s, papers in per_tag.items() if any(slug in p.tags for p in papers)}
    # a feed that nothing changed but its file going
    other = next(s for s in sample.tags if s not in listing)
    (tmp_path / "kept" / feed_paths(other)["json"]).unlink()
    made.clear()
    write_feeds(renamed, tmp_path / "kept", SITE, memo=FeedMemo(memo.found))
    assert set(made) == {None, other} | listing
    write_feeds(renamed, tmp_path / "fresh", SITE)
    assert files(tmp_path / "kept") == files(tmp_path / "fresh")


def test_a_memo_of_other_render_code_or_unreadable_is_empty(tmp_path):
    path = StatePaths(tmp_path).feeds
    memo = FeedMemo()
    memo.found["feeds/atom.xml"] = "k"
    save_feeds(path, memo)
    assert load_feeds(path).known == {"feeds/atom.xml": "k"}
    path.write_text(
        json.dumps({"version": "older", "feeds": {"feeds/atom.xml": "k"}}), encoding="utf-8"
    )
    assert load_feeds(path).known == {}
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_feeds(path).known == {}


def hostile_collection() -> Collection:
    title = '<script>alert(1)</script> & "quotes" ]]> $1 Million'
    paper = Paper(
        title=title,
        abstract="Text with <img src=x onerror=alert(1)> and a control\x0bcharacter.",
        id="hostile",
        authors=["Ada <b>Lovelace</b>", "B. & C."],
        date="2026-01-02",
        tags=["odd-tag"],
    )
    return Collection(papers={"hostile": paper}, tags={"odd-tag": Tag("odd-tag", "Odd <Tag>")})


def test_paper_text_comes_back_as_written(tmp_path):
    write_feeds(hostile_collection(), tmp_path)  # no site URL: relative links, urn ids
    entry = parse(tmp_path / "feeds" / "atom.xml").entries[0]
    assert entry.title == '<script>alert(1)</script> & "quotes" ]]> $1 Million'
    assert entry.summary == "Text with <img src=x onerror=alert(1)> and a controlcharacter."
    assert [a.name for a in entry.authors] == ["Ada <b>Lovelace</b>", "B. & C."]
    assert entry.id == "urn:sitegen:paper:hostile" and entry.link == "../papers/hostile/"
    assert entry.tags[0].label == "Odd <Tag>"
    item = json.loads((tmp_path / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"].startswith("<script>") and item["tags"] == ["Odd <Tag>"]


def test_feeds_of_a_tag_that_is_gone_are_removed(tmp_path):
    collection = hostile_collection()
    write_feeds(collection, tmp_path)
    collection.tags = {"other": Tag("other", "Other")}
    write_feeds(collection, tmp_path)
    assert sorted(p.name for p in (tmp_path / "feeds" / "tags").iterdir()) == ["other"]


def test_without_a_site_url_links_resolve_from_the_feed_to_the_site_root(tmp_path):
    """Readers resolve relative links against the feed's own address, so they must climb back up."""
    from urllib.parse import urljoin

    write_feeds(hostile_collection(), tmp_path)
    site = "http://example.test/site/"
    for feed in ("feeds/atom.xml", "feeds/tags/odd-tag/atom.xml"):
        entry = parse(tmp_path / feed).entries[0]
        assert urljoin(site + feed, entry.link) == site + "papers/hostile/"
    for feed in ("feeds/feed.json", "feeds/tags/odd-tag/feed.json"):
        item = json.loads((tmp_path / feed).read_text(encoding="utf-8"))["items"][0]
        assert urljoin(site + feed, item["url"]) == site + "papers/hostile/"


def test_a_saved_searchs_feeds_are_its_own_beside_a_tag_of_the_same_slug(sample, tmp_path):
    papers = newest(sample.papers.values())[:3]
    memo = FeedMemo()
    for site_url in (SITE, ""):
        out = tmp_path / (site_url and "with-url" or "without")
        of = feeds.Feed("agents", feeds.SEARCHES)
        feeds.write_pair(sample, out, papers, site_url, "S: <b>x</b>", of, memo)
        atom = parse(out / "feeds" / "searches" / "agents" / "atom.xml")
        assert atom.feed.title == "S: <b>x</b>"
        document = json.loads((out / feed_paths("agents", feeds.SEARCHES)["json"]).read_bytes())
        assert [item["title"] for item in document["items"]] == [p.title for p in papers]
        if site_url:
            assert atom.feed.id == f"{SITE}searches/agents/"
            assert document["home_page_url"] == f"{SITE}searches/agents/"
        else:
            assert atom.feed.id == "urn:sitegen:feed:searches/agents"
            assert atom.entries[0].link == f"../../../papers/{papers[0].id}/"

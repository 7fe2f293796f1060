"""Atom and JSON Feed 1.1 files of the newest papers, for the whole site, each tag and each saved search.

Paths, relative to the folder given (the lead links them from pages with autodiscovery tags):
    feeds/atom.xml, feeds/feed.json                       the whole site
    feeds/tags/<slug>/atom.xml, feeds/tags/<slug>/feed.json   one tag
    feeds/searches/<slug>/atom.xml, .../feed.json         one saved search (render/saved.py)
The output depends only on the collection (no clock), so a rebuild writes the same bytes.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath

from sitegen.errors import BuildError
from sitegen.model import Collection, Paper, arxiv_links, paper_url, tag_url
from sitegen.state_files import plain_key, write_if_changed

FEEDS_DIR = "feeds"
ATOM_FILE = "atom.xml"
JSON_FILE = "feed.json"
NEWEST = 50
TAGS, SEARCHES = "tags", "searches"  # the kinds of pages with feeds of their own: <kind>/<slug>/
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SAFE_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Characters XML 1.0 cannot carry at all (not even escaped); paper text has been seen with some.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_paths(slug: str | None = None, kind: str = TAGS) -> dict[str, str]:
    """{"atom": ..., "json": ...}: a feed's files relative to the site root (slug None = the whole site)."""
    folder = FEEDS_DIR if slug is None else f"{FEEDS_DIR}/{kind}/{slug}"
    return {"atom": f"{folder}/{ATOM_FILE}", "json": f"{folder}/{JSON_FILE}"}


@dataclass(frozen=True)
class Feed:
    """Whose feed it is: the whole site's (no slug), a tag's or a saved search's (its kind)."""

    slug: str | None = None
    kind: str = TAGS

    @property
    def paths(self) -> dict[str, str]:
        return feed_paths(self.slug, self.kind)

    @property
    def home(self) -> str:
        """The page it is the feed of, relative to the site root."""
        if self.slug is None:
            return ""
        return tag_url(self.slug) if self.kind == TAGS else f"{self.kind}/{self.slug}/"

    @property
    def urn(self) -> str:
        """Its id without a site URL (a tag's as it always was: readers know a feed by its id)."""
        if self.slug is None:
            return "urn:sitegen:feed:site"
        return f"urn:sitegen:feed:{self.slug if self.kind == TAGS else f'{self.kind}/{self.slug}'}"


SITE_FEED = Feed()


def paper_time(paper: Paper) -> datetime | None:
    if not paper.date:
        return None
    try:
        return datetime.combine(date.fromisoformat(paper.date[:10]), time(), UTC)
    except ValueError:
        return None


def newest(papers: Iterable[Paper], limit: int = NEWEST) -> list[Paper]:
    """Newest first; papers without a date after the dated ones, in collection order (a stable sort)."""
    return sorted(papers, key=lambda p: paper_time(p) or EPOCH, reverse=True)[:limit]


def absolute(site_url: str, path: str) -> str:
    """A site path as a feed reader needs it: absolute when the site's URL is known."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def site_root(site_url: str, slug: str | None) -> str:
    """What site paths are joined to in a feed: the site's URL, else the way up from the feed file.

    Readers resolve relative links against the feed's own address (feeds/atom.xml,
    feeds/tags/<slug>/atom.xml), so without a site URL the links climb back to the site root.
    """
    if site_url:
        return site_url.rstrip("/") + "/"
    return "../" * feed_paths(slug)["atom"].count("/")


def entry_id(paper: Paper, site_url: str) -> str:
    # The page URL is the entry's id; without a site URL an id must still be a URI and stay stable.
    return absolute(site_url, paper_url(paper.id)) if site_url else f"urn:sitegen:paper:{paper.id}"


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def atom_feed(
    collection: Collection, papers: list[Paper], site_url: str, title: str, of: Feed = SITE_FEED
) -> bytes:
    """An Atom 1.0 document (RFC 4287); ElementTree escapes every piece of paper text."""
    feed = ET.Element("feed", xmlns=ATOM_NS)
    root = site_root(site_url, of.slug)
    home = root + of.home
    updated = max((paper_time(p) for p in papers if paper_time(p)), default=EPOCH)
    add_text(feed, "id", home if site_url else of.urn)
    add_text(feed, "title", title)
    add_text(feed, "updated", updated.isoformat())
    ET.SubElement(feed, "link", href=home, rel="alternate", type="text/html")
    ET.SubElement(
        feed, "link", href=root + of.paths["atom"], rel="self", type="application/atom+xml"
    )
    add_text(feed, "generator", "sitegen")
    for paper in papers:
        add_entry(feed, collection, paper, site_url, root, updated)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def add_entry(
    feed: ET.Element,
    collection: Collection,
    paper: Paper,
    site_url: str,
    root: str,
    updated: datetime,
) -> None:
    entry = ET.SubElement(feed, "entry")
    add_text(entry, "id", entry_id(paper, site_url))
    add_text(entry, "title", paper.title)
    add_text(entry, "updated", (paper_time(paper) or updated).isoformat())
    if when := paper_time(paper):
        add_text(entry, "published", when.isoformat())
    ET.SubElement(entry, "link", href=root + paper_url(paper.id), rel="alternate", type="text/html")
    if abs_url := arxiv_links(paper.arxiv_id).get("arxiv"):
        ET.SubElement(entry, "link", href=abs_url, rel="related", type="text/html")
    for name in paper.authors:
        add_text(ET.SubElement(entry, "author"), "name", name)
    for slug in paper.tags:
        if tag := collection.tags.get(slug):
            ET.SubElement(
                entry, "category", term=tag.slug, label=xml_text(tag.name), scheme=root + "tags/"
            )
    if paper.abstract:
        add_text(entry, "summary", paper.abstract).set("type", "text")


def add_text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = xml_text(value)
    return element


def json_feed(
    collection: Collection, papers: list[Paper], site_url: str, title: str, of: Feed = SITE_FEED
) -> dict:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1)."""
    document: dict = {"version": JSON_FEED_VERSION, "title": title}
    if site_url:
        document["home_page_url"] = absolute(site_url, of.home)
        document["feed_url"] = absolute(site_url, of.paths["json"])
    root = site_root(site_url, of.slug)
    document["items"] = [json_item(collection, paper, site_url, root) for paper in papers]
    return document


def json_item(collection: Collection, paper: Paper, site_url: str, root: str) -> dict:
    item: dict = {
        "id": entry_id(paper, site_url),
        "url": root + paper_url(paper.id),
        "title": paper.title,
    }
    if abs_url := arxiv_links(paper.arxiv_id).get("arxiv"):
        item["external_url"] = abs_url
    # JSON Feed needs content_text or content_html
    item["content_text"] = paper.abstract or paper.title
    if when := paper_time(paper):
        item["date_published"] = when.isoformat()
    if paper.authors:
        item["authors"] = [{"name": name} for name in paper.authors]
    tags = [collection.tags[s].name for s in paper.tags if s in collection.tags]
    if tags:
        item["tags"] = tags
    if paper.tldr:
        item["summary"] = paper.tldr
    extra = daily_fields(paper)
    if extra:
        item["_sitegen"] = extra  # JSON Feed's place for a publisher's own fields
    return item


def daily_fields(paper: Paper) -> dict:
    """What the daily list and arXiv said about the paper, the fields that have a value."""
    fields = {
        "upvotes": paper.upvotes,
        "code_url": paper.code_url,
        "code_stars": paper.code_stars,
        "project_url": paper.project_url,
        "organization": paper.organization,
        "comments": paper.comments,
        "daily_date": paper.daily_date,
        "categories": paper.categories,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
    }
    return {name: value for name, value in fields.items() if value not in (None, "", [])}


class FeedMemo:
    """The key of each feed (what it is made from, by feed_key) as written last time, kept between
    builds (state/render_keys.py): a feed whose key is unchanged is left as it is without being made
    again, as making the Atom documents is a noticeable part of a rebuild. `found` gets this run's
    keys."""

    def __init__(self, known: dict[str, str] | None = None):
        self.known, self.found = known or {}, {}


def feed_key(
    collection: Collection, papers: list[Paper], site_url: str, title: str, of: Feed
) -> str:
    """A hash of everything a feed's two files are made from (the render code is the memo's version)."""
    tags = collection.tags
    return plain_key(
        (
            site_url,
            title,
            of.slug,
            of.kind,
            [
                (
                    p.id,
                    p.title,
                    p.abstract,
                    p.date,
                    p.arxiv_id,
                    p.authors,
                    [(s, tags[s].name) for s in p.tags if s in tags],
                    p.tldr,
                    daily_fields(p),
                )
                for p in papers
            ],
        )
    )


def write_feeds(
    collection: Collection,
    out_dir: Path,
    site_url: str = "",
    title: str = "Papers",
    limit: int = NEWEST,
    memo: FeedMemo | None = None,
) -> list[Path]:
    """Write the site's feeds and every tag's under out_dir/feeds; returns the files that changed.

    With a `memo`, a feed made from what it was made from last time is not made again.
    """
    memo = memo if memo is not None else FeedMemo()
    ordered = newest(collection.papers.values(), len(collection.papers))
    changed = write_pair(collection, out_dir, ordered[:limit], site_url, title, SITE_FEED, memo)
    for slug, tag in collection.tags.items():
        if not SAFE_SLUG.fullmatch(slug):
            raise BuildError(
                f"tag slug {slug!r} ({tag.name!r}) cannot be a folder name for its feeds"
            )
    for slug, papers in newest_per_tag(ordered, collection.tags.keys(), limit).items():
        changed += write_pair(
            collection,
            out_dir,
            papers,
            site_url,
            f"{title}: {collection.tags[slug].name}",
            Feed(slug),
            memo,
        )
    remove_other_feeds(out_dir, TAGS, collection.tags)  # feeds of tags that no longer exist
    return changed


def remove_other_feeds(out_dir: Path, kind: str, slugs: Iterable[str]) -> None:
    """Remove the feeds of the pages of a kind (tags, saved searches) that are not among `slugs`."""
    folder, keep = out_dir / FEEDS_DIR / kind, set(slugs)
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.name not in keep:
                shutil.rmtree(stale)


def newest_per_tag(
    ordered: list[Paper], slugs: Iterable[str], limit: int
) -> dict[str, list[Paper]]:
    """Each tag's first `limit` papers of `ordered`, in one pass over them, not one per tag."""
    found: dict[str, list[Paper]] = {slug: [] for slug in slugs}
    for paper in ordered:
        for slug in set(paper.tags):
            papers = found.get(slug)
            if papers is not None and len(papers) < limit:
                papers.append(paper)
    return found


# Material's script takes every <link rel="alternate"> (feed autodiscovery's too) for another
# language's site and fetches a sitemap.xml beside it; an empty one answers that without a 404.
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def write_pair(
    collection: Collection,
    out_dir: Path,
    papers: list[Paper],
    site_url: str,
    title: str,
    of: Feed,
    memo: FeedMemo,
) -> list[Path]:
    paths = of.paths
    beside = out_dir / PurePosixPath(paths["atom"]).parent / "sitemap.xml"
    key = memo.found[paths["atom"]] = feed_key(collection, papers, site_url, title, of)
    if memo.known.get(paths["atom"]) == key and all(
        (out_dir / path).is_file() for path in [*paths.values(), beside]
    ):
        return []
    atom = atom_feed(collection, papers, site_url, title, of)
    # Not indented: json's C encoder only writes without indentation (else Python's encoder runs).
    document = json.dumps(json_feed(collection, papers, site_url, title, of), ensure_ascii=False)
    return [
        path
        for path, data in (
            (out_dir / paths["atom"], atom),
            (out_dir / paths["json"], document.encode("utf-8")),
            (beside, EMPTY_SITEMAP),
        )
        if write_if_changed(path, data)
    ]

"""The collection as Markdown pages: one per paper, one per tag, the tags index, the archive, the home page.

`render_pages` is pure (collection in, (relative path, text) pairs out, paper pages drawn one at a
time so that a large collection's are never held at once); `write_pages` is the only part that touches
the docs folder, and it rewrites a file only when its text changed.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import chain
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from sitegen.model import (
    Collection,
    Paper,
    Tag,
    arxiv_links,
    discussion_url,
    doi_url,
    organization_record,
    paper_url,
)
from sitegen.render.bibtex import bibtex_entry, citation_keys
from sitegen.render.days import by_day, day_pages, home_days, week_pages
from sitegen.render.escape import html_text, image_url, md_text, safe_url
from sitegen.render.explore import graph_page_context, timeline_page_context
from sitegen.render.feeds import absolute, feed_paths
from sitegen.render.graph import graph_data
from sitegen.render.html_blocks import block_changes
from sitegen.render.listing import PaperItems, has_upvotes, in_both_orders, pages_of
from sitegen.render.listing_cache import Listed, ListingCache
from sitegen.render.page_cache import PageKeys, search_key
from sitegen.render.people import NO_PEOPLE, People, people_of, person_pages
from sitegen.render.saved import SavedListings
from sitegen.saved_searches import SavedSearch
from sitegen.state_files import overwrite, plain_key

GENERATED_DIRS = (
    "papers",
    "tags",
    "archive",
    "days",
    "weeks",
    "authors",
    "orgs",
    "code",
    "searches",
)
GENERATED_FILES = ("index.md", "graph.md", "timeline.md")
NEWEST_ON_HOME = 20
NEWEST_ON_PAPERS_INDEX = 100
# tqdm or anything like it: progress(iterable, desc=..., total=...)
Progress = Callable[..., Iterable]
CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[^\s)\]}>,;]+", re.I
)

_ENV = Environment(
    loader=PackageLoader("sitegen.render", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=False,
    auto_reload=False,  # the templates ship with the package: no stat() of the file for each page
)
_ENV.filters["md"] = md_text
_ENV.filters["html"] = html_text


# What JSON leaves as it is but YAML 1.1 (libyaml, which MkDocs reads front matter with) does not read
# back as itself: NEL and the Unicode line and paragraph separators are line breaks to it, the rest are
# characters it refuses (and MkDocs drops front matter it cannot parse, the page's title with it).
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_json_string = json.encoder.encode_basestring  # json.dumps of a str, ensure_ascii=False


# Paper fields no page shows as they are: a change in them alone leaves the page as it is. The
# thumbnail shows only when the config asks for remote images, and the key reads it then.
NOT_SHOWN = frozenset({"sources", "keywords", "thumbnail_url", "organization_avatar"})
# The shown fields a page's key reads as they are; the lists of dataclasses (related, mentions) it reads as tuples.
SHOWN = tuple(f.name for f in fields(Paper) if f.name not in NOT_SHOWN | {"related", "mentions"})


@dataclass
class Rendered:
    """Pages rendered now, as (path, text) pairs drawn lazily; as they are drawn, `kept` fills with the
    pages left as they are on disk, `keys` with every paper page's keys and `listed` with every
    listing's (listing_cache.py)."""

    pages: Iterator[tuple[str, str]]
    kept: set[str]
    keys: dict[str, PageKeys]
    listed: dict[str, Listed]

    @property
    def searched(self) -> dict[str, str]:
        """Each paper page's search key."""
        return {path: keys.search for path, keys in self.keys.items()}


@dataclass(frozen=True)
class Month:
    slug: str
    label: str


def front_matter(meta: dict) -> str:
    """YAML front matter, a line per key, key and value written as JSON (YAML's flow style is a superset
    of JSON's syntax; quoted, a key stays text where YAML 1.1 reads `no` as false), with the few
    characters YAML 1.1 reads otherwise escaped. Values themes print raw are HTML-escaped first.
    Not PyYAML's dumper: every page has front matter, and the dumper is slow at it."""
    lines = (f"{_json_string(key)}: {_json_value(value)}\n" for key, value in meta.items())
    return f"---\n{_NOT_YAML.sub(_unicode_escape, ''.join(lines))}---\n"


def _json_value(value: object) -> str:
    """json.dumps(value, ensure_ascii=False); a string (most values) by the encoder's C function alone,
    without json.dumps' encoder object made per call (a dozen calls on every paper page)."""
    return _json_string(value) if type(value) is str else json.dumps(value, ensure_ascii=False)


def _unicode_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def summary(text: str, width: int = 240, placeholder: str = " …") -> str:
    """The text with its whitespace runs made single spaces; when longer than `width`, its first words,
    as many as fit with `placeholder` after them (a first word too long for that is cut).

    textwrap.shorten says much the same, but its chunking regex (which also breaks after hyphens)
    is slow, and every paper page has a summary.
    """
    # Only the text's start can show: its first 4 * width characters, cleaned, are a start of the whole
    # text cleaned, and enough unless long whitespace runs shrank them to `width` or less (splitting
    # whole abstracts would be most of the work).
    words = " ".join(text[: 4 * width].split())
    if len(words) <= width and len(text) > 4 * width:
        words = " ".join(text.split())
    if len(words) <= width:
        return words
    room = width - len(placeholder)
    cut = words.rfind(" ", 0, room + 1)
    return (words[:cut] if cut > 0 else words[:room]) + placeholder


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    arxiv = arxiv_links(paper.arxiv_id)
    found = {"arXiv": arxiv.get("arxiv"), "PDF": arxiv.get("pdf")}
    if paper.url and "arxiv.org" not in paper.url:
        found["Source"] = paper.url
    codes = [paper.code_url]
    if (
        "://" in paper.abstract
    ):  # a plain search first: few abstracts have a link, and the pattern is slow to fail
        codes += [m.group(0).rstrip(".") for m in CODE_URL.finditer(paper.abstract)]
    links = [(label, safe_url(url)) for label, url in found.items()]
    for url in dict.fromkeys(filter(None, codes)):
        stars = paper.code_stars if url == paper.code_url else None
        links.append(("Code" if stars is None else f"Code ★ {stars:,}", safe_url(url)))
    if paper.project_url:
        links.append(("Project page", safe_url(paper.project_url)))
    if paper.doi:
        links.append(("DOI", safe_url(doi_url(paper.doi))))
    return [(label, url) for label, url in links if url]


def paper_facts(paper: Paper, people: People = NO_PEOPLE) -> list[tuple[str, str | None]]:
    """What the daily list and arXiv say about a paper, as (text, link or None), in reading order."""
    facts: list[tuple[str, str | None]] = []
    if paper.upvotes is not None:
        facts.append((f"▲ {paper.upvotes:,} upvote{'s' * (paper.upvotes != 1)}", None))
    if paper.daily_date:
        # Every day a paper was on the list has its page (days.py): the day links there.
        facts.append((f"on the daily list {paper.daily_date}", f"../../days/{paper.daily_date}/"))
    if paper.organization:
        org = people.orgs.get(paper.organization_id)
        elsewhere = organization_record(paper)["url"]
        link = f"../../orgs/{org}/" if org else (safe_url(elsewhere) if elsewhere else None)
        facts.append((paper.organization, link))
    if paper.comments is not None:
        words = f"{paper.comments:,} comment{'s' * (paper.comments != 1)}"
        facts.append((words, safe_url(discussion_url(paper) or "") or None))
    if paper.categories:
        facts.append((" · ".join(paper.categories), None))
    if paper.journal_ref:
        facts.append((paper.journal_ref, None))
    if paper.arxiv_comment:
        facts.append((paper.arxiv_comment, None))
    return facts


def linked_abstract(paper: Paper, papers: dict[str, Paper]) -> str:
    """The abstract as HTML for a paper's page, its first mention of each named paper turned into a link."""
    text, out, pos = paper.abstract, [], 0
    spans = []
    for mention in paper.mentions:
        if mention.id not in papers:
            continue
        start = text.find(mention.name)
        if start >= 0:
            spans.append((start, start + len(mention.name), mention.id))
    for start, end, target in sorted(spans):
        if start < pos:
            continue
        out.append(html_text(text[pos:start]))
        out.append(f'<a href="../{target}/">{html_text(text[start:end])}</a>')
        pos = end
    out.append(html_text(text[pos:]))
    return "".join(out)


def paper_page_context(
    paper: Paper,
    collection: Collection,
    keys: dict[str, str] | None = None,
    site_url: str = "",
    people: People = NO_PEOPLE,
    remote_images: bool = False,
) -> dict:
    """Everything a paper's page shows, as plain data: the template's input and the render cache's key.

    `keys` are the collection's citation keys (they depend on every paper, so compute them once).
    The thumbnail, on another host, only with `remote_images`.
    """
    papers, tags = collection.papers, collection.tags
    keys = keys if keys is not None else citation_keys(papers.values())
    # Without a site URL the entry has no page URL: a relative one is no use in a .bib file.
    page_url = absolute(site_url, paper_url(paper.id)) if site_url else None
    meta = {
        "title": html_text(paper.title),
        "description": html_text(summary(paper.abstract)),
        "tags": [tags[s].name for s in paper.tags if s in tags],
        "paper_id": paper.id,
    }
    if paper.arxiv_id:
        meta["arxiv_id"] = paper.arxiv_id
    if paper.date:
        meta["published"] = paper.date
    mentioned = dict.fromkeys(m.id for m in paper.mentions if m.id in papers)
    return {
        "front_matter": front_matter(meta),
        "title": paper.title,
        "authors": [(name, people.authors.get(name)) for name in paper.authors],
        "date": paper.date,
        "tags": [{"slug": s, "name": tags[s].name} for s in paper.tags if s in tags],
        "links": paper_links(paper),
        "facts": paper_facts(paper, people),
        "tldr": paper.tldr,
        "thumbnail": thumbnail(paper, remote_images),
        "abstract_html": linked_abstract(paper, papers),
        "notes": paper.notes,
        "related": [
            {"id": r.id, "title": papers[r.id].title, "reason": r.reason}
            for r in paper.related
            if r.id in papers
        ],
        "mentions": [{"id": i, "title": papers[i].title} for i in mentioned],
        "backlinks": [{"id": i, "title": papers[i].title} for i in paper.backlinks if i in papers],
        "bibtex": bibtex_entry(paper, keys[paper.id], page_url).rstrip("\n"),
    }


def paper_key(
    paper: Paper,
    collection: Collection,
    citation: str,
    site_url: str,
    people: People = NO_PEOPLE,
    remote_images: bool = False,
) -> str:
    """A hash of everything `paper_page_context` reads: the paper, the titles of the papers it
    links to (None for one not in the collection), its tags' names, its citation key, the site URL,
    which of its authors and its organization have pages, and the thumbnail it shows."""
    papers, tags = collection.papers, collection.tags
    linked = [r.id for r in paper.related] + [m.id for m in paper.mentions] + paper.backlinks
    return plain_key(
        (
            [getattr(paper, name) for name in SHOWN],
            [(r.id, r.score, r.reason) for r in paper.related],
            [(m.id, m.name) for m in paper.mentions],
            [papers[i].title if i in papers else None for i in linked],
            [tags[s].name if s in tags else None for s in paper.tags],
            citation,
            site_url,
            [people.authors.get(name) for name in paper.authors],
            people.orgs.get(paper.organization_id),
            thumbnail(paper, remote_images),
        )
    )


def thumbnail(paper: Paper, remote_images: bool) -> str | None:
    return image_url(paper.thumbnail_url) if remote_images else None


def render_paper(context: dict) -> str:
    # The template reads the context's dicts by subscript (item["title"]): Jinja's attribute syntax tries
    # getattr first, and the AttributeError each dict raises is slow, for every item of every page.
    return _ENV.get_template("paper.md.j2").render(**context)


def render_tag(
    tag: Tag, papers: list[Paper], items: PaperItems, site_name: str = "sitegen"
) -> Iterator[tuple[str, str]]:
    """A tag's pages: its feeds and its papers, newest first, a page at a time (listed here, not by
    a theme plugin, so that a build which renders only changed pages still lists every paper)."""
    meta = {
        "title": html_text(tag.name),
        "description": html_text(tag.description or tag.name),
        # The sitegen plugin announces this tag's feeds in the page's head (the template escapes the title).
        "feed": {"slug": tag.slug, "title": f"{site_name}: {tag.name}"},
    }
    template = _ENV.get_template("tag.md.j2")
    for page, order in in_both_orders(f"tags/{tag.slug}", papers):
        yield (
            page.path,
            template.render(
                front_matter=front_matter(meta),
                tag=tag,
                count=len(papers),
                page=page,
                items=items.on(page),
                feeds=feed_paths(tag.slug),
                **order,
            ),
        )


def month_pages(
    template: Template, month: Month, papers: list[Paper], items: PaperItems
) -> Iterator[tuple[str, str]]:
    """A month's pages in the archive, in both orders."""
    for page, order in in_both_orders(f"archive/{month.slug}", papers):
        yield (
            page.path,
            template.render(
                front_matter=front_matter({"title": html_text(f"Papers: {month.label}")}),
                label=month.label,
                count=len(papers),
                page=page,
                items=items.on(page),
                **order,
            ),
        )


def paper_items(env: Environment) -> PaperItems:
    """The items of the listings of tags, months, authors, organizations and saved searches."""
    return PaperItems(env.get_template("paper_item.html.j2").module.paper_item)


def newest_first(papers: list[Paper]) -> list[Paper]:
    dated = sorted((p for p in papers if p.date), key=lambda p: (p.date, p.id), reverse=True)
    return dated + [p for p in papers if not p.date]


def month_of(paper: Paper) -> Month:
    if not paper.date:
        return Month("undated", "Undated")
    return Month(paper.date[:7], paper.date[:7])


def no_progress(iterable: Iterable, **_: object) -> Iterable:
    return iterable


def render_paper_pages(
    collection: Collection,
    known: dict[str, PageKeys],
    rendered: Rendered,
    progress: Progress,
    site_url: str = "",
    people: People = NO_PEOPLE,
    remote_images: bool = False,
) -> Iterator[tuple[str, str]]:
    """Paper pages whose key is not in `known` (the keys of pages already on disk), one at a time.

    As they are drawn, `rendered` gets every paper page's keys and the pages left as they are.
    """
    citations = citation_keys(collection.papers.values())
    for paper in progress(
        collection.papers.values(), desc="render pages", unit="page", total=len(collection.papers)
    ):
        path, key = (
            f"papers/{paper.id}.md",
            paper_key(paper, collection, citations[paper.id], site_url, people, remote_images),
        )
        before = known.get(path)
        if before is not None and before.page == key:
            rendered.keys[path] = before
            rendered.kept.add(path)
            continue
        context = paper_page_context(paper, collection, citations, site_url, people, remote_images)
        rendered.keys[path] = PageKeys(key, search_key(context, paper.abstract))
        yield path, render_paper(context)


def render_pages(
    collection: Collection,
    site_name: str = "sitegen",
    progress: Progress = no_progress,
    known: dict[str, PageKeys] | None = None,
    site_url: str = "",
    graph: dict | None = None,
    author_pages_min: int = 0,
    saved: SavedListings | None = None,
    remote_images: bool = False,
    known_listings: dict[str, Listed] | None = None,
) -> Rendered:
    """Every generated page, by path relative to the docs folder (paper pages and the listings of
    tags, months, days, weeks, authors and organizations only when changed: `known` and
    `known_listings` hold the keys of those on disk),
    each rendered as the result is drawn: a large collection's listing pages alone would otherwise
    be held until the last paper page is written.

    `site_url` (the published site's address, or "") goes into BibTeX entries that have no other URL.
    `graph` is graph_data(collection), when the caller has it already (it writes graph.json too).
    Authors with `author_pages_min` papers or more get a page (0: none does). Thumbnails and
    organizations' avatars, on other hosts, show only with `remote_images`. The `saved` searches'
    pages come last: finding their matches waits for the search index.
    """
    graph_page = graph_page_context(graph if graph is not None else graph_data(collection))
    people = people_of(list(collection.papers.values()), author_pages_min)
    rendered = Rendered(pages=iter(()), kept=set(), keys={}, listed={})
    listings = ListingCache(
        people, collection.tags, known_listings or {}, rendered.listed, rendered.kept
    )
    searches = saved.searches if saved is not None else ()
    rendered.pages = chain(
        index_pages(collection, site_name, graph_page, listings, searches, remote_images),
        render_paper_pages(
            collection, known or {}, rendered, progress, site_url, people, remote_images
        ),
        saved.pages(collection, site_name, _ENV, front_matter, paper_items(_ENV))
        if saved is not None
        else (),
    )
    return rendered


def index_pages(
    collection: Collection,
    site_name: str,
    graph_page: dict,
    listings: ListingCache,
    searches: tuple[SavedSearch, ...] = (),
    remote_images: bool = False,
) -> Iterator[tuple[str, str]]:
    """The pages that list papers: home, tags, months, days, authors, organizations, papers, graph
    and timeline, one at a time; of the listings, those `listings` does not keep."""
    papers = list(collection.papers.values())
    newest = newest_first(papers)
    days = by_day(papers)
    with_code = [p for p in newest if p.code_url]
    by_month: dict[Month, list[Paper]] = defaultdict(list)
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    for paper in newest:
        by_month[month_of(paper)].append(paper)
        for slug in paper.tags:
            if slug in collection.tags:
                by_tag[slug].append(paper)
    months = Counter({m: len(ps) for m, ps in by_month.items()})
    ranked_months = {m.slug for m, ps in by_month.items() if has_upvotes(ps)}
    tags = sorted(
        ((collection.tags[s], len(ps)) for s, ps in by_tag.items()),
        key=lambda tn: (-tn[1], tn[0].name),
    )

    items = paper_items(_ENV)
    for tag, _ in tags:
        base = f"tags/{tag.slug}"
        if not listings.unchanged(base, by_tag[tag.slug], (tag.name, tag.description, site_name)):
            yield from listings.drawn(base, render_tag(tag, by_tag[tag.slug], items, site_name))
    yield (
        "tags/index.md",
        _ENV.get_template("tags_index.md.j2").render(
            front_matter=front_matter({"title": "Tags"}), tags=tags, total=len(papers)
        ),
    )
    yield (
        "papers/index.md",
        _ENV.get_template("papers_index.md.j2").render(
            front_matter=front_matter({"title": "Papers"}),
            total=len(papers),
            newest=newest[:NEWEST_ON_PAPERS_INDEX],
            months=list(months.items()),
            ranked_months=ranked_months,
            with_code=len(with_code),
        ),
    )
    archive = _ENV.get_template("archive.md.j2")
    for month, month_papers in by_month.items():
        base = f"archive/{month.slug}"
        if not listings.unchanged(base, month_papers, (month.label,)):
            yield from listings.drawn(base, month_pages(archive, month, month_papers, items))
    yield from day_pages(days, ranked_months, _ENV, front_matter, listings)
    yield from week_pages(days, _ENV, front_matter, listings)
    code = _ENV.get_template("code.md.j2")
    for page in pages_of("code/index", with_code):
        yield (
            page.path,
            code.render(
                front_matter=front_matter({"title": "Papers with code"}),
                count=len(with_code),
                page=page,
            ),
        )
    yield from person_pages(collection, newest, listings, items, _ENV, front_matter, remote_images)
    yield (
        "index.md",
        _ENV.get_template("home.md.j2").render(
            front_matter=front_matter({"title": html_text(site_name), "hide": ["navigation"]}),
            site_name=site_name,
            total=len(papers),
            newest=newest[:NEWEST_ON_HOME],
            tags=tags,
            feeds=feed_paths(),
            searches=searches,
            **home_days(days),
        ),
    )
    yield (
        "graph.md",
        _ENV.get_template("graph.md.j2").render(
            front_matter=front_matter(
                {"title": "Graph", "hide": ["navigation", "toc"], "sitegen_graph": True}
            ),
            **graph_page,
        ),
    )
    yield (
        "timeline.md",
        _ENV.get_template("timeline.md.j2").render(
            front_matter=front_matter({"title": "Timeline", "hide": ["navigation"]}),
            **timeline_page_context(collection),
        ),
    )


def generated_pages(docs_dir: Path) -> dict[str, float]:
    """The Markdown files in the generated folders, as paths relative to the docs folder, each with
    its modification time (which reuse.py compares with the live site's HTML).

    Walked with strings: pathlib parses each path, which is slow over a large collection's pages.
    """
    found = {}
    for folder in GENERATED_DIRS:
        for parent, _, names in os.walk(docs_dir / folder):
            relative = os.path.relpath(parent, docs_dir).replace(os.sep, "/")
            for name in names:
                if name.endswith(".md"):
                    found[f"{relative}/{name}"] = os.stat(os.path.join(parent, name)).st_mtime
    return found


def pages_after(
    on_disk: dict[str, float], written: set[str], gone: set[str]
) -> dict[str, float | None]:
    """generated_pages as it is after write_pages, from what it was before (`on_disk`) and what
    write_pages did: a page written has no time (None), being newer than any HTML made before."""
    pages: dict[str, float | None] = {page: at for page, at in on_disk.items() if page not in gone}
    for page in written:
        if page.split("/", 1)[0] in GENERATED_DIRS:
            pages[page] = None
    return pages


@dataclass(frozen=True)
class BlockEdit:
    """A page whose Markdown changed only inside its HTML blocks: the blocks' (old, new) text
    (html_blocks.block_changes), and when the replaced Markdown was written (HTML older than that
    was not made from it)."""

    replaced: float
    blocks: list[tuple[str, str]]


def write_pages(
    rendered: Rendered, docs_dir: Path, on_disk: dict[str, float] | None = None
) -> tuple[set[str], set[str], dict[str, BlockEdit]]:
    """Write changed pages and remove generated pages that are gone; returns the pages written and
    removed (paths relative to docs_dir), and the written pages whose Markdown changed only inside
    its HTML blocks.

    `on_disk` is generated_pages(docs_dir) as it was before rendering, when the caller has it already.
    """
    on_disk = generated_pages(docs_dir) if on_disk is None else on_disk
    written: set[str] = set()
    pages: set[str] = set()
    edits: dict[str, BlockEdit] = {}
    # made once each, not once per page (many pages, a handful of folders)
    folders: set[Path] = set()
    for relative, text in rendered.pages:
        pages.add(relative)
        path = docs_dir / relative
        # on_disk answers for the generated folders: a stat call per page is slow over many pages.
        if relative in on_disk or relative in GENERATED_FILES and path.exists():
            old = path.read_text(encoding="utf-8")
            if old == text:
                continue
            blocks = block_changes(old, text)
            if blocks is not None:
                at = on_disk[relative] if relative in on_disk else path.stat().st_mtime
                edits[relative] = BlockEdit(at, blocks)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        overwrite(path, text.encode("utf-8"))
        written.add(relative)
    gone = on_disk.keys() - pages - rendered.kept
    for relative in gone:
        (docs_dir / relative).unlink(missing_ok=True)
    remove_empty_folders(docs_dir, gone)
    return written, gone, edits


def remove_empty_folders(docs_dir: Path, gone: set[str]) -> None:
    """The folders below the generated ones that removing the `gone` pages emptied (an author's
    top/ when their papers lost their upvotes): a clean build would not make them."""
    for folder in sorted({os.path.dirname(page) for page in gone}, key=len, reverse=True):
        while "/" in folder:
            try:
                os.rmdir(docs_dir / folder)
            except OSError:  # not empty, or gone already
                break
            folder = os.path.dirname(folder)

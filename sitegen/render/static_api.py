"""The static copy of the API under site/api/v1, for sites hosted without `sitegen serve` (GitHub Pages).

The live server answers /papers/{id}, /lookup and /tags from these same files, so the two agree
by construction. Files:
    papers/{id}.json   paper_record(), as GET /api/v1/papers/{id}
    tags.json          as GET /api/v1/tags
    lookup.json        {arXiv id: paper id}
    search.json        a compact table for client-side search (see search_file)
    health.json        {"status": "ok", "mode": "static", ...}: how a client knows only static files answer
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from sitegen.compact_json import compact_json
from sitegen.errors import BuildError
from sitegen.hardlinks import sweep
from sitegen.model import Collection, paper_record, tag_record
from sitegen.state_files import write_if_changed

API_VERSION = 1
API_DIR = ("api", "v1")
SEARCH_FILE_VERSION = 1
SEARCH_AUTHORS = 5  # surnames per paper in search.json
# An id becomes a file name and a URL segment: nothing that could climb out of papers/.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
ROOT_FILES = ("tags.json", "lookup.json", "search.json", "health.json")


def api_root(site_dir: Path) -> Path:
    return site_dir.joinpath(*API_DIR)


def write_static_api(collection: Collection, site_dir: Path) -> None:
    """Make site_dir/api/v1 hold every file of the static API and nothing else.

    What is there already (sitegen's build updates the site made two builds ago) is rewritten only
    where it differs: a day's new papers change a few of the paper files.
    """
    write_api_tables(collection, site_dir)
    write_paper_files(collection, site_dir)


def write_api_tables(collection: Collection, site_dir: Path) -> None:
    """The files about the whole collection (ROOT_FILES): the build writes them first, while its forked
    process has copied the least of the collection (pipeline.py), as they take the most memory to make."""
    root = api_root(site_dir)
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "tags.json", tags_response(collection))
    _write(root / "lookup.json", lookup_table(collection))
    _write(root / "search.json", search_file(collection))
    _write(
        root / "health.json",
        {
            "status": "ok",
            "mode": "static",
            "api_version": API_VERSION,
            "papers": len(collection.papers),
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            "search_file": "search.json",
        },
    )


def write_paper_files(collection: Collection, site_dir: Path) -> None:
    """A file per paper, and nothing else in site_dir/api/v1 but them and ROOT_FILES."""
    root = api_root(site_dir)
    papers_dir = root / "papers"
    papers_dir.mkdir(parents=True, exist_ok=True)
    # Listed once, not a failed read and a parent check per new file: a first build writes them all.
    on_disk = set(os.listdir(papers_dir))
    names = set()
    for paper in collection.papers.values():
        if not SAFE_ID.fullmatch(paper.id):
            raise BuildError(
                f"paper id {paper.id!r} ({paper.title!r}) cannot be a file name in the static API"
            )
        name = f"{paper.id}.json"
        names.add(name)
        data = compact_json(paper_record(paper, collection))
        if name in on_disk:
            write_if_changed(papers_dir / name, data)
        else:
            with open(os.path.join(papers_dir, name), "wb") as file:
                file.write(data)
    files = {*(f"papers/{name}" for name in names), *ROOT_FILES}
    sweep(
        str(root),
        lambda relative, _: (
            "descend" if relative == "papers" else "keep" if relative in files else "remove"
        ),
    )


def tags_response(collection: Collection) -> dict:
    """Every tag with its display name, page and paper count, most used first."""
    counts = collection.tag_counts()
    tags = sorted(collection.tags.values(), key=lambda t: (-counts.get(t.slug, 0), t.name.lower()))
    return {"tags": [tag_record(tag, counts.get(tag.slug, 0)) for tag in tags]}


def lookup_table(collection: Collection) -> dict[str, str]:
    """arXiv id (no version) -> paper id, for the extension's "is this paper in the collection?"."""
    return {p.arxiv_id: p.id for p in collection.papers.values() if p.arxiv_id}


def search_file(collection: Collection) -> dict:
    """A compact table for searching in the browser: one row per paper, tags as indexes into `tags`.

    Rows are [id, title, short_name, [tag indexes], date, [surnames], [words]]; a paper's page is
    "papers/<id>/". The surnames are its first authors'; the words, strongest first, the ones that
    tell its abstract from the others most and that its title lacks (enrich/search_terms.py), so that
    a search without a server finds a paper by what it is about, not only by its title. Files
    without the last two fields (older sites) are read too.
    """
    slugs = list(collection.tags)
    position = {slug: i for i, slug in enumerate(slugs)}
    rows = [
        [
            p.id,
            p.title,
            p.short_name,
            [position[s] for s in p.tags if s in position],
            p.date or "",
            [name.split()[-1] for name in p.authors[:SEARCH_AUTHORS] if name.strip()],
            collection.terms.get(p.id, []),
        ]
        for p in collection.papers.values()
    ]
    return {
        "version": SEARCH_FILE_VERSION,
        "fields": ["id", "title", "short_name", "tags", "date", "authors", "terms"],
        "tags": [[slug, collection.tags[slug].name] for slug in slugs],
        "papers": rows,
    }


def _write(path: Path, data: object) -> None:
    write_if_changed(path, compact_json(data))

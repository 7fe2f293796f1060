"""The render cache: a paper page is rendered again only when something it shows has changed.

It lives in <state_dir>/cache/pages.json as {"version": …, "pages": {path: key}}. A page's key
hashes everything the page shows (its text, tags, links and the titles of the papers it links
to), and the version hashes the templates, so a kept page is byte for byte what a clean build
would write.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path

import sitegen


def _templates_version() -> str:
    digest = hashlib.sha256(sitegen.__version__.encode())
    templates = resources.files("sitegen.render") / "templates"
    for name in sorted(entry.name for entry in templates.iterdir()):
        digest.update(name.encode())
        digest.update((templates / name).read_bytes())
    return digest.hexdigest()[:16]


VERSION = _templates_version()


# What site search reads of a paper page: not its lists of other papers' titles, nor its BibTeX.
SEARCHED = ("title", "authors", "date", "tags", "links", "notes")


def page_key(context: dict) -> str:
    data = json.dumps(context, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:24]


def search_key(context: dict, abstract: str) -> str:
    """A hash of the text site search indexes on a paper page: equal keys, equal search records.

    The abstract as written, not as rendered: a paper it names becoming a link changes no word.
    """
    return page_key({"abstract": abstract, **{name: context[name] for name in SEARCHED}})


def load_keys(path: Path, docs_dir: Path) -> dict[str, str]:
    """Keys of the pages rendered last time that are still on disk; empty if the cache is stale or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("pages"), dict):
        return {}
    return {page: key for page, key in data["pages"].items() if (docs_dir / page).is_file()}


def save_keys(path: Path, keys: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"version": VERSION, "pages": keys}), encoding="utf-8")
    os.replace(tmp, path)

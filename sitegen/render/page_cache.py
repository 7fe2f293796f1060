"""The render cache: a paper page is rendered again only when something it is made from has changed.

A page's key hashes what the page is made from (the paper as enriched, the titles of the papers
it links to, its tags' names, its citation key and the site's URL), so an unchanged page costs a
hash instead of its content being worked out again; the search key hashes the text site search
reads of it. The version hashes sitegen's render code and templates, so a kept page is byte for
byte what a clean build would write. The keys are kept between builds by state/render_keys.py.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import sitegen
from sitegen.state_files import plain_key


class PageKeys(NamedTuple):
    page: str  # what the page is made from
    search: str  # what site search reads of it


def _code_version() -> str:
    digest = hashlib.sha256(sitegen.__version__.encode())
    render = resources.files("sitegen.render")
    with resources.as_file(render) as folder:
        files = [
            path
            for path in sorted(Path(folder).rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        ]
        for path in [*files, Path(sitegen.__file__).with_name("model.py")]:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


VERSION = _code_version()


def search_key(context: dict, abstract: str) -> str:
    """A hash of the words site search indexes on a paper page: equal keys, equal search records.

    Not its lists of other papers' titles, nor its BibTeX, which site search leaves out; and words
    only, not where they link: an author or an organization getting a page of their own, or a paper
    the abstract names becoming a link (the abstract as written, not as rendered), changes no word.
    """
    return plain_key(
        (
            abstract,
            context["title"],
            context["date"],
            context["tldr"],
            context["notes"],
            [name for name, _ in context["authors"]],
            [tag["name"] for tag in context["tags"]],
            [label for label, _ in context["links"]],
            [text for text, _ in context["facts"]],
        )
    )

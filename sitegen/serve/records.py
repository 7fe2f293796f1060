"""Paper records, tags and the arXiv lookup, read from the static API files the build wrote into the site.

Reading the same files a static host would serve keeps the live and static APIs identical, and a
rebuilt site (swapped in under the same path) is picked up without a restart.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sitegen.render.static_api import SAFE_ID, api_root

# What a batch lookup tells of each paper found: enough for a badge on a list of papers.
BRIEF_FIELDS = ("id", "title", "url", "tags")
# What a search hit carries beside the index's fields: what helps a reader choose from a list.
READER_FIELDS = ("upvotes", "tldr")


class PaperStore:
    """Reads site/api/v1: a paper's JSON as bytes (served as is), tags.json, and lookup.json (cached)."""

    def __init__(self, site_dir: Path):
        self.root = api_root(Path(site_dir))
        self._lookup: dict[str, str] = {}
        self._lookup_stamp: tuple[int, int] | None = None

    def paper_json(self, paper_id: str) -> bytes | None:
        if not SAFE_ID.fullmatch(paper_id):
            return None
        try:
            return (self.root / "papers" / f"{paper_id}.json").read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def tags_json(self) -> bytes | None:
        try:
            return (self.root / "tags.json").read_bytes()
        except FileNotFoundError:
            return None

    def paper_id_for(self, arxiv_id: str) -> str | None:
        path = self.root / "lookup.json"
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        # A new build swaps in a new file (new inode): reload then, and only then.
        if (st.st_ino, st.st_mtime_ns) != self._lookup_stamp:
            self._lookup = json.loads(path.read_text(encoding="utf-8"))
            self._lookup_stamp = (st.st_ino, st.st_mtime_ns)
        return self._lookup.get(arxiv_id)

    def brief_for(self, arxiv_id: str) -> dict | None:
        """The paper's record cut down to BRIEF_FIELDS, or None when it is not in the collection."""
        paper_id = self.paper_id_for(arxiv_id)
        return self._fields(paper_id, BRIEF_FIELDS) if paper_id else None

    def reader_fields(self, paper_id: str) -> dict:
        """READER_FIELDS of the paper's record; null and empty while the site has no file for it
        (the index of a newer build can answer before its site is swapped in)."""
        return self._fields(paper_id, READER_FIELDS) or {"upvotes": None, "tldr": ""}

    def _fields(self, paper_id: str, names: tuple[str, ...]) -> dict | None:
        body = self.paper_json(paper_id)
        if body is None:
            return None
        record = json.loads(body)
        return {name: record.get(name) for name in names}

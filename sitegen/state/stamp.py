"""The build stamp: what a site says, in one file at its root, about the build that made it.

{"chrome": key, "build": id, "index": generation}. The chrome key and build id let the next build
reuse the site's pages and search parts (reuse.py, site_search.py); the index generation is the
search index made with the site. The stamp is swapped in with the site, so the site, its static API
and the index it names go live in one rename: readers answer from the generation the live site names
(search/generations.py), never from one newer than the site.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sitegen.state.paths import stamp_path


def read_stamp(site: Path) -> dict[str, str]:
    """The site's stamp; empty when it has none (or one that cannot be read)."""
    try:
        stamp = json.loads(stamp_path(site).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def write_stamp(site: Path, chrome: str, index: str | None = None) -> str:
    """Mark a new site with its chrome key, a new build id (which it returns) and the name of its
    index generation."""
    build = uuid.uuid4().hex
    stamp = {"chrome": chrome, "build": build, "index": index}
    stamp_path(site).write_text(json.dumps(stamp), encoding="utf-8")
    return build

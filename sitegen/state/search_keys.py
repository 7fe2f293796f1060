"""What site search keeps between builds: the search key (a hash of the text Pagefind reads) of
each page in the live site's main Pagefind index, with the build id of the site it was made for
(render/site_search.py decides from them whether that index can be kept)."""

from __future__ import annotations

import json
from pathlib import Path

from sitegen.state_files import save_json


def load_main_keys(path: Path, build: str | None) -> dict[str, str]:
    """The search keys of the main index of the site with this build id; empty for any other site."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not build
        or not isinstance(saved, dict)
        or saved.get("build") != build
        or not isinstance(saved.get("pages"), dict)
    ):
        return {}
    return saved["pages"]


def save_main_keys(path: Path, build: str, keys: dict[str, str]) -> None:
    save_json(path, {"build": build, "pages": keys})

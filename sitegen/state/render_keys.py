"""What rendering keeps between builds: each paper page's keys (render/page_cache.py) and each
feed's (render/feeds.py's FeedMemo), both void with other render code (page_cache.VERSION).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.render.feeds import FeedMemo
from sitegen.render.page_cache import VERSION, PageKeys
from sitegen.state_files import load_versioned, save_json


def load_page_keys(path: Path, on_disk: set[str]) -> dict[str, PageKeys]:
    """Keys of the pages rendered last time that are still on disk (`on_disk`, paths relative to the
    docs folder); empty if the file is stale or unreadable."""
    data = load_versioned(path, VERSION)
    if data is None or not isinstance(data.get("pages"), dict):
        return {}
    return {
        page: PageKeys(*keys)
        for page, keys in data["pages"].items()
        if isinstance(keys, list) and len(keys) == 2 and page in on_disk
    }


def save_page_keys(path: Path, keys: dict[str, PageKeys]) -> None:
    save_json(path, {"version": VERSION, "pages": keys})


def load_feeds(path: Path) -> FeedMemo:
    """The feeds' keys saved by this version of sitegen's render code; none otherwise."""
    data = load_versioned(path, VERSION)
    feeds = data.get("feeds") if data is not None else None
    return FeedMemo({str(k): str(v) for k, v in feeds.items()} if isinstance(feeds, dict) else {})


def save_feeds(path: Path, memo: FeedMemo) -> None:
    save_json(path, {"version": VERSION, "feeds": memo.found})

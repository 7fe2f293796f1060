"""What rendering keeps between builds: each paper page's keys (render/page_cache.py), each
listing's (render/listing_cache.py) and each feed's (render/feeds.py's FeedMemo), all void with
other render code (page_cache.VERSION).
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import NamedTuple

from sitegen.render.feeds import FeedMemo
from sitegen.render.listing_cache import Listed
from sitegen.render.page_cache import VERSION, PageKeys
from sitegen.state_files import load_versioned, save_json


class Known(NamedTuple):
    """The keys of the pages (by path) and listings (by base) rendered last time, of those whose
    pages are all still on disk."""

    pages: dict[str, PageKeys]
    listings: dict[str, Listed]


def load_page_keys(path: Path, on_disk: Container[str]) -> Known:
    """What was rendered last time and is still on disk (`on_disk`, paths relative to the docs
    folder); nothing if the file is stale or unreadable, and no entry that is not as saved."""
    data = load_versioned(path, VERSION) or {}
    return Known(_pages(data.get("pages"), on_disk), _listings(data.get("listings"), on_disk))


def _pages(saved: object, on_disk: Container[str]) -> dict[str, PageKeys]:
    if not isinstance(saved, dict):
        return {}
    return {
        page: PageKeys(*keys)
        for page, keys in saved.items()
        if isinstance(keys, list) and len(keys) == 2 and page in on_disk
    }


def _listings(saved: object, on_disk: Container[str]) -> dict[str, Listed]:
    found: dict[str, Listed] = {}
    for base, listed in saved.items() if isinstance(saved, dict) else ():
        if not isinstance(listed, list) or len(listed) != 2:
            continue
        key, pages = listed
        if (
            isinstance(pages, list)
            and all(isinstance(page, str) for page in pages)
            and all(page in on_disk for page in pages)
        ):
            found[base] = Listed(key, pages)
    return found


def save_page_keys(path: Path, keys: dict[str, PageKeys], listings: dict[str, Listed]) -> None:
    save_json(path, {"version": VERSION, "pages": keys, "listings": listings})


def load_feeds(path: Path) -> FeedMemo:
    """The feeds' keys saved by this version of sitegen's render code; none otherwise."""
    data = load_versioned(path, VERSION)
    feeds = data.get("feeds") if data is not None else None
    return FeedMemo({str(k): str(v) for k, v in feeds.items()} if isinstance(feeds, dict) else {})


def save_feeds(path: Path, memo: FeedMemo) -> None:
    save_json(path, {"version": VERSION, "feeds": memo.found})

"""`sitegen pull hf`: one day of the Hugging Face daily papers API into sources/hf-YYYY-MM-DD.json.

The file keeps the API's own shape (a JSON list of entries), so the hf-api reader reads it
like any downloaded response. The API answers a page at a time (`p` from 0, `limit` at most
100, 50 by default); a day is complete at the first page shorter than the page size.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx

from sitegen.config import Config
from sitegen.pull.http import HttpClient, PullError, RetryPolicy, Unusable
from sitegen.pull.store import PullReport, merge_new, write_atomically

PAGE_SIZE = 50
MAX_PAGES = 40  # 2,000 papers in a day is far beyond any real day: stop rather than loop forever


def day_file(config: Config, day: date) -> Path:
    return config.path(config.sources_dir) / f"hf-{day.isoformat()}.json"


def entry_key(entry: dict) -> str:
    """The arXiv id of an entry, else its title (folded), so the same paper is recognised twice."""
    paper = entry.get("paper") if isinstance(entry.get("paper"), dict) else {}
    arxiv_id = paper.get("id")
    if isinstance(arxiv_id, str) and arxiv_id.strip():
        return arxiv_id.strip()
    title = paper.get("title") or entry.get("title") or ""
    return "title:" + " ".join(str(title).split()).casefold()


def parse_entries(response: httpx.Response) -> list[dict]:
    try:
        data = response.json()
    except ValueError as exc:  # a truncated or garbled body: worth asking again
        raise Unusable(f"invalid JSON ({exc})") from exc
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise PullError(
            f"{response.request.url}: expected a JSON list of daily-paper entries, got {type(data).__name__}"
        )
    return data


def fetch_day(
    client: HttpClient, api_url: str, day: date, page_size: int = PAGE_SIZE
) -> list[dict]:
    """Every entry of one day, page after page until a short page (duplicates dropped)."""
    entries: list[dict] = []
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        batch = client.get(
            api_url, {"date": day.isoformat(), "p": page, "limit": page_size}, parse_entries
        )
        fresh = [entry for entry in batch if entry_key(entry) not in seen]
        seen.update(entry_key(entry) for entry in fresh)
        entries.extend(fresh)
        # A server that ignores `p` repeats its first page: nothing fresh means the day is complete.
        if len(batch) < page_size or not fresh:
            return entries
    raise PullError(f"{api_url}: more than {MAX_PAGES} pages of {page_size} for {day}; stopped")


def read_day_file(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PullError(
            f"{path}: cannot merge into it ({exc}); fix or move the file and pull again"
        ) from exc
    if not isinstance(data, list):
        raise PullError(
            f"{path}: cannot merge into it: expected a JSON list of entries, got {type(data).__name__}"
        )
    return data


def pull_hf(
    config: Config, day: date, policy: RetryPolicy = RetryPolicy(), page_size: int = PAGE_SIZE
) -> PullReport:
    """Fetch a day and merge it into its dated file; the file is rewritten only if something is new."""
    path = day_file(config, day)
    existing = read_day_file(path)  # read first: a broken file stops the pull before any request
    with HttpClient(policy) as client:
        fetched = fetch_day(client, config.hf_api_url, day, page_size)
    merged = merge_new(existing, fetched, entry_key)
    if merged.new:
        text = json.dumps(merged.records, ensure_ascii=False, indent=1) + "\n"
        write_atomically(path, text.encode("utf-8"))
    return PullReport(path, merged.new, merged.present, client.requests, written=bool(merged.new))

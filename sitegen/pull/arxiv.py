"""`sitegen pull arxiv`: the results of an arXiv API query into one Atom file, sources/arxiv-<query>.xml.

The API pages with `start` and `max_results` and asks clients to wait about 3 seconds between
calls. Pages are joined into one Atom feed (the first page's feed with every entry), and later
pulls of the same query add only the entries whose arXiv id is not in the file yet.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import httpx
from slugify import slugify

from sitegen.config import Config
from sitegen.pull.http import HttpClient, PullError, RetryPolicy, Unusable, body_start
from sitegen.pull.store import PullReport, merge_new, write_atomically

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV = "http://arxiv.org/schemas/atom"
for _prefix, _uri in (("", ATOM), ("opensearch", OPENSEARCH), ("arxiv", ARXIV)):
    ET.register_namespace(_prefix, _uri)  # keep the familiar prefixes when the feed is written back

PAGE_SIZE = 100
DELAY = 3.0  # seconds between requests, as the arXiv API's terms of use ask
ENTRY = f"{{{ATOM}}}entry"
ID_IN_URL = re.compile(r"abs/(?P<id>.+?)(?:v\d+)?$")


def query_file(config: Config, query: str) -> Path:
    name = slugify(query, max_length=80, word_boundary=True) or "query"
    return config.path(config.sources_dir) / f"arxiv-{name}.xml"


def entry_key(entry: ET.Element) -> str:
    """The arXiv id without its version ("2403.09629"), else the entry's <id> as written."""
    raw = (entry.findtext(f"{{{ATOM}}}id") or "").strip()
    match = ID_IN_URL.search(raw)
    return match["id"] if match else raw


def total_results(feed: ET.Element) -> int | None:
    text = feed.findtext(f"{{{OPENSEARCH}}}totalResults")
    return int(text) if text and text.strip().isdigit() else None


def parse_feed(data: bytes) -> ET.Element:
    try:
        feed = ET.fromstring(data)
    except ET.ParseError as exc:  # truncated or garbled: worth asking again
        raise Unusable(f"invalid XML ({exc})") from exc
    if feed.tag != f"{{{ATOM}}}feed":
        raise Unusable(f"not an Atom feed (root element {feed.tag!r})")
    return feed


def api_error(response: httpx.Response) -> str:
    """The message of an arXiv error feed (an entry titled "Error"), else the body's start."""
    try:
        feed = ET.fromstring(response.content)
    except ET.ParseError:
        return body_start(response)
    for entry in feed.iter(ENTRY):
        if "/api/errors" in (entry.findtext(f"{{{ATOM}}}id") or ""):
            return " ".join((entry.findtext(f"{{{ATOM}}}summary") or "").split())
    return body_start(response)


def page_parser(start: int) -> Callable[[httpx.Response], ET.Element]:
    def parse(response: httpx.Response) -> ET.Element:
        feed = parse_feed(response.content)
        total = total_results(feed)
        # The API sometimes answers an empty page in the middle of a result set; asking again helps.
        if not feed.findall(ENTRY) and total is not None and start < total:
            raise Unusable(f"an empty page at start={start} of {total} results")
        return feed

    return parse


def fetch_query(
    client: HttpClient,
    api_url: str,
    query: str,
    max_results: int,
    page_size: int = PAGE_SIZE,
    delay: float = DELAY,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[ET.Element, list[ET.Element]]:
    """The first page's feed and up to max_results entries, page by page, waiting `delay` between pages."""
    first: ET.Element | None = None
    entries: list[ET.Element] = []
    start = 0
    while start < max_results:
        if first is not None:
            sleep(delay)
        count = min(page_size, max_results - start)
        params = {"search_query": query, "start": start, "max_results": count}
        feed = client.get(api_url, params, page_parser(start), api_error)
        page = feed.findall(ENTRY)
        first = feed if first is None else first
        entries.extend(page)
        start += len(page)
        total = total_results(feed)
        if len(page) < count or (total is not None and start >= total):
            break
    assert first is not None  # the loop runs at least once: max_results >= 1
    return first, entries


def read_query_file(path: Path) -> ET.Element | None:
    if not path.exists():
        return None
    try:
        return parse_feed(path.read_bytes())
    except (OSError, Unusable) as exc:
        raise PullError(
            f"{path}: cannot merge into it ({exc}); fix or move the file and pull again"
        ) from exc


def pull_arxiv(
    config: Config,
    query: str,
    max_results: int,
    delay: float = DELAY,
    policy: RetryPolicy = RetryPolicy(),
    page_size: int = PAGE_SIZE,
) -> PullReport:
    """Run the query and merge its entries into the query's file; rewritten only if something is new."""
    if max_results < 1:
        raise PullError(f"--max must be at least 1, got {max_results}")
    path = query_file(config, query)
    existing = read_query_file(path)
    with HttpClient(policy) as client:
        feed, fetched = fetch_query(
            client, config.arxiv_api_url, query, max_results, page_size, delay
        )
    # The file keeps its own feed header; a first pull takes the first page's.
    target = existing if existing is not None else feed
    old = existing.findall(ENTRY) if existing is not None else []
    for entry in target.findall(ENTRY):
        target.remove(entry)
    merged = merge_new(old, fetched, entry_key)
    target.extend(merged.records)
    if merged.new:
        write_atomically(path, ET.tostring(target, encoding="utf-8", xml_declaration=True) + b"\n")
    return PullReport(path, merged.new, merged.present, client.requests, written=bool(merged.new))

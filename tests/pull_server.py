"""A local stand-in for the HF daily papers API and the arXiv API, replaying real responses over real HTTP.

Its fixtures (`replay`, `replay_server`) are loaded by conftest.py. The server pages the real records in
tests/fixtures/pull/ the way the real APIs do (HF: `p` and `limit`; arXiv: `start` and
`max_results`, or the entries of `id_list`); a test queues `faults` (answers given first, one per
request) to play 429s, 500s, truncated and invalid bodies, sets `delay` to answer slowly, and
reads `requests` to see what the client asked.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from live_server import free_port, run_server
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pull"
ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
HF_DAY = "2026-05-27"  # the day of the 53 real entries in hf-day-53.json.gz


def hf_day_entries() -> list[dict]:
    with gzip.open(FIXTURES / "hf-day-53.json.gz", "rt", encoding="utf-8") as stream:
        return json.load(stream)


def arxiv_feed_bytes() -> bytes:
    return gzip.decompress((FIXTURES / "arxiv-search-testing-m100.xml.gz").read_bytes())


@dataclass
class Replay:
    days: dict[str, list[dict]] = field(default_factory=dict)  # date -> that day's entries
    feed: bytes = b""  # a real arXiv response whose entries are the whole result set
    faults: list[Response] = field(default_factory=list)
    requests: list[tuple[float, str]] = field(default_factory=list)  # (monotonic time, path?query)
    ignore_page: bool = False  # answer page 0 whatever `p` asks, like a server without paging
    delay: float = 0.0  # seconds to wait before each answer

    def reset(self) -> None:
        self.days = {HF_DAY: hf_day_entries()}
        self.feed = arxiv_feed_bytes()
        self.faults.clear()
        self.requests.clear()
        self.ignore_page = False
        self.delay = 0.0

    def asked(self, path: str) -> list[str]:
        return [query for _, query in self.requests if query.startswith(path)]


def hf_page(replay: Replay, request: Request) -> Response:
    params = request.query_params
    limit = min(int(params.get("limit", 50)), 100)
    page = 0 if replay.ignore_page else int(params.get("p", 0))
    entries = replay.days.get(params.get("date", ""), [])
    return JSONResponse(entries[page * limit : (page + 1) * limit])


def arxiv_page(replay: Replay, request: Request) -> Response:
    """The stored feed (its entries of `id_list`, if asked) cut to [start, start + max_results),
    with opensearch numbers to match."""
    params = request.query_params
    start, count = int(params.get("start", 0)), int(params.get("max_results", 10))
    feed = ET.fromstring(replay.feed)
    entries = feed.findall(f"{{{ATOM}}}entry")
    if "id_list" in params:
        wanted = params["id_list"].split(",")
        entries = [entry for entry in entries if entry_id(entry) in wanted]
    page = copy.deepcopy(feed)
    for entry in page.findall(f"{{{ATOM}}}entry"):
        page.remove(entry)
    page.extend(entries[start : start + count])
    for name, value in (
        ("totalResults", len(entries)),
        ("startIndex", start),
        ("itemsPerPage", count),
    ):
        element = page.find(f"{{{OPENSEARCH}}}{name}")
        if element is not None:
            element.text = str(value)
    return Response(
        ET.tostring(page, encoding="utf-8", xml_declaration=True), media_type="application/atom+xml"
    )


def entry_id(entry: ET.Element) -> str:
    """The entry's arXiv id without its version, from <id>http://arxiv.org/abs/ID[vN]</id>."""
    found = re.search(r"/abs/(.+?)(?:v\d+)?$", (entry.findtext(f"{{{ATOM}}}id") or "").strip())
    return found[1] if found else ""


def make_app(replay: Replay) -> Starlette:
    def answer(handler):
        async def endpoint(request: Request) -> Response:
            replay.requests.append((time.monotonic(), f"{request.url.path}?{request.url.query}"))
            await asyncio.sleep(replay.delay)
            return replay.faults.pop(0) if replay.faults else handler(replay, request)

        return endpoint

    return Starlette(
        routes=[
            Route("/api/daily_papers", answer(hf_page)),
            Route("/api/query", answer(arxiv_page)),
        ]
    )


def truncated(body: bytes, media_type: str) -> Response:
    """A 200 whose body stops half-way (Content-Length agrees, so only the parser can tell)."""
    return Response(body[: len(body) // 2], media_type=media_type)


def cut_off(body: bytes, media_type: str) -> Response:
    """A 200 that promises the whole body but sends half and closes: a connection cut mid-transfer."""
    response = Response(body[: len(body) // 2], media_type=media_type)
    response.headers["content-length"] = str(len(body))
    return response


@pytest.fixture(scope="session")
def replay_server() -> Iterator[tuple[Replay, str]]:
    replay = Replay()
    replay.reset()
    yield from ((replay, base) for base in run_server(make_app(replay), free_port()))


@pytest.fixture
def replay(replay_server) -> Iterator[tuple[Replay, str]]:
    """The running server, with its faults and request log cleared for this test."""
    server, base = replay_server
    server.reset()
    yield server, base

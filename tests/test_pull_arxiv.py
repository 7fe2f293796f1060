"""`pull_arxiv` against a local server replaying a real 100-entry arXiv response, paged by start/max_results."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from pull_server import FIXTURES, arxiv_feed_bytes, cut_off, truncated
from starlette.responses import Response

from sitegen.config import Config
from sitegen.pull import PullError, RetryPolicy, pull_arxiv
from sitegen.pull.arxiv import ATOM, entry_key, query_file
from sitegen.sources import read_sources

FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=5)
QUERY = "all:testing"


def collection_at(root: Path, base: str) -> Config:
    return Config(root=root, arxiv_api_url=f"{base}/api/query")


def real_ids() -> list[str]:
    feed = ET.fromstring(arxiv_feed_bytes())
    return [entry_key(e) for e in feed.findall(f"{{{ATOM}}}entry")]


def ids_in(path: Path) -> list[str]:
    return [entry_key(e) for e in ET.parse(path).getroot().findall(f"{{{ATOM}}}entry")]


def test_pages_are_joined_into_one_atom_file(replay, tmp_path):
    server, base = replay
    report = pull_arxiv(
        collection_at(tmp_path, base), QUERY, 100, delay=0, policy=FAST, page_size=30
    )
    assert server.asked("/api/query") == [
        f"/api/query?search_query=all%3Atesting&start={start}&max_results={count}"
        for start, count in ((0, 30), (30, 30), (60, 30), (90, 10))
    ]
    assert report.path == tmp_path / "sources" / "arxiv-all-testing.xml"
    assert (report.new, report.present) == (100, 0)
    assert ids_in(report.path) == real_ids()
    parsed = feedparser.parse(report.path.read_bytes())
    assert not parsed.bozo and len(parsed.entries) == 100


def test_max_results_stops_the_paging(replay, tmp_path):
    server, base = replay
    report = pull_arxiv(
        collection_at(tmp_path, base), QUERY, 45, delay=0, policy=FAST, page_size=30
    )
    assert report.new == 45 and ids_in(report.path) == real_ids()[:45]
    assert len(server.asked("/api/query")) == 2


def test_a_result_set_smaller_than_max_ends_at_total_results(replay, tmp_path):
    server, base = replay
    report = pull_arxiv(
        collection_at(tmp_path, base), QUERY, 500, delay=0, policy=FAST, page_size=50
    )
    assert report.new == 100 and len(server.asked("/api/query")) == 2


def test_the_same_query_twice_adds_nothing_and_more_results_are_merged(replay, tmp_path):
    _, base = replay
    config = collection_at(tmp_path, base)
    pull_arxiv(config, QUERY, 40, delay=0, policy=FAST, page_size=40)
    again = pull_arxiv(config, QUERY, 40, delay=0, policy=FAST, page_size=40)
    assert (again.new, again.present, again.written) == (0, 40, False)
    more = pull_arxiv(config, QUERY, 100, delay=0, policy=FAST, page_size=40)
    assert (more.new, more.present) == (60, 40)
    assert ids_in(query_file(config, QUERY)) == real_ids()


def test_a_newer_version_of_a_known_paper_is_already_present(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    pull_arxiv(config, QUERY, 5, delay=0, policy=FAST)
    server.feed = arxiv_feed_bytes().replace(b"v1</id>", b"v3</id>")
    report = pull_arxiv(config, QUERY, 5, delay=0, policy=FAST)
    assert (report.new, report.present) == (0, 5)


def test_invalid_and_truncated_xml_are_retried(replay, tmp_path):
    server, base = replay
    server.faults.append(Response("<feed><entry>", media_type="application/atom+xml"))
    server.faults.append(truncated(arxiv_feed_bytes(), "application/atom+xml"))
    report = pull_arxiv(collection_at(tmp_path, base), QUERY, 10, delay=0, policy=FAST)
    assert report.new == 10 and len(server.asked("/api/query")) == 3


def test_an_html_page_instead_of_a_feed_is_retried_then_an_error(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    pull_arxiv(config, QUERY, 10, delay=0, policy=FAST)
    before = query_file(config, QUERY).read_bytes()
    server.faults.extend(
        Response("<html><body>maintenance</body></html>", media_type="text/html") for _ in range(3)
    )
    with pytest.raises(PullError, match="not an Atom feed.*gave up after 3 attempts"):
        pull_arxiv(config, QUERY, 20, delay=0, policy=FAST)
    assert query_file(config, QUERY).read_bytes() == before


def test_a_failure_on_a_later_page_writes_nothing(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    page = ET.tostring(ET.fromstring(arxiv_feed_bytes()))  # the whole feed as page one is fine here
    server.faults.append(Response(page, media_type="application/atom+xml"))
    server.faults.extend(cut_off(page, "application/atom+xml") for _ in range(3))
    with pytest.raises(PullError, match="network error"):
        pull_arxiv(config, QUERY, 300, delay=0, policy=FAST, page_size=100)
    assert not query_file(config, QUERY).exists()


def test_an_empty_page_inside_the_result_set_is_asked_again(replay, tmp_path):
    server, base = replay
    feed = ET.fromstring(arxiv_feed_bytes())
    for entry in feed.findall(f"{{{ATOM}}}entry"):
        feed.remove(entry)
    server.faults.append(Response(ET.tostring(feed), media_type="application/atom+xml"))
    report = pull_arxiv(collection_at(tmp_path, base), QUERY, 10, delay=0, policy=FAST)
    assert report.new == 10 and len(server.asked("/api/query")) == 2


def test_an_api_error_is_reported_with_its_message(replay, tmp_path):
    server, base = replay
    error_feed = (FIXTURES / "arxiv-error.xml").read_bytes()
    server.faults.append(Response(error_feed, status_code=400, media_type="application/atom+xml"))
    with pytest.raises(PullError, match="HTTP 400 Bad Request.*incorrect id format"):
        pull_arxiv(collection_at(tmp_path, base), "id:nonsense", 10, delay=0, policy=FAST)


def test_the_pulled_file_reads_as_papers(replay, tmp_path):
    _, base = replay
    report = pull_arxiv(collection_at(tmp_path, base), QUERY, 100, delay=0, policy=FAST)
    result = read_sources([report.path])
    assert len(result.papers) == 100 and not [p for p in result.problems if p.severity == "error"]


def test_fixture_is_the_real_response():
    assert (
        gzip.decompress((FIXTURES / "arxiv-search-testing-m100.xml.gz").read_bytes()).count(
            b"<entry>"
        )
        == 100
    )

"""The arXiv Atom reader on the bundled sample, two real API feeds (2016 and 2026) and broken ones."""

from __future__ import annotations

import http.server
import threading

import feedparser
from sources_helpers import FIXTURES, errors, read, shared

from sitegen.sources import arxiv_atom, bundled_sources

SAMPLE = bundled_sources()[2]
OLD_FEED = FIXTURES / "real" / "arxiv_api_atom_au_del_maestro_2016.xml"


def test_bundled_sample_fields():
    papers, problems = read(SAMPLE)
    assert problems == []
    # no version suffix
    assert [p.arxiv_id for p in papers] == [
        "2403.09629",
        "2412.06769",
        "2302.12246",
    ]
    first = papers[0]
    assert (
        first.title == "Quiet-STaR: Language Models Can Teach Themselves to Think Before Speaking"
    )
    assert first.authors[0] == "Eric Zelikman" and first.authors[-1] == "Noah D. Goodman"
    assert first.date == "2024-03-14"
    assert first.keywords == ["cs.CL", "cs.AI", "cs.LG"]
    assert first.url == "http://arxiv.org/abs/2403.09629v1"
    assert first.abstract.startswith(
        "When writing and talking, people sometimes pause to think. Although reasoning-focused"
    )
    assert "\n" not in first.abstract
    # Each paper names the line its <entry> starts on.
    text = SAMPLE.read_text(encoding="utf-8").split("\n")
    for paper in papers:
        line = int(paper.sources[0].rsplit(":", 1)[1])
        assert text[line - 1].strip() == "<entry>"


def test_bundled_sample_is_the_shared_one():
    assert SAMPLE.read_bytes() == shared("raw/arxiv-api-atom.xml").read_bytes()


def test_old_feed_keeps_old_style_ids_with_their_slash():
    papers, problems = read(OLD_FEED)
    assert problems == []
    assert len(papers) == 10
    ids = [p.arxiv_id for p in papers]
    assert "cond-mat/0412498" in ids and "1201.4869" in ids
    assert all("v" not in i.split("/")[-1] for i in ids)
    assert all(p.title and p.abstract and p.authors and p.date for p in papers)
    assert all("\n" not in p.abstract for p in papers)


def test_hundred_entry_feed_against_feedparser():
    path = shared("raw/original/arxiv_api_atom_search_testing_m100.xml")
    papers, problems = read(path)
    assert errors(problems) == []
    feed = feedparser.parse(path.read_bytes())
    assert len(papers) == len(feed.entries) == 100
    assert [p.title for p in papers] == [" ".join(e.title.split()) for e in feed.entries]
    # `$...$` is kept as written, for the renderer to escape
    assert any("$" in p.abstract for p in papers)


def test_truncated_feed_is_one_error_naming_the_line():
    path = FIXTURES / "arxiv_truncated.xml"
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.severity == "error" and "malformed XML" in problem.message
    assert problem.where == f"{path}:{path.read_text(encoding='utf-8').count(chr(10)) + 1}"


def test_arxiv_client_fixture_json_is_refused_clearly():
    # A JSON object {url, status_code, body} with an Atom body: not a source format, and not records.
    path = shared("raw/original/arxiv_py_fixture_q_testing_s0_m10.json")
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.where == str(path)
    assert "unknown format" in problem.message and "url, status_code, body" in problem.message


def test_api_error_feed_is_an_error(tmp_path):
    path = tmp_path / "error.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <entry>\n    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>\n"
        "    <title>Error</title>\n    <summary>incorrect id format for 1234</summary>\n  </entry>\n</feed>\n",
        encoding="utf-8",
    )
    papers, problems = read(path)
    assert papers == []
    assert [(p.where, p.severity) for p in problems] == [(f"{path}:3", "error")]
    assert "incorrect id format for 1234" in problems[0].message


def test_a_file_holding_a_url_is_never_fetched(tmp_path):
    # feedparser fetches a str argument that parses as a URL; the reader hands it bytes instead.
    # A real server offers a valid feed at that URL: had it been fetched, its paper would show up.
    feed = SAMPLE.read_bytes()
    requests = []

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.end_headers()
            self.wfile.write(feed)

        def log_message(self, *args):
            pass

    with http.server.HTTPServer(("127.0.0.1", 0), Feed) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        path = tmp_path / "feed.xml"
        path.write_text(f"http://127.0.0.1:{server.server_port}/feed.xml", encoding="utf-8")
        papers, _ = read(path, fmt="arxiv-atom")
        server.shutdown()
    assert papers == [] and requests == []


def test_detection_needs_an_atom_feed(tmp_path):
    path = tmp_path / "rss.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', encoding="utf-8"
    )
    assert not arxiv_atom.READER.can_read(path, path.read_text(encoding="utf-8"))
    assert arxiv_atom.READER.can_read(SAMPLE, SAMPLE.read_text(encoding="utf-8"))

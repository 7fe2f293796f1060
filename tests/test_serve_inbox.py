"""Saving a paper through `sitegen serve` (POST /api/v1/inbox), against a real server process on
127.0.0.1 over a real collection: the paired extension's request lands in the sources' inbox file,
a build runs and the paper appears; a request without the token, from another origin, as a form or
a simple request, or for a foreign Host is refused, and nothing is written. The server takes the
paper's metadata from the arXiv API (a local replay server of real arXiv answers), and the page's
when arXiv is down, slow, failing or has no such paper."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest
from extension_browser import sitegen_serve
from live_server import free_port
from pull_server import arxiv_feed_bytes, truncated
from site_builder import build_with_inbox_folder
from starlette.responses import Response

from sitegen.serve.arxiv_lookup import ARXIV_WAIT
from sitegen.serve.inbox import MAX_PER_MINUTE, Inbox, InboxError, inbox_record

EXTENSION = "chrome-extension://" + "a" * 32
OTHER_EXTENSION = "chrome-extension://" + "b" * 32
NEW_PAPER = {
    "arxiv_id": "2509.90077v2",
    "title": "Saving Papers While Reading: An Inbox for Collections",
    "authors": ["Ada Reader", "Bo Browser"],
    "abstract": "We save what we read, from the page, into the collection's own sources.",
    "date": "2025-09-20",
    "tags": ["Reasoning"],
    "notes": "Seen on arXiv's new list.",
}


@pytest.fixture(scope="module")
def collection(tmp_path_factory, replay_server):
    """(config, base URL, token) of a small collection whose sources are its sources/ folder, served
    with the replay server as its arXiv API."""
    _, arxiv = replay_server
    root = tmp_path_factory.mktemp("inbox")
    config = build_with_inbox_folder(root, arxiv_api_url=f"{arxiv}/api/query")
    with sitegen_serve(config.root / "sitegen.yml") as base:
        token = (config.state_path / "inbox-token").read_text().strip()
        yield config, base, token


def inbox_text(config) -> str:
    path = config.root / "sources" / "inbox.jsonl"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def inbox_line(config, arxiv_id: str) -> dict:
    [line] = [json.loads(line) for line in inbox_text(config).splitlines() if arxiv_id in line]
    return line


def post(base, body, token=None, origin=EXTENSION, **headers):
    sent = {"Content-Type": "application/json", **headers}
    if token:
        sent["X-Sitegen-Token"] = token
    if origin:
        sent["Origin"] = origin
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return httpx.post(f"{base}api/v1/inbox", content=data, headers=sent, timeout=30)


def wait_for_paper(base: str, arxiv_id: str, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = httpx.get(f"{base}api/v1/lookup", params={"arxiv": arxiv_id}, timeout=10)
        if answer.status_code == 200:
            return answer.json()
        time.sleep(0.5)
    raise AssertionError(f"{arxiv_id} did not appear within {seconds} s")


@pytest.mark.parametrize(
    "change, status, says",
    [
        ({"token": None}, 403, "does not know that token"),
        ({"token": "not-the-token"}, 403, "does not know that token"),
        ({"origin": "https://evil.example"}, 403, "only the paired browser extension"),
        ({"origin": None}, 403, "only the paired browser extension"),
        ({"Content-Type": "text/plain"}, 415, "send the paper as JSON"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415, "send the paper as JSON"),
        ({"Host": "evil.example"}, 400, "Invalid host header"),
        ({"body": {"arxiv_id": "2509.90078"}}, 400, "'title' is required"),
        ({"body": {**NEW_PAPER, "arxiv_id": "not-an-id"}}, 400, "must be an arXiv id"),
        ({"body": {**NEW_PAPER, "script": "x"}}, 400, "unknown field 'script'"),
        ({"body": "{not json"}, 400, "not JSON"),
        ({"body": {**NEW_PAPER, "abstract": "x" * 20_000}}, 413, "at most 16 KB"),
    ],
)
def test_refused_requests_write_nothing(collection, change, status, says):
    config, base, token = collection
    before = inbox_text(config)
    options = {"token": token, "origin": EXTENSION, "body": NEW_PAPER, **change}
    body, token_sent, origin = options.pop("body"), options.pop("token"), options.pop("origin")
    answer = post(base, body, token_sent, origin, **options)
    assert answer.status_code == status, answer.text
    assert says in answer.text
    assert inbox_text(config) == before


def test_a_web_page_gets_no_cors_answer(collection):
    """A page elsewhere is not let past the preflight a JSON POST with a token header needs."""
    _, base, _ = collection
    answer = httpx.options(
        f"{base}api/v1/inbox",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-sitegen-token",
        },
    )
    assert "access-control-allow-origin" not in answer.headers


def test_the_paired_extension_saves_a_paper_and_the_site_shows_it(collection):
    config, base, token = collection
    assert httpx.get(f"{base}api/v1/inbox", headers={"Origin": EXTENSION}).status_code == 403
    paired = httpx.get(
        f"{base}api/v1/inbox", headers={"Origin": EXTENSION, "X-Sitegen-Token": token}
    )
    assert paired.json()["paired"] is True and paired.json()["reads_inbox"] is True

    answer = post(base, NEW_PAPER, token)
    assert answer.status_code == 202, answer.text
    # arXiv has no such paper (the replay server's feed holds real ones only): the page's word is kept.
    assert answer.json() == {
        "status": "added",
        "arxiv_id": "2509.90077",
        "building": True,
        "metadata": "page",
    }
    [line] = inbox_text(config).splitlines()
    assert json.loads(line) == {
        **NEW_PAPER,
        "arxiv_id": "2509.90077",
        "url": "https://arxiv.org/abs/2509.90077",
    }

    record = wait_for_paper(base, "2509.90077")
    assert record["title"] == NEW_PAPER["title"] and record["notes"] == NEW_PAPER["notes"]
    assert httpx.get(f"{base}{record['url']}").status_code == 200
    hits = httpx.get(f"{base}api/v1/search", params={"q": "inbox collections"}).json()["hits"]
    assert record["id"] in [hit["id"] for hit in hits]

    again = post(base, NEW_PAPER, token)
    assert again.json() == {"status": "exists", "arxiv_id": "2509.90077", "url": record["url"]}
    assert len(inbox_text(config).splitlines()) == 1

    # Paired once, the server takes no other extension's writes, even with the token.
    other = post(base, {**NEW_PAPER, "arxiv_id": "2509.90079"}, token, OTHER_EXTENSION)
    assert other.status_code == 403 and "another one paired first" in other.text


# What a page might say of a paper arXiv has (2005.14124 of the replay server's real feed).
PAGE_SAYS = {
    "arxiv_id": "2005.14124v2",
    "title": "Active Fuzzing for CPS (as the page shortened it)",
    "authors": ["Y. Chen"],
    "abstract": "The page's own abstract.",
    "date": "2020-06-01",
    "tags": ["Testing", "Security"],
    "notes": "Read on the train.",
}


def test_the_server_takes_title_abstract_authors_and_date_from_arxiv(collection, replay):
    """arXiv's metadata wins over the page's; the user's tags and note are kept; it builds."""
    config, base, token = collection
    server, _ = replay
    answer = post(base, PAGE_SAYS, token)
    assert answer.status_code == 202, answer.text
    assert answer.json()["metadata"] == "arxiv"
    assert server.asked("/api/query") == ["/api/query?id_list=2005.14124&max_results=1"]
    saved = inbox_line(config, "2005.14124")
    assert saved.pop("abstract").startswith("Cyber-physical systems (CPSs) in critical infra")
    assert saved == {
        "arxiv_id": "2005.14124",
        "title": "Active Fuzzing for Testing and Securing Cyber-Physical Systems",
        "authors": ["Yuqi Chen", "Bohan Xuan", "Christopher M. Poskitt", "Jun Sun", "Fan Zhang"],
        "date": "2020-05-28",
        "tags": ["Testing", "Security"],
        "notes": "Read on the train.",
        "url": "https://arxiv.org/abs/2005.14124",
    }
    record = wait_for_paper(base, "2005.14124")
    assert record["title"] == saved["title"] and record["notes"] == "Read on the train."


# An arXiv that answers, but with nothing to use (each for a paper of the real feed, so that a
# working arXiv would have had it).
FAILURES = {
    "HTTP 500": ("2204.08348", lambda server: server.faults.append(Response("busy", 500))),
    "not a feed": (
        "2302.03287",
        lambda server: server.faults.append(Response(b"<html><p>Hello</p></html>", 200)),
    ),
    "half a feed": (
        "1202.4527",
        lambda server: server.faults.append(truncated(arxiv_feed_bytes(), "application/atom+xml")),
    ),
    "too slow": ("2503.05378", lambda server: setattr(server, "delay", ARXIV_WAIT + 5)),
    "no such paper": ("2509.90140", lambda server: None),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_without_arxiv_s_answer_the_page_s_metadata_is_saved_in_bounded_time(
    collection, replay, failure
):
    config, base, token = collection
    server, _ = replay
    arxiv_id, arrange = FAILURES[failure]
    arrange(server)
    started = time.monotonic()
    answer = post(base, {**PAGE_SAYS, "arxiv_id": arxiv_id}, token)
    took = time.monotonic() - started
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "added" and answer.json()["metadata"] == "page"
    assert server.asked("/api/query") == [f"/api/query?id_list={arxiv_id}&max_results=1"]
    assert inbox_line(config, arxiv_id) == {
        **PAGE_SAYS,
        "arxiv_id": arxiv_id,
        "url": f"https://arxiv.org/abs/{arxiv_id}",
    }
    assert took < ARXIV_WAIT + 3, f"the save took {took:.1f} s"


def test_with_arxiv_unreachable_the_page_s_metadata_is_saved(tmp_path):
    """No server at the API's address (as with no network): the save goes on with the page's word."""
    config = build_with_inbox_folder(
        tmp_path, arxiv_api_url=f"http://127.0.0.1:{free_port()}/api/query"
    )
    with sitegen_serve(config.root / "sitegen.yml") as base:
        token = (config.state_path / "inbox-token").read_text().strip()
        started = time.monotonic()
        answer = post(base, PAGE_SAYS, token)
        took = time.monotonic() - started
    assert answer.status_code == 202 and answer.json()["metadata"] == "page", answer.text
    assert inbox_line(config, "2005.14124") == {
        **PAGE_SAYS,
        "arxiv_id": "2005.14124",
        "url": "https://arxiv.org/abs/2005.14124",
    }
    assert took < ARXIV_WAIT + 3, f"the save took {took:.1f} s"


def test_adding_is_bounded_in_rate(tmp_path):
    now = [0.0]
    inbox = Inbox(tmp_path / "inbox.jsonl", clock=lambda: now[0])
    for n in range(MAX_PER_MINUTE):
        inbox.add(inbox_record({"arxiv_id": f"2509.{90100 + n}", "title": f"Paper {n}"}))
    with pytest.raises(InboxError, match="at most 10 papers a minute"):
        inbox.add(inbox_record({"arxiv_id": "2509.90200", "title": "One too many"}))
    now[0] = 61.0
    assert inbox.add(inbox_record({"arxiv_id": "2509.90200", "title": "A minute on"})).new
    assert len((tmp_path / "inbox.jsonl").read_text().splitlines()) == MAX_PER_MINUTE + 1


@pytest.mark.parametrize(
    "title",
    [
        "a: b\n- c",  # YAML-looking text
        '{"title": "x"}',
        "\u0000null\u001bescape\u2028line separator",
        "<script>alert(1)</script>",
    ],
)
def test_text_that_looks_like_anything_is_a_title_still(tmp_path, title):
    """Whatever the page said, the line reads back as one paper with its text."""
    inbox = Inbox(tmp_path / "inbox.jsonl")
    added = inbox.add(inbox_record({"arxiv_id": "2509.90300", "title": title}))
    assert added.new and added.title.strip()


def test_sitegen_token_prints_the_token_and_makes_a_new_one(tmp_path):
    (tmp_path / "sitegen.yml").write_text("sources: [sources]\n")

    def token(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sitegen", "token", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    first = token()
    assert len(first) >= 32 and token() == first
    path = tmp_path / ".sitegen" / "inbox-token"
    assert path.read_text().strip() == first and path.stat().st_mode & 0o077 == 0
    (tmp_path / ".sitegen" / "inbox-origin").write_text(EXTENSION)
    assert token("--new") != first
    assert not (tmp_path / ".sitegen" / "inbox-origin").exists()  # pair again, from any extension

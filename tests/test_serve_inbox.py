"""Saving a paper through `sitegen serve` (POST /api/v1/inbox), against a real server process on
127.0.0.1 over a real collection: the paired extension's request lands in the sources' inbox file,
a build runs and the paper appears; a request without the token, from another origin, as a form or
a simple request, or for a foreign Host is refused, and nothing is written."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest
from extension_browser import sitegen_serve
from site_builder import build_with_inbox_folder

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
def collection(tmp_path_factory):
    """(config, base URL, token) of a small collection whose sources are its sources/ folder."""
    config = build_with_inbox_folder(tmp_path_factory.mktemp("inbox"))
    with sitegen_serve(config.root / "sitegen.yml") as base:
        token = (config.state_path / "inbox-token").read_text().strip()
        yield config, base, token


def inbox_text(config) -> str:
    path = config.root / "sources" / "inbox.jsonl"
    return path.read_text(encoding="utf-8") if path.exists() else ""


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
    assert answer.json() == {"status": "added", "arxiv_id": "2509.90077", "building": True}
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

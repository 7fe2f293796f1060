"""Arbitrary strings thrown at every search parameter (and the other endpoints): never a 5xx, always JSON."""

from __future__ import annotations

from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Query syntax pieces mixed with anything at all, so the parser's corners get hit often.
PIECES = st.sampled_from(
    [
        '"',
        "-",
        "tag:",
        "author:",
        'tag:"',
        "AND",
        "OR",
        "*",
        "?",
        "(",
        ")",
        ":",
        "\\",
        "quantization",
        "survey",
        "2401.00001v2",
        "é",
        "\x00",
        " ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join),
)
NUMBER = st.one_of(st.integers(-(10**12), 10**12).map(str), st.text(max_size=12))
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    assert response.headers["content-type"].startswith("application/json")
    response.json()


@SETTINGS
@given(
    q=TEXT,
    tag=st.one_of(st.none(), TEXT),
    limit=st.one_of(st.none(), NUMBER),
    page=st.one_of(st.none(), NUMBER),
)
def test_search_never_fails(client, q, tag, limit, page):
    params = {
        k: v for k, v in {"q": q, "tag": tag, "limit": limit, "page": page}.items() if v is not None
    }
    check(client.get("/api/v1/search", params=params))


@SETTINGS
@given(
    arxiv=TEXT,
    url=TEXT,
    paper_id=st.text(min_size=1, max_size=60).filter(
        lambda s: "/" not in s and s not in (".", "..")
    ),
)
def test_lookup_and_papers_never_fail(client, arxiv, url, paper_id):
    check(client.get("/api/v1/lookup", params={"arxiv": arxiv}))
    check(client.get("/api/v1/lookup", params={"url": url}))
    check(client.get("/api/v1/papers/" + quote(paper_id, safe="")))

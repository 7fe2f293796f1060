"""The API and the site over HTTP, against a real uvicorn on a random port serving a real build of the sample."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import httpx
import pytest

from sitegen.model import paper_record

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


def assert_json_error(response: httpx.Response, status: int, says: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert says in body["error"], body
    assert "Traceback" not in response.text


def some_paper(collection):
    return next(p for p in collection.papers.values() if p.tags)


# --- search ---------------------------------------------------------------


def test_search_answers_in_the_documented_shape(client, served_site):
    answer = client.get("/api/v1/search", params={"q": "quantization survey"}).json()
    assert set(answer) == {"query", "total", "page", "hits", "facets", "suggestion", "corrected"}
    assert answer["query"] == "quantization survey" and answer["page"] == 1
    top = answer["hits"][0]
    assert top["title"].startswith("A Survey of Quantization Methods")
    assert top["url"] == f"papers/{top['id']}/"
    assert set(top) == {
        "id",
        "title",
        "url",
        "tags",
        "score",
        "snippet",
        "date",
        "upvotes",
        "tldr",
    }
    assert "<mark>" in top["snippet"]


def test_search_urls_are_pages_of_the_site(client):
    hit = client.get("/api/v1/search", params={"q": "copyright traps"}).json()["hits"][0]
    page = client.get("/" + hit["url"])
    assert page.status_code == 200 and "Copyright Traps" in page.text


def test_typo_is_corrected(client):
    answer = client.get("/api/v1/search", params={"q": "quantizaton survey"}).json()
    assert answer["corrected"] is True and answer["suggestion"] == "quantization survey"
    assert answer["hits"][0]["title"].startswith("A Survey of Quantization")


def test_tag_filter_and_facets(client, served_site):
    _, collection = served_site
    slug, tag = next(iter(collection.tags.items()))
    for given in (slug, tag.name):
        answer = client.get(
            "/api/v1/search", params={"q": "learning", "tag": given, "limit": 100}
        ).json()
        assert answer["hits"] and all(
            slug in [t["slug"] for t in hit["tags"]] for hit in answer["hits"]
        )
        assert answer["facets"]["tags"][slug] == answer["total"]


def test_limit_is_capped_at_100_and_pages_follow_on(client):
    big = client.get(
        "/api/v1/search", params={"q": "language models learning", "limit": 1000}
    ).json()
    assert len(big["hits"]) == min(100, big["total"])
    first = client.get(
        "/api/v1/search", params={"q": "language models learning", "limit": 5}
    ).json()
    second = client.get(
        "/api/v1/search", params={"q": "language models learning", "limit": 5, "page": 2}
    ).json()
    assert [h["id"] for h in first["hits"] + second["hits"]] == [h["id"] for h in big["hits"][:10]]


@pytest.mark.parametrize(
    "params, status, says",
    [
        ({}, 400, "empty"),
        ({"q": ""}, 400, "empty"),
        ({"q": "x" * 10_000}, 400, "characters long"),
        ({"q": '- "" tag: -"'}, 400, "no words"),
        ({"q": "the and of"}, 400, "no words"),
        ({"q": "reasoning", "limit": "-1"}, 400, "limit"),
        ({"q": "reasoning", "limit": "0"}, 400, "limit"),
        ({"q": "reasoning", "limit": "ten"}, 400, "limit"),
        ({"q": "reasoning", "limit": "9" * 40}, 400, "limit"),
        ({"q": "reasoning", "page": "-3"}, 400, "page"),
        ({"q": "reasoning", "page": "99999999"}, 400, "page"),
        ({"q": "reasoning", "tag": "no-such-tag"}, 400, "unknown tag"),
        ({"q": "reasoning tag:nope"}, 400, "unknown tag"),
        ({"q": "reasoning", "sort": "stars"}, 400, "sort must be one of relevance, date, upvotes"),
        ({"q": "reasoning", "has_code": "yes"}, 400, "has_code must be true or false"),
    ],
)
def test_malformed_search_parameters_are_4xx_json(client, params, status, says):
    assert_json_error(client.get("/api/v1/search", params=params), status, says)


def test_sort_and_has_code(client, served_site):
    _, collection = served_site
    params = {"q": "language models", "limit": 100}
    newest = client.get("/api/v1/search", params={**params, "sort": "date"}).json()
    dates = [hit["date"] or "" for hit in newest["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) > 10
    voted = client.get("/api/v1/search", params={**params, "sort": "upvotes"}).json()
    votes = [-1 if hit["upvotes"] is None else hit["upvotes"] for hit in voted["hits"]]
    assert votes == sorted(votes, reverse=True) and voted["total"] == newest["total"]
    with_code = client.get("/api/v1/search", params={**params, "has_code": "true"}).json()
    assert with_code["total"] == sum(
        1 for hit in newest["hits"] if collection.papers[hit["id"]].code_url
    )
    every = client.get("/api/v1/search", params={**params, "has_code": "false"}).json()
    assert every["total"] == newest["total"]


def test_hits_carry_upvotes_and_the_tldr(client, served_site):
    _, collection = served_site
    paper = next(p for p in collection.papers.values() if p.tldr and p.upvotes)
    hits = client.get("/api/v1/search", params={"q": paper.title}).json()["hits"]
    hit = next(hit for hit in hits if hit["id"] == paper.id)
    assert (hit["upvotes"], hit["tldr"]) == (paper.upvotes, paper.tldr)


def test_unbalanced_quotes_give_results_not_errors(client):
    answer = client.get("/api/v1/search", params={"q": '"chain of thought'}).json()
    assert answer["total"] > 0


# --- papers, lookup, tags, health ----------------------------------------------


def test_paper_record_is_the_one_serializer(client, served_site):
    _, collection = served_site
    paper = some_paper(collection)
    assert client.get(f"/api/v1/papers/{paper.id}").json() == paper_record(paper, collection)
    # The static API's file name works on the live server too.
    assert client.get(f"/api/v1/papers/{paper.id}.json").json() == paper_record(paper, collection)


@pytest.mark.parametrize(
    "paper_id, says",
    [
        ("no-such-paper", "no paper"),
        ("%00", "no paper"),
        (".hidden", "no paper"),
        ("a" * 500, "no paper"),
        ("..%2f..%2fetc%2fpasswd", "Not Found"),  # decoded to slashes: no longer a paper id at all
    ],
)
def test_unknown_paper_is_404_json(client, paper_id, says):
    assert_json_error(client.get(f"/api/v1/papers/{paper_id}"), 404, says)


def test_dot_dot_paper_id_is_404_json(live_server):
    status, body = raw_get(live_server, "/api/v1/papers/..")
    assert status == 404 and "no paper" in json.loads(body)["error"]


def test_lookup_by_arxiv_id_and_urls(client, served_site):
    _, collection = served_site
    paper = next(p for p in collection.papers.values() if p.arxiv_id)
    record = paper_record(paper, collection)
    for params in (
        {"arxiv": paper.arxiv_id},
        {"arxiv": f"{paper.arxiv_id}v3"},
        {"arxiv": f"arXiv:{paper.arxiv_id}"},
        {"url": f"https://arxiv.org/abs/{paper.arxiv_id}v2"},
        {"url": f"https://arxiv.org/pdf/{paper.arxiv_id}v1.pdf"},
        {"url": f"https://arxiv.org/pdf/{paper.arxiv_id}"},
        {"url": f"https://huggingface.co/papers/{paper.arxiv_id}"},
    ):
        assert client.get("/api/v1/lookup", params=params).json() == record, params


@pytest.mark.parametrize(
    "params, status, says",
    [
        ({}, 400, "give arxiv=ID or url=URL"),
        ({"arxiv": "not-an-id"}, 400, "not an arXiv id"),
        ({"url": "https://example.org/abs/2401.00001"}, 400, "not an arXiv id"),
        ({"url": "::::"}, 400, "not an arXiv id"),
        ({"arxiv": "1999.99999"}, 400, "not an arXiv id"),  # no month 99
        ({"arxiv": "2401.99999"}, 404, "not in the collection"),
        ({"url": "https://arxiv.org/abs/2401.99999v9"}, 404, "not in the collection"),
    ],
)
def test_lookup_errors(client, params, status, says):
    assert_json_error(client.get("/api/v1/lookup", params=params), status, says)


def test_batch_lookup_answers_for_the_papers_found(client, served_site):
    _, collection = served_site
    known = [p for p in collection.papers.values() if p.arxiv_id][:3]
    asked = [f"{known[0].arxiv_id}v2", "2401.99999", *(p.arxiv_id for p in known[1:])]
    answer = client.get("/api/v1/lookup", params={"arxiv": ",".join(asked)}).json()
    assert answer == {
        "papers": {
            p.arxiv_id: {
                key: paper_record(p, collection)[key] for key in ("id", "title", "url", "tags")
            }
            for p in known
        }
    }
    # A comma makes a batch, of one id too.
    one = client.get("/api/v1/lookup", params={"arxiv": f"{known[0].arxiv_id},"}).json()
    assert list(one["papers"]) == [known[0].arxiv_id]


@pytest.mark.parametrize(
    "listed, says",
    [
        (",".join(["2401.99999"] * 201), "at most 200 arXiv ids in one lookup, got 201"),
        ("2403.09629,not-an-id", "'not-an-id' is not an arXiv id"),
    ],
)
def test_batch_lookup_errors(client, listed, says):
    assert_json_error(client.get("/api/v1/lookup", params={"arxiv": listed}), 400, says)


def test_batch_lookup_of_200_ids_is_answered(client):
    listed = ",".join(f"2401.{n:05d}" for n in range(1, 201))
    assert client.get("/api/v1/lookup", params={"arxiv": listed}).json() == {"papers": {}}


def test_tags_list_every_tag_with_its_count(client, served_site):
    _, collection = served_site
    tags = client.get("/api/v1/tags").json()["tags"]
    counts = collection.tag_counts()
    assert {t["slug"]: (t["name"], t["count"]) for t in tags} == {
        s: (collection.tags[s].name, counts[s]) for s in collection.tags
    }


def test_health(client, served_site):
    _, collection = served_site
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["mode"] == "live"
    assert health["papers"] == len(collection.papers)
    assert health["index_built"]


def test_static_api_files_are_served_beside_the_live_api(client, served_site):
    _, collection = served_site
    assert client.get("/api/v1/health.json").json()["mode"] == "static"
    assert len(client.get("/api/v1/search.json").json()["papers"]) == len(collection.papers)


def test_unknown_api_path_is_404_json(client):
    assert_json_error(client.get("/api/v1/nothing-here"), 404, "Not Found")


# --- CORS, static files, caching -----------------------------------------------------


def test_cors_allows_extensions_and_not_other_origins(client):
    allowed = client.get("/api/v1/health", headers={"Origin": EXTENSION})
    assert allowed.headers["access-control-allow-origin"] == EXTENSION
    refused = client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers
    preflight = client.options(
        "/api/v1/search", headers={"Origin": EXTENSION, "Access-Control-Request-Method": "GET"}
    )
    assert (
        preflight.status_code == 200
        and preflight.headers["access-control-allow-origin"] == EXTENSION
    )
    bad_preflight = client.options(
        "/api/v1/search",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert bad_preflight.status_code == 400


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """A request with the path sent exactly as written (HTTP clients would normalise the dots)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/..%2f..%2fetc/passwd",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/papers/..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/..%2f..%2f..%2fetc/passwd",
        "/api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
    ],
)
def test_static_files_cannot_be_read_outside_the_site(live_server, path):
    status, body = raw_get(live_server, path)
    assert status == 404
    assert b"root:" not in body


def test_site_pages_and_cache_headers(client):
    home = client.get("/")
    assert home.status_code == 200 and "<html" in home.text.lower()
    assert home.headers["cache-control"] == "no-cache" and home.headers.get("etag")
    assert client.get("/", headers={"If-None-Match": home.headers["etag"]}).status_code == 304
    bundle = next(a for a in _asset_links(home.text) if a.endswith(".min.js"))
    asset = client.get("/" + bundle)
    assert asset.status_code == 200 and "immutable" in asset.headers["cache-control"]
    assert (
        client.get("/api/v1/search", params={"q": "survey"}).headers["cache-control"] == "no-cache"
    )


def _asset_links(html: str) -> list[str]:
    import re

    return re.findall(r'src="(assets/javascripts/[^"]+)"', html)


def test_missing_page_is_404(client):
    assert client.get("/no/such/page/").status_code == 404


def test_no_response_ever_carries_a_trace(client):
    for path in (
        "/api/v1/search?q=%ff%fe",
        "/api/v1/papers/%ff",
        "/api/v1/lookup?url=http://[::1",
        "/api/v1/search?limit=1&q=a&q=b",
    ):
        response = client.get(path)
        assert response.status_code < 500, (path, response.text)
        assert "Traceback" not in response.text
        json.loads(response.text)


# --- hardening ----------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "attacker.localhost.example"]
)
def test_a_request_for_another_host_name_is_refused(live_server, host):
    """DNS rebinding: a page whose own name points at 127.0.0.1 still sends its name as Host."""
    for path in ("/api/v1/health", "/api/v1/search?q=survey", "/"):
        response = httpx.get(live_server + path, headers={"Host": host})
        assert response.status_code == 400, path
        assert "papers" not in response.text


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_loopback_names_are_accepted(live_server, host):
    port = urlsplit(live_server).port
    assert (
        httpx.get(live_server + "/api/v1/health", headers={"Host": f"{host}:{port}"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    "path",
    ["/", "/api/v1/health", "/api/v1/search?q=survey", "/no/such/page/", "/api/v1/papers/nope"],
)
def test_every_answer_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["content-security-policy"] == "frame-ancestors 'self'"


@pytest.mark.parametrize(
    "path", ["/.sitegen-build.json", "/api/v1/.sitegen-build.json", "/.hidden/", "/papers/.x"]
)
def test_the_builds_own_dot_files_are_not_served(live_server, served_site, path):
    config, _ = served_site
    stamp = (
        config.site_path / ".sitegen-build.json"
    ).read_bytes()  # the premise: the file is there
    status, body = raw_get(live_server, path)
    assert status == 404 and stamp not in body


def test_named_extension_ids_are_the_only_extensions_allowed(tmp_path):
    import re

    from sitegen.config import Config, load_config
    from sitegen.errors import ConfigError
    from sitegen.serve.app import allowed_origins

    ours, theirs = "a" * 32, "b" * 32
    regex = allowed_origins(Config(root=tmp_path, extension_ids=[ours]))
    assert re.fullmatch(regex, f"chrome-extension://{ours}")
    assert not re.fullmatch(regex, f"chrome-extension://{theirs}")
    assert re.fullmatch(allowed_origins(Config(root=tmp_path)), f"chrome-extension://{theirs}")
    (tmp_path / "sitegen.yml").write_text("extension_ids: [not-an-id]\n")
    with pytest.raises(ConfigError, match="extension_ids"):
        load_config(root=tmp_path)
    (tmp_path / "sitegen.yml").write_text("allowed_hosts: [papers.lab.example, 42]\n")
    with pytest.raises(ConfigError, match="allowed_hosts"):
        load_config(root=tmp_path)


@pytest.mark.parametrize("path", ["/", "/api/v1/search.json", "/api/v1/search?q=quantization"])
def test_text_is_sent_gzipped_to_a_client_that_accepts_it(live_server, served_site, path):
    config, _ = served_site
    with httpx.Client(base_url=live_server, timeout=30) as http:
        packed = http.get(path, headers={"Accept-Encoding": "gzip"})
        plain = http.get(path, headers={"Accept-Encoding": "identity"})
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert packed.content == plain.content  # httpx undoes the gzip: the same bytes arrive
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    if path == "/":
        assert plain.content == (config.site_path / "index.html").read_bytes()

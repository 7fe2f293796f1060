"""A running server picks up a rebuilt site and index without a restart; lookups by arXiv id and URL."""

from __future__ import annotations

import shutil

import httpx
import pytest
from live_server import free_port, run_server

from sitegen.config import Config
from sitegen.model import Collection, Paper, Tag, paper_record
from sitegen.publish import swap_in
from sitegen.render.static_api import write_static_api
from sitegen.search import build_index
from sitegen.serve.app import create_app

FIRST = Paper(
    id="2401.00001",
    arxiv_id="2401.00001",
    title="COLEP: Conformal Prediction",
    abstract="Certified conformal prediction.",
    tags=["robustness"],
)
SECOND = Paper(
    id="2402.00002",
    arxiv_id="2402.00002",
    title="Zebrafinch Song Learning",
    abstract="Songbirds imitate songs.",
    tags=["robustness"],
)
TAGS = {"robustness": Tag("robustness", "Robustness")}


def publish(config: Config, papers: list[Paper]) -> Collection:
    """What a build does, in miniature: a fresh site folder swapped in, then a new index generation."""
    collection = Collection(papers={p.id: p for p in papers}, tags=TAGS)
    fresh = config.site_path.with_name("site.new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    (fresh / "index.html").write_text("<!doctype html><html><body>papers</body></html>")
    write_static_api(collection, fresh)
    swap_in(fresh, config.site_path)
    build_index(collection, config.state_path / "index")
    return collection


@pytest.fixture
def small_server(tmp_path):
    config = Config(root=tmp_path)
    publish(config, [FIRST])
    for base in run_server(create_app(config), free_port()):
        with httpx.Client(base_url=base, timeout=30) as http:
            yield config, http


def test_lookup_by_arxiv_id_and_paper_urls(small_server):
    config, http = small_server
    record = paper_record(FIRST, Collection(papers={FIRST.id: FIRST}, tags=TAGS))
    for params in (
        {"arxiv": "2401.00001"},
        {"arxiv": "2401.00001v3"},
        {"arxiv": "arXiv:2401.00001"},
        {"url": "https://arxiv.org/abs/2401.00001v2"},
        {"url": "https://arxiv.org/pdf/2401.00001v1.pdf"},
        {"url": "http://export.arxiv.org/abs/2401.00001"},
        {"url": "https://huggingface.co/papers/2401.00001"},
    ):
        assert http.get("/api/v1/lookup", params=params).json() == record, params
    assert http.get("/api/v1/lookup", params={"arxiv": "2402.00002"}).status_code == 404


def test_rebuilt_site_and_index_are_served_without_restart(small_server):
    config, http = small_server
    assert http.get("/api/v1/search", params={"q": "zebrafinch"}).json()["total"] == 0
    assert http.get("/api/v1/health").json()["papers"] == 1
    collection = publish(config, [FIRST, SECOND])
    assert [
        h["id"] for h in http.get("/api/v1/search", params={"q": "zebrafinch"}).json()["hits"]
    ] == [SECOND.id]
    assert http.get(f"/api/v1/papers/{SECOND.id}").json() == paper_record(SECOND, collection)
    assert (
        http.get("/api/v1/lookup", params={"url": "https://arxiv.org/abs/2402.00002"}).json()["id"]
        == SECOND.id
    )
    assert http.get("/api/v1/tags").json()["tags"][0]["count"] == 2
    assert http.get("/api/v1/health").json()["papers"] == 2


def test_without_an_index_the_api_says_what_to_do(tmp_path):
    config = Config(root=tmp_path)
    (config.site_path).mkdir()
    for base in run_server(create_app(config), free_port()):
        with httpx.Client(base_url=base, timeout=30) as http:
            for path in ("/api/v1/health", "/api/v1/search?q=x"):
                response = http.get(path)
                assert response.status_code == 503 and "sitegen build" in response.json()["error"]

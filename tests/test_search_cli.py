"""`sitegen search` and `sitegen serve` as a user runs them: real processes in a collection folder."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
from live_server import free_port

from sitegen.cli import search as search_command
from sitegen.render.static_api import write_static_api
from sitegen.search import SearchIndex, build_index
from sitegen.search.order import SORTS


def sitegen(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_search_prints_ranked_titles_tags_and_paths(sample, tmp_path):
    build_index(sample, tmp_path / ".sitegen" / "index")
    result = sitegen("search", "quantizaton survey", "--limit", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "showing results for 'quantization survey'" in lines[0]
    assert lines[1].startswith("  1. A Survey of Quantization Methods")
    survey = next(
        p for p in sample.papers.values() if p.title.startswith("A Survey of Quantization")
    )
    assert lines[2].split()[0] == f"papers/{survey.id}/"
    assert all(sample.tags[slug].name in lines[2] for slug in survey.tags)
    assert lines[-1].endswith("paper(s) match")


def test_search_sorts_and_keeps_papers_with_code_as_the_api_does(sample, tmp_path):
    build_index(sample, tmp_path / ".sitegen" / "index")
    result = sitegen("search", "language models", "--sort", "date", "--limit", "5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    paths = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("     ")]
    newest = SearchIndex(tmp_path / ".sitegen" / "index").search(
        "language models", sort="date", limit=5
    )
    assert paths == [hit["url"] for hit in newest["hits"]]
    result = sitegen("search", "language models", "--has-code", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.splitlines()[-1] == "0 paper(s) match"
    option = next(p for p in search_command.params if p.name == "sort")
    assert tuple(option.type.choices) == SORTS


def test_search_errors_are_one_line_and_exit_1(sample, tmp_path):
    result = sitegen("search", "anything", cwd=tmp_path)
    assert result.returncode == 1 and "run `sitegen build` first" in result.stderr
    build_index(sample, tmp_path / ".sitegen" / "index")
    result = sitegen("search", "reasoning", "--tag", "nope", cwd=tmp_path)
    assert result.returncode == 1 and "unknown tag 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_a_site_says_to_build(tmp_path):
    result = sitegen("serve", "--port", str(free_port()), cwd=tmp_path)
    assert result.returncode == 1 and "run `sitegen build` first" in result.stderr


def test_serve_serves_the_site_and_api(sample, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>papers</title>")
    write_static_api(sample, site)
    build_index(sample, tmp_path / ".sitegen" / "index")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        health = _wait_for(f"http://127.0.0.1:{port}/api/v1/health")
        assert health["papers"] == len(sample.papers)
        assert "papers" in httpx.get(f"http://127.0.0.1:{port}/").text
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(url: str) -> dict:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.get(url, timeout=5).json()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)

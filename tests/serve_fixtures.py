"""Fixtures for the search and server tests: the bundled sample as a collection, and a real uvicorn server.

conftest.py loads this module as a plugin, so its session fixtures run once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import free_port, run_server
from site_builder import build_collection

from sitegen.config import load_config
from sitegen.model import Collection
from sitegen.pipeline import load_collection
from sitegen.search import SearchIndex, build_index
from sitegen.serve.app import create_app

# Every search test runs against each backend.
BACKENDS = ["whoosh", "tantivy"]


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Collection:
    """The bundled sample, read and enriched."""
    return load_collection(load_config(root=tmp_path_factory.mktemp("collection"))).collection


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """The name of a search backend; tests that use it run once per backend."""
    return request.param


@pytest.fixture(scope="session")
def sample_index(sample, backend, tmp_path_factory) -> Path:
    """An index root with one generation of the sample, written by the backend under test."""
    root = tmp_path_factory.mktemp(f"index-{backend}")
    build_index(sample, root, backend)
    return root


@pytest.fixture(scope="session")
def sample_indexes(sample, tmp_path_factory) -> dict[str, SearchIndex]:
    """The sample indexed by each backend, by name: what tests that compare the backends ask."""
    indexes = {}
    for name in ("whoosh", "tantivy"):
        root = tmp_path_factory.mktemp(f"both-{name}")
        build_index(sample, root, name)
        indexes[name] = SearchIndex(root)
    return indexes


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """(config, collection) of a real build of the sample, with its static API and search index."""
    config, report = build_collection(tmp_path_factory.mktemp("served"))
    return config, report.collection


@pytest.fixture(scope="session")
def live_server(served_site, backend, tmp_path_factory) -> Iterator[str]:
    """Base URL (no trailing slash) of a real uvicorn serving the built sample on a random port.

    The build's own index is Whoosh's (`auto` at the sample's size); for tantivy the same collection
    is indexed again.
    """
    config, collection = served_site
    index_root = config.state_path / "index"
    if backend != "whoosh":
        index_root = tmp_path_factory.mktemp(f"served-index-{backend}")
        build_index(collection, index_root, backend)
    yield from run_server(create_app(config, SearchIndex(index_root)), free_port())


@pytest.fixture(scope="session")
def client(live_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=30) as http:
        yield http

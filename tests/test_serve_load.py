"""`sitegen serve` under a bounded load, with a real rebuild in the middle: no 5xx, and never a
search answer from an index newer than the site (every hit's page is there when it is named).

Bounded: 127.0.0.1 only, 6 clients, at most 60 s."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from live_server import free_port, run_server
from site_builder import FIXTURES, make_collection

from sitegen.pipeline import build
from sitegen.serve.app import create_app
from sitegen.sources import bundled_sources

SAMPLE = [str(p) for p in bundled_sources()]
EXTRA = str(FIXTURES / "site" / "extra-day.yaml")
SITEGEN = Path(sys.executable).with_name("sitegen")
CLIENTS = 6
LIMIT_S = 60
REQUESTS = [
    ("/api/v1/search", {"q": "quantization"}),
    ("/api/v1/search", {"q": "lowbit four bits"}),
    ("/api/v1/search", {"q": "verifier", "limit": "5", "page": "2"}),
    ("/api/v1/search", {"q": "x", "limit": "-3"}),  # malformed: a 400, never a 5xx
    ("/api/v1/search", {"q": '"unclosed phrase'}),
    ("/api/v1/health", {}),
    ("/api/v1/papers/2611.00001", {}),  # 404 before the rebuild, 200 after
    ("/", {}),
]


def client_loop(base: str, stop: threading.Event, seen: Counter, stale: list, n: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        i = n
        while not stop.is_set():
            path, params = REQUESTS[i % len(REQUESTS)]
            i += 1
            response = http.get(path, params=params)
            seen[response.status_code] += 1
            if path == "/api/v1/search" and response.status_code == 200:
                for hit in response.json()["hits"]:
                    page = http.get(f"/api/v1/papers/{hit['id']}")
                    if page.status_code != 200:
                        stale.append((hit["id"], page.status_code))


def test_a_rebuild_under_load_gives_no_5xx_and_no_hit_without_its_page(tmp_path):
    config = make_collection(tmp_path / "c", SAMPLE)
    build(config)
    seen: Counter = Counter()
    stale: list = []
    stop = threading.Event()
    for base in run_server(create_app(config), free_port()):
        threads = [
            threading.Thread(target=client_loop, args=(base, stop, seen, stale, n))
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        started = time.monotonic()
        time.sleep(1)
        rebuilt = subprocess.run(
            [str(SITEGEN), "build", *SAMPLE, EXTRA],
            cwd=config.root,
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
        )
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join(timeout=LIMIT_S)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert time.monotonic() - started < LIMIT_S
        with httpx.Client(base_url=base) as http:
            assert http.get("/api/v1/papers/2611.00001").status_code == 200  # the rebuild is live
            hits = http.get("/api/v1/search", params={"q": "lowbit"}).json()["hits"]
            assert hits[0]["id"] == "2611.00001"
    assert sum(seen.values()) > 100
    assert not [status for status in seen if status >= 500], seen
    assert seen[400] > 0 and seen[404] > 0  # the malformed query and the page not yet built
    assert stale == []

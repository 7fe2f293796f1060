"""The search stages of bench/run.py: the real API server over the built index, queried by 1 and 16 clients.

The load generator and the server process are bench/search.py's (the search benchmark); this only
points them at the corpus' enriched collection, with tag filters on the collection's own tags.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.search import load, queries, start_server
from bench.stages import server_peak_mb
from sitegen.model import Collection

WARM_UP = 50


def query_params(collection: Collection, count: int, seed: int = 1) -> list[dict]:
    """Distinct queries as people type them; the tag filters use the collection's most common tags."""
    papers = list(collection.papers.values())
    common = [slug for slug, _ in Counter(s for p in papers for s in p.tags).most_common(5)]
    params = queries(papers, count, seed)
    for i, item in enumerate(params):
        if "tag" in item:
            if common:
                item["tag"] = common[i % len(common)]
            else:
                del item["tag"]
    return params


def search_rows(
    collection: Collection, index_root: Path, wanted: set[str], requests: int, seconds: float
) -> list[dict]:
    params = query_params(collection, requests * 2 + WARM_UP)
    process, base = start_server(index_root)
    rows = []
    try:
        load(base, params[-WARM_UP:], 1, WARM_UP, seconds)
        for offset, clients in ((0, 1), (requests, 16)):
            if f"search-{clients}" not in wanted:
                continue
            result = load(base, params[offset : offset + requests], clients, requests, seconds)
            rows.append(
                {
                    "stage": f"search-{clients}",
                    "n": len(collection.papers),
                    "seconds": result["requests"] / result["rps"],
                    "peak_mb": server_peak_mb(process.pid),
                    "requests": result["requests"],
                    "statuses": result["statuses"],
                    **{k: result[k] for k in ("p50", "p95", "p99", "rps")},
                }
            )
    finally:
        process.terminate()
        process.wait(timeout=30)
    return rows

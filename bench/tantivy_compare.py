"""`bench/run.py --compare`: tantivy (pip `tantivy`, the optional `bench` extra) on the same collection.

Same fields as sitegen's Whoosh index for the work that costs (title, abstract, tags; English
stemming), same queries, both in process, so the ratio is what the engine itself costs.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.search import in_process, percentile
from bench.search_load import query_params
from bench.stages import peak_mb
from sitegen.model import Collection


def tantivy_index(collection: Collection, path: Path):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("abstract", tokenizer_name="en_stem")
    builder.add_text_field("tags", stored=True, tokenizer_name="raw")
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(builder.build(), path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for paper in collection.papers.values():
        writer.add_document(
            tantivy.Document(
                id=paper.id, title=paper.title, abstract=paper.abstract, tags=list(paper.tags)
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def tantivy_latencies(index, params: list[dict], seconds: float) -> list[float]:
    searcher = index.searcher()
    latencies, deadline = [], time.monotonic() + seconds
    for item in params:
        if time.monotonic() > deadline:
            break
        text = item["q"] if "tag" not in item else f'({item["q"]}) AND tags:"{item["tag"]}"'
        started = time.perf_counter()
        try:
            query = index.parse_query(text, ["title", "abstract"], field_boosts={"title": 3.0})
            hits = searcher.search(query, 10).hits
            # fetch stored fields, as a result page does
            [searcher.doc(address) for _, address in hits]
        except ValueError:  # a query tantivy's syntax refuses still counts, as the API's 400 does
            pass
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def compare_rows(
    collection: Collection,
    index_root: Path,
    whoosh_index_seconds: float,
    requests: int,
    seconds: float,
) -> list[dict]:
    n = len(collection.papers)
    started = time.perf_counter()
    index = tantivy_index(collection, index_root.parent / "tantivy")
    built = time.perf_counter() - started
    params = query_params(collection, requests, seed=2)
    whoosh = in_process(index_root, params, requests, seconds)
    latencies = tantivy_latencies(index, params, seconds)
    tantivy = {q: percentile(latencies, f) for q, f in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}
    return [
        {
            "stage": "index (tantivy)",
            "n": n,
            "seconds": built,
            "peak_mb": peak_mb(),
            "ratio": whoosh_index_seconds / built,
        },
        {
            "stage": "query (whoosh, in process)",
            "n": n,
            "seconds": whoosh["requests"] / whoosh["rps"],
            "peak_mb": peak_mb(),
            **{k: whoosh[k] for k in ("p50", "p95", "p99", "rps")},
        },
        {
            "stage": "query (tantivy, in process)",
            "n": n,
            "seconds": sum(latencies) / 1000,
            "peak_mb": peak_mb(),
            "rps": len(latencies) / (sum(latencies) / 1000),
            **tantivy,
            "ratio": whoosh["p50"] / tantivy["p50"],
        },
    ]

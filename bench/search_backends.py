"""Where Whoosh falls behind tantivy: both backends' query time at each size, what `auto` is set by.

    python -m bench.search_backends --n 1000 3000 5000 10000 30000

Both index the first N papers of a bench/corpus.py corpus and answer the same queries as
bench/search.py, in this process (no HTTP). CPU time (the thread's) is the work a query costs and
moves little when other processes share the cores; wall time is what a client waits, and on a
busy machine it is mostly waiting for a core. For the API as a client sees it, run bench/search.py
at the sizes around the threshold.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

from bench.search import TAGS, corpus_papers, percentile, queries
from sitegen.model import Collection
from sitegen.search import QueryError, SearchIndex, build_index

CORPUS = Path(__file__).resolve().parent / "out" / "corpus-hf-api-100000-s1-g2.jsonl"
WARM_UP = 20


def timed(index: SearchIndex, params: list[dict]) -> tuple[list[float], list[float]]:
    """(CPU ms, wall ms) of each query; a query the API refuses (stop words only) is timed too."""
    cpu, wall = [], []
    for item in params:
        started_wall, started_cpu = time.perf_counter(), time.thread_time()
        with contextlib.suppress(QueryError):
            index.search(item["q"], tag=item.get("tag"))
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    return cpu, wall


def run(n: int, args: argparse.Namespace, work: Path) -> None:
    papers = corpus_papers(args.corpus, n, args.seed)
    collection = Collection(papers={p.id: p for p in papers}, tags={t.slug: t for t in TAGS})
    params = queries(papers, args.requests, args.seed)
    for name in ("whoosh", "tantivy"):
        root = work / f"{name}-{n}"
        started = time.perf_counter()
        build_index(collection, root, name)
        built = time.perf_counter() - started
        index = SearchIndex(root, cache_size=0)
        timed(index, params[:WARM_UP])
        cpu, wall = timed(index, params)
        print(
            f"{name:8} {n:>7,} {built:8.1f} "
            f"{percentile(cpu, 0.5):8.1f} {percentile(cpu, 0.99):8.1f} "
            f"{percentile(wall, 0.5):8.1f} {percentile(wall, 0.99):8.1f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 3000, 5000, 10000])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--requests", type=int, default=300, help="queries per backend and size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(
        f"{'backend':8} {'papers':>7} {'build s':>8} {'cpu p50':>8} {'cpu p99':>8} "
        f"{'wall p50':>8} {'wall p99':>8}  (ms)"
    )
    with tempfile.TemporaryDirectory(prefix="sitegen-backends-") as work:
        for n in args.n:
            run(n, args, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Search benchmark: index build rate, then query latency through the HTTP API with 1 and 16 clients.

    python bench/search.py                      # N = 1,000 and 10,000 from the generator below
    python bench/search.py --n 100000 --requests 2000 --seconds 60
    python bench/search.py --n 10000 --corpus bench/out/corpus-hf-api-10000-s1.jsonl   # bench/corpus.py output
    python bench/search.py --n 100000 --corpus bench/out/corpus-hf-api-100000-s1.jsonl --backend tantivy
    (--backend auto, the default, indexes as sitegen build does: Whoosh or tantivy by the size)

The server runs in its own process (uvicorn, result cache off) so the load generator does not share
its interpreter; every query is distinct within a run. Figures: papers/s for the index build,
p50/p95/p99 latency and requests/s per concurrency, and the corpus' vocabulary size beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.model import Collection, Paper, Tag  # noqa: E402
from sitegen.search import QueryError, SearchIndex, build_index  # noqa: E402
from sitegen.search.generations import read_meta  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "hf-daily-papers-2024-2026.jsonl.gz"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"\w+")
TAGS = [Tag(f"topic-{i}", f"Topic {i}") for i in range(40)]


def real_records(path: Path = REAL) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["paper"] for line in lines]


def synthetic_papers(n: int, seed: int = 1) -> list[Paper]:
    """The real records as they are, then papers recombined from their titles and sentences (seeded).

    Kept in one function so a shared corpus generator (bench/corpus.py) can replace it.
    """
    rng = random.Random(seed)
    reals = real_records()
    titles = [" ".join(r["title"].split()) for r in reals]
    sentences = [
        s
        for r in reals
        for s in SENTENCE_END.split(" ".join((r.get("summary") or "").split()))
        if s
    ]
    papers = []
    for i in range(n):
        if i < len(reals):
            real = reals[i]
            title, abstract, arxiv_id = (
                titles[i],
                " ".join((real.get("summary") or "").split()),
                real["id"],
            )
        else:
            a, b = rng.choice(titles).split(), rng.choice(titles).split()
            title = " ".join(a[: len(a) // 2 + 1] + b[len(b) // 2 :])
            abstract = " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 9)))
            arxiv_id = f"{15 + i // 100000:02d}{1 + i // 10000 % 10:02d}.{i % 100000:05d}"
        papers.append(_paper(i, title, abstract, arxiv_id, rng))
    return papers


def corpus_papers(path: Path, n: int, seed: int = 1) -> list[Paper]:
    """Papers from a corpus file of bench/corpus.py (HF daily papers API lines)."""
    rng = random.Random(seed)
    papers = []
    with open(path, encoding="utf-8") as lines:
        for i, line in zip(range(n), lines):
            p = json.loads(line)["paper"]
            papers.append(
                _paper(
                    i,
                    " ".join(p["title"].split()),
                    " ".join(p.get("summary", "").split()),
                    p["id"],
                    rng,
                )
            )
    return papers


def _paper(i: int, title: str, abstract: str, arxiv_id: str, rng: random.Random) -> Paper:
    # 1-3 tags, a few of them common and most rare, as a taxonomy gives.
    tags = sorted(
        {
            TAGS[min(int(rng.paretovariate(1.2)) - 1, len(TAGS) - 1)].slug
            for _ in range(rng.randint(1, 3))
        }
    )
    date = f"{2023 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return Paper(
        id=f"p{i}",
        arxiv_id=arxiv_id,
        title=title,
        abstract=abstract,
        date=date,
        tags=tags,
        authors=[f"Author {i % 997}"],
    )


def vocabulary(papers: list[Paper]) -> int:
    words: set[str] = set()
    for p in papers:
        words.update(WORD.findall(f"{p.title} {p.abstract}".lower()))
    return len(words)


def queries(papers: list[Paper], count: int, seed: int) -> list[dict]:
    """Distinct queries as people type them: title words, topic words, a phrase, a tag filter, a typo."""
    rng = random.Random(seed + 1)
    made: dict[str, dict] = {}
    while len(made) < count:
        words = [w for w in WORD.findall(rng.choice(papers).title) if len(w) > 3] or ["model"]
        kind = rng.random()
        if kind < 0.5:
            q = " ".join(rng.sample(words, min(len(words), rng.randint(2, 3))))
        elif kind < 0.7:
            q = rng.choice(words)
        elif kind < 0.8:
            q = f'"{" ".join(words[:2])}"'
        elif kind < 0.9:
            q = " ".join(rng.sample(words, min(len(words), 2)))
            made[q + "#tag"] = {"q": q, "tag": rng.choice(TAGS[:5]).slug}
            continue
        else:
            w = rng.choice(words)
            q = w[:2] + w[3:] if len(w) > 5 else w  # a dropped letter
        made[q] = {"q": q}
    return list(made.values())


def serve(index_root: str, port: int) -> None:
    """The server process: the real app over an index, with the result cache off."""
    import uvicorn

    from sitegen.config import Config
    from sitegen.serve.app import create_app

    root = Path(index_root).parent.parent
    app = create_app(
        Config(root=root, site_dir="site", state_dir="state"),
        SearchIndex(Path(index_root), cache_size=0),
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def start_server(index_root: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(index_root), "--port", str(port)]
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("the benchmark server did not start")
        time.sleep(0.2)


def in_process(index_root: Path, params: list[dict], max_requests: int, max_seconds: float) -> dict:
    """The same queries without HTTP: what the search itself costs."""
    index = SearchIndex(index_root, cache_size=0)
    latencies = []
    deadline = time.monotonic() + max_seconds
    for item in params[:max_requests]:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        # A query of stop words: the API answers 400, it is still timed.
        with contextlib.suppress(QueryError):
            index.search(item["q"], tag=item.get("tag"))
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "clients": "in-process",
        "requests": len(latencies),
        "rps": len(latencies) / (sum(latencies) / 1000),
        "statuses": {},
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def load(
    base: str, params: list[dict], clients: int, max_requests: int, max_seconds: float
) -> dict:
    """Send the queries with `clients` threads until max_requests or max_seconds; latencies in ms."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    todo = iter(params[:max_requests])

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.monotonic() < deadline:
                with lock:
                    item = next(todo, None)
                if item is None:
                    return
                started = time.perf_counter()
                status = http.get("/api/v1/search", params=item).status_code
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "statuses": statuses,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }


def run(n: int, args: argparse.Namespace, work: Path) -> None:
    started = time.perf_counter()
    papers = (
        corpus_papers(args.corpus, n, args.seed) if args.corpus else synthetic_papers(n, args.seed)
    )
    vocab = vocabulary(papers)
    print(
        f"\nN = {len(papers):,} papers, vocabulary {vocab:,} words (made in {time.perf_counter() - started:.1f} s)"
    )
    collection = Collection(papers={p.id: p for p in papers}, tags={t.slug: t for t in TAGS})
    index_root = work / f"n{n}" / "state" / "index"
    started = time.perf_counter()
    generation = build_index(collection, index_root, args.backend)
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file()) / 1e6
    print(
        f"index build ({read_meta(generation)['backend']}): {seconds:.1f} s, {len(papers) / seconds:,.0f} papers/s, {size:.0f} MB"
    )
    params = queries(papers, args.requests * 3 + 50, args.seed)
    rows = [in_process(index_root, params[: args.requests], args.requests, args.seconds)]
    process, base = start_server(index_root)
    try:
        load(base, params[-50:], 1, 50, 30)  # warm up the server process
        offset = args.requests
        for clients in (1, 16):
            rows.append(
                load(
                    base,
                    params[offset : offset + args.requests],
                    clients,
                    args.requests,
                    args.seconds,
                )
            )
            offset += args.requests
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(
        f"{'clients':>10} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}  statuses"
    )
    for r in rows:
        print(
            f"{r['clients']:>10} {r['requests']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} {r['rps']:>8.1f}  {r['statuses']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10_000], help="collection sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--requests", type=int, default=500, help="queries per measurement, at most"
    )
    parser.add_argument("--seconds", type=float, default=60, help="time per measurement, at most")
    parser.add_argument(
        "--corpus", type=Path, help="a bench/corpus.py JSONL file instead of the built-in generator"
    )
    parser.add_argument(
        "--backend",
        default="auto",
        choices=["auto", "whoosh", "tantivy"],
        help="the search backend to index with (auto: as sitegen build chooses by size)",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as work:
        for n in args.n:
            run(n, args, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())

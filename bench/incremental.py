"""Goal 4 of the performance issue: add 100 papers to a collection of N and rebuild; compare with the full build.

Builds the first N papers of a bench corpus with `sitegen build` (MkDocs included), then the first
N + ADDED, and reports both times, their ratio and how many Markdown pages the rebuild wrote again.
The full build's time is the same collection built in a fresh folder.

    python -m bench.incremental --n 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import time
from itertools import islice
from pathlib import Path

from bench.corpus import OUT, make_corpus
from bench.stages import collection_folder
from sitegen.pipeline import build

ADDED = 100


def first_lines(corpus: Path, count: int, path: Path) -> Path:
    with corpus.open(encoding="utf-8") as source:
        path.write_text("".join(islice(source, count)), encoding="utf-8")
    return path


def timed_build(config, sources: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    report = build(config, [str(s) for s in sources])
    return time.perf_counter() - started, report.pages_written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--backend", default="whoosh", choices=("whoosh", "tantivy"))
    args = parser.parse_args(argv)
    corpus, vocab = make_corpus(args.n + ADDED, 1)
    work = OUT / f"incremental-{args.n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    before = first_lines(corpus, args.n, work / "before.jsonl")
    after = first_lines(corpus, args.n + ADDED, work / "after.jsonl")

    config = dataclasses.replace(collection_folder(work / "collection"), search_backend=args.backend)
    first, _ = timed_build(config, [before])
    incremental, rewritten = timed_build(config, [after])
    fresh = dataclasses.replace(collection_folder(work / "fresh"), search_backend=args.backend)
    full, written = timed_build(fresh, [after])

    print(f"N = {args.n:,} + {ADDED} (vocabulary {vocab:,}), backend {args.backend}")
    print("| build | wall s | Markdown pages written |\n|---|---|---|")
    print(f"| first build of {args.n:,} | {first:.1f} | |")
    print(f"| rebuild after adding {ADDED} | {incremental:.1f} | {rewritten:,} |")
    print(f"| full build of {args.n + ADDED:,} | {full:.1f} | {written:,} |")
    print(f"ratio rebuild / full build: {incremental / full:.2f} (goal: under 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

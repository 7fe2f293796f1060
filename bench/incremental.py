"""Goal 4 of the performance issue: add 100 papers to a collection of N and rebuild; compare with the full build.

Builds the first N papers of a bench corpus with `sitegen build` (MkDocs included) twice, as a
collection built every day has been (the second build finds a live site, and leaves the spare site
that every later build updates: sitegen/publish.py), then the first N + ADDED (appended to the
same source file, as a collection's file grows: sitegen/sources/memo.py), and reports the
times, the ratio of the last to a full build and how many Markdown pages the rebuild wrote again.
The rebuild (from a copy of the collection as it was before it) and the full build run --repeat
times (3, as the issue asks: the machine is noisy); the ratio is of their medians.
The full build's time is the same collection built in a fresh folder, scored with the kept
related-paper weights the rebuild used (so that both make the same site). Each build's time is
also split into its parts (phases overlap with the index process, which runs beside them).
Each build runs in a process of its own, as `sitegen build` does: a third build in one process
went over the heap the first two left, and took about 0.8 s longer for it.
Leave sitegen's render code alone while it runs (or run it on a copy of the tree): an edit there
between the builds is new chrome (sitegen/reuse.py), and the rebuild rightly renders everything.

    python -m bench.incremental --n 10000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from bench.corpus import OUT, make_corpus
from bench.run import run_json
from bench.stages import collection_folder
from sitegen import pipeline, publish
from sitegen.config import Config
from sitegen.pipeline import BuildReport, build
from sitegen.render import site_search
from sitegen.state.paths import StatePaths

ADDED = 100


def first_lines(corpus: Path, count: int, path: Path) -> Path:
    with corpus.open(encoding="utf-8") as source:
        path.write_text("".join(islice(source, count)), encoding="utf-8")
    return path


# The parts of a build, by where sitegen calls them (MkDocs' time includes Pagefind's, run by a plugin,
# and the wait for the live site's pages, linked by a forked process while MkDocs reads the docs).
PHASES = {
    "read and enrich": (pipeline, "load_collection"),
    "Markdown pages": (pipeline, "write_docs"),
    "clear the spare site": (publish, "clear_spare"),
    "MkDocs (with Pagefind)": (publish, "mkdocs_build"),
    "Pagefind": (site_search, "index_site"),
    "wait for index + static API": (pipeline.SideOutputs, "finish"),
    "swap the site in": (publish, "swap_in"),
}


@contextmanager
def phase_times():
    """Seconds spent in each of PHASES while the block runs."""
    seconds: dict[str, float] = defaultdict(float)
    originals = {name: getattr(owner, attr) for name, (owner, attr) in PHASES.items()}

    def timed(name, work):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started

        return run

    for name, (owner, attr) in PHASES.items():
        setattr(owner, attr, timed(name, originals[name]))
    try:
        yield seconds
    finally:
        for name, (owner, attr) in PHASES.items():
            setattr(owner, attr, originals[name])


def timed_build(config, sources: list[Path]) -> tuple[float, BuildReport, dict[str, float]]:
    with phase_times() as phases:
        started = time.perf_counter()
        report = build(config, [str(s) for s in sources])
        seconds = time.perf_counter() - started
    return seconds, report, dict(phases)


@dataclasses.dataclass
class Timed:
    """One build's time, its parts and its counts, as the process that ran it reported them."""

    seconds: float
    phases: dict[str, float]
    pages_written: int
    pages_reused: int
    pages_patched: int


def build_in_process(root: Path, backend: str, sources: list[Path]) -> Timed:
    """`timed_build` of the collection at `root` in a new Python process (this module's --build).

    The files earlier builds wrote are flushed to disk first: the kernel writes them back about 30 s
    later, in the middle of the next build, whose time then had up to 3 s of the last one's writing.
    """
    os.sync()
    command = [
        sys.executable,
        "-m",
        "bench.incremental",
        "--build",
        str(root),
        "--backend",
        backend,
        *map(str, sources),
    ]
    return Timed(**run_json(command))


def report_build(root: Path, backend: str, sources: list[Path]) -> None:
    config = dataclasses.replace(Config(root=root), search_backend=backend)
    seconds, report, phases = timed_build(config, sources)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "phases": phases,
                "pages_written": report.pages_written,
                "pages_reused": report.pages_reused,
                "pages_patched": report.pages_patched,
            }
        )
    )


def copy_collection(source: Path, target: Path) -> None:
    """Make `target` a copy of the collection at `source`; the rebuilds put it back at the same path
    (the source memo knows files by their path). `cp -a` keeps the hard links between the live and the
    spare site and every file's modification time, which a rebuild compares: a copy without them
    would make every page look changed."""
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--backend", default="whoosh", choices=("whoosh", "tantivy"))
    parser.add_argument(
        "--repeat", type=int, default=3, help="rebuilds and full builds to take the median of"
    )
    parser.add_argument(
        "--build",
        type=Path,
        help="build the collection in this folder from SOURCES, print a JSON line (the benchmark's own processes)",
    )
    parser.add_argument("sources", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.build:
        report_build(args.build, args.backend, args.sources)
        return 0
    corpus, vocab = make_corpus(args.n + ADDED, 1)
    work = OUT / f"incremental-{args.n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = first_lines(corpus, args.n, work / "papers.jsonl")

    config = collection_folder(work / "collection")
    first = build_in_process(config.root, args.backend, [source])
    again = build_in_process(config.root, args.backend, [source])
    snapshot = work / "before"
    copy_collection(config.root, snapshot)
    first_lines(corpus, args.n + ADDED, source)  # the first N lines as they were, then ADDED more
    rebuilds, fulls = [], []
    for run in range(args.repeat):
        if run:
            copy_collection(snapshot, config.root)
        rebuilds.append(build_in_process(config.root, args.backend, [source]))
        fresh = collection_folder(work / "fresh")
        StatePaths(fresh.state_path).related_weights.parent.mkdir(parents=True)
        shutil.copy(
            StatePaths(config.state_path).related_weights,
            StatePaths(fresh.state_path).related_weights,
        )
        fulls.append(build_in_process(fresh.root, args.backend, [source]))
    rebuilt = sorted(rebuilds, key=lambda t: t.seconds)[len(rebuilds) // 2]
    clean = sorted(fulls, key=lambda t: t.seconds)[len(fulls) // 2]
    incremental, full = rebuilt.seconds, clean.seconds

    print(
        f"N = {args.n:,} + {ADDED} (vocabulary {vocab:,}), backend {args.backend}; medians of {args.repeat}"
    )
    print("| build | wall s | Markdown pages written |\n|---|---|---|")
    print(f"| first build of {args.n:,} | {first.seconds:.1f} | |")
    print(f"| the same again (nothing new) | {again.seconds:.1f} | |")
    print(
        f"| rebuild after adding {ADDED} ({', '.join(f'{t.seconds:.1f}' for t in rebuilds)}) | {incremental:.1f} | {rebuilt.pages_written:,} |"
    )
    print(
        f"| full build of {args.n + ADDED:,} ({', '.join(f'{t.seconds:.1f}' for t in fulls)}) | {full:.1f} | {clean.pages_written:,} |"
    )
    print(
        f"ratio rebuild / full build: {incremental / full:.3f} (goal: under 0.10); "
        f"run by run: {', '.join(f'{r.seconds / f.seconds:.3f}' for r, f in zip(rebuilds, fulls))}"
    )
    print(
        f"the rebuild's HTML pages: {rebuilt.pages_reused:,} taken as they were, {rebuilt.pages_patched:,} with new "
        f"lists made from the live ones, the rest rendered by MkDocs"
    )
    print("\n| part (median runs) | rebuild s | full build s |\n|---|---|---|")
    for name in PHASES:
        print(f"| {name} | {rebuilt.phases.get(name, 0):.1f} | {clean.phases.get(name, 0):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

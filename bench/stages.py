"""One benchmark run in a process of its own: each stage of `sitegen build` timed on a corpus file.

run.py starts this once per size and repeat, so each run's peak memory is its own. Peak memory is
the process' ru_maxrss when the stage ends: the high-water mark of the build so far, which is what
a user's machine has to hold (MkDocs runs in the same process, as in `sitegen build`). The search
server is a separate process: its row reports that process' own high-water mark (VmHWM).

`--stages build` instead times `sitegen build` whole, with MkDocs left out (`build-site`: with it):
the index is written in a forked process meanwhile, so its row's memory is the sampled peak of
both processes' PSS.

    python -m bench.stages --corpus bench/out/corpus-hf-api-10000-s1.jsonl --work bench/out/work --stages read,related
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sitegen import publish
from sitegen.config import Config
from sitegen.enrich.identity import Registry, assign_ids
from sitegen.enrich.mentions import link_backlinks, link_mentions
from sitegen.enrich.merge import merge_duplicates
from sitegen.enrich.normalize import normalize_papers
from sitegen.enrich.related import link_related
from sitegen.enrich.tagging import tag_papers
from sitegen.model import Collection
from sitegen.pipeline import build
from sitegen.publish import build_site
from sitegen.render.pages import render_pages, write_pages
from sitegen.render.static_api import write_static_api
from sitegen.search import build_index
from sitegen.sources import read_sources

REPO = Path(__file__).resolve().parents[1]
ENRICH = ("normalize", "merge", "ids", "tagging", "related", "mentions")
STAGES = (
    "build",
    "build-site",
    "read",
    *ENRICH,
    "render",
    "static-api",
    "index",
    "mkdocs",
    "search-1",
    "search-16",
    "compare",
)
NEEDS = {"mkdocs": "render", "search-1": "index", "search-16": "index", "compare": "index"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def server_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Timer:
    """Collects one row per stage: seconds and the peak memory so far."""

    def __init__(self, n: int) -> None:
        self.n, self.rows = n, []

    def __call__(self, stage: str, work, *args):
        started = time.perf_counter()
        result = work(*args)
        self.rows.append(
            {
                "stage": stage,
                "n": self.n,
                "seconds": time.perf_counter() - started,
                "peak_mb": peak_mb(),
            }
        )
        return result


def collection_folder(work: Path) -> Config:
    """A fresh collection folder with the mkdocs.yml and hand-written docs `sitegen new` gives.

    Not the repo's own: its user guide would add its links to every measured page's navigation.
    """
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    scaffold = REPO / "sitegen" / "scaffold"
    shutil.copy(scaffold / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(scaffold / "docs", work / "docs")
    return Config(root=work)


def enrich_stages(timer: Timer, papers: list, config: Config, skip: set[str]) -> Collection:
    """The stages of sitegen.enrich.enrich, in its order, each timed on its own; `skip` leaves the related lists empty."""
    papers, problems = timer("normalize", normalize_papers, papers)
    papers, merges = timer("merge", merge_duplicates, papers)
    papers, id_problems = timer("ids", assign_ids, papers, Registry())
    papers, tags, tag_problems = timer("tagging", tag_papers, papers, config)
    if "related" not in skip:
        papers, _ = timer(
            "related", link_related, papers, tags, config.related_count, config.related_threshold
        )
    papers = timer("mentions", lambda ps: link_backlinks(link_mentions(ps)), papers)
    return Collection(
        papers={p.id: p for p in papers},
        tags=tags,
        problems=problems + id_problems + tag_problems,
        merges=merges,
    )


def chain(wanted: set[str]) -> set[str]:
    """The wanted stages and every stage they need."""
    needed = set(wanted)
    for stage in wanted:
        while stage in NEEDS:
            stage = NEEDS[stage]
            needed.add(stage)
    return needed


class MemorySampler:
    """The largest total proportional set size (PSS) of this process and its children, sampled once a second.

    The build forks the index process, which shares most of its memory with the build: adding the
    two processes' peak RSS would count the shared pages twice, PSS splits them between the two.
    """

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        # Not more often: reading smaps_rollup walks the page tables under the lock page faults need.
        while not self._stop.wait(1.0):
            self.peak_kb = max(
                self.peak_kb, sum(map(_pss_kb, [os.getpid(), *_children(os.getpid())]))
            )


def _children(pid: int) -> list[int]:
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return found + [grandchild for child in found for grandchild in _children(child)]


def _pss_kb(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:  # the process ended between the two reads
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("Pss:")), 0)


def whole_build(corpus: Path, work: Path, backend: str, mkdocs: bool) -> dict:
    """`sitegen build` itself, in a new folder; without `mkdocs`, the MkDocs step only makes its empty output folder.

    The folder is new (under work/builds/, which run.py empties when all runs are done) because
    on this machine's VM creating files right after deleting a large tree costs up to ten times
    the system time: a build that first deleted the previous run's 100,000 pages would measure that.
    """
    config = collection_folder(work / "builds" / str(time.time_ns()))
    config = dataclasses.replace(config, search_backend=backend)
    if not mkdocs:
        publish.mkdocs_build = lambda mkdocs_config, **_: Path(mkdocs_config.site_dir).mkdir(
            parents=True, exist_ok=True
        )
    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    with MemorySampler() as memory:
        started = time.perf_counter()
        build(config, [str(corpus)])
        seconds = time.perf_counter() - started
    return {
        "stage": "build-site" if mkdocs else "build",
        "n": n,
        "seconds": seconds,
        "peak_mb": memory.peak_kb / 1024,
    }


REFERENCE_LOOP = compile("s = 0\nfor i in range(20_000_000): s += i", "reference", "exec")


def reference_seconds() -> float:
    """The machine's speed as the run starts: the time of a fixed pure-Python loop (on this project's
    VM, 1.2 s on fast days and up to 4 s on slow ones). Printed beside the figures, so that figures
    measured on different days are read knowing how fast the machine then was."""
    started = time.perf_counter()
    exec(REFERENCE_LOOP, {})  # as a script's top level runs it, as the figures quoted were measured
    return time.perf_counter() - started


def run(
    corpus: Path,
    work: Path,
    wanted: set[str],
    requests: int,
    seconds: float,
    skip: frozenset[str] = frozenset(),
    backend: str = "auto",
) -> list[dict]:
    if wanted & {"build", "build-site"}:
        return [whole_build(corpus, work, backend, "build-site" in wanted)]
    needed = chain(wanted)
    config = collection_folder(work)
    timer = Timer(sum(1 for _ in corpus.open(encoding="utf-8")))
    # As in `sitegen build`, the papers as read live only until enrichment has replaced them.
    collection = enrich_stages(timer, timer("read", read_sources, [corpus]).papers, config, skip)
    if "render" in needed:
        render_stage(timer, collection, config)
    if "static-api" in needed:
        timer("static-api", write_static_api, collection, work / "static-api")
    index_root = work / "state" / "index"
    if "index" in needed:
        timer("index", build_index, collection, index_root, backend)
    if "mkdocs" in needed:
        timer("mkdocs", build_site, config)
    if wanted & {"search-1", "search-16"}:
        from bench.search_load import search_rows

        timer.rows += search_rows(collection, index_root, wanted, requests, seconds)
    if "compare" in wanted:
        from bench.tantivy_compare import compare_rows

        index_seconds = next(r["seconds"] for r in timer.rows if r["stage"] == "index")
        timer.rows += compare_rows(collection, index_root, index_seconds, requests, seconds)
    return timer.rows


def render_stage(timer: Timer, collection: Collection, config: Config) -> None:
    """Rendering and writing the pages, one pass as in `sitegen build` (pages are written as they are
    drawn), with the author pages a collection has by default; then a row per kind of page (its
    top folder) with the seconds spent drawing its pages, its `n` the pages drawn."""
    drawing: Counter[str] = Counter()
    drawn: Counter[str] = Counter()

    def timed(pages: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        while True:
            started = time.perf_counter()
            page = next(pages, None)
            if page is None:
                return
            kind = page[0].split("/")[0] + "/" if "/" in page[0] else "other pages"
            drawing[kind] += time.perf_counter() - started
            drawn[kind] += 1
            yield page

    rendered = render_pages(collection, "sitegen papers", author_pages_min=config.author_pages_min)
    rendered.pages = timed(rendered.pages)
    timer("render", write_pages, rendered, config.docs_path)
    peak = timer.rows[-1]["peak_mb"]
    for kind, seconds in drawing.most_common():
        timer.rows.append(
            {"stage": f"render: {kind}", "n": drawn[kind], "seconds": seconds, "peak_mb": peak}
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied first)")
    parser.add_argument(
        "--stages",
        default=",".join(
            s for s in STAGES if s not in ("build", "build-site", "mkdocs", "compare")
        ),
        help="'build' alone runs `sitegen build` whole but MkDocs, 'build-site' with MkDocs, instead of stage by stage",
    )
    parser.add_argument(
        "--skip", default="", help="stages to leave out of the chain (only 'related' can be)"
    )
    parser.add_argument(
        "--backend",
        default="auto",
        choices=("auto", "whoosh", "tantivy"),
        help="the search backend of the index stage (auto: chosen by size, as `sitegen build` does)",
    )
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args(argv)
    wanted = set(args.stages.split(","))
    unknown = wanted - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(sorted(unknown))}; known: {', '.join(STAGES)}")
    reference = reference_seconds()
    rows = run(
        args.corpus,
        args.work,
        wanted,
        args.requests,
        args.seconds,
        frozenset(filter(None, args.skip.split(","))),
        args.backend,
    )
    rows = [{**row, "ref_s": reference} for row in rows]
    print(
        json.dumps(
            [
                r
                for r in rows
                if r["stage"].split(":")[0] in wanted or "compare" in wanted and " (" in r["stage"]
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

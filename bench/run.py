"""The stage-by-stage benchmark of `sitegen build` and the search API: one table, medians of repeated runs.

    python -m bench.run --sizes 1000,10000 --repeat 3
    python -m bench.run --sizes 100000 --stages build,read,normalize,merge,ids,tagging,related,mentions,render,static-api,index --backend tantivy
    python -m bench.run --sizes 10000 --compare          # tantivy on the same corpus: the ratio column

Each repeat is a fresh process (bench/stages.py) on a corpus from bench/corpus.py, so its peak memory
is its own. "ref s" is how fast the machine was as the runs started (stages.reference_seconds: lower
is faster). MkDocs takes about 5 minutes at 100,000 papers: it runs only for sizes up to --mkdocs-max.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.corpus import OUT, make_corpus
from bench.stages import STAGES

# "build" and "build-site" run in processes of their own
DEFAULT_STAGES = [s for s in STAGES if s != "compare"]
COLUMNS = (
    "stage",
    "N",
    "vocab",
    "wall s",
    "papers/s",
    "peak MB",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "req/s",
    "ratio",
    "ref s",
)


def one_run(corpus: Path, n: int, stages: list[str], args: argparse.Namespace) -> list[dict]:
    command = [
        sys.executable,
        "-m",
        "bench.stages",
        "--corpus",
        str(corpus),
        "--work",
        str(OUT / f"work-{n}"),
        "--stages",
        ",".join(stages),
        "--skip",
        args.skip,
        "--backend",
        args.backend,
        "--requests",
        str(args.requests),
        "--seconds",
        str(args.seconds),
    ]
    return run_json(command)


def run_json(command: list[str]):
    """Run a benchmark's own process from the repository's root; what it printed last, as JSON."""
    done = subprocess.run(
        command,
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def medians(runs: list[list[dict]]) -> list[dict]:
    """Per stage, the median of every figure over the runs (stages keep their order)."""
    rows = []
    for stage in dict.fromkeys(r["stage"] for run in runs for r in run):
        same = [r for run in runs for r in run if r["stage"] == stage]
        row = dict(same[0])
        for key, value in row.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                row[key] = statistics.median(r[key] for r in same)
        rows.append(row)
    return rows


def cells(row: dict, vocab: int) -> list[str]:
    def fmt(key: str, spec: str) -> str:
        return format(row[key], spec) if row.get(key) is not None else ""

    per_second = (
        row["n"] / row["seconds"]
        if row["seconds"] and not row["stage"].startswith(("search", "query"))
        else None
    )
    return [
        row["stage"],
        f"{row['n']:,}",
        f"{vocab:,}",
        f"{row['seconds']:.2f}",
        f"{per_second:,.0f}" if per_second else "",
        f"{row['peak_mb']:,.0f}",
        fmt("p50", ".2f"),
        fmt("p95", ".2f"),
        fmt("p99", ".2f"),
        fmt("rps", ",.0f"),
        f"{row['ratio']:.1f}x" if row.get("ratio") else "",
        fmt("ref_s", ".1f"),
    ]


def table(lines: list[list[str]]) -> str:
    """A Markdown table, so the README can take it as printed."""
    widths = [max(len(line[i]) for line in [list(COLUMNS), *lines]) for i in range(len(COLUMNS))]

    def render(line):
        cells = (c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths)))
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([render(list(COLUMNS)), rule, *map(render, lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated paper counts")
    parser.add_argument(
        "--stages",
        default=",".join(DEFAULT_STAGES),
        help=f"comma-separated, of: {', '.join(STAGES)}",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size; the table shows medians"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also index and query with tantivy (pip install '.[bench]')",
    )
    parser.add_argument(
        "--mkdocs-max", type=int, default=10_000, help="largest size that runs the MkDocs stage"
    )
    parser.add_argument("--skip", default="", help="leave 'related' out of the chain")
    parser.add_argument(
        "--backend",
        default="auto",
        choices=("auto", "whoosh", "tantivy"),
        help="the search backend of the index stage (auto: chosen by size, as `sitegen build` does)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--requests", type=int, default=500, help="queries per search measurement, at most"
    )
    parser.add_argument(
        "--seconds", type=float, default=60, help="time per search measurement, at most"
    )
    args = parser.parse_args(argv)
    stages = args.stages.split(",") + (["compare"] if args.compare else [])
    lines = []
    for n in (int(s) for s in args.sizes.split(",")):
        corpus, vocab = make_corpus(n, args.seed)
        chosen = [s for s in stages if s not in ("mkdocs", "build-site") or n <= args.mkdocs_max]
        runs = []
        for i in range(args.repeat):
            print(
                f"N = {n:,} (vocabulary {vocab:,}): run {i + 1} of {args.repeat}", file=sys.stderr
            )
            whole = [
                row
                for stage in ("build", "build-site")
                if stage in chosen
                for row in one_run(corpus, n, [stage], args)
            ]
            rest = [s for s in chosen if s not in ("build", "build-site")]
            runs.append(whole + (one_run(corpus, n, rest, args) if rest else []))
        lines += [cells(row, vocab) for row in medians(runs)]
        # so far: a long run that is stopped keeps what it measured
        print(table(lines), file=sys.stderr)
    for n in (int(s) for s in args.sizes.split(",")):
        shutil.rmtree(OUT / f"work-{n}" / "builds", ignore_errors=True)  # see stages.whole_build
    print(
        f"\n`python -m bench.run {' '.join(argv if argv is not None else sys.argv[1:])}` (medians of {args.repeat})\n"
    )
    print(table(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One command's wall time and peak memory: the sampled sum of the PSS of its process and every
process it starts (Pagefind's and the build's forks included), as the #32 figures give them.

    cd COLLECTION && python -m bench.measure -- python -m sitegen build --full

Prints the command's output, then one line of JSON: seconds, pss_mb, max_rss_mb (the largest
single process), cpu_s (its processes' CPU seconds, those it waited for) and the load average
as it started. Side by side runs of two versions go through
PYTHONPATH=<a git worktree of each>, one after the other (bench/README.md, "Measuring on a noisy
machine").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.hugo import measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="+", help="the command, after --")
    args = parser.parse_args(argv)
    run = measured(args.command, Path.cwd())
    sys.stdout.write(run.pop("output"))
    print(json.dumps({key: round(value, 1) for key, value in run.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

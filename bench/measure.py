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
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.stages import _children, _pss_kb


class TreeMemory:
    """The largest sampled sum of PSS of a process and its descendants (as bench/stages.py's
    MemorySampler, for another process than this one; more often, as Hugo's runs are short)."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            tree = [self.pid, *_children(self.pid)]
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, tree)))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def measured(command: list[str], cwd: Path) -> dict:
    """Run `command`; its wall time, memory, the load average as it started and its output."""
    os.sync()  # the last run's writes are not this one's to pay for
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, output)
    return {
        "seconds": seconds,
        "pss_mb": memory.stop() / 1024,
        "max_rss_mb": usage.ru_maxrss / 1024,
        # The command's own and its waited-for descendants' CPU: steadier than the wall time on a
        # shared VM, whose other tenants slow a run down more than they add to its CPU seconds.
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "load": load,
        "output": output,
    }


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

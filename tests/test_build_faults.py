"""Builds killed or interrupted at named points (sitegen/faults.py), as real `sitegen build` processes:
after each, the live site, its static API and the search index are one build, no process of the
build is left running, and the next build starts at once and succeeds."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from site_builder import FIXTURES, make_collection

from sitegen.config import Config
from sitegen.faults import FAULT_AT
from sitegen.search import SearchIndex
from sitegen.search.generations import current_generation, live_generation
from sitegen.sources import bundled_sources

SITEGEN = Path(sys.executable).with_name("sitegen")
SEED = next(str(path) for path in bundled_sources() if path.suffix == ".txt")
# Two collections of different sizes, so that which build is live shows in every count.
SMALL, LARGE = [SEED], [SEED, str(FIXTURES / "site" / "extra-day.yaml")]
# (point, how the build is stopped there, its options): the live site's pages taken into the new
# one by a forked process while MkDocs runs, the forked index writer still running, the new site
# made but not live, the new site swapped in but CURRENT not switched yet, and both done.
# In this order: a --full build (which removes the live site's stamp) after one that left CURRENT
# behind the live site.
CASES = [
    ("live-pages-taken", "kill", []),
    ("live-pages-taken", "interrupt", []),
    ("index-written", "kill", []),
    ("index-written", "interrupt", []),
    ("index-written", "interrupt group", []),
    ("index-written", "terminate", []),
    ("site-made", "kill", []),
    ("site-swapped", "kill", []),
    ("site-made", "kill", ["--full"]),
    ("site-swapped", "interrupt", []),
    ("index-switched", "kill", []),
]
SIGNALS = {
    "kill": (signal.SIGKILL, False),
    "interrupt": (signal.SIGINT, False),
    "interrupt group": (signal.SIGINT, True),
    "terminate": (signal.SIGTERM, False),
}
STOPPED_WITHIN = 20  # seconds a stopped build may take to end, or to reach a point
# Runs the command with SIGINT as a terminal delivers it: where the tests run as a background job of
# a shell without job control, SIGINT is ignored, and an ignored signal stays ignored across exec.
WITH_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)
pytestmark = pytest.mark.skipif(
    not Path("/proc").is_dir(), reason="finds a build's processes in /proc (Linux)"
)


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> tuple[Config, int]:
    """A collection with a live site of SMALL, and SMALL's number of papers."""
    config = make_collection(tmp_path_factory.mktemp("faults"))
    done = subprocess.run(
        [SITEGEN, "build", *SMALL], cwd=config.root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return config, assert_one_build_live(config)


class Build:
    """A `sitegen build` in a process group of its own, its stderr read as it comes."""

    def __init__(self, root: Path, sources: list[str], point: str, options: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-c", WITH_SIGINT, SITEGEN, "build", *options, *sources],
            cwd=root,
            env={**os.environ, FAULT_AT: point},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put("")

    def reached(self, point: str) -> list[str]:
        """Wait for the build to stop at `point`; what it said before, if it ended instead."""
        said = []
        while line := self.lines.get(timeout=STOPPED_WITHIN):
            if line.strip() == f"sitegen: stopped at {point}":
                return []
            said.append(line)
        return said

    def stop(self, how: str) -> None:
        number, group = SIGNALS[how]
        if group:
            os.killpg(self.process.pid, number)
        else:
            os.kill(self.process.pid, number)
        self.process.wait(timeout=STOPPED_WITHIN)


def running_in_group(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies have ended)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while the folder was read
        name, fields = text[text.index("(") : text.rindex(")") + 1], text[text.rindex(")") + 2 :]
        state, _, pgrp = fields.split()[:3]
        if int(pgrp) == group and state != "Z":
            found.append(f"{stat.parent.name} {name}")
    return found


def wait_for_no_process(group: int) -> list[str]:
    """What is still running of the group once its processes were given a moment to die."""
    deadline = time.monotonic() + 5
    while (left := running_in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def live_counts(config: Config, index: SearchIndex) -> dict[str, int]:
    """Papers in the live site's pages, its static API (health.json and paper files) and the index."""
    api = config.site_path / "api" / "v1"
    health = json.loads((api / "health.json").read_text(encoding="utf-8"))
    return {
        "pages": sum(1 for _ in (config.site_path / "papers").glob("*/index.html")),
        "static api": health["papers"],
        "static api files": sum(1 for _ in (api / "papers").glob("*.json")),
        "index": index.health()["papers"],
    }


def assert_one_build_live(config: Config) -> int:
    """Every count of the live site agrees, every hit of a search is a page of it, and CURRENT names
    no index newer than the site's (names sort by age); the count."""
    index_root = config.state_path / "index"
    index = SearchIndex(index_root, cache_size=0, site=config.site_path)
    counts = live_counts(config, index)
    assert len(set(counts.values())) == 1, counts
    live = live_generation(index_root, config.site_path)
    assert current_generation(index_root).name <= live.name
    hits = index.search("language models", limit=100)["hits"]
    assert hits
    missing = [h["url"] for h in hits if not (config.site_path / h["url"] / "index.html").is_file()]
    assert missing == []
    return counts["pages"]


@pytest.mark.parametrize(("point", "how", "options"), CASES)
def test_a_build_stopped_at_a_point_leaves_one_build_live_and_nothing_running(
    collection, point, how, options
):
    config, small = collection
    sources = LARGE if assert_one_build_live(config) == small else SMALL
    build = Build(config.root, sources, point, options)
    try:
        assert build.reached(point) == []  # started at once: not refused, nothing to wait for
        build.stop(how)
        assert wait_for_no_process(build.process.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):  # what a failure left, for the next test
            os.killpg(build.process.pid, signal.SIGKILL)
    assert_one_build_live(config)


def test_after_every_stopped_build_the_next_starts_at_once_and_succeeds(collection):
    config, small = collection
    done = subprocess.run(
        [SITEGEN, "build", *LARGE], cwd=config.root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert assert_one_build_live(config) > small
    index_root = config.state_path / "index"
    assert current_generation(index_root) == live_generation(index_root, config.site_path)

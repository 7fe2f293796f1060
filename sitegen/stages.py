"""One line per stage of a build, as it ends: its name, what it did and how long it took.

A build writes these whether or not its output is a terminal: in a CI log, where progress bars
hide themselves, they are what says the build is moving; on a terminal they stay above the bars.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Stage:
    """What a stage did, said by the stage as it goes ("9,877 papers from 9,881 records")."""

    done: str = ""


@dataclass(frozen=True)
class StageLog:
    write: Callable[[str], None] = lambda line: None

    @contextmanager
    def stage(self, name: str) -> Iterator[Stage]:
        """Time the block and write its line when it ends well (a failed stage is reported once,
        by the error that ended it)."""
        started = time.perf_counter()
        stage = Stage()
        yield stage
        seconds = time.perf_counter() - started
        self.write(
            f"{name}: {stage.done}, {seconds:.1f} s" if stage.done else f"{name}: {seconds:.1f} s"
        )


QUIET = StageLog()  # a build run from code (tests, benchmarks) says nothing

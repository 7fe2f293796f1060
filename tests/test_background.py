"""Work in a forked process: its result comes back, its failure is a BuildError, and it never outlives an error
or the block whose result it was for."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from sitegen.background import Forked
from sitegen.errors import BuildError


def test_a_failure_in_the_forked_process_is_a_build_error():
    with (
        Forked(lambda: 1 / 0, "divider") as work,
        pytest.raises(BuildError, match="division by zero"),
    ):
        work.wait()
    assert multiprocessing.active_children() == []


def test_forked_work_returns_its_result():
    with Forked(lambda: {"pid": os.getpid(), "sum": sum(range(10))}, "adder") as work:
        result = work.wait()
    assert result["sum"] == 45 and result["pid"] != os.getpid()


def test_niced_work_runs_at_a_lower_priority_and_the_build_does_not():
    with Forked(lambda: os.nice(0), "niced", nice=10) as work:
        assert work.wait() == min(os.nice(0) + 10, 19)  # 19 is the lowest priority


def test_an_error_beside_forked_work_stops_its_process(tmp_path):
    started = tmp_path / "started"
    with (
        pytest.raises(KeyboardInterrupt),
        Forked(lambda: (started.touch(), time.sleep(60)), "sleeper"),
    ):
        while not started.exists():
            time.sleep(0.01)
        raise KeyboardInterrupt
    assert multiprocessing.active_children() == []


def test_cancelled_work_stops_its_process(tmp_path):
    started = tmp_path / "started"
    work = Forked(lambda: (started.touch(), time.sleep(60)), "sleeper")
    while not started.exists():
        time.sleep(0.01)
    work.cancel()
    assert multiprocessing.active_children() == []


def test_work_left_without_waiting_stops_its_process():
    """A result too large for the pipe's buffer: unread, the process would wait to send it forever."""
    with Forked(lambda: b"x" * 10_000_000, "unwanted"):
        pass
    assert multiprocessing.active_children() == []


def test_a_large_result_is_taken_as_it_is_sent_so_its_process_ends_before_the_wait():
    with Forked(lambda: b"x" * 10_000_000, "large") as work:
        waited = time.monotonic()
        while multiprocessing.active_children() and time.monotonic() - waited < 30:
            time.sleep(0.01)
        assert multiprocessing.active_children() == []  # not blocked sending until wait()
        assert work.wait() == b"x" * 10_000_000

"""Work in a forked process: its result comes back, its failure is a BuildError, and it never outlives an error
or the block whose result it was for."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
import weakref
from functools import partial
from pathlib import Path

import pytest

from sitegen.errors import BuildError
from sitegen.runtime import Forked, Milestone


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


class Held:
    """A result a weak reference can watch."""


def test_a_taken_result_is_let_go_of_by_the_forked_work():
    with Forked(Held, "maker") as work:
        result = work.take()
        held = weakref.ref(result)
        del result
        assert held() is None  # no longer held by `work`, which wait() would keep it for


def test_what_the_work_holds_is_let_go_of_once_it_is_forked():
    given = Held()
    held = weakref.ref(given)
    with Forked(partial(id, given), "holder") as work:
        del given
        assert held() is None  # the forked process has the work; the build need not keep it
        assert work.wait() > 0


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


def test_work_that_fails_and_leaves_a_process_of_its_own_running_fails_at_once():
    """As Whoosh's writer does when the disk fills: its processes wait for work that never comes."""

    def stuck_then_failing():
        multiprocessing.Process(target=time.sleep, args=(600,)).start()
        raise OSError("No space left on device")

    waited = time.monotonic()
    with Forked(stuck_then_failing, "stuck") as work, pytest.raises(BuildError, match="space"):
        work.wait()
    assert time.monotonic() - waited < 30


def test_work_waiting_forever_on_a_process_of_its_own_that_failed_fails_at_once():
    """As Whoosh's writer does when one of its processes fails: it waits for that process's part."""

    def waiting_on_a_failure():
        parts = multiprocessing.Queue()
        multiprocessing.Process(target=sys.exit, args=(1,)).start()
        return parts.get()

    waited = time.monotonic()
    failed = r"a process it started failed \(exit status 1\)"
    with Forked(waiting_on_a_failure, "waiting") as work, pytest.raises(BuildError, match=failed):
        work.wait()
    assert time.monotonic() - waited < 30


def test_work_whose_process_dies_is_a_failure_though_a_process_it_started_lived_on():
    def dying():
        multiprocessing.Process(target=time.sleep, args=(600,)).start()
        os._exit(1)

    with Forked(dying, "dying") as work, pytest.raises(BuildError, match="stopped before"):
        work.wait()


# A build (this script) that starts forked work, which starts a process of its own, and Pagefind (a
# program); it prints their pids and waits to be killed. Each line in one write: the two processes
# share the pipe, and a line printed in parts was split by the other's.
KILLED_BUILD = """
import multiprocessing, os, subprocess, sys, time
from functools import partial
from sitegen.runtime import Forked, die_with_parent

def work():
    helper = multiprocessing.Process(target=time.sleep, args=(600,))
    helper.start()
    os.write(1, f"{os.getpid()} {helper.pid}\\n".encode())
    time.sleep(600)

forked = Forked(work, "work")
program = subprocess.Popen(["sleep", "600"], preexec_fn=partial(die_with_parent, os.getpid()))
os.write(1, f"{program.pid}\\n".encode())
time.sleep(600)
"""


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc (Linux)")
def test_every_process_a_build_started_dies_with_it_when_it_is_killed():
    build = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD], stdout=subprocess.PIPE, text=True
    )
    try:
        started = [int(pid) for _ in range(2) for pid in build.stdout.readline().split()]
        assert len(started) == 3 and all(running(pid) for pid in started)
        build.kill()
        build.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in started if running(pid)] == []
    finally:
        build.kill()


def test_a_milestone_is_waited_for_while_the_work_goes_on(tmp_path):
    reached = Milestone("wrote the first part")
    second = tmp_path / "second"

    def two_parts():
        reached.reach()
        while not second.exists():  # goes on only once the build has seen the milestone
            time.sleep(0.01)
        return "both"

    with Forked(two_parts, "two parts") as work:
        work.wait_until(reached)
        second.touch()
        assert work.wait() == "both"


def test_work_that_fails_before_its_milestone_fails_the_wait_for_it():
    reached = Milestone("wrote the first part")
    with (
        Forked(lambda: 1 / 0, "failing") as work,
        pytest.raises(BuildError, match="division by zero"),
    ):
        work.wait_until(reached)


def test_work_that_ends_without_reaching_its_milestone_is_an_error():
    reached = Milestone("wrote the first part")
    with (
        Forked(lambda: "done", "skipping") as work,
        pytest.raises(BuildError, match="ended before it wrote the first part"),
    ):
        work.wait_until(reached)

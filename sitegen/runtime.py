"""How the build uses the machine: work on the other core in forked processes, and Python's and
glibc's memory handling around them. Stages say what may run beside them; this module says how.

Forked work runs in a process that inherits the build's data without copying it.

The search index and the static API read the enriched collection and nothing the rest of the
build makes, so a forked process writes them while the site is rendered (at 10,000 papers Whoosh
alone takes about as long as MkDocs). Likewise mentions, and new related-paper weights' text part,
are made while papers are tagged. A result comes back pickled, taken by a thread of the build as
soon as it is sent (the process then ends, and its memory with it); a large one costs its copy.
Where processes cannot be forked (Windows), the work runs in process when it is waited for.
Work that is not on the build's critical path can run at a lower priority (`nice`), so that it
takes only what the build's own process leaves of the two cores.

Work can say it has got somewhere before it ends (a Milestone): the build waits for the search index
to be written, and runs saved searches on it, while the same process writes the paper files.

Every process the build starts ends with it, however it ends (SIGKILL included): a process left
behind would go on writing into the spare site and the index while the next build makes them.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

from sitegen.errors import BuildError

T = TypeVar("T")
# Linux's prctl (PR_SET_PDEATHSIG is option 1, linux/prctl.h); None elsewhere, where a process the
# build started outlives a killed build until its work ends.
_PRCTL = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
_PR_SET_PDEATHSIG = 1
_forking: int | None = None  # the pid of the process forking, as its child sees it (_note_forker)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent `parent` ends; end now if it already has.

    For a child just forked or about to exec (as subprocess's preexec_fn). The signal comes when the
    *thread* that started the child ends: the build's threads wait for the processes they start.
    """
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _note_forker() -> None:
    global _forking
    _forking = os.getpid()


def _die_with_forker() -> None:
    die_with_parent(_forking)


class Milestone:
    """A point forked work tells the build it has passed: made before the fork, reached in the
    forked process (`reach`), waited for in the build (Forked.wait_until)."""

    def __init__(self, name: str):
        self.name = name  # what the work has done there, for an error: "wrote the search index"
        self.reader, self._writer = multiprocessing.Pipe(duplex=False)

    def reach(self) -> None:
        self._writer.send(None)


class Forked(Generic[T]):
    """Runs `work` in a forked process from the start; `wait()` returns its result or raises its failure as a BuildError.

    As a context manager, leaving the block stops the process unless its result was waited for
    (an error in the block, or work that turned out not to be needed).
    """

    def __init__(self, work: Callable[[], T], name: str, nice: int = 0):
        self._work, self._name = work, name
        self._process = self._results = self._receiver = None
        self._outcome: tuple[str | None, T | None] = (None, None)
        self._waited = self._ran = False
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._results, sender = context.Pipe(duplex=False)
            # Not a daemon: Whoosh's writer starts processes of its own, which daemons may not.
            self._process = context.Process(
                target=_run, args=(sender, work, nice, os.getpid()), name=f"sitegen-{name}"
            )
            self._process.start()
            self._work = None  # the process has it: what it holds is not the build's to keep
            sender.close()
            # Taken as soon as it is sent: a result larger than the pipe's buffer would otherwise keep
            # the process, and all the memory its work took, alive until wait().
            self._receiver = threading.Thread(
                target=self._receive, name=f"sitegen-{name}-result", daemon=True
            )
            self._receiver.start()

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        if not self._waited:
            self.cancel()

    def _receive(self) -> None:
        # The process's end is watched beside the pipe: a process its work started (Whoosh's writers)
        # holds the pipe open for as long as it lives, so the pipe alone may never say the work died.
        wait([self._results, self._process.sentinel])
        try:
            if not self._results.poll():
                raise EOFError
            self._outcome = self._results.recv()
        except (EOFError, OSError):
            self._outcome = (f"the {self._name} process stopped before it finished", None)

    def wait(self) -> T:
        self._waited = True
        if self._process is None:
            if not self._ran:
                self._ran, self._outcome = True, (None, self._work())
            return self._outcome[1]
        self._receiver.join()
        self._process.join()
        failure, result = self._outcome
        if failure is not None:
            raise BuildError(failure)
        return result

    def take(self) -> T:
        """wait(), for a result used once: this object then lets go of it, so that it is freed as
        soon as its user is done with it."""
        result = self.wait()
        self._outcome = (None, None)
        return result

    def wait_until(self, milestone: Milestone) -> None:
        """Return once the work has reached `milestone`; raise its failure as a BuildError if it
        ends first. Where nothing is forked, the work runs now, whole."""
        if self._process is None:
            self.wait()
            return
        wait([milestone.reader, self._process.sentinel])
        if not milestone.reader.poll():
            self.wait()  # raises the work's failure, if it failed
            raise BuildError(f"the {self._name} process ended before it {milestone.name}")

    def cancel(self) -> None:
        """Stop the work (the build failed); what it leaves half-written is the caller's to remove."""
        if self._process is not None:
            self._process.kill()  # the processes its work started die with it (_run)
            self._process.join()
            self._receiver.join()


def _run(results: Connection, work: Callable[[], object], nice: int, parent: int) -> None:
    die_with_parent(parent)
    # So do the processes its work forks (Whoosh's writers), each with this one.
    os.register_at_fork(before=_note_forker, after_in_child=_die_with_forker)
    signal.signal(signal.SIGCHLD, _child_ended)
    os.nice(nice)
    try:
        result = work()
    except BaseException as exc:
        # Reported to the build, which raises it: this process says nothing itself.
        results.send((str(exc) or type(exc).__name__, None))
    else:
        results.send((None, result))
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _stop_children()


def _child_ended(*_: object) -> None:
    """A process the work started that fails fails the work: Whoosh's writer, one of whose processes
    died (of a full disk, say), would wait for its part forever. Its exit is looked at, not taken:
    whoever started it still waits for it."""
    try:
        ended = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:  # already waited for
        return
    if ended is None or (ended.si_code == os.CLD_EXITED and ended.si_status == 0):
        return
    how = "exit status" if ended.si_code == os.CLD_EXITED else "signal"
    raise BuildError(f"a process it started failed ({how} {ended.si_status})")


def _stop_children() -> None:
    """Kill what the work left running: a Whoosh writer that failed leaves its processes waiting for
    work, and this process's exit would wait for them forever."""
    for child in multiprocessing.active_children():
        child.kill()
        child.join()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the block runs, as it was after.

    Reading and enriching make objects that live on, in no cycles (a library's lookups leave a
    handful per build): the collector's passes over them would find nothing, at a cost that grows
    with the collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collection_frozen() -> Iterator[None]:
    """Every object alive now (the collection above all) left out of the cycle collector's passes
    while the block runs. Made while the collector was paused, they would all be young to it: its
    next passes would go over every one of them two or three times, finding nothing. Frozen before a process is forked, they also
    stay shared with it: a pass writes into each object it goes over."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def release_freed_memory() -> None:
    """Give the memory reading and enriching freed back to the system before the index process is
    forked. glibc keeps freed memory for reuse, in pieces between the objects that live on, which
    the build would hold to its end and the forked process would share. malloc_trim is glibc's: elsewhere nothing is done."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)

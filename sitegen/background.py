"""Work the build can do on the other core: in a forked process, which inherits the build's data without copying it.

The search index and the static API read the enriched collection and nothing the rest of the
build makes, so a forked process writes them while the site is rendered (at 10,000 papers Whoosh
alone takes about as long as MkDocs). Likewise mentions, and new related-paper weights' text part,
are made while papers are tagged. A result comes back pickled, taken by a thread of the build as
soon as it is sent (the process then ends, and its memory with it); a large one costs its copy.
Where processes cannot be forked (Windows), the work runs in process when it is waited for.
Work that is not on the build's critical path can run at a lower priority (`nice`), so that it
takes only what the build's own process leaves of the two cores.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from sitegen.errors import BuildError

T = TypeVar("T")


class Forked(Generic[T]):
    """Runs `work` in a forked process from the start; `wait()` returns its result or raises its failure as a BuildError.

    As a context manager, leaving the block stops the process unless its result was waited for
    (an error in the block, or work that turned out not to be needed).
    """

    def __init__(self, work: Callable[[], T], name: str, nice: int = 0):
        self._work, self._name = work, name
        self._process = self._results = self._receiver = None
        self._outcome: tuple[str | None, T | None] = (None, None)
        self._waited = False
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._results, sender = context.Pipe(duplex=False)
            # Not a daemon: Whoosh's writer starts processes of its own, which daemons may not.
            self._process = context.Process(
                target=_run, args=(sender, work, nice), name=f"sitegen-{name}"
            )
            self._process.start()
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
        try:
            self._outcome = self._results.recv()
        except (EOFError, OSError):
            self._outcome = (f"the {self._name} process stopped before it finished", None)

    def wait(self) -> T:
        self._waited = True
        if self._process is None:
            return self._work()
        self._receiver.join()
        self._process.join()
        failure, result = self._outcome
        if failure is not None:
            raise BuildError(failure)
        return result

    def cancel(self) -> None:
        """Stop the work (the build failed); what it leaves half-written is the caller's to remove."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receiver.join()


def _run(results: Connection, work: Callable[[], object], nice: int) -> None:
    os.nice(nice)
    try:
        result = work()
    except (
        BaseException
    ) as exc:  # reported to the build, which raises it: this process says nothing itself
        results.send((str(exc) or type(exc).__name__, None))
    else:
        results.send((None, result))

"""Work that needs only the enriched collection, done in a forked process while the build renders the site.

The search index and the static API read the collection and nothing the rest of the build makes,
so they need not wait for it: a forked process inherits the collection without copying it and
writes them on the other core. At 10,000 papers Whoosh alone takes about as long as MkDocs.
Where processes cannot be forked (Windows), the work runs in process when it is waited for.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection

from sitegen.errors import BuildError


class Forked:
    """Runs `work` in a forked process from the start; `wait()` raises its failure as a BuildError."""

    def __init__(self, work: Callable[[], None], name: str):
        self._work, self._name = work, name
        self._process = self._results = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._results, sender = context.Pipe(duplex=False)
            # Not a daemon: Whoosh's writer starts processes of its own, which daemons may not.
            self._process = context.Process(target=_run, args=(sender, work), name=f"sitegen-{name}")
            self._process.start()
            sender.close()

    def wait(self) -> None:
        if self._process is None:
            self._work()
            return
        try:
            failure = self._results.recv()
        except EOFError:
            failure = f"the {self._name} process stopped before it finished"
        self._process.join()
        if failure is not None:
            raise BuildError(failure)

    def cancel(self) -> None:
        """Stop the work (the build failed); what it leaves half-written is the caller's to remove."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()


def _run(results: Connection, work: Callable[[], None]) -> None:
    try:
        work()
    except BaseException as exc:  # reported to the build, which raises it: this process says nothing itself
        results.send(str(exc) or type(exc).__name__)
    else:
        results.send(None)

"""The search index written in a second process while the build renders the site.

Indexing reads the enriched collection and nothing the rest of the build makes, so it need not
wait: a forked process inherits the collection without copying it and writes the new generation
on the other core, and the build makes it current only when the site is ready to be swapped in.
At 10,000 papers Whoosh takes about as long as MkDocs, so the index costs the build no time at all.
Where processes cannot be forked (Windows), the index is written when it is needed, in process.
"""

from __future__ import annotations

import multiprocessing
import shutil
from multiprocessing.connection import Connection
from pathlib import Path

from sitegen.errors import BuildError
from sitegen.model import Collection
from sitegen.search.build import publish_generation, write_generation
from sitegen.search.generations import new_generation


class BackgroundIndex:
    """Starts writing a generation at once; `publish()` waits for it and makes it current, `cancel()` drops it."""

    def __init__(self, collection: Collection, index_root: Path, backend_name: str):
        self.index_root = index_root
        self.generation = new_generation(index_root)
        self._published = False
        self._process = self._results = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._results, sender = context.Pipe(duplex=False)
            # Not a daemon: Whoosh's writer starts processes of its own, which daemons may not.
            self._process = context.Process(
                target=_write, args=(sender, collection, self.generation, backend_name), name="sitegen-index"
            )
            self._process.start()
            sender.close()
        else:
            self._collection, self._backend_name = collection, backend_name

    def publish(self) -> Path:
        """Wait until the generation is complete and make it current; a failed index raises BuildError."""
        if self._process is None:
            write_generation(self._collection, self.generation, self._backend_name)
        else:
            try:
                failure = self._results.recv()
            except EOFError:
                failure = "search index build failed (its process stopped); the previous index is kept"
            self._process.join()
            if failure is not None:
                shutil.rmtree(self.generation, ignore_errors=True)
                raise BuildError(failure)
        self._published = True
        return publish_generation(self.index_root, self.generation)

    def cancel(self) -> None:
        """Stop the index process (the build failed) and remove its unfinished generation."""
        if self._published:
            return
        if self._process is not None:
            self._process.terminate()
            self._process.join()
        shutil.rmtree(self.generation, ignore_errors=True)


def _write(results: Connection, collection: Collection, generation: Path, backend_name: str) -> None:
    try:
        write_generation(collection, generation, backend_name)
    except BaseException as exc:  # reported to the build, which raises it: the index process itself says nothing
        results.send(str(exc) or type(exc).__name__)
    else:
        results.send(None)

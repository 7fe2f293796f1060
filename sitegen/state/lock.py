"""The collection's build lock, a file of the state folder."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from sitegen.config import Config
from sitegen.errors import BuildError
from sitegen.state.paths import StatePaths


@contextmanager
def one_build_at_a_time(config: Config) -> Iterator[None]:
    """Hold the collection's build lock: two builds would make their sites in the same spare, where one
    could write through a hard link the other just made into the live site. The lock goes with the
    process that holds it, however it ends."""
    path = StatePaths(config.state_path).lock
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"another sitegen build is running in {config.root}; try again when it has finished"
            ) from None
        yield

"""Builds started by the server (after a paper is saved), one at a time, in a process of their own.

A build is `sitegen build` as the user runs it: incremental, under the collection's build lock,
and live when it ends, which the server then serves without a restart. It runs in another
process so that its memory and its time never weigh on the server's answers. A request made
while a build runs is met by one more build after it, which reads what was added meanwhile.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
from functools import partial

from sitegen.runtime import die_with_parent

log = logging.getLogger(__name__)


class Rebuilder:
    def __init__(self, command: list[str], cwd: str):
        self.command = command
        self.cwd = cwd
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self.last_error = ""  # what the last build said on failing; "" after one that succeeded

    @property
    def building(self) -> bool:
        return self._running

    def request(self) -> None:
        """Start a build now, or once the one running ends."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True).start()

    def _run(self) -> None:
        while True:
            # The build ends with the server rather than outlive it unseen; a build stopped
            # midway leaves the live site as it was, and the next one picks up the inbox.
            done = subprocess.run(
                self.command,
                cwd=self.cwd,
                capture_output=True,
                text=True,
                check=False,
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
            self.last_error = "" if done.returncode == 0 else done.stderr.strip()[-2000:]
            if done.returncode:
                log.error("the build started for the inbox failed: %s", self.last_error)
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False

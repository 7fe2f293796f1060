"""Files shared between an old build's output and a new one's, where nothing is ever written into either."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link where the file system has them, else a copy with the same modification time
    (slower, same result: nothing is ever written into either file afterwards)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

"""Small state files kept between builds: short hashes of plain data, and files written whole or not at all."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def hash_key(data: object) -> str:
    """A short hash of plain data (strings, numbers, lists, dataclasses of them) by its repr."""
    return hashlib.sha256(repr(data).encode()).hexdigest()[:24]


def save_json(path: Path, data: object) -> None:
    """Write a state file whole or not at all: to a temporary file, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)

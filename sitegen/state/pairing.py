"""The extension's pairing with `sitegen serve` (serve/pairing.py) on disk: the collection's token,
readable by its owner only, and the extension origin that paired first."""

from __future__ import annotations

import os

from sitegen.state.paths import StatePaths


def read_token(paths: StatePaths) -> str | None:
    """The token made before; None when there is none yet."""
    if not paths.pairing_token.is_file():
        return None
    return paths.pairing_token.read_text(encoding="ascii").strip()


def save_token(paths: StatePaths, token: str) -> None:
    """Keep a new token, and forget the origin that paired with the old one."""
    path = paths.pairing_token
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(f".{path.name}.new")
    # Created readable by its owner only: the token is what lets a caller write.
    fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(token + "\n")
    os.replace(spare, path)
    paths.paired_origin.unlink(missing_ok=True)


def pinned_origin(paths: StatePaths, origin: str) -> str:
    """The origin that paired first: the one kept, else `origin`, kept from now on."""
    try:
        return paths.paired_origin.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        paths.paired_origin.write_text(origin + "\n", encoding="ascii")
        return origin

"""Pairing the browser extension with `sitegen serve`, so that it alone may write to the collection.

The server keeps a random token in the collection's state folder (readable by its owner only);
`sitegen serve` and `sitegen token` print it, and the user pastes it in the extension's options.
A write is accepted with that token in the X-Sitegen-Token header, and only from an extension's
origin: one of sitegen.yml's `extension_ids`, or else the origin that first paired (kept beside
the token), so that another extension given the token still cannot write.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from pathlib import Path

from sitegen.config import EXTENSION_ID, Config
from sitegen.state.paths import StatePaths

TOKEN_HEADER = "x-sitegen-token"
_EXTENSION_ORIGIN = re.compile(rf"chrome-extension://{EXTENSION_ID.pattern}")


def pairing_token(config: Config, new: bool = False) -> str:
    """The collection's token, made on first use (or anew, which also forgets the paired origin)."""
    state = StatePaths(config.state_path)
    path = state.pairing_token
    if not new and path.is_file():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    spare = path.with_name(f".{path.name}.new")
    # Created readable by its owner only: the token is what lets a caller write.
    fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(token + "\n")
    os.replace(spare, path)
    state.paired_origin.unlink(missing_ok=True)
    return token


class Pairing:
    """Checks a request's token and origin; pins the first extension origin that pairs."""

    def __init__(self, config: Config):
        self.token = pairing_token(config)
        self.configured = [f"chrome-extension://{id_}" for id_ in config.extension_ids]
        self.pinned_path: Path = StatePaths(config.state_path).paired_origin

    def refusal(self, token: str | None, origin: str | None) -> str | None:
        """None when a request with this token and Origin may write, else why not (for a 403)."""
        if not token or not hmac.compare_digest(token.encode(), self.token.encode()):
            return (
                "this server does not know that token: paste the one `sitegen token` prints "
                "in the extension's options"
            )
        if not origin or not _EXTENSION_ORIGIN.fullmatch(origin):
            return "only the paired browser extension may add papers"
        allowed = self.configured or [self._pinned(origin)]
        if origin not in allowed:
            return "only the paired browser extension may add papers (another one paired first)"
        return None

    def _pinned(self, origin: str) -> str:
        try:
            return self.pinned_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            self.pinned_path.write_text(origin + "\n", encoding="ascii")
            return origin

"""Pairing the browser extension with `sitegen serve`, so that it alone may write to the collection.

The server keeps a random token in the collection's state folder (readable by its owner only);
`sitegen serve` and `sitegen token` print it, and the user pastes it in the extension's options.
A write is accepted with that token in the X-Sitegen-Token header, and only from an extension's
origin: one of sitegen.yml's `extension_ids`, or else the origin that first paired (kept beside
the token), so that another extension given the token still cannot write.
"""

from __future__ import annotations

import hmac
import re
import secrets

from sitegen.config import EXTENSION_ID, Config
from sitegen.state.pairing import pinned_origin, read_token, save_token
from sitegen.state.paths import StatePaths

TOKEN_HEADER = "x-sitegen-token"
_EXTENSION_ORIGIN = re.compile(rf"chrome-extension://{EXTENSION_ID.pattern}")


def pairing_token(config: Config, new: bool = False) -> str:
    """The collection's token, made on first use (or anew, which also forgets the paired origin)."""
    paths = StatePaths(config.state_path)
    token = None if new else read_token(paths)
    if token is None:
        token = secrets.token_urlsafe(24)
        save_token(paths, token)
    return token


class Pairing:
    """Checks a request's token and origin; pins the first extension origin that pairs."""

    def __init__(self, config: Config):
        self.token = pairing_token(config)
        self.configured = [f"chrome-extension://{id_}" for id_ in config.extension_ids]
        self.paths = StatePaths(config.state_path)

    def refusal(self, token: str | None, origin: str | None) -> str | None:
        """None when a request with this token and Origin may write, else why not (for a 403)."""
        if not token or not hmac.compare_digest(token.encode(), self.token.encode()):
            return (
                "this server does not know that token: paste the one `sitegen token` prints "
                "in the extension's options"
            )
        if not origin or not _EXTENSION_ORIGIN.fullmatch(origin):
            return "only the paired browser extension may add papers"
        allowed = self.configured or [pinned_origin(self.paths, origin)]
        if origin not in allowed:
            return "only the paired browser extension may add papers (another one paired first)"
        return None

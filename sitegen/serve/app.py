"""The ASGI app: the built site at /, the API at /api/v1/, CORS for the extension, JSON errors, cache
and security headers, and only the configured host names."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from sitegen.config import CONFIG_FILE, EXTENSION_ID, Config
from sitegen.render.static_api import api_root
from sitegen.search import SearchIndex
from sitegen.serve.api import api_routes, error
from sitegen.serve.inbox import Inbox, inbox_path
from sitegen.serve.inbox_views import inbox_routes
from sitegen.serve.pairing import TOKEN_HEADER, Pairing
from sitegen.serve.rebuild import Rebuilder
from sitegen.serve.records import PaperStore
from sitegen.state.paths import StatePaths

log = logging.getLogger(__name__)

# Every answer: no MIME sniffing, no framing by another site, no referrer sent elsewhere.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"referrer-policy", b"same-origin"),
    # Tells the site's search box that the search API answers here (a static host sends no such
    # header, and the box then searches Pagefind's index without asking for an API that is not there).
    (b"x-sitegen-api", b"live"),
]
# Material's bundles carry a content hash in their names: they never change under that name.
HASHED_ASSET = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")


class SiteFiles(StaticFiles):
    """StaticFiles with Cache-Control: hashed assets forever, everything else revalidated (ETag).

    Files and folders whose names start with a dot (the build stamp: state/paths.py) are
    the build's own, not the site's: they are not served.
    """

    def lookup_path(self, path: str):
        # `path` is normalised: "." is the site's root, and no ".." is left.
        if any(part.startswith(".") and part != "." for part in path.split("/")):
            return "", None
        return super().lookup_path(path)

    def file_response(self, full_path, stat_result, scope, status_code=200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = HASHED_ASSET.search(str(full_path))
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        return response


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (a plain ASGI middleware: responses stream as they are)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)


def allowed_origins(config: Config) -> str:
    """A regex of the origins allowed to read the API from a browser: the configured extensions (any
    extension when none is named) and the site itself."""
    ids = "|".join(map(re.escape, config.extension_ids)) or EXTENSION_ID.pattern
    patterns = [f"chrome-extension://(?:{ids})"]
    site = urlsplit(config.site_url) if config.site_url else None
    if site and site.scheme and site.netloc:
        patterns.append(re.escape(f"{site.scheme}://{site.netloc}"))
    return "|".join(patterns)


async def http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        return error(exc.status_code, exc.detail)
    return PlainTextResponse(exc.detail, status_code=exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    # The last resort: the client gets a short JSON message, the trace goes to the server log only.
    log.exception("error answering %s", request.url.path)
    return error(500, "internal error; the server log has the details")


def allowed_hosts(config: Config, listening_on: str | None = None) -> list[str]:
    """The host names requests may name: the configured ones and the address the server listens on."""
    extra = [listening_on] if listening_on and listening_on not in ("0.0.0.0", "::") else []
    return list(dict.fromkeys([*config.allowed_hosts, *extra]))


def rebuilder_for(config: Config, config_file: Path | None) -> Rebuilder:
    """`sitegen build` of this collection, as the user would run it."""
    config_file = config_file or config.root / CONFIG_FILE
    command = [sys.executable, "-m", "sitegen", "--config", str(config_file), "build"]
    return Rebuilder(command, cwd=str(config.root))


def create_app(
    config: Config,
    index: SearchIndex | None = None,
    listening_on: str | None = None,
    config_file: Path | None = None,
) -> Starlette:
    site = config.site_path
    index = index or SearchIndex(StatePaths(config.state_path).index, site=site)
    store = PaperStore(site)
    api = api_routes(index, store)
    api += inbox_routes(
        config,
        store,
        Inbox(inbox_path(config)),
        Pairing(config),
        rebuilder_for(config, config_file),
    )
    # Anything else under /api/v1 (search.json, health.json, tags.json) is the static API's file.
    api.append(Mount("", app=SiteFiles(directory=api_root(site), check_dir=False)))
    return Starlette(
        routes=[
            Mount("/api/v1", routes=api),
            Mount("/", app=SiteFiles(directory=site, html=True, check_dir=False)),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(config, listening_on)),
            Middleware(
                CORSMiddleware,
                allow_origin_regex=allowed_origins(config),
                # POST is the inbox's, which also wants its token and the paired extension's origin.
                allow_methods=["GET", "HEAD", "POST"],
                allow_headers=["Content-Type", TOKEN_HEADER],
            ),
            # Level 6 gives nearly level 9's size at a fraction of its time (search.json is large).
            Middleware(GZipMiddleware, minimum_size=1024, compresslevel=6),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )

"""The ASGI app: the built site at /, the API at /api/v1/, CORS for the extension, JSON errors, cache headers."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from sitegen.config import Config
from sitegen.render.static_api import api_root
from sitegen.search import SearchIndex
from sitegen.serve.api import api_routes, error
from sitegen.serve.records import PaperStore

log = logging.getLogger(__name__)

# Chromium extension ids are 32 letters a-p (also for unpacked extensions).
EXTENSION_ORIGIN = r"chrome-extension://[a-p]{32}"
# Material's bundles carry a content hash in their names: they never change under that name.
HASHED_ASSET = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")


class SiteFiles(StaticFiles):
    """StaticFiles with Cache-Control: hashed assets forever, everything else revalidated (ETag)."""

    def file_response(self, full_path, stat_result, scope, status_code=200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = HASHED_ASSET.search(str(full_path))
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return response


def allowed_origins(config: Config) -> str:
    """A regex of the origins allowed to read the API from a browser: extensions and the site itself."""
    patterns = [EXTENSION_ORIGIN]
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


def create_app(config: Config, index: SearchIndex | None = None) -> Starlette:
    site = config.site_path
    index = index or SearchIndex(config.state_path / "index")
    api = api_routes(index, PaperStore(site))
    # Anything else under /api/v1 (search.json, health.json, tags.json) is the static API's file.
    api.append(Mount("", app=SiteFiles(directory=api_root(site), check_dir=False)))
    return Starlette(
        routes=[Mount("/api/v1", routes=api), Mount("/", app=SiteFiles(directory=site, html=True, check_dir=False))],
        middleware=[Middleware(CORSMiddleware, allow_origin_regex=allowed_origins(config), allow_methods=["GET", "HEAD"])],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )

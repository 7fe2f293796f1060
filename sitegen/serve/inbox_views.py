"""/api/v1/inbox: the paired extension saves a paper to the collection (POST) or checks its pairing
(GET). Every refusal is a 4xx with a message, and nothing is written before every check passed."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sitegen.config import Config
from sitegen.model import paper_url
from sitegen.serve.arxiv_lookup import from_arxiv
from sitegen.serve.inbox import MAX_BODY, Inbox, InboxError, inbox_is_read, inbox_record
from sitegen.serve.pairing import TOKEN_HEADER, Pairing
from sitegen.serve.rebuild import Rebuilder
from sitegen.serve.records import PaperStore

NO_CACHE = {"Cache-Control": "no-store"}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=NO_CACHE)


async def _body(request: Request) -> bytes:
    """The request's body, refused past MAX_BODY whatever its Content-Length says."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise InboxError(413, f"a saved paper is at most {MAX_BODY // 1024} KB of JSON")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise InboxError(413, f"a saved paper is at most {MAX_BODY // 1024} KB of JSON")
    return body


def inbox_routes(
    config: Config, store: PaperStore, inbox: Inbox, pairing: Pairing, rebuilder: Rebuilder
) -> list[Route]:
    def refusal(request: Request) -> Response | None:
        problem = pairing.refusal(request.headers.get(TOKEN_HEADER), request.headers.get("origin"))
        return _error(403, problem) if problem else None

    def state(request: Request) -> Response:
        refused = refusal(request)
        if refused:
            return refused
        return JSONResponse(
            {
                "paired": True,
                "inbox": str(inbox.path),
                "reads_inbox": inbox_is_read(config),
                "building": rebuilder.building,
                "last_error": rebuilder.last_error,
            },
            headers=NO_CACHE,
        )

    async def add(request: Request) -> Response:
        # JSON only: a form or a "simple" request from a web page is not even read.
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error(415, "send the paper as JSON (Content-Type: application/json)")
        refused = refusal(request)
        if refused:
            return refused
        try:
            return await _add(await _body(request))
        except InboxError as exc:
            return _error(exc.status, str(exc))

    async def _add(body: bytes) -> Response:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InboxError(400, f"the body is not JSON: {exc}") from exc
        record = inbox_record(data)
        paper_id = store.paper_id_for(record["arxiv_id"])
        if paper_id:
            answer = {
                "status": "exists",
                "arxiv_id": record["arxiv_id"],
                "url": paper_url(paper_id),
            }
            return JSONResponse(answer, headers=NO_CACHE)
        if not inbox_is_read(config):
            raise InboxError(
                409,
                f"the build does not read {inbox.path}: add its folder ({config.sources_dir}) "
                "to `sources` in sitegen.yml",
            )
        # A paper waiting in the inbox already is not asked about again.
        checked = None
        if record["arxiv_id"] not in inbox.arxiv_ids():
            checked = await from_arxiv(config.arxiv_api_url, record)
        added = inbox.add(checked or record)
        rebuilder.request()
        answer = {
            "status": "added" if added.new else "waiting",
            "arxiv_id": added.arxiv_id,
            "building": True,
        }
        if added.new:  # whose metadata the new line holds
            answer["metadata"] = "arxiv" if checked else "page"
        return JSONResponse(answer, status_code=202, headers=NO_CACHE)

    return [Route("/inbox", state, methods=["GET"]), Route("/inbox", add, methods=["POST"])]

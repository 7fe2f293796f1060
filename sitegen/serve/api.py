"""The /api/v1 views: small functions from a request to JSON; every user error is a 4xx with a message."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sitegen import arxiv_ids
from sitegen.search import IndexMissing, QueryError, SearchIndex
from sitegen.serve.records import PaperStore

API_VERSION = 1
_INT = re.compile(r"[0-9]{1,9}")
# A list page of arXiv shows up to 2,000 papers; a client asks in parts, so one answer stays small.
MAX_BATCH = 200
# Answers change with every build; clients may keep them but must revalidate.
NO_CACHE = {"Cache-Control": "no-cache"}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=NO_CACHE)


def json_bytes(body: bytes) -> Response:
    return Response(body, media_type="application/json", headers=NO_CACHE)


def _int_param(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not _INT.fullmatch(raw):
        raise QueryError(f"{name} must be a whole number, got {raw[:40]!r}")
    return int(raw)


def _bool_param(request: Request, name: str) -> bool:
    raw = request.query_params.get(name, "")
    if raw not in ("", "true", "false"):
        raise QueryError(f"{name} must be true or false, got {raw[:40]!r}")
    return raw == "true"


def api_routes(index: SearchIndex, store: PaperStore) -> list[Route]:
    def search(request: Request) -> Response:
        params = request.query_params
        try:
            limit = _int_param(request, "limit", 10)
            page = _int_param(request, "page", 1)
            answer = index.search(
                params.get("q", ""),
                tag=params.get("tag") or None,
                limit=limit,
                page=page,
                sort=params.get("sort") or "relevance",
                has_code=_bool_param(request, "has_code"),
            )
        except QueryError as exc:
            return error(400, str(exc))
        except IndexMissing as exc:
            return error(503, str(exc))
        for hit in answer["hits"]:
            hit.update(store.reader_fields(hit["id"]))
        return JSONResponse(answer, headers=NO_CACHE)

    def paper(request: Request) -> Response:
        paper_id = request.path_params["paper_id"]
        # papers/{id}.json is the static API's name for the same record: answer both.
        body = store.paper_json(paper_id) or store.paper_json(paper_id.removesuffix(".json"))
        return json_bytes(body) if body else error(404, f"no paper with id {paper_id!r}")

    def lookup(request: Request) -> Response:
        params = request.query_params
        if "," in params.get("arxiv", ""):
            return batch_lookup(params["arxiv"])
        if params.get("arxiv"):
            arxiv_id = arxiv_ids.parse(params["arxiv"])
            asked = f"arXiv id {params['arxiv'][:60]!r}"
        elif params.get("url"):
            arxiv_id = arxiv_ids.parse(params["url"])
            asked = f"URL {params['url'][:200]!r}"
        else:
            return error(400, "give arxiv=ID or url=URL (an arXiv or Hugging Face paper URL)")
        if arxiv_id is None:
            return error(400, f"{asked} is not an arXiv id or an arXiv / Hugging Face paper URL")
        paper_id = store.paper_id_for(arxiv_id)
        body = store.paper_json(paper_id) if paper_id else None
        return (
            json_bytes(body) if body else error(404, f"arXiv {arxiv_id} is not in the collection")
        )

    def batch_lookup(listed: str) -> Response:
        asked = [item.strip() for item in listed.split(",") if item.strip()]
        if len(asked) > MAX_BATCH:
            return error(400, f"at most {MAX_BATCH} arXiv ids in one lookup, got {len(asked)}")
        found = {}
        for item in asked:
            arxiv_id = arxiv_ids.parse(item)
            if arxiv_id is None:
                return error(400, f"{item[:60]!r} is not an arXiv id")
            brief = store.brief_for(arxiv_id)
            if brief:
                found[arxiv_id] = brief
        return JSONResponse({"papers": found}, headers=NO_CACHE)

    def tags(request: Request) -> Response:
        body = store.tags_json()
        return (
            json_bytes(body)
            if body
            else error(503, "the site has no tags.json; run `sitegen build`")
        )

    def health(request: Request) -> Response:
        try:
            status = index.health()
        except IndexMissing as exc:
            return JSONResponse(
                {"status": "unavailable", "mode": "live", "error": str(exc)},
                status_code=503,
                headers=NO_CACHE,
            )
        return JSONResponse({**status, "api_version": API_VERSION}, headers=NO_CACHE)

    return [
        Route("/search", search),
        Route("/papers/{paper_id}", paper),
        Route("/lookup", lookup),
        Route("/tags", tags),
        Route("/health", health),
    ]

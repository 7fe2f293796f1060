"""Compact UTF-8 JSON for the files a build writes by the hundred thousand (the static API's paper
files, the search index's stored records): orjson encodes them four to five times as fast as json."""

from __future__ import annotations

import json

import orjson


def compact_json(data: object) -> bytes:
    """`data` as compact JSON, non-ASCII text as UTF-8: the JSON json.dumps(data, ensure_ascii=False,
    separators=(",", ":")) gives, but for the form of some floats (0.00005 where json writes 5e-05).
    orjson refuses integers beyond 64 bits, which an input may hold (a paper's upvotes): json writes those."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

"""The orders a search lists its hits in: by relevance, or by one integer key per paper, largest first.

A key orders by its own value first and the other value next (the newest papers, the most upvoted
first among a day's), then by a hash of the paper's id: no two papers tie, so both backends list the
same papers in the same order, page after page.
"""

from __future__ import annotations

import zlib
from datetime import date

from sitegen.model import Paper

RELEVANCE = "relevance"
DATE = "date"
UPVOTES = "upvotes"
SORTS = (RELEVANCE, DATE, UPVOTES)
# The index field that holds each order's key.
KEY_FIELDS = {DATE: "by_date", UPVOTES: "by_upvotes"}

# Bits of a key (63 in all, a signed 64-bit integer in both backends): upvotes + 1 (0: none known)
# up to 2**18 - 1, days since EPOCH up to 2**17 - 1 (the year 2258; 0: no date), the id's hash.
_VOTE_BITS, _DAY_BITS, _HASH_BITS = 18, 17, 28
EPOCH = date(1900, 1, 1).toordinal()


def sort_keys(paper: Paper) -> dict[str, int]:
    """{index field: key} of the paper for every order but relevance."""
    votes = 0 if paper.upvotes is None else _clamped(paper.upvotes + 1, _VOTE_BITS)
    day = _day_number(paper.date)
    tie = zlib.crc32(paper.id.encode("utf-8")) & ((1 << _HASH_BITS) - 1)
    return {
        KEY_FIELDS[DATE]: (day << _VOTE_BITS | votes) << _HASH_BITS | tie,
        KEY_FIELDS[UPVOTES]: (votes << _DAY_BITS | day) << _HASH_BITS | tie,
    }


def _day_number(iso: str | None) -> int:
    """Days from 1900-01-01 to the paper's date; 0 for none, or one that is not a YYYY-MM-DD date."""
    try:
        day = date.fromisoformat((iso or "")[:10]).toordinal() - EPOCH
    except ValueError:
        return 0
    return _clamped(day, _DAY_BITS)


def _clamped(value: int, bits: int) -> int:
    return min(max(value, 0), (1 << bits) - 1)

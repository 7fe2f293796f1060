"""What a backend finds (total, top documents, tag counts) and how hits are shaped for the API, snippets included."""

from __future__ import annotations

import heapq
import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from markupsafe import escape

from sitegen.model import Tag, paper_url, tag_record
from sitegen.search.schema import TOKEN, token_term

SNIPPET_CHARS = 240  # at most this many characters of words in a passage
SURROUND = 60  # characters of context before the first and after the last match of a passage
PASSAGES = 2
CHAR_LIMIT = 2**15  # Whoosh's highlighter reads no further
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")

Mark = tuple[int, int, str]  # (start, end, term) of a matched word


class Passage(NamedTuple):
    """Where a passage of the text starts and ends, and the matched words in it, in order."""

    start: int
    end: int
    marks: list[Mark]


def snippet(abstract: str, terms: frozenset[str]) -> str:
    """The best one or two passages of the abstract with the matched words marked, as safe HTML."""
    passages = _best_passages(abstract, terms) if terms else []
    if passages:
        return " … ".join(_marked(abstract, passage) for passage in passages)
    head = abstract[:SNIPPET_CHARS]
    if len(abstract) > SNIPPET_CHARS:
        head = head.rsplit(" ", 1)[0] + " …"
    return str(escape(head))


def _passages(text: str, terms: frozenset[str]) -> Iterator[Passage]:
    """Each passage around matches: Whoosh's ContextFragmenter, token for token.

    Whoosh's highlighter steps through every token of the text, most of a query's time. This gives
    the same passages (the snippet tests
    compare it with Whoosh's highlight()) but steps token by token only inside a passage: between
    passages it jumps to the next match, and the context before it is found by bisection.
    """
    parts = _TOKEN_SPLIT.split(text)  # gap, token, gap, token, ..., gap
    tokens = parts[1::2]
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends = offsets[1:-1:2], offsets[2::2]
    # The words as written that match, looked up once each: most of an abstract's words match nothing.
    matching = {token: term for token in set(tokens) if (term := token_term(token)[0]) in terms}
    matched_at = [i for i, token in enumerate(tokens) if token in matching]
    count = bisect_right(ends, CHAR_LIMIT)  # Whoosh stops at the first token ending past the limit
    countdown, first, marks, length, context_from, i = -1, None, [], 0, 0, 0
    while i < count:
        head = None
        if countdown < 0:  # between passages: skip to the next match
            j = bisect_left(matched_at, i)
            if j == len(matched_at) or matched_at[j] >= count:
                break
            i = matched_at[j]
            # Whoosh keeps the starts of the words within SURROUND characters before it as context.
            k = (
                bisect_left(starts, ends[i - 1] - SURROUND, context_from, i)
                if i > context_from
                else i
            )
            head = starts[k] if k < i else None
        start, end = starts[i], ends[i]
        term = matching.get(tokens[i])
        if length + end - start > SNIPPET_CHARS:
            countdown = 0
        elif term is not None:
            countdown = SURROUND
            if first is None:
                first = start if head is None else head
                countdown += SURROUND if head is None else 0
            marks.append((start, end, term))
        if countdown >= 0:
            length += end - start
            countdown -= end - start
            if countdown <= 0:
                if marks:  # Whoosh makes empty passages here too, then drops them for scoring 0
                    yield Passage(first, end, marks)
                first, marks, length, context_from = None, [], 0, i + 1
        i += 1
    if marks:
        yield Passage(first, ends[count] if count < len(ends) else ends[-1], marks)


def _best_passages(text: str, terms: frozenset[str]) -> list[Passage]:
    """The PASSAGES best passages, in the order of the text."""
    # Whoosh's BasicFragmentScorer: matches times 100 per distinct term; ties go to the later passage.
    scored = [
        ((len(p.marks) * (len({term for _, _, term in p.marks}) * 100 or 1), p.start), p)
        for p in _passages(text, terms)
    ]
    best = heapq.nlargest(PASSAGES, scored, key=lambda item: item[0])
    return sorted(passage for _, passage in best)


def _marked(text: str, passage: Passage) -> str:
    out, index = [], passage.start
    for mark_start, mark_end, _ in passage.marks:
        if mark_start < index:
            continue
        out.append(html.escape(text[index:mark_start], quote=False))
        out.append(f"<mark>{html.escape(text[mark_start:mark_end], quote=False)}</mark>")
        index = mark_end
    out.append(html.escape(text[index : passage.end], quote=False))
    return "".join(out)


@dataclass
class Matches:
    """A backend's answer to one planned query: the exact total, one page of (score, stored fields), tag counts."""

    total: int = 0
    top: list[tuple[float, dict]] = field(default_factory=list)
    facets: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Page:
    total: int = 0
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)


def hit_record(
    stored: dict, score: float, tag_names: dict[str, str], terms: frozenset[str]
) -> dict:
    slugs = stored.get("tags", "").split()
    return {
        "id": stored["id"],
        "title": stored["title"],
        "url": paper_url(stored["id"]),
        "tags": [tag_record(Tag(slug, tag_names.get(slug, slug))) for slug in slugs],
        "score": round(float(score or 0.0), 4),
        "snippet": snippet(stored.get("abstract", ""), terms),
        "date": stored.get("date") or None,
    }

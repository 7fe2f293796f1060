"""The Hugging Face daily papers API (`/api/daily_papers`): a JSON list of entries with a nested `paper`, or one entry per line."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.model import Paper, Problem
from sitegen.sources.common import (
    arxiv_id,
    format_suffix,
    is_jsonl,
    iso_date,
    jsonl_objects,
    kind,
    load_json,
    unwrap,
    web_url,
)

# An entry opens with its `paper` object; in the archiver's repr-string files the quotes are single.
_ENTRY = re.compile(r"""["']paper["']\s*:\s*\{""")
PAPER_PAGE = "https://huggingface.co/papers/{}"


class HfApiReader:
    name = "hf-api"

    def can_read(self, path: Path, text: str) -> bool:
        return format_suffix(path) in {".json", ".jsonl"} and bool(_ENTRY.search(text[:4000]))

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]:
        if is_jsonl(path, text):
            return self.read_lines(path, text.split("\n"))
        return entries_to_papers(document_entries(path, text))

    def read_lines(
        self, path: Path, lines: Iterable[str], first_line: int = 1, first_record: int = 1
    ) -> Iterator[Paper | Problem]:
        """A JSON lines file, line by line (see sitegen.sources.lines), from its line `first_line` on."""
        return entries_to_papers(jsonl_objects(path, lines, first_line))


def entries_to_papers(entries: Iterable[tuple[str, object] | Problem]) -> Iterator[Paper | Problem]:
    for item in entries:
        if isinstance(item, Problem):
            yield item
        else:
            yield from entry_to_paper(*item)


def document_entries(path: Path, text: str) -> Iterator[tuple[str, object] | Problem]:
    """(where, entry) of a JSON document: the API's list, a `data` wrapper around it, or one entry."""
    data, warnings = load_json(path, text)
    yield from warnings
    if isinstance(data, Problem):
        yield data
        return
    if isinstance(data, dict):
        data = data["data"] if isinstance(data.get("data"), list) else [data]
    if not isinstance(data, list):
        yield Problem(str(path), f"expected a list of daily papers entries, got {kind(data)}")
        return
    if any(isinstance(entry, str) for entry in data):
        yield Problem(
            str(path),
            "entries are Python repr strings (an archiver's quirk, not the API's JSON); read them as Python literals",
            "warning",
        )
    for number, entry in enumerate(data, start=1):
        where = f"{path} record {number}"
        if isinstance(entry, str):
            entry = python_literal(entry)
            if entry is None:
                yield Problem(
                    where,
                    "a string that is neither a daily papers entry nor a Python literal of one",
                )
                continue
        yield where, entry


def python_literal(text: str) -> object | None:
    # literal_eval builds only literals (no calls, no names), so a hostile string cannot run code.
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None


def entry_to_paper(where: str, entry: object) -> Iterator[Paper | Problem]:
    """One Paper from one entry; fields that came and went over the API's life are all optional but the title."""
    if not isinstance(entry, dict):
        yield Problem(where, f"expected an entry object with a `paper` object, got {kind(entry)}")
        return
    # Pages like /api/papers/<id> give the paper object alone; take it as its own entry.
    paper = entry.get("paper", entry)
    if not isinstance(paper, dict):
        yield Problem(where, f"`paper` must be an object, got {kind(paper)}")
        return
    title = paper.get("title") or entry.get("title")
    if not isinstance(title, str) or not title.strip():
        yield Problem(
            where, "missing title" if not title else f"title must be text, got {kind(title)}"
        )
        return
    warnings: list[str] = []
    ident = arxiv_id(paper.get("id"))
    if ident is None:
        warnings.append(f"no arXiv id (paper.id is {paper.get('id')!r})")
    summary = paper.get("summary") or entry.get("summary") or ""
    if not isinstance(summary, str):
        warnings.append(f"summary must be text, got {kind(summary)}; dropped")
        summary = ""
    published = paper.get("publishedAt") or entry.get("publishedAt")
    day = iso_date(published)
    if published and day is None:
        warnings.append(f"publishedAt {published!r} is not an ISO date; dropped")
    urls = {
        key: checked_url(paper.get(key), key, warnings) for key in ("githubRepo", "projectPage")
    }
    thumbnail = checked_url(entry.get("thumbnail"), "thumbnail", warnings)
    if warnings:
        yield Problem(where, "; ".join(warnings), "warning")
    yield Paper(
        title=unwrap(title),
        abstract=unwrap(summary),
        arxiv_id=ident,
        authors=author_names(paper.get("authors")),
        date=day,
        keywords=[k for k in paper.get("ai_keywords") or [] if isinstance(k, str) and k.strip()],
        url=PAPER_PAGE.format(ident) if ident else None,
        code_url=urls["githubRepo"],
        upvotes=count(paper.get("upvotes")),
        tldr=text(paper.get("ai_summary")),
        code_stars=count(paper.get("githubStars")) if urls["githubRepo"] else None,
        project_url=urls["projectPage"],
        comments=count(entry.get("numComments")),
        # The day it was put on the daily list; older entries say it only by their own publishedAt.
        daily_date=iso_date(paper.get("submittedOnDailyAt") or entry.get("publishedAt")),
        thumbnail_url=thumbnail,
        sources=[where],
        **organization(paper.get("organization") or entry.get("organization")),
    )


def count(value: object) -> int | None:
    """A whole number of at least 0 (upvotes, stars, comments), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def text(value: object) -> str:
    return unwrap(value) if isinstance(value, str) else ""


def checked_url(value: object, key: str, warnings: list[str]) -> str | None:
    if not value:
        return None
    url = web_url(value)
    if url is None:
        warnings.append(f"{key} {value!r} is not an http(s) URL; dropped")
    return url


def organization(value: object) -> dict[str, str | None]:
    """The organization's display name, handle and avatar (the avatar only as an https URL)."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return {}
    handle = value["name"].strip()
    shown = value.get("fullname") if isinstance(value.get("fullname"), str) else None
    avatar = value.get("avatar")
    return {
        "organization": unwrap(shown or handle) or None,
        "organization_id": handle or None,
        "organization_avatar": web_url(avatar) if isinstance(avatar, str) else None,
    }


def author_names(authors: object) -> list[str]:
    # Authors marked `hidden` are hidden on HF's page only; they are still authors of the paper.
    if not isinstance(authors, list):
        return []
    names = (a.get("name") if isinstance(a, dict) else a for a in authors)
    return [unwrap(name) for name in names if isinstance(name, str) and name.strip()]


READER = HfApiReader()

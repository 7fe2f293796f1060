"""What the readers share: the suffix that names a format, JSON and JSONL loading with line numbers,
and the checks that turn raw field values (arXiv ids, dates, URLs, wrapped text) into Paper values."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import arxiv_ids
from sitegen.model import Problem


def format_suffix(path: Path) -> str:
    """The suffix that says the format: "papers.jsonl.gz" reads as ".jsonl"."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[: -len(".gz")]
    return Path(name).suffix


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (arXiv and HF wrap at about 80 columns) into one line of single spaces."""
    return " ".join(text.split())


def arxiv_id(value: object) -> str | None:
    """The bare arXiv id of a field's value (an id, "arXiv:" id or paper URL); None if not one."""
    if isinstance(value, float):  # YAML reads an unquoted 2403.09629 as a number
        value = repr(value)
    return arxiv_ids.parse(value) if isinstance(value, str) else None


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD of a date, a datetime, or a string that starts with an ISO date; None if not one."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def web_url(value: object) -> str | None:
    """An http(s) URL, or None: other schemes (javascript:, data:) never reach a page as links.

    A URL has no whitespace of its own, so any inside it comes from hard wrapping (HF's githubRepo
    has "https://github.com/owner/\nrepo") and is taken out.
    """
    if not isinstance(value, str):
        return None
    url = "".join(value.split())
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def is_jsonl(path: Path, text: str) -> bool:
    """One JSON object per line: named .jsonl, or a .json whose first line is a whole object."""
    if format_suffix(path) == ".jsonl":
        return True
    first = text.lstrip().split("\n", 1)[0].strip()
    return first.startswith("{") and first.endswith("}") and "\n{" in text


# JSON can escape half of a UTF-16 surrogate pair alone ("\ud800"), which no UTF-8 file can hold: the
# build would stop at the first file it writes the text to.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LONE_SURROGATE_WARNING = (
    "text holds half of a UTF-16 surrogate pair alone (a \\udXXX escape); replaced with U+FFFD"
)


def parse_json(text: str) -> tuple[object, bool]:
    """json.loads(text), with each lone surrogate in its strings replaced by U+FFFD (the replacement
    character); True when one was."""
    value = json.loads(text)
    if not _SURROGATE_ESCAPE.search(text):
        return value, False
    replaced = _without_lone_surrogates(value)
    return replaced, replaced != value


def _without_lone_surrogates(value: object) -> object:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _without_lone_surrogates(key): _without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def json_problem(path: Path, exc: json.JSONDecodeError, line_offset: int = 0) -> Problem:
    return Problem(
        f"{path}:{exc.lineno + line_offset}", f"malformed JSON: {exc.msg} (column {exc.colno})"
    )


def load_json(path: Path, text: str) -> tuple[object | Problem, list[Problem]]:
    """The parsed document, or one Problem naming the line where the JSON breaks; and a warning if
    lone surrogates were replaced."""
    try:
        value, replaced = parse_json(text)
        return value, [Problem(str(path), _LONE_SURROGATE_WARNING, "warning")] if replaced else []
    except json.JSONDecodeError as exc:
        return json_problem(path, exc), []
    except RecursionError:
        return Problem(str(path), "malformed JSON: nested too deeply to read"), []


def jsonl_objects(
    path: Path, lines: Iterable[str], first: int = 1
) -> Iterator[tuple[str, object] | Problem]:
    """(where, value) for each non-blank line of the file's lines (the first of them numbered `first`);
    a line that does not parse is a Problem and reading goes on (a warning comes before its line's value)."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            value, replaced = parse_json(line)
            if replaced:
                yield Problem(f"{path}:{number}", _LONE_SURROGATE_WARNING, "warning")
            yield f"{path}:{number}", value
        except json.JSONDecodeError as exc:
            yield json_problem(path, exc, line_offset=number - 1)
        except RecursionError:
            yield Problem(f"{path}:{number}", "malformed JSON: nested too deeply to read")


def kind(value: object) -> str:
    """How a value's type reads in a message: "a list", "a number", "text"."""
    names = {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }
    return "nothing" if value is None else names.get(type(value), type(value).__name__)

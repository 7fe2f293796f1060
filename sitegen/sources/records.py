"""sitegen's own records: YAML, JSON or JSONL, a list of papers (or a mapping with a `papers` list)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

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

TEXT_FIELDS = ("title", "abstract", "id", "notes", "tldr", "arxiv_comment")
NAME_FIELDS = ("organization", "organization_id", "journal_ref", "doi")
LIST_FIELDS = ("authors", "tags", "keywords", "categories")
COUNT_FIELDS = ("upvotes", "code_stars", "comments")
URL_FIELDS = ("url", "code_url", "project_url", "organization_avatar", "thumbnail_url")
DATE_FIELDS = ("date", "daily_date")
KNOWN = {
    *TEXT_FIELDS,
    *NAME_FIELDS,
    *LIST_FIELDS,
    *COUNT_FIELDS,
    *URL_FIELDS,
    *DATE_FIELDS,
    "arxiv_id",
}
YAML_SUFFIXES = {".yaml", ".yml"}
_YAML_KEY = re.compile(r"^[-\s]*[\"']?(?:title|papers)[\"']?\s*:", re.MULTILINE)
_JSON_KEY = re.compile(r"\"(?:title|papers)\"\s*:")
# "A, B and C" or "A; B": the separators people use when they write authors on one line.
_NAME_SEPARATOR = re.compile(r"\s*(?:[,;]|\band\b)\s*")
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RecordLoader(_BaseLoader):
    """Dates and decimals stay text, so that a bad date is one warning, not a crash of the whole file,
    and an unquoted arXiv id such as 2403.10100 keeps its last zero."""


_RecordLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class RecordsReader:
    name = "records"

    def can_read(self, path: Path, text: str) -> bool:
        # Far enough in to get past a first record whose long abstract comes before its title.
        suffix, head = format_suffix(path), text[:20000]
        if suffix in YAML_SUFFIXES:
            return bool(_YAML_KEY.search(head))
        return suffix in {".json", ".jsonl"} and bool(_JSON_KEY.search(head))

    def read(self, path: Path, text: str) -> Iterator[Paper | Problem]:
        if format_suffix(path) in {".json", ".jsonl"}:
            items = (
                jsonl_objects(path, text.split("\n"))
                if is_jsonl(path, text)
                else json_records(path, text)
            )
        else:
            items = yaml_records(path, text)
        return records_to_papers(items)

    def read_lines(
        self, path: Path, lines: Iterable[str], first_line: int = 1, first_record: int = 1
    ) -> Iterator[Paper | Problem]:
        """A JSON lines file, line by line (see sitegen.sources.lines), from its line `first_line` and
        record `first_record` (its non-blank lines are its records) on."""
        return records_to_papers(jsonl_objects(path, lines, first_line), first_record)


def records_to_papers(
    items: Iterable[tuple[str, object] | Problem], first: int = 1
) -> Iterator[Paper | Problem]:
    number = first  # a record's; a line that does not parse is a record, a warning about one is not
    for item in items:
        if isinstance(item, Problem):
            yield item
            number += item.severity == "error"
        else:
            yield from record_to_paper(*item, number)
            number += 1


def json_records(path: Path, text: str) -> Iterator[tuple[str, object] | Problem]:
    data, warnings = load_json(path, text)
    yield from warnings
    if isinstance(data, Problem):
        yield data
        return
    records = record_list(path, data)
    if isinstance(records, Problem):
        yield records
        return
    yield from ((f"{path} record {n}", record) for n, record in enumerate(records, start=1))


def yaml_records(path: Path, text: str) -> Iterator[tuple[str, object] | Problem]:
    """(where, record) with each record's line, which needs the node tree that yaml.safe_load throws away."""
    loader = _RecordLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else []
    except yaml.MarkedYAMLError as exc:
        yield yaml_problem(path, exc)
        return
    except yaml.YAMLError as exc:
        yield Problem(str(path), f"malformed YAML: {exc}")
        return
    finally:
        loader.dispose()
    records = record_list(path, data)
    if isinstance(records, Problem):
        yield records
        return
    lines = [item.start_mark.line + 1 for item in record_nodes(node)]
    for number, record in enumerate(records, start=1):
        # Record numbers if the nodes cannot be matched up one to one (never seen, but nothing is dropped).
        yield (
            (
                f"{path}:{lines[number - 1]}"
                if len(lines) == len(records)
                else f"{path} record {number}"
            ),
            record,
        )


def yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    """Where PyYAML gave up, and where the construct it was reading began (an unclosed quote, say)."""
    mark = exc.problem_mark or exc.context_mark
    message = f"malformed YAML: {exc.problem or exc.context}"
    if exc.problem and exc.context and exc.context_mark:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return Problem(f"{path}:{mark.line + 1}" if mark else str(path), message)


def record_nodes(node: yaml.Node | None) -> list[yaml.Node]:
    """The YAML nodes of the records, in the order record_list() gives the records."""
    if isinstance(node, yaml.MappingNode):
        # The last `papers` key wins, as it does when the document is constructed.
        for key, value in reversed(node.value):
            if key.value == "papers":
                return value.value if isinstance(value, yaml.SequenceNode) else []
        return [node]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def record_list(path: Path, data: object) -> list | Problem:
    """The records of a document: a list, a mapping's `papers` list, or a single record."""
    if isinstance(data, dict) and "papers" in data:
        data = data["papers"]
    elif isinstance(data, dict) and "title" in data:
        data = [data]
    if not isinstance(data, list):
        return Problem(
            str(path),
            f"expected a list of records or a mapping with a `papers` list, got {kind(data)}",
        )
    return data


def record_to_paper(where: str, record: object, number: int) -> Iterator[Paper | Problem]:
    """A Paper from one record; wrong types make the record an error, odd values a warning."""
    # A line number alone does not say which record it is; "file record N" already does.
    label = f"record {number}: " if re.search(r":\d+$", where) else ""
    if not isinstance(record, dict):
        yield Problem(where, f"{label}expected a mapping with a title, got {kind(record)}")
        return
    errors, warnings = type_errors(record), []
    if not record.get("title") or (
        isinstance(record["title"], str) and not record["title"].strip()
    ):
        errors.insert(0, "missing title")
    if errors:
        yield Problem(where, label + "; ".join(errors))
        return
    unknown = sorted(str(key) for key in record if key not in KNOWN)
    if unknown:
        warnings.append(
            f"unknown keys ignored: {', '.join(unknown)} (known: {', '.join(sorted(KNOWN))})"
        )
    if not record.get("abstract"):
        warnings.append("no abstract")
    values = checked_values(record, warnings)
    if warnings:
        yield Problem(where, label + "; ".join(warnings), "warning")
    yield Paper(
        title=unwrap(record["title"]),
        abstract=unwrap(record.get("abstract") or ""),
        id=str(record.get("id") or "").strip(),
        authors=names(record.get("authors")),
        tags=names(record.get("tags"), separator=","),
        keywords=names(record.get("keywords"), separator=","),
        categories=names(record.get("categories"), separator=","),
        notes=(record.get("notes") or "").strip(),
        tldr=unwrap(record.get("tldr") or ""),
        arxiv_comment=unwrap(record.get("arxiv_comment") or ""),
        sources=[where],
        **{key: record.get(key) for key in COUNT_FIELDS},
        **{key: unwrap(str(record.get(key) or "")) or None for key in NAME_FIELDS},
        **values,
    )


def type_errors(record: dict) -> list[str]:
    errors = []
    for key in (*TEXT_FIELDS, *NAME_FIELDS):
        # An id may be a plain number in YAML (`id: 42`); it is used as text.
        allowed = (str, int) if key == "id" else (str,)
        if record.get(key) is not None and (
            not isinstance(record[key], allowed) or isinstance(record[key], bool)
        ):
            errors.append(f"{key} must be text, got {kind(record[key])}")
    for key in LIST_FIELDS:
        value = record.get(key)
        if value is not None and not (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            errors.append(f"{key} must be a list of text or one line of text, got {kind(value)}")
    for key in COUNT_FIELDS:
        value = record.get(key)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            errors.append(f"{key} must be a whole number of 0 or more, got {kind(value)}")
    return errors


def checked_values(record: dict, warnings: list[str]) -> dict:
    """The arXiv id, dates and URLs, each dropped with a warning when it is not what it claims to be."""
    checks = {"arxiv_id": (arxiv_id, "an arXiv id")}
    checks |= {key: (iso_date, "a YYYY-MM-DD date") for key in DATE_FIELDS}
    checks |= {key: (web_url, "an http(s) URL") for key in URL_FIELDS}
    values = {}
    for key, (check, expected) in checks.items():
        raw = record.get(key)
        values[key] = check(raw) if raw not in (None, "") else None
        if raw not in (None, "") and values[key] is None:
            hint = (
                " (write it in quotes: as a number it loses digits)"
                if isinstance(raw, float)
                else ""
            )
            warnings.append(f"{key} {raw!r} is not {expected}{hint}; dropped")
    return values


def names(value: object, separator: str | None = None) -> list[str]:
    """A list of names, or one line of them split at commas (authors also at ';' and 'and')."""
    if isinstance(value, str):
        parts = value.split(separator) if separator else _NAME_SEPARATOR.split(value)
    else:
        parts = value or []
    return [" ".join(part.split()) for part in parts if part.strip()]


READER = RecordsReader()

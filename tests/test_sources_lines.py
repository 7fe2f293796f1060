"""JSON lines read line by line: the same lines, numbers and problems as the file read as one text."""

from __future__ import annotations

import gzip
import json

import pytest

from sitegen.sources import load_text, read_sources
from sitegen.sources.lines import HEAD_CHARS, JsonLines

CASES = {
    "plain": b'{"a": 1}\n{"b": 2}\n',
    "no final newline": b'{"a": 1}\n{"b": 2}',
    "bom, crlf and lone cr": b'\xef\xbb\xbf{"a": 1}\r\n{"b": 2}\r{"c": 3}\r\n\r\n',
    "bad bytes": b'{"a": 1}\n{"b": "\xff"}\r\n{"c": "\xf0\x9f\x98\x80"}\n\n',
    "empty": b"",
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_lines_and_problems_are_those_of_the_whole_text(tmp_path, data):
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    text, problems = load_text(path)
    source = JsonLines(path, data)
    assert list(source.lines()) == text.split("\n")
    assert source.problems == problems
    assert source.head() == text


def test_head_is_the_start_of_a_long_file(tmp_path):
    line = json.dumps({"title": "x" * 999}) + "\n"
    data = (line * 100).encode()
    assert JsonLines(tmp_path / "x.jsonl", data).head() == data.decode()[: len(JsonLines(tmp_path / "x.jsonl", data).head())]
    assert HEAD_CHARS < len(JsonLines(tmp_path / "x.jsonl", data).head()) < HEAD_CHARS + len(line) + 1


def test_a_gzipped_json_lines_file_with_a_bad_line_reads_the_rest(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    records = [b'{"title": "One \xf0\x9f\x98\x80"}', b'{"title": "Two \xff"}', b'{"title": "Three"}']
    path.write_bytes(gzip.compress(b"\r\n".join(records) + b"\r\n"))
    result = read_sources([path])
    assert [p.title for p in result.papers] == ["One \U0001f600", "Three"]
    assert [p.where for p in result.problems if p.severity == "error"] == [f"{path}:2"]

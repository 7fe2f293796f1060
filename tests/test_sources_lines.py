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
    assert (
        JsonLines(tmp_path / "x.jsonl", data).head()
        == data.decode()[: len(JsonLines(tmp_path / "x.jsonl", data).head())]
    )
    assert (
        HEAD_CHARS < len(JsonLines(tmp_path / "x.jsonl", data).head()) < HEAD_CHARS + len(line) + 1
    )


def test_a_gzipped_json_lines_file_with_a_bad_line_reads_the_rest(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    records = [
        b'{"title": "One \xf0\x9f\x98\x80"}',
        b'{"title": "Two \xff"}',
        b'{"title": "Three"}',
    ]
    path.write_bytes(gzip.compress(b"\r\n".join(records) + b"\r\n"))
    result = read_sources([path])
    assert [p.title for p in result.papers] == ["One \U0001f600", "Three"]
    assert [p.where for p in result.problems if p.severity == "error"] == [f"{path}:2"]


def test_a_gzip_bomb_is_refused_before_it_is_decompressed_whole(tmp_path):
    """1 GB of zeros in a 1 MB .gz: refused at the limit, with the file, the limit and how to raise it."""
    import gzip
    import tracemalloc

    from sitegen.sources import read_file

    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        block = bytes(2**20)
        for _ in range(1024):
            out.write(block)
    tracemalloc.start()
    problems = list(read_file(bomb, limit=64 * 2**20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(p) for p in problems] == [
        f"error: {bomb}: it decompresses to more than 64 MB, over the limit of 64 MB for one source file "
        "(max_source_mb in sitegen.yml)"
    ]
    assert peak < 200 * 2**20


def test_a_huge_line_costs_that_record_only(tmp_path):
    from sitegen.model import Problem
    from sitegen.sources import read_file
    from sitegen.sources.lines import MAX_RECORD_BYTES

    source = tmp_path / "papers.jsonl"
    huge = '{"title": "Huge", "abstract": "' + "x" * (MAX_RECORD_BYTES + 10) + '"}'
    source.write_text(
        '{"title": "First", "abstract": "A."}\n' + huge + '\n{"title": "Third", "abstract": "C."}\n'
    )
    items = list(read_file(source, "records"))
    assert [p.title for p in items if not isinstance(p, Problem)] == ["First", "Third"]
    problems = [str(p) for p in items if isinstance(p, Problem)]
    assert len(problems) == 1 and f"{source}:2" in problems[0] and "over the limit" in problems[0]


def test_a_file_over_the_limit_is_refused_unread(tmp_path):
    from sitegen.sources import read_file

    source = tmp_path / "big.jsonl"
    source.write_bytes(b'{"title": "A", "abstract": "B."}\n' * 100_000)
    (problem,) = list(read_file(source, limit=2**20))
    assert "over the limit of 1 MB" in str(problem) and str(source) in str(problem)

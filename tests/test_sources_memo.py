"""Source files read again from the memo of the last build: the same papers and problems as a fresh read,
parsing only what is new (a grown JSON lines file from where it ended)."""

from __future__ import annotations

import gzip
import json

import pytest

from sitegen.sources import READERS, bundled_sources, read_sources
from sitegen.sources.memo import SourceMemo
from sitegen.state.paths import StatePaths
from sitegen.state.sources import CHUNK, load_sources, save_sources

GOOD = [
    json.dumps({"title": f"Paper {n}", "abstract": "Text.", "authors": ["Ada Lovelace"]}).encode()
    for n in range(4)
]
# Blank lines, a line that is not JSON, a record without a title, bytes that are not UTF-8, CR line ends, a BOM.
START = (
    b"\xef\xbb\xbf"
    + GOOD[0]
    + b"\r\n\n{not json\n"
    + json.dumps({"abstract": "no title"}).encode()
    + b"\n"
    + GOOD[1]
    + b"\r"
)
GROWN = (
    b'{"title": "bad \xff"}\n'
    + GOOD[2]
    + b"\n\n"
    + json.dumps({"title": 7}).encode()
    + b"\n"
    + GOOD[3]
    + b"\n"
)


def fresh(path, fmt=None):
    result = read_sources([path], fmt)
    return result.papers, result.problems


def again(path, state, fmt=None):
    """Read with the memo saved in `state`, then save this read's."""
    memo = load_sources(state)
    result = read_sources([path], fmt, memo)
    save_sources(state, memo)
    return result.papers, result.problems


@pytest.fixture
def parsed(monkeypatch) -> list[tuple[str, int]]:
    """(reader, first line) of each read_lines call, and (reader, 0) of each read of a whole text."""
    calls = []
    for name, reader in READERS.items():
        if hasattr(reader, "read_lines"):
            lines = reader.read_lines
            monkeypatch.setattr(
                reader,
                "read_lines",
                lambda path, rows, first=1, record=1, _f=lines, _n=name: (
                    calls.append((_n, first)) or _f(path, rows, first, record)
                ),
            )
        text = reader.read
        monkeypatch.setattr(
            reader,
            "read",
            lambda path, body, _f=text, _n=name: calls.append((_n, 0)) or _f(path, body),
        )
    return calls


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz"])
def test_a_grown_json_lines_file_is_parsed_from_where_it_ended(tmp_path, parsed, kind):
    path = tmp_path / f"papers.{kind}"
    write = gzip.compress if kind.endswith(".gz") else bytes
    path.write_bytes(write(START + b"\n"))
    assert again(path, StatePaths(tmp_path / "state")) == fresh(path)
    path.write_bytes(write(START + b"\n" + GROWN))
    parsed.clear()
    papers, problems = again(path, StatePaths(tmp_path / "state"))
    assert (papers, problems) == fresh(path)
    assert parsed[0] == ("records", 6)  # the lines after the five read before
    assert [p.title for p in papers] == ["Paper 0", "Paper 1", "Paper 2", "Paper 3"]
    assert {p.where for p in problems if p.severity == "error"} == {
        f"{path}:{n}" for n in (3, 4, 6, 9)
    }
    # records are counted on from the old ones
    assert any("record 6" in p.message for p in problems)
    parsed.clear()
    assert again(path, StatePaths(tmp_path / "state")) == fresh(path)
    # the fresh read alone
    assert parsed[0][0] == "records" and parsed[1:] == [] and len(parsed) == 1


def test_an_unchanged_file_is_not_parsed_again(tmp_path, parsed):
    state = StatePaths(tmp_path / "state")
    files = bundled_sources()
    first = load_sources(state)
    read_sources(files, None, first)
    save_sources(state, first)
    parsed.clear()
    memo = load_sources(state)
    result = read_sources(files, None, memo)
    assert parsed == []
    assert (result.papers, result.problems) == (
        read_sources(files).papers,
        read_sources(files).problems,
    )


@pytest.mark.parametrize("change", ["edited", "no final line break", "other format"])
def test_a_file_changed_otherwise_is_read_anew(tmp_path, change):
    path = tmp_path / "papers.jsonl"
    start = START + b"\n" if change != "no final line break" else START + b"\n" + GOOD[2]
    path.write_bytes(start)
    again(path, StatePaths(tmp_path / "state"))
    if change == "edited":
        path.write_bytes(start.replace(b"Paper 0", b"Paper 9") + GROWN)
    elif change == "no final line break":
        path.write_bytes(start + b"3" + b"\n" + GROWN)  # the last line went on
    fmt = "hf-api" if change == "other format" else None
    path.write_bytes(path.read_bytes() + GROWN) if change == "other format" else None
    assert again(path, StatePaths(tmp_path / "state"), fmt) == fresh(path, fmt)


def test_a_memo_of_other_readers_or_unreadable_is_empty(tmp_path):
    state = StatePaths(tmp_path / "state")
    memo = SourceMemo()
    read_sources(bundled_sources(), None, memo)
    save_sources(state, memo)
    assert load_sources(state).known
    head, items = (
        state.sources_head.read_text(encoding="utf-8"),
        state.sources_items.read_bytes(),
    )
    state.sources_head.write_text(
        json.dumps({**json.loads(head), "version": "older"}), encoding="utf-8"
    )
    assert load_sources(state).known == {}
    state.sources_head.write_text(head, encoding="utf-8")
    lines = items.split(b"\n")
    broken = [
        b"\n".join([lines[0], lines[1][: len(lines[1]) // 2]]),  # cut short
        b"\n".join([b"another id", *lines[1:]]),  # written anew for a head that was then not saved
        items.replace(b"\t", b" ", 1),  # not a slot and its items
    ]
    for lines_file in broken:
        state.sources_items.write_bytes(lines_file)
        assert load_sources(state).known == {}
    state.sources_head.unlink()
    state.sources_items.write_bytes(items)
    assert load_sources(state).known == {}


def test_a_grown_file_appends_its_new_records_to_the_memo(tmp_path):
    path, state = tmp_path / "papers.jsonl", StatePaths(tmp_path / "state")
    path.write_bytes(START + b"\n")
    again(path, state)
    before = state.sources_items.read_bytes()
    path.write_bytes(START + b"\n" + GROWN)
    again(path, state)
    after = state.sources_items.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert after[len(before) :].count(b"\n") == 1  # the new records' line alone
    assert again(path, state) == fresh(path)
    assert state.sources_items.read_bytes() == after  # nothing new: nothing written


def test_lines_left_by_a_stopped_build_are_cut_off(tmp_path):
    path, state = tmp_path / "papers.jsonl", StatePaths(tmp_path / "state")
    path.write_bytes(START + b"\n")
    again(path, state)
    saved = state.sources_items.read_bytes()
    with open(state.sources_items, "ab") as items:
        items.write(b'0\t[["paper", ["half a line')  # appended, the head not yet saved
    assert again(path, state) == fresh(path)
    assert state.sources_items.read_bytes() == saved
    path.write_bytes(START + b"\n" + GROWN)
    assert again(path, state) == fresh(path)
    assert again(path, state) == fresh(path)


def test_files_no_longer_read_are_dropped_once_they_outweigh_the_rest(tmp_path):
    state = StatePaths(tmp_path / "state")
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_bytes(GOOD[0] + b"\n")
    large.write_bytes(b"\n".join(GOOD[1:2] * (CHUNK + 1)) + b"\n")
    for path in (large, small):
        memo = load_sources(state)
        read_sources([path], None, memo)
        save_sources(state, memo)
        assert again(path, state) == fresh(path)
    # The large file's records were garbage after the small file's read, and outweighed its one record.
    assert len(state.sources_items.read_bytes()) < 1000

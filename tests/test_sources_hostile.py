"""Hostile files beside a good one: each is one clear error naming it, read in bounded time and
memory, and the good file's papers are still read."""

from __future__ import annotations

import os
import resource
import time

import pytest

from sitegen.sources import read_sources

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


HOSTILE = {
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "garbage.json": os.urandom(100_000),
    "garbage.yaml": b"title: x\n" + os.urandom(5_000),
    "nul.jsonl": b'{"title": "a\x00b"}\n' + b"\x00" * 1000,
    # A billion laughs: nine levels of nine aliases, ending in a paper's authors.
    "laughs.yaml": (
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + LAUGHS
        + "papers:\n- title: Laughs\n  authors: *i\n"
    ).encode(),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_one_error_and_the_good_file_beside_it_is_read(tmp_path, name):
    good = tmp_path / "good.yaml"
    good.write_text("- title: A Good Paper\n  abstract: Fine.\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(HOSTILE[name])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    read = read_sources([good, bad])
    assert time.monotonic() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 500_000  # KB
    assert [p.title for p in read.papers if p.sources[0].startswith(str(good))] == ["A Good Paper"]
    errors = [p for p in read.problems if p.severity == "error"]
    assert errors and all(str(bad) in e.where for e in errors)
    assert not [p for p in read.papers if p.sources[0].startswith(str(bad)) and p.authors]

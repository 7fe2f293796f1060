"""Shared by the reader tests: where the fixtures and ../shared/data are, and a reader run split in two."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.model import Paper, Problem
from sitegen.sources import read_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
# The team's data folder sits beside the repo root (CI has a copy of shared/ beside the clone).
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared(name: str) -> Path:
    """A file of ../shared/data, or a skip that says why the test could not run."""
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: these tests need the team's shared/data beside the repo")
    return path


def read(path: Path, fmt: str | None = None) -> tuple[list[Paper], list[Problem]]:
    """Papers and problems of one file, through the registry (detection included) as the build reads it."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    for item in read_file(path, fmt):
        (problems if isinstance(item, Problem) else papers).append(item)
    return papers, problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]

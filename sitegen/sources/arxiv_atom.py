"""Placeholder until the reader lands."""
from collections.abc import Iterator
from pathlib import Path


class _Pending:
    name = "arxiv_atom"

    def can_read(self, path: Path, text: str) -> bool:
        return False

    def read(self, path: Path, text: str) -> Iterator:
        return iter(())


READER = _Pending()

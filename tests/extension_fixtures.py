"""Session fixtures of the extension tests; conftest.py loads them as a plugin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from extension_browser import LoadedExtension, launch


@pytest.fixture(scope="session")
def extension(playwright, tmp_path_factory) -> Iterator[LoadedExtension]:
    """One Chromium with the unpacked extension for the whole run; tests point it at their own site."""
    loaded = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
    yield loaded
    loaded.context.close()

"""Session fixtures: one real build of the bundled sample, and Playwright pointed at Debian's Chromium."""

from __future__ import annotations

import pytest
from site_builder import build_collection

# Fixture modules shared by several test files; loaded once here so each fixture has one home.
pytest_plugins = ["extension_fixtures", "serve_fixtures", "pull_server"]

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic is refused by this machine's closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """(config, report) of the bundled sample built into a temporary collection folder."""
    return build_collection(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Write the golden files anew from the current output.",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")

"""The unpacked extension loaded into a real Chromium, and `sitegen serve` run as a process, for the extension tests."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from conftest import CHROMIUM, CHROMIUM_ARGS
from live_server import free_port
from playwright.sync_api import BrowserContext, Page, Worker

REPO = Path(__file__).resolve().parents[1]
EXTENSION = REPO / "extension"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extension"


@dataclass
class LoadedExtension:
    context: BrowserContext
    worker: Worker
    id: str

    def url(self, path: str) -> str:
        return f"chrome-extension://{self.id}/{path}"

    def open(self, path: str) -> Page:
        page = self.context.new_page()
        page.goto(self.url(path))
        return page

    def open_elsewhere(self, url: str, fixture: str, scheme: str | None = None) -> Page:
        """Open an arXiv or Hugging Face URL, answered by a local fixture page, in a colour scheme."""
        page = self.context.new_page()
        if scheme:
            page.emulate_media(color_scheme=scheme)
        for host in ("https://arxiv.org/**", "https://huggingface.co/**"):
            page.route(host, lambda route: route.fulfill(path=FIXTURES / fixture))
        page.goto(url)
        return page

    def use_site(self, url: str) -> None:
        """Point the extension at a site the way the options page stores it (mode found on first use)."""
        self.worker.evaluate(
            "url => chrome.storage.local.set({site: {url, mode: null, checked: null}})", url
        )

    def close_pages(self) -> None:
        for page in self.context.pages:
            page.close()


def launch(playwright, user_data_dir: Path, extension: Path = EXTENSION) -> LoadedExtension:
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=[
            f"--disable-extensions-except={extension}",
            f"--load-extension={extension}",
            *CHROMIUM_ARGS,
        ],
    )
    worker = (
        context.service_workers[0]
        if context.service_workers
        else context.wait_for_event("serviceworker")
    )
    return LoadedExtension(context, worker, worker.url.split("/")[2])


@contextmanager
def sitegen_serve(config_file: Path) -> Iterator[str]:
    """`sitegen serve` as its own process on a free port; yields the base URL ending in '/'."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "sitegen",
        "--config",
        str(config_file),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command,
        cwd=config_file.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_health(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_health(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"sitegen serve exited with {process.returncode}: {process.stderr.read()[-2000:]}"
            )
        try:
            if httpx.get(base + "api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("sitegen serve did not answer /api/v1/health within 60 s")


def manifest() -> dict:
    return json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))

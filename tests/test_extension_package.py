"""The extension as shipped: the fewest permissions, a strict CSP, no remote code, and `make extension`'s zip loads in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest
from extension_browser import EXTENSION, REPO, launch, manifest
from live_server import free_port
from playwright.sync_api import expect

SHIPPED = ["manifest.json", "background.js", "lib", "popup", "options", "content", "icons"]
# Where strings become markup or code.
HTML_SINKS = re.compile(
    r"\.(?:inner|outer)HTML\s*\+?=|insertAdjacentHTML\(|document\.write|\beval\(|\bnew Function\(|\bimport\(\s*[\"'`]https?:|setTimeout\(\s*[\"'`]"
)
PAPER_PAGES = [
    "https://arxiv.org/abs/*",
    "https://arxiv.org/pdf/*",
    "https://huggingface.co/papers/*",
]
LIST_PAGES = [
    "https://arxiv.org/list/*",
    "https://arxiv.org/search/*",
    "https://arxiv.org/a/*",
    "https://huggingface.co/papers",
    "https://huggingface.co/papers?*",
    "https://huggingface.co/papers/date/*",
    "https://huggingface.co/papers/week/*",
    "https://huggingface.co/papers/month/*",
    "https://huggingface.co/papers/trending*",
]


def shipped_files(kind: str) -> list:
    return [p for p in EXTENSION.rglob(f"*.{kind}") if p.relative_to(EXTENSION).parts[0] in SHIPPED]


def test_the_manifest_asks_for_the_fewest_permissions():
    m = manifest()
    assert m["manifest_version"] == 3
    assert m["permissions"] == ["storage", "contextMenus"]
    # The site is asked for at run time, and only when it does not allow the extension by CORS itself.
    assert m["optional_host_permissions"] == ["http://*/*", "https://*/*"]
    assert "host_permissions" not in m and "optional_permissions" not in m
    # Content scripts only on arXiv's and Hugging Face's paper pages and lists of papers.
    assert [script["matches"] for script in m["content_scripts"]] == [PAPER_PAGES, LIST_PAGES]
    assert m["omnibox"] == {"keyword": "papers"}
    assert "externally_connectable" not in m and "web_accessible_resources" not in m


def test_the_content_security_policy_allows_only_the_extensions_own_code():
    policy = manifest()["content_security_policy"]
    assert set(policy) == {"extension_pages"}
    directives = dict(
        (d.split()[0], d.split()[1:]) for d in policy["extension_pages"].split(";") if d.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe" not in policy["extension_pages"]


def test_no_remote_code_and_no_html_built_from_strings():
    for page in shipped_files("html"):
        for src in re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", page.read_text(encoding="utf-8")):
            assert "//" not in src and not src.startswith("http"), f"{page}: remote script {src}"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.read_text(encoding="utf-8")), (
            f"{page}: inline script"
        )
    for script in shipped_files("js"):
        code = script.read_text(encoding="utf-8")
        sink = HTML_SINKS.search(code)
        assert not sink, f"{script.relative_to(EXTENSION)} uses {sink.group()}"


@pytest.mark.browser
@pytest.mark.skipif(
    shutil.which("npm") is None,
    reason="`make extension` lints with web-ext from npm, and npm is not installed",
)
def test_make_extension_lints_and_packages_a_zip_that_chromium_loads(playwright, tmp_path):
    done = subprocess.run(
        ["make", "--no-print-directory", "extension"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert re.search(r"^errors\s+0\s*$", done.stdout, re.MULTILINE), (
        "web-ext lint must report 0 errors"
    )
    archive = REPO / "dist" / "sitegen-extension.zip"
    with zipfile.ZipFile(archive) as packed:
        names = packed.namelist()
        assert {name.split("/")[0] for name in names} == set(SHIPPED)
        assert json.loads(packed.read("manifest.json")) == manifest()
        packed.extractall(tmp_path / "unpacked")
    source = {
        str(p.relative_to(EXTENSION))
        for name in SHIPPED
        for p in [EXTENSION / name, *(EXTENSION / name).rglob("*")]
        if p.is_file()
    }
    assert source == {name for name in names if not name.endswith("/")}

    loaded = launch(playwright, tmp_path / "profile", tmp_path / "unpacked")
    try:
        loaded.use_site(f"http://127.0.0.1:{free_port()}/")
        # its modules load from the zip, and the worker answers
        popup = loaded.open("popup/popup.html")
        expect(popup.locator("#status.problem")).to_contain_text("No answer from")
    finally:
        loaded.context.close()

"""The options page in Chromium: the site address is checked on save, errors say what is wrong, the mode is shown."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from extension_browser import EXTENSION, FIXTURES, LoadedExtension, sitegen_serve
from extension_fixtures import serious_violations
from live_server import free_port
from playwright.sync_api import Page, expect
from static_server import static_server

pytestmark = pytest.mark.browser


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextmanager
def local_server(handler) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 with this request handler, for as long as the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def server_without_cors(directory: Path):
    """A static server that sends no CORS headers: the extension may not read it without a host permission."""
    return local_server(functools.partial(_QuietHandler, directory=str(directory)))


class _SlowHandler(_QuietHandler):
    """Answers after a pause: the options page's opening status question is still out meanwhile."""

    def do_GET(self) -> None:
        time.sleep(1.5)
        self.send_error(404)


@pytest.fixture
def options(extension: LoadedExtension) -> Iterator[Page]:
    extension.use_site("http://127.0.0.1:8000/")
    yield extension.open("options/options.html")
    extension.close_pages()


def save(options: Page, url: str) -> None:
    options.locator("#site-url").fill(url)
    options.locator("#save").click()


@pytest.mark.parametrize(
    "typed, error",
    [
        ("not a web address at all", "is not a web address"),
        ("ftp://example.org/site/", "must start with http:// or https://"),
        ("   ", "Enter the site's address"),
    ],
)
def test_a_malformed_address_is_refused(options, typed, error):
    save(options, typed)
    expect(options.locator("#message.error")).to_contain_text(error)


def test_an_address_where_nothing_answers_is_refused(options):
    save(options, f"127.0.0.1:{free_port()}")
    expect(options.locator("#message.error")).to_contain_text("No answer from")
    expect(options.locator("#message .hint")).to_contain_text("sitegen serve")


def test_a_site_that_is_not_sitegen_is_refused(options):
    with static_server(FIXTURES) as url:
        save(options, url)
        expect(options.locator("#message.error")).to_contain_text("not as a sitegen site")


def test_a_site_without_cors_offers_to_ask_for_access(options, sample_build):
    config, _ = sample_build
    with server_without_cors(config.site_path) as url:
        save(options, url)
        expect(options.locator("#message.error")).to_contain_text(
            "does not let the extension read it"
        )
        expect(options.locator("#grant")).to_be_visible()


def test_saving_a_good_address_switches_the_mode(options, extension, sample_build):
    config, report = sample_build
    papers = len(report.collection.papers)
    with (
        sitegen_serve(config.root / "sitegen.yml") as live,
        static_server(config.site_path) as static,
    ):
        save(options, live.rstrip("/"))  # typed without the trailing slash, as people do
        expect(options.locator("#message.ok")).to_have_text(
            f"Saved: live server (sitegen serve) with {papers} papers."
        )
        expect(options.locator("#site-url")).to_have_value(live)
        expect(options.locator("#current-mode")).to_contain_text("live server")

        save(options, static)
        expect(options.locator("#message.ok")).to_contain_text("static site")
        expect(options.locator("#current-site")).to_have_text(static)
        expect(options.locator("#current-mode")).to_contain_text("static site")
        # The popup uses what was saved.
        popup = extension.open("popup/popup.html")
        popup.locator("#query").fill("survey")
        expect(popup.locator("#mode")).to_contain_text("static site")
        expect(popup.locator("#results li").first).to_be_visible()


def test_the_saved_site_is_shown_when_the_page_opens(extension, sample_build):
    config, _ = sample_build
    with static_server(config.site_path) as static:
        extension.use_site(static)
        options = extension.open("options/options.html")
        expect(options.locator("#site-url")).to_have_value(static)
        expect(options.locator("#current-mode")).to_contain_text("static site")
        extension.close_pages()


def test_the_form_waits_for_the_pages_script(options):
    """Typed or saved before options.js runs, an address would be overwritten by the opening status
    answer or submitted by the browser: the form starts disabled and the script enables it."""
    markup = (EXTENSION / "options" / "options.html").read_text(encoding="utf-8")
    assert '<fieldset id="site-fields" class="row" disabled>' in markup
    expect(options.locator("#site-fields")).to_be_enabled()


def test_a_late_status_answer_leaves_the_field_the_user_is_in_alone(extension: LoadedExtension):
    """Typing replaces the field's selection; an address put in between would stay in front of what is typed."""
    with local_server(_SlowHandler) as slow:
        extension.use_site(slow)
        page = extension.open("options/options.html")
        try:
            page.locator("#site-url").focus()
            # the answer came
            expect(page.locator("#current-site")).to_have_text(slow, timeout=10_000)
            expect(page.locator("#site-url")).to_have_value("")
            save(page, "not a web address at all")
            expect(page.locator("#message.error")).to_contain_text("is not a web address")
        finally:
            extension.close_pages()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_page_with_its_errors_is_axe_clean_and_fits(options, scheme, width):
    """Both forms showing an error with its hint, in each colour scheme, on a wide and a narrow
    window: axe-core finds nothing serious, and nothing scrolls sideways (a long address wraps)."""
    options.set_viewport_size({"width": width, "height": 800})
    options.emulate_media(color_scheme=scheme)
    save(options, f"127.0.0.1:{free_port()}/{'alongfoldername' * 12}")
    expect(options.locator("#message.error")).to_contain_text("No answer from")
    options.locator("#pair").click()
    expect(options.locator("#pair-message.error")).to_contain_text("Paste the token first")
    assert serious_violations(options) == []
    assert options.evaluate(
        "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )

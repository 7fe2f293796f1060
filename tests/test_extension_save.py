"""Saving a paper from the panel, in Chromium against a real `sitegen serve` (and a static copy):
pairing in the options page and its errors in words, "Add to collection" on an arXiv page routed to
a fixture, the record in the sources' inbox, the build, and the link to the new page."""

from __future__ import annotations

import json
import time

import pytest
from extension_browser import FIXTURES, LoadedExtension, sitegen_serve
from extension_fixtures import in_closed_shadow
from live_server import free_port
from playwright.sync_api import Page, expect
from site_builder import build_with_inbox_folder
from static_server import static_server

pytestmark = pytest.mark.browser

PANEL = "sitegen-papers-panel"
NEW = "2509.90088"  # arxiv-abs-meta.html's paper, not in the collection
EXPECTED_RECORD = {
    "arxiv_id": NEW,
    "title": "Reading Lists as Collections: Saving Papers Where They Are Read",
    "authors": ["Ada Reader", "Bo C. Browser"],
    "abstract": "We save papers from the page where they are read into the collection's own sources.",
    "date": "2025-09-21",
    "tags": ["Reasoning", "Reading lists"],
    "notes": "from the new list",
    "url": f"https://arxiv.org/abs/{NEW}",
}


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """(config, live base URL, static base URL, token) of a small collection read from sources/.

    Its arXiv API address answers nothing (as with no network): the server saves the page's
    metadata, which the panel read (tests/test_serve_inbox.py has the server ask arXiv)."""
    no_arxiv = f"http://127.0.0.1:{free_port()}/api/query"
    config = build_with_inbox_folder(tmp_path_factory.mktemp("save"), arxiv_api_url=no_arxiv)
    with (
        sitegen_serve(config.root / "sitegen.yml") as live,
        static_server(config.site_path) as static,
    ):
        token = (config.state_path / "inbox-token").read_text().strip()
        yield config, live, static, token


@pytest.fixture
def ext(extension: LoadedExtension):
    extension.worker.evaluate("() => chrome.storage.local.remove('token')")
    yield extension
    extension.close_pages()


def pair(extension: LoadedExtension, token: str) -> Page:
    options = extension.open("options/options.html")
    options.locator("#token").fill(token)
    options.locator("#pair").click()
    return options


def open_paper(extension: LoadedExtension, url: str = f"https://arxiv.org/abs/{NEW}") -> Page:
    page = extension.context.new_page()
    page.route(
        "https://arxiv.org/**", lambda route: route.fulfill(path=FIXTURES / "arxiv-abs-meta.html")
    )
    page.goto(url)
    expect(page.locator(PANEL)).to_have_count(1)
    return page


def in_panel(page: Page, selector: str, function: str):
    return in_closed_shadow(
        page, PANEL, f"(root, selector) => ({function})(root.querySelector(selector))", selector
    )


def click(page: Page, selector: str) -> None:
    """A real click (a trusted event) in the middle of the panel's `selector`."""
    x, y = in_panel(
        page,
        selector,
        "n => { const r = n.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }",
    )
    page.mouse.click(x, y)


def add_with(page: Page, tags: str = "", note: str = "") -> None:
    click(page, "button.add")
    for name, text in (("tags", tags), ("note", note)):
        if text:
            click(page, f"[name={name}]")
            page.keyboard.type(text)
    click(page, "form button.add")


def status_of(page: Page) -> str:
    return in_panel(page, ".status", "p => p.textContent")


def wait_for_status(page: Page, says: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = status_of(page)
        if says in text:
            return text
        time.sleep(0.2)
    raise AssertionError(f"the panel said {status_of(page)!r}, not {says!r}")


def test_pairing_says_what_is_wrong(ext, collection):
    _, live, static, _ = collection
    ext.use_site(live)
    message = pair(ext, "not-the-token").locator("#pair-message")
    expect(message).to_contain_text("did not accept the extension's pairing")
    expect(message).to_contain_text("sitegen token")
    ext.use_site(f"http://127.0.0.1:{free_port()}/")
    expect(pair(ext, "any").locator("#pair-message")).to_contain_text("No answer from")
    ext.use_site(static)
    expect(pair(ext, "any").locator("#pair-message")).to_contain_text("is a static site")


def test_a_paper_in_the_collection_is_not_offered(ext, collection):
    _, live, _, _ = collection
    ext.use_site(live)
    page = open_paper(ext, "https://arxiv.org/abs/2509.90001")
    assert in_panel(page, "button.add", "b => b") is None


def test_adding_before_pairing_says_how_to_pair(ext, collection):
    config, live, _, _ = collection
    ext.use_site(live)
    page = open_paper(ext)
    assert in_panel(page, ".head", "h => h.textContent").startswith("Not in your collection")
    add_with(page)
    assert "sitegen token" in wait_for_status(page, "not paired")
    assert not (config.root / "sources" / "inbox.jsonl").exists()


def test_the_panel_saves_the_paper_and_then_links_to_its_page(ext, collection):
    config, live, _, token = collection
    ext.use_site(live)
    expect(pair(ext, token).locator("#pair-message")).to_contain_text(
        f"Paired with {live}: papers you add go to"
    )
    page = open_paper(ext)
    add_with(page, tags="Reasoning, Reading lists", note="from the new list")
    wait_for_status(page, "Added, building…")
    [line] = (config.root / "sources" / "inbox.jsonl").read_text().splitlines()
    assert json.loads(line) == EXPECTED_RECORD
    wait_for_status(page, "open its page on your site", seconds=180)
    assert in_panel(page, "a.done", "a => a.href") == f"{live}papers/{NEW}/"

    again = open_paper(ext)  # now in the collection: the full panel
    assert in_panel(again, ".title", "a => a.textContent") == EXPECTED_RECORD["title"]


def test_with_a_static_site_add_gives_the_record_to_copy_or_download(ext, collection):
    _, _, static, _ = collection
    ext.use_site(static)
    page = open_paper(ext, "https://arxiv.org/abs/2509.90099")
    add_with(page, tags="Reasoning, Reading lists", note="from the new list")
    wait_for_status(page, "put this line in a .jsonl file")
    record = json.loads(in_panel(page, "textarea.record", "t => t.value"))
    with page.expect_download() as saved:
        click(page, "a.download")
    assert saved.value.suggested_filename == "inbox-2509.90099.jsonl"
    assert json.loads(saved.value.path().read_text(encoding="utf-8")) == record
    expected = {
        **EXPECTED_RECORD,
        "arxiv_id": "2509.90099",
        "url": "https://arxiv.org/abs/2509.90099",
    }
    assert record == expected


PAGE_SCRIPT_POSTS = """async ([url, token, record]) => {
  const form = new FormData();
  form.append("arxiv_id", record.arxiv_id);
  const attempts = {
    json: { method: "POST", body: JSON.stringify(record),
            headers: { "Content-Type": "application/json", "X-Sitegen-Token": token } },
    // "Simple" requests need no preflight; where the browser sends them, the server does not read them.
    text: { method: "POST", mode: "no-cors", body: JSON.stringify(record), headers: { "Content-Type": "text/plain" } },
    form: { method: "POST", mode: "no-cors", body: form },
  };
  const tried = {};
  for (const [name, init] of Object.entries(attempts)) {
    try {
      tried[name] = (await fetch(url, init)).status;
    } catch {
      tried[name] = "blocked";
    }
  }
  return tried;
}"""


def test_a_page_script_cannot_add_a_paper_even_with_the_token(ext, collection):
    """The page the panel sits on (or any other) posts to the inbox itself, token included: the
    browser stops the JSON request at its preflight, the server refuses the simple ones, and
    nothing is written."""
    config, live, _, token = collection
    inbox = config.root / "sources" / "inbox.jsonl"
    before = inbox.read_text() if inbox.exists() else ""
    ext.use_site(live)
    page = open_paper(ext, "https://arxiv.org/abs/2509.90111")
    record = {**EXPECTED_RECORD, "arxiv_id": "2509.90111"}
    tried = page.evaluate(PAGE_SCRIPT_POSTS, [f"{live}api/v1/inbox", token, record])
    assert tried["json"] == "blocked"  # no CORS answer to its preflight
    assert tried["text"] in ("blocked", 0) and tried["form"] in ("blocked", 0)  # opaque, if sent
    assert (inbox.read_text() if inbox.exists() else "") == before


def test_a_failed_build_is_said_in_the_panel(ext, collection):
    """The paper is kept in the sources, and the panel says that the build failed, with its words."""
    config, live, _, token = collection
    mkdocs = config.root / "mkdocs.yml"
    kept = mkdocs.read_text()
    mkdocs.write_text("nav: [\n")  # a build can no longer read it
    try:
        ext.use_site(live)
        expect(pair(ext, token).locator("#pair-message")).to_contain_text("Paired with")
        page = open_paper(ext, "https://arxiv.org/abs/2509.90122")
        add_with(page)
        said = wait_for_status(page, "but the build failed", seconds=120)
        assert "mkdocs.yml" in said and "sitegen build" in said
        assert '"arxiv_id": "2509.90122"' in (config.root / "sources" / "inbox.jsonl").read_text()
    finally:
        mkdocs.write_text(kept)

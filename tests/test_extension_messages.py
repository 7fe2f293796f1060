"""Messages to the service worker are checked (type, arguments, sender); the menu and omnibox escape and link right."""

from __future__ import annotations

import pytest
from extension_browser import LoadedExtension

pytestmark = pytest.mark.browser


@pytest.fixture
def page(extension: LoadedExtension):
    yield extension.open("popup/popup.html")
    extension.close_pages()


@pytest.mark.parametrize(
    "message, complaint",
    [
        ({"type": "evil"}, 'unknown message type "evil"'),
        ({"query": "no type"}, "unknown message type"),
        ({"type": "__proto__"}, "unknown message type"),
        ("a string", "a message must be an object"),
        ([1, 2], "a message must be an object"),
        ({"type": "search", "query": "x", "url": "http://elsewhere/"}, 'takes no argument "url"'),
        ({"type": "search", "query": "x" * 10_000}, 'bad or missing "query"'),
        ({"type": "search", "query": "   "}, 'bad or missing "query"'),
        ({"type": "search", "query": "x", "limit": 1_000_000}, 'bad or missing "limit"'),
        ({"type": "search", "query": "x", "limit": "10"}, 'bad or missing "limit"'),
        ({"type": "lookup", "arxivId": "../../etc/passwd"}, 'bad or missing "arxivId"'),
        ({"type": "lookup", "arxivId": "2403.09629v2"}, 'bad or missing "arxivId"'),
        ({"type": "lookupMany", "arxivIds": []}, 'bad or missing "arxivIds"'),
        ({"type": "lookupMany", "arxivIds": "2403.09629"}, 'bad or missing "arxivIds"'),
        ({"type": "lookupMany", "arxivIds": ["2403.09629", "x"]}, 'bad or missing "arxivIds"'),
        ({"type": "lookupMany", "arxivIds": ["2403.09629"] * 2001}, 'bad or missing "arxivIds"'),
        ({"type": "setSite", "url": 5}, 'bad or missing "url"'),
    ],
)
def test_malformed_messages_are_refused(page, message, complaint):
    reply = page.evaluate("message => chrome.runtime.sendMessage(message)", message)
    assert reply["ok"] is False
    assert reply["error"]["code"] == "bad-message"
    assert complaint in reply["error"]["message"]


def test_a_content_script_may_only_look_papers_up(page, extension):
    verdicts = page.evaluate(
        """async ([id, origin]) => {
        const m = await import("/lib/messages.js");
        const arxivPage = {id, url: "https://arxiv.org/abs/2403.09629", tab: {id: 7}};
        const optionsTab = {id, url: origin + "options/options.html", tab: {id: 8}};
        const kind = (sender) => m.senderKind(sender, id, origin);
        return {
            arxivPage: kind(arxivPage), optionsTab: kind(optionsTab),
            otherExtension: kind({...arxivPage, id: "b".repeat(32)}), noUrl: kind({id}),
            lookup: m.checkMessage({type: "lookup", arxivId: "2403.09629"}, "content"),
            oldStyleId: m.checkMessage({type: "lookup", arxivId: "hep-th/9901001"}, "content"),
            lookupMany: m.checkMessage({type: "lookupMany", arxivIds: ["2403.09629"]}, "content"),
            search: m.checkMessage({type: "search", query: "x"}, "content"),
            setSite: m.checkMessage({type: "setSite", url: "http://evil.test/"}, "content"),
            status: m.checkMessage({type: "status"}, "content"),
            stranger: m.checkMessage({type: "lookup", arxivId: "2403.09629"}, null),
        };
    }""",
        [extension.id, extension.url("")],
    )
    assert verdicts["arxivPage"] == "content"
    assert verdicts["optionsTab"] == "page"
    assert verdicts["otherExtension"] is None and verdicts["noUrl"] is None
    assert verdicts["lookup"] is None and verdicts["oldStyleId"] is None
    assert verdicts["lookupMany"] is None
    for refused in ("search", "setSite", "status", "stranger"):
        assert "may not be sent from here" in verdicts[refused]


def test_omnibox_suggestions_escape_paper_text_and_link_to_the_site(page):
    made = page.evaluate("""async () => {
        const c = await import("/lib/commands.js");
        const hit = {title: "<b>Bold</b> & 'Co'", url: "http://127.0.0.1:8000/papers/x/", tags: [{name: "Q&A <i>"}]};
        return {
            suggestions: c.suggestionsFor({hits: [hit]}),
            results: c.resultsUrl("http://127.0.0.1:8000/site/", "  test-time & compute "),
            paper: c.omniboxTarget("http://127.0.0.1:8000/", "http://127.0.0.1:8000/papers/x/"),
            typed: c.omniboxTarget("http://127.0.0.1:8000/", "quantization survey"),
        };
    }""")
    assert made["suggestions"] == [
        {
            "content": "http://127.0.0.1:8000/papers/x/",
            "description": "&lt;b&gt;Bold&lt;/b&gt; &amp; &apos;Co&apos; <dim>Q&amp;A &lt;i&gt;</dim>",
        }
    ]
    assert made["results"] == "http://127.0.0.1:8000/site/?q=test-time+%26+compute"
    assert made["paper"] == "http://127.0.0.1:8000/papers/x/"
    assert made["typed"] == "http://127.0.0.1:8000/?q=quantization+survey"


def test_the_selection_menu_item_is_registered(extension):
    # update() fails for an item that does not exist: a way to ask without a getAll() API.
    found = extension.worker.evaluate(
        "chrome.contextMenus.update('search-selection', {}).then(() => 'registered', (e) => e.message)"
    )
    assert found == "registered"

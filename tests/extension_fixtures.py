"""Session fixtures of the extension tests (conftest.py loads them as a plugin), and a way into the
content script's closed shadow root."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from extension_browser import LoadedExtension, launch
from playwright.sync_api import Page


@pytest.fixture(scope="session")
def extension(playwright, tmp_path_factory) -> Iterator[LoadedExtension]:
    """One Chromium with the unpacked extension for the whole run; tests point it at their own site."""
    loaded = launch(playwright, tmp_path_factory.mktemp("chromium-profile"))
    yield loaded
    loaded.context.close()


def in_closed_shadow(page: Page, host: str, function: str, arg=None):
    """`function(root, arg)`'s value, run on the closed shadow root of the first `host` element.

    The DevTools protocol reaches a closed root, as a page's scripts cannot: the tests read the
    panel the way a user sees it without opening it to the page. None when there is no such host.
    """
    values = in_closed_shadows(page, host, function, arg, first_only=True)
    return values[0] if values else None


def in_closed_shadows(page: Page, host: str, function: str, arg=None, first_only=False) -> list:
    """`function(root, arg)`'s value for the closed shadow root of every `host` element, in page order."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
        found = cdp.send(
            "DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"], "selector": host}
        )
        node_ids = found["nodeIds"][:1] if first_only else found["nodeIds"]
        return [_call_on_shadow_root(cdp, node_id, function, arg) for node_id in node_ids]
    finally:
        cdp.detach()


def _call_on_shadow_root(cdp, node_id: int, function: str, arg):
    described = cdp.send("DOM.describeNode", {"nodeId": node_id, "pierce": True})
    root = described["node"]["shadowRoots"][0]
    handle = cdp.send("DOM.resolveNode", {"backendNodeId": root["backendNodeId"]})["object"]
    answer = cdp.send(
        "Runtime.callFunctionOn",
        {
            "objectId": handle["objectId"],
            "functionDeclaration": f"function (arg) {{ return ({function})(this, arg); }}",
            "arguments": [{"value": arg}],
            "returnByValue": True,
            "awaitPromise": True,
        },
    )
    if "exceptionDetails" in answer:
        raise AssertionError(f"in the shadow root: {answer['exceptionDetails']}")
    return answer["result"].get("value")

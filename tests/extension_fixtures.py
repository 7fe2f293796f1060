"""Session fixtures of the extension tests (conftest.py loads them as a plugin), and a way into the
content script's closed shadow root, and axe-core's findings on a page and in those roots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from extension_browser import LoadedExtension, launch
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const found = await axe.run(document, { resultTypes: ["violations"] });
  return found.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}"""


def serious_violations(page: Page) -> list:
    """axe-core's serious and critical findings on the page (run through the DevTools protocol,
    which the page's CSP does not stop)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)


# In the test's page only: each closed root becomes its host's `shadowRoot`, the one way axe walks
# into a shadow tree. The content script's world and every other page still find no root.
EXPOSE_ROOT = """root => {
  Object.defineProperty(root.host, "shadowRoot", { get: () => root, configurable: true });
}"""
RUN_AXE_IN_HOSTS = """async (host) => {
  const found = await axe.run({ include: [[host]] });
  const inShadow = (result) => result.nodes.filter((node) => Array.isArray(node.target[0]));
  const summary = (results, keep) => results.filter(keep).map((result) => ({ id: result.id,
    nodes: inShadow(result).map((node) => [node.target[0].join(" >> "), node.any.concat(node.all)
      .map((check) => `${check.message} ${JSON.stringify(check.data)}`).join("; ")]) }));
  return {
    violations: summary(found.violations, (v) => ["serious", "critical"].includes(v.impact)),
    // Contrast axe could not work out (text over an image, say) is contrast not checked.
    unsure: summary(found.incomplete, (r) => r.id === "color-contrast" && inShadow(r).length),
    checked: found.passes.concat(found.violations).filter((r) => inShadow(r).length).map((r) => r.id),
  };
}"""


def axe_in_closed_shadows(page: Page, host: str) -> dict:
    """axe-core run on the closed shadow roots of every `host` element, as the content script built
    them, where they are in the page: {violations (serious and critical), unsure (contrast axe
    could not decide), checked (the rules that found something to check inside the roots)}."""
    in_closed_shadows(page, host, EXPOSE_ROOT)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE_IN_HOSTS, host)


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

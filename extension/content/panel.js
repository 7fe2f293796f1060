// On an arXiv or Hugging Face paper page: if the paper is in the collection, a small panel with
// its tags, upvotes, TL;DR and related papers, each linking to the site; if not, a smaller one
// that offers to add it (content/save.js). Nothing at all when no site answers.
//
// The panel lives in a closed shadow root on a fixed-position host, so the page's CSS neither
// styles it nor is disturbed by it, nothing in the page's layout moves, and the page's scripts
// cannot read which of its papers are in the collection, with their tags and related titles.
// A content script cannot import modules: the manifest loads lib/arxiv_ids.js, content/dom.js and
// content/save.js before this file.
// The service worker checks every message it sends.
(() => {
  const MAX_RELATED = 5;
  const PANEL = "sitegen-papers-panel";
  const { parse: arxivIdOf } = globalThis.arxivIds; // lib/arxiv_ids.js, loaded before this file
  const { element, link, shadowHost } = globalThis.contentDom; // content/dom.js, likewise
  const { offerSaving } = globalThis.paperSaving; // content/save.js, likewise

  function item(child) {
    const li = element("li");
    li.append(child);
    return li;
  }

  // The popup's colours, in the scheme the browser asks for: every text reads at 4.5:1 or more on
  // its background in both. The names are the panel's own: a page's custom properties of the same
  // names would otherwise reach in, as custom properties cross a shadow root.
  const CSS = `
    :host { all: initial; }
    .panel { --sg-bg: #ffffff; --sg-fg: #111827; --sg-muted: #4b5563; --sg-faint: #6b7280; --sg-link: #1d4ed8;
      --sg-tag: #eef2ff; --sg-line: #d1d5db; --sg-field: #6b7280; --sg-problem: #b91c1c; color-scheme: light; }
    @media (prefers-color-scheme: dark) {
      .panel { --sg-bg: #111827; --sg-fg: #f3f4f6; --sg-muted: #d1d5db; --sg-faint: #9ca3af; --sg-link: #93c5fd;
        --sg-tag: #1e3a8a; --sg-line: #4b5563; --sg-field: #9ca3af; --sg-problem: #fca5a5; color-scheme: dark; }
    }
    .panel { box-sizing: border-box; width: 300px; max-height: 60vh; overflow: auto; overflow-wrap: anywhere; padding: 10px 12px;
      font: 13px/1.4 system-ui, sans-serif; color: var(--sg-fg); background: var(--sg-bg); border: 1px solid var(--sg-line);
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.18); text-align: left; }
    .head { display: flex; align-items: center; gap: 8px; color: var(--sg-faint); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
    .close { margin-left: auto; border: none; background: none; font-size: 16px; line-height: 1; color: var(--sg-faint); cursor: pointer; padding: 0 2px; }
    a { color: var(--sg-link); text-decoration: none; }
    a:hover { text-decoration: underline; }
    .title { display: block; margin: 4px 0 6px; font-weight: 600; font-size: 14px; }
    .upvotes, .tldr { margin: 0 0 6px; color: var(--sg-muted); }
    .tldr .label { font-weight: 600; }
    .tags { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 6px; padding: 0; list-style: none; }
    .tag { font-size: 11px; padding: 1px 7px; border-radius: 9px; background: var(--sg-tag); }
    h2 { font-size: 11px; font-weight: 600; color: var(--sg-faint); margin: 8px 0 4px; text-transform: uppercase; letter-spacing: 0.04em; }
    .related { margin: 0; padding-left: 16px; }
    .related li { margin: 2px 0; }
    button.add { margin-top: 6px; padding: 4px 10px; font: inherit; font-weight: 600; color: #ffffff;
      background: #1d4ed8; border: none; border-radius: 6px; cursor: pointer; }
    button.add:disabled { opacity: 0.6; cursor: progress; }
    .field { display: block; margin: 6px 0 0; color: var(--sg-muted); font-size: 12px; }
    .field input, .field textarea, .record { box-sizing: border-box; display: block; width: 100%; margin-top: 2px;
      padding: 4px 6px; font: inherit; font-size: 13px; color: var(--sg-fg); background: var(--sg-bg);
      border: 1px solid var(--sg-field); border-radius: 4px; }
    .status { margin: 6px 0 0; }
    .status:empty { display: none; }
    .status.problem { color: var(--sg-problem); }
    .record { margin-top: 6px; font-family: ui-monospace, monospace; font-size: 11px; }
    .download { display: inline-block; margin-top: 4px; }
  `;

  function header(text) {
    const head = element("div", "head", text);
    const close = element("button", "close", "×");
    close.type = "button";
    close.title = "Hide";
    close.setAttribute("aria-label", "Hide");
    head.append(close);
    return { head, close };
  }

  function panelBody(paper) {
    const panel = element("section", "panel");
    panel.setAttribute("aria-label", "In your paper collection");
    const { head, close } = header("In your collection");
    panel.append(head, link(paper.title, paper.url, "title"));
    if (paper.upvotes !== null) panel.append(element("p", "upvotes", `▲ ${paper.upvotes} upvotes`));
    if (paper.tldr) {
      const tldr = element("p", "tldr");
      tldr.append(element("span", "label", "TL;DR (machine-written): "), paper.tldr);
      panel.append(tldr);
    }
    if (paper.tags.length) {
      const tags = element("ul", "tags");
      for (const tag of paper.tags) tags.append(item(link(tag.name, tag.url, "tag")));
      panel.append(tags);
    }
    if (paper.related.length) {
      const list = element("ol", "related");
      for (const other of paper.related.slice(0, MAX_RELATED)) list.append(item(link(other.title, other.url)));
      panel.append(element("h2", "", "Related in your collection"), list);
    }
    return { panel, close };
  }

  // The same host for a paper the collection lacks: the page's scripts see a panel either way.
  function savingBody(arxivId) {
    const panel = element("section", "panel");
    panel.setAttribute("aria-label", "Not in your paper collection");
    const { head, close } = header("Not in your collection");
    panel.append(head);
    offerSaving(panel, arxivId, (message) => chrome.runtime.sendMessage(message));
    return { panel, close };
  }

  function showPanel({ panel, close }) {
    const box = shadowHost(PANEL, { position: "fixed", right: "16px", bottom: "16px", "z-index": "2147483647", display: "block" }, CSS, panel);
    close.addEventListener("click", () => box.remove());
    // In the body, where a page's content goes: what reads the page's content (assistive
    // technology, axe-core's checks) looks there. A page without one (a bare document) gets it
    // on its root element.
    (document.body ?? document.documentElement).append(box);
    return box;
  }

  // The paper is the one the browser loaded, read at document_start, before any script of the page
  // runs. A later change of the URL inside the page (history.pushState) only takes the panel away:
  // the page's own scripts can make that change too, to any paper, and no navigation event the
  // extension can observe (webNavigation's included) tells Hugging Face's own moves from theirs,
  // so following them would let a page ask about papers of its choosing.
  const loadedFor = arxivIdOf(location.href);
  let host = null;

  // At document_start the page may have no <html> element yet to hold the panel.
  function domReady() {
    if (document.readyState !== "loading") return Promise.resolve();
    return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  }

  async function show(arxivId) {
    const reply = await chrome.runtime.sendMessage({ type: "lookup", arxivId });
    if (!reply?.ok) return; // no site to ask: nothing to show or to save to
    await domReady();
    // The page may have moved on while the worker was answering.
    if (arxivIdOf(location.href) !== arxivId) return;
    const { paper } = reply.data;
    host = showPanel(paper ? panelBody(paper) : savingBody(arxivId));
  }

  function hideIfMovedOn() {
    if (host && arxivIdOf(location.href) !== loadedFor) {
      host.remove();
      host = null;
    }
  }

  if (loadedFor) {
    // No worker answer (the extension was reloaded): show nothing rather than an error on someone else's page.
    show(loadedFor).catch(() => {});
    globalThis.navigation?.addEventListener("currententrychange", hideIfMovedOn);
  }
})();

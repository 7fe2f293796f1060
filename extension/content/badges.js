// On a list of papers (arXiv's /list/, /search/ and author pages, Hugging Face's daily, date, week,
// month and trending pages): a small badge beside the title of each paper in the collection,
// linking to its page on the site, its tags on hover. Papers not in the collection are left alone.
//
// The page's markup is someone else's and changes: each layout below is tried item by item, and
// an item without the element expected is skipped (no badge), never an error on the page. The
// whole page is asked about in one message, which the worker answers with one request (a batch
// lookup, or the static lookup table it keeps). Each badge sits in a closed shadow root: the
// page's CSS does not reach it, and its scripts cannot read its link or tags (they can see that
// a badge's host is there, so which of the papers listed are in the collection).
// The manifest loads lib/arxiv_ids.js and content/dom.js before this file.
(() => {
  const BADGE = "sitegen-papers-badge";
  // arXiv's longest list page (show=2000); beyond it a page is not one of the lists meant here.
  const MAX_PAPERS = 2000;
  const { parse: arxivIdOf } = globalThis.arxivIds;
  const { link, shadowHost } = globalThis.contentDom;

  // Where each site's list pages keep a paper: the item, the link that names its arXiv id, and the
  // element the title is in (the badge goes at its end).
  const LAYOUTS = {
    "arxiv.org": [
      // /list/… and /a/…: <dl><dt>[n] <a href="/abs/ID">arXiv:ID</a> …</dt><dd><div class="list-title">
      { items: "dl > dt", id: 'a[href*="/abs/"]', title: (dt) => dt.nextElementSibling?.querySelector(".list-title") },
      // /search/…: <li class="arxiv-result"><p class="list-title"><a href=".../abs/ID"> … <p class="title">
      { items: "li.arxiv-result", id: '.list-title a[href*="/abs/"]', title: (li) => li.querySelector("p.title") },
    ],
    "huggingface.co": [
      // The daily list and its date, week, month and trending pages: <article> … <h3><a href="/papers/ID">
      { items: "article", id: 'h3 a[href^="/papers/"]', title: (article) => article.querySelector("h3") },
    ],
  };

  // One look in both colour schemes: the badge brings its own background, and reads the same on a
  // light page or a dark one.
  const CSS = `
    :host { all: initial; }
    a { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; vertical-align: middle;
      font: 600 11px/16px system-ui, sans-serif; color: #1e3a8a; background: #dbeafe; text-decoration: none;
      white-space: nowrap; }
    a:hover, a:focus-visible { background: #bfdbfe; text-decoration: underline; }
  `;

  /** [{arxivId, title}] for each paper the page lists whose markup is as expected. */
  function listedPapers() {
    const found = [];
    for (const layout of LAYOUTS[location.hostname] ?? []) {
      for (const item of document.querySelectorAll(layout.items)) {
        const anchor = item.querySelector(layout.id);
        const arxivId = anchor ? arxivIdOf(anchor.href) : null;
        const title = arxivId ? layout.title(item) : null;
        // A title with its badge already was asked about when the badge was made.
        if (title && !title.querySelector(BADGE) && found.length < MAX_PAPERS) found.push({ arxivId, title });
      }
    }
    return found;
  }

  function badge(paper) {
    const tags = paper.tags.map((tag) => tag.name).join(", ");
    const a = link("in collection", paper.url);
    a.title = tags ? `In your collection: ${paper.title}\nTags: ${tags}` : `In your collection: ${paper.title}`;
    // The name starts with the words shown, so that a user who speaks them (voice control) reaches it.
    a.setAttribute("aria-label", `In collection${tags ? `, tagged ${tags}` : ""}: open its page on your site`);
    return shadowHost(BADGE, { display: "inline" }, CSS, a);
  }

  async function markPapers() {
    const listed = listedPapers();
    if (!listed.length) return;
    const arxivIds = [...new Set(listed.map((paper) => paper.arxivId))];
    const reply = await chrome.runtime.sendMessage({ type: "lookupMany", arxivIds });
    const papers = reply?.ok ? reply.data.papers : {};
    for (const { arxivId, title } of listed) {
      // A title can hold one badge: the same paper listed twice in one item is one badge.
      if (Object.hasOwn(papers, arxivId) && title.isConnected && !title.querySelector(BADGE)) {
        title.append(badge(papers[arxivId]));
      }
    }
  }

  // Hugging Face moves between days inside the page (history.pushState) and draws the new list
  // after: once the page has been quiet for a moment, its papers are asked about again. This lets
  // the page's scripts choose what is asked no more than they could already, by what they put in
  // the page before it loaded.
  const QUIET_MS = 400;
  const MOST_WAIT_MS = 5000;

  function afterQuiet() {
    return new Promise((resolve) => {
      let timer = setTimeout(done, QUIET_MS);
      const giveUp = setTimeout(done, MOST_WAIT_MS);
      const watcher = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, QUIET_MS);
      });
      function done() {
        watcher.disconnect();
        clearTimeout(timer);
        clearTimeout(giveUp);
        resolve();
      }
      watcher.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
    });
  }

  let marking = Promise.resolve();
  function markAgain() {
    marking = marking.then(afterQuiet).then(markPapers).catch(() => {});
  }

  // No worker answer (the extension was reloaded): show nothing rather than an error on someone else's page.
  marking = markPapers().catch(() => {});
  if (location.hostname === "huggingface.co") globalThis.navigation?.addEventListener("currententrychange", markAgain);
})();

// Answers Material's header search box: from the search API when `sitegen serve` serves the site (its
// ranking is the collection's best); else, on a site small enough, from the static search the browser
// extension uses (assets/static-search.js over api/v1/search.json: a paper's title, short name, tags,
// surnames and strongest words, ranked as BM25 would, with typos and word forms met), fetched once
// after the first result; and until that file is there, or on a larger site, from Pagefind's
// chunked index (pagefind/ beside this site), so a visitor downloads what one query needs instead of
// Material's whole index. Pagefind shows only pages holding every word; a query of several words is
// also searched word by word and the scores summed, so the page that matches most of a question or a
// description ranks first. Results are shown in Material's search overlay, built with DOM calls and
// textContent: page text is data, never markup.
(() => {
  "use strict";
  const input = document.querySelector("input.md-search__input");
  const output = document.querySelector(".md-search-result");
  const configElement = document.getElementById("__config");
  if (!input || !output || !configElement) return;

  const config = JSON.parse(configElement.textContent);
  const words = config.translations || {};
  const siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const SHOWN = 10;
  // The main index's other parts (a large site's is made in several) and the index of pages added since
  // it was made, filled in by the sitegen-search plugin.
  const MERGED = /* sitegen:merged */ [];
  // Whether the site is small enough for its search file to be worth fetching (the sitegen-search plugin says).
  const STATIC_SEARCH = /* sitegen:static */ false;

  // Material's own result list stays in place (its search keeps running on an empty index); ours
  // takes its classes, so it looks the same and Material's keyboard handling (arrows, Enter) works.
  const style = document.createElement("style");
  style.textContent = ".md-search-result__meta:not(.sg-search), .md-search-result__list:not(.sg-search) { display: none; }";
  document.head.append(style);
  const meta = element("div", "md-search-result__meta sg-search");
  const list = element("ol", "md-search-result__list sg-search");
  list.setAttribute("role", "list");
  meta.textContent = words["search.result.placeholder"] || "Type to start searching";
  output.append(meta, list);
  // Material's search overlay is a dialog without a name (axe-core: aria-dialog-name); the box's own
  // label, translated by Material, names it.
  document.querySelector(".md-search[role=dialog]")?.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");

  // Words that say nothing about a paper, left out of the word-by-word search.
  const STOPWORDS = new Set(("a an and are as at be by can do does did for from has have how i in into is it its of on or " +
    "paper papers show showed shows study that the their this to use uses used using via was we what when which who why " +
    "with").split(" "));
  const MAX_WORDS = 12;
  const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;  // punctuation around a word ("(mcts)", "learning,")

  let pagefind = null;
  let staticLoad = null;
  let staticSearch = null; // {module, index} once the search file is loaded
  let api = null;
  let pages = null;
  let latest = 0;

  function element(tag, className) {
    const node = document.createElement(tag);
    node.className = className;
    return node;
  }

  /** How many pages the site's indexes hold (Pagefind's entry files say), for how rare a word is. */
  function pageCount() {
    pages ??= Promise.all(["pagefind/", ...MERGED].map((bundle) =>
      fetch(new URL("pagefind-entry.json", new URL(bundle, siteRoot))).then((r) => (r.ok ? r.json() : null), () => null)))
      .then((entries) => entries.reduce((sum, entry) => sum + Object.values(entry?.languages ?? {})
        .reduce((n, language) => n + (language.page_count ?? 0), 0), 0) || 1);
    return pages;
  }

  /** Whether the search API answers beside this site: `sitegen serve` says so in a header of every
   * answer; a static host does not, and nothing that is not there is asked for. */
  function liveApi() {
    api ??= fetch(siteRoot, { method: "HEAD" }).then((r) => r.headers.get("x-sitegen-api") === "live", () => false);
    return api;
  }

  /** The extension's static search over the site's search file; a site without one keeps Pagefind. */
  function loadStatic() {
    staticLoad ??= Promise.all([
      import(new URL("assets/static-search.js", siteRoot).href),
      fetch(new URL("api/v1/search.json", siteRoot)).then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText)))),
    ]).then(([module, file]) => {
      staticSearch = { module, index: module.buildIndex(file) };
    }, () => null);
  }

  function load() {
    liveApi();
    pagefind ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (module) => {
      await module.options({ baseUrl: siteRoot.pathname });
      await module.init();
      for (const bundle of MERGED) {
        // An index that is not there (not deployed, say) would fail every search once merged:
        // the others then answer alone, missing only its pages.
        const base = new URL(bundle, siteRoot);
        const there = await fetch(new URL("pagefind-entry.json", base), { method: "HEAD" }).then((r) => r.ok, () => false);
        if (there) await module.mergeIndex(base.pathname);
      }
      return module;
    });
    return pagefind;
  }

  // Pagefind's excerpt is escaped text with <mark> around matches. Parse it inertly and copy
  // only text and marks, so nothing from the page can become markup here.
  function teaser(excerpt, text) {
    const paragraph = element("p", "md-search-result__teaser");
    if (text !== undefined) {
      paragraph.textContent = text;
      return paragraph;
    }
    const parsed = new DOMParser().parseFromString(excerpt, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(node.textContent));
      }
    }
    return paragraph;
  }

  function resultItem(found, rank) {
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = found.url;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    article.dataset.mdScore = String(SHOWN - rank);  // Material's Enter key follows the best score
    const title = document.createElement("h1");
    title.textContent = found.title;
    article.append(element("div", "md-search-result__icon md-icon"), title, teaser(found.excerpt, found.text));
    link.append(article);
    item.append(link);
    return item;
  }

  function summary(count, query) {
    if (!query) return words["search.result.placeholder"] || "Type to start searching";
    if (count === 0) return words["search.result.none"] || "No matching documents";
    if (count === 1) return words["search.result.one"] || "1 matching document";
    return (words["search.result.other"] || "# matching documents").replace("#", String(count));
  }

  /** {count, items: [{url, title, excerpt}]} from the search API. */
  async function fromApi(text) {
    const url = new URL("api/v1/search", siteRoot);
    url.search = new URLSearchParams({ q: text, limit: String(SHOWN) }).toString();
    const answer = await fetch(url).then((r) => (r.ok ? r.json() : { total: 0, hits: [] }));
    const items = answer.hits.map((hit) => ({ url: new URL(hit.url, siteRoot).href, title: hit.title, excerpt: hit.snippet }));
    return { count: answer.total, items };
  }

  /** {count, items} from the static search: no passage to show (the file has no abstracts), the tags instead. */
  function fromStatic(text) {
    const { module, index } = staticSearch;
    const answer = module.searchIndex(index, text, { limit: SHOWN });
    const items = answer.hits.map((hit) => ({ url: new URL(hit.url, siteRoot).href, title: hit.title, text: hit.tags.map((t) => t.name).join(" · ") }));
    return { count: answer.total, items };
  }

  /** {count, items} from Pagefind: each word's pages, scored as BM25 sums them: the word's weight in
   * the page (Pagefind's score, as a share of the word's best) times how rare the word is. */
  async function fromPagefind(text) {
    const module = await load();
    const words = [...new Set(text.toLowerCase().split(/\s+/).map((w) => w.replace(EDGES, "")).filter((w) => w && !STOPWORDS.has(w)))]
      .slice(0, MAX_WORDS);
    if (words.length < 2) return pagefindItems(await module.search(text).then((found) => found?.results ?? []));
    const [pages, ...each] = await Promise.all([pageCount(), ...words.map((w) => module.search(w))]);
    const scores = new Map();
    for (const found of each) {
      const results = found?.results ?? [];
      if (!results.length) continue;
      const best = Math.max(...results.map((r) => r.score)) || 1;
      const rarity = Math.log(1 + pages / results.length);
      for (const result of results) {
        const score = (scores.get(result.id)?.score ?? 0) + rarity * (result.score / best);
        scores.set(result.id, { result, score });
      }
    }
    const ranked = [...scores.values()].sort((a, b) => b.score - a.score).map(({ result }) => result);
    return pagefindItems(ranked);
  }

  async function pagefindItems(ranked) {
    const data = await Promise.all(ranked.slice(0, SHOWN).map((result) => result.data()));
    return { count: ranked.length, items: data.map((d) => ({ url: new URL(d.url, location.href).href, title: d.meta.title || d.url, excerpt: d.excerpt || "" })) };
  }

  async function search(query) {
    const ticket = ++latest;
    const text = query.trim();
    if (!text) {
      list.replaceChildren();
      meta.textContent = summary(0, "");
      return;
    }
    const live = await liveApi();
    const found = live ? await fromApi(text) : staticSearch ? fromStatic(text) : await fromPagefind(text);
    if (ticket !== latest) return;  // a newer query is on its way
    list.replaceChildren(...found.items.map(resultItem));
    meta.textContent = summary(found.count, text);
    // Only now: the search file would slow the first result down, sharing the line with Pagefind's chunks.
    if (!live && STATIC_SEARCH) loadStatic();
  }

  input.addEventListener("focus", load, { once: true });  // fetch Pagefind's entry while the visitor types
  input.addEventListener("input", () => search(input.value));
  input.form?.addEventListener("reset", () => search(""));
})();

// Answers Material's header search box from Pagefind's chunked index (pagefind/ beside this site),
// so a visitor downloads what one query needs instead of Material's whole index. Results are shown
// in Material's search overlay, built with DOM calls and textContent: page text is data, never markup.
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

  let pagefind = null;
  let latest = 0;

  function element(tag, className) {
    const node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function load() {
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
  function teaser(excerpt) {
    const paragraph = element("p", "md-search-result__teaser");
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

  function resultItem(data, rank) {
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = new URL(data.url, location.href).href;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    article.dataset.mdScore = String(SHOWN - rank);  // Material's Enter key follows the best score
    const title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    article.append(element("div", "md-search-result__icon md-icon"), title, teaser(data.excerpt || ""));
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

  async function search(query) {
    const ticket = ++latest;
    const text = query.trim();
    if (!text) {
      list.replaceChildren();
      meta.textContent = summary(0, "");
      return;
    }
    const module = await load();
    const found = await module.search(text);
    if (ticket !== latest || !found) return;  // a newer query is on its way
    const data = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(...data.map(resultItem));
    meta.textContent = summary(found.results.length, text);
  }

  input.addEventListener("focus", load, { once: true });  // fetch Pagefind's entry while the visitor types
  input.addEventListener("input", () => search(input.value));
  input.form?.addEventListener("reset", () => search(""));
})();

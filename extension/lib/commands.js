// What the context-menu item and the omnibox keyword open and suggest, kept apart from the
// chrome.* wiring in background.js so it can be checked on its own.

export const MENU_ID = "search-selection";
export const MENU_TITLE = "Search papers for “%s”";
const MAX_QUERY = 500;

/** The site's own search page for a query (Material for MkDocs opens its search from ?q=). */
export function resultsUrl(base, query) {
  const url = new URL(base);
  url.searchParams.set("q", String(query).trim().slice(0, MAX_QUERY));
  return url.href;
}

/** Omnibox descriptions are XML: paper text must be escaped before it goes in. */
export function xml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);
}

/** A search answer -> omnibox suggestions: the paper's page as content, title and tags as description. */
export function suggestionsFor(answer) {
  return answer.hits.map((hit) => ({
    content: hit.url,
    description: `${xml(hit.title)}${hit.tags.length ? ` <dim>${xml(hit.tags.map((t) => t.name).join(", "))}</dim>` : ""}`,
  }));
}

/** Where Enter in the omnibox goes: a suggested paper page of the site, else the site's results for the text. */
export function omniboxTarget(base, text) {
  return text.startsWith(base) ? text : resultsUrl(base, text);
}

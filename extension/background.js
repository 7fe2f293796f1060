// The service worker: the only part that talks to the site. Pages and content scripts ask it
// by message; it also owns the context-menu item and the `papers` omnibox keyword.

import { MENU_ID, MENU_TITLE, omniboxTarget, resultsUrl, suggestionsFor } from "./lib/commands.js";
import { checkMessage, senderKind } from "./lib/messages.js";
import { cleanBriefs, cleanPaper, cleanSearch, siteLink } from "./lib/records.js";
import { loadSite, loadToken, normalizeSiteUrl, onSiteChanged, saveSite, saveToken, SettingsError } from "./lib/settings.js";
import { detectSite, openSite, SiteError } from "./lib/site.js";

// How long a detected mode is trusted before health is asked again (a site can be rebuilt or
// switched between `sitegen serve` and static files while the worker lives).
const RECHECK_MS = 60_000;
let session = null; // {base, at, site: Promise<LiveSite | StaticSite>}

async function currentSite() {
  const { url } = await loadSite();
  if (!session || session.base !== url || Date.now() - session.at > RECHECK_MS) {
    const site = detectSite(url).then((detected) => openSite(url, detected));
    session = { base: url, at: Date.now(), site };
    // A failed detection is not kept: the next request tries again (the server may be up by then).
    site.catch(() => {
      if (session?.site === site) session = null;
    });
  }
  return session.site;
}

onSiteChanged(() => {
  session = null;
});

const handlers = {
  async search({ query, limit = 10 }) {
    const site = await currentSite();
    const answer = cleanSearch(await site.search(query, { limit }), site.base);
    return { ...answer, mode: site.mode, site: site.base, resultsUrl: resultsUrl(site.base, query) };
  },
  async lookup({ arxivId }) {
    const site = await currentSite();
    const record = await site.lookup(arxivId);
    // Not found is an answer too: the panel then offers to save the paper.
    return { paper: record ? cleanPaper(record, site.base) : null, site: site.base, mode: site.mode };
  },
  async addPaper({ draft }) {
    const site = await currentSite();
    const answer = await site.add(draft, await loadToken());
    const url = answer.status === "exists" ? siteLink(answer.url, site.base) : null;
    return { status: String(answer.status), url, record: typeof answer.record === "string" ? answer.record : null };
  },
  // A saved paper, while the panel waits for it: its record once the site has it, else whether a
  // build still runs and what the last one said if it failed.
  async savedPaper({ arxivId }) {
    const site = await currentSite();
    const record = await site.lookup(arxivId);
    if (record) return { paper: cleanPaper(record, site.base), building: false, failure: "" };
    const state = await site.inboxState(await loadToken());
    const failure = typeof state?.last_error === "string" ? state.last_error.slice(-300) : "";
    return { paper: null, building: state?.building === true, failure };
  },
  async pair({ token }) {
    const site = await currentSite();
    const state = await site.pair(token.trim());
    await saveToken(token.trim());
    return { site: site.base, readsInbox: state.reads_inbox === true, inbox: String(state.inbox ?? "") };
  },
  async lookupMany({ arxivIds }) {
    const site = await currentSite();
    return { papers: cleanBriefs(await site.lookupMany(arxivIds), site.base), site: site.base };
  },
  async status() {
    const { url } = await loadSite();
    // Pages ask this when they open: a good moment to notice a rebuilt or restarted site.
    session = null;
    try {
      const site = await currentSite();
      return { url, mode: site.mode, problem: null };
    } catch (error) {
      return { url, mode: null, problem: describe(error) };
    }
  },
  async setSite({ url }) {
    const base = normalizeSiteUrl(url);
    const detected = await detectSite(base);
    await saveSite(base, detected.mode);
    session = null;
    return { url: base, mode: detected.mode, papers: Number.isInteger(detected.health.papers) ? detected.health.papers : null };
  },
};

function describe(error) {
  if (error instanceof SiteError) return { code: error.code, message: error.message, hint: error.hint };
  if (error instanceof SettingsError) return { code: "bad-setting", message: error.message, hint: "" };
  return { code: "internal", message: `Something went wrong in the extension: ${error?.message ?? error}`, hint: "" };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const problem = checkMessage(message, senderKind(sender, chrome.runtime.id, chrome.runtime.getURL("")));
  if (problem) {
    sendResponse({ ok: false, error: { code: "bad-message", message: problem, hint: "" } });
    return false;
  }
  const { type, ...args } = message;
  handlers[type](args).then(
    (data) => sendResponse({ ok: true, data }),
    (error) => sendResponse({ ok: false, error: describe(error) }),
  );
  return true; // the answer comes later
});

// --- Selected text: "Search papers for “…”" opens the site's results for it.

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: MENU_TITLE, contexts: ["selection"] });
});

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId !== MENU_ID || !info.selectionText) return;
  const { url } = await loadSite();
  chrome.tabs.create({ url: resultsUrl(url, info.selectionText), index: tab ? tab.index + 1 : undefined });
});

// --- The omnibox: `papers QUERY` suggests papers as you type; Enter opens one or the results.

chrome.omnibox.setDefaultSuggestion({ description: "Search papers for <match>%s</match>" });

chrome.omnibox.onInputChanged.addListener(async (text, suggest) => {
  const query = text.trim().slice(0, 500);
  if (!query) return;
  try {
    const answer = await handlers.search({ query, limit: 6 });
    suggest(suggestionsFor(answer));
  } catch {
    suggest([]); // the default suggestion still opens the results page, which explains any problem
  }
});

chrome.omnibox.onInputEntered.addListener(async (text, disposition) => {
  const { url: base } = await loadSite();
  const url = omniboxTarget(base, text);
  if (disposition === "currentTab") chrome.tabs.update({ url });
  else chrome.tabs.create({ url, active: disposition === "newForegroundTab" });
});

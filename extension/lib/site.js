// Talking to a sitegen site: find out whether a live server or only static files answer, then
// search and look papers up the same way in both modes.

import { inboxRecord } from "./inbox.js";
import { buildIndex, searchIndex } from "./static_search.js";

const API = "api/v1/";
// The server's bound on one batch lookup (MAX_BATCH in sitegen/serve/api.py).
const BATCH = 200;
const TOKEN_HEADER = "X-Sitegen-Token";
const PAIR_HINT = "Copy the token that `sitegen serve` printed when it started (or that `sitegen token` prints) into the extension's options.";
const START_HINT = "Start the site with `make demo` (or `sitegen serve`), or set its address in the extension's options.";

/** What went wrong, for people: code (machine), message (what), hint (what to do). */
export class SiteError extends Error {
  constructor(code, message, hint = "") {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/** GET (or send `init` to) a JSON URL: {status, body} (body null when not JSON), or {status: 0} when nothing answered. */
async function getJson(url, init = {}) {
  let response;
  try {
    // no-cache: the browser may keep answers but must revalidate them (ETag / Last-Modified).
    response = await fetch(url, { cache: "no-cache", credentials: "omit", ...init, headers: { Accept: "application/json", ...init.headers } });
  } catch {
    return { status: 0, body: null };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { status: response.status, body: body && typeof body === "object" ? body : null };
}

/** Whether anything answers at url at all, even without letting us read it (a no-cors probe). */
async function answersOpaquely(url) {
  try {
    await fetch(url, { mode: "no-cors", cache: "no-store", credentials: "omit" });
    return true;
  } catch {
    return false;
  }
}

function api(base, path) {
  return new URL(API + path, base).href;
}

/** Which kind of site answers at base: {mode: "live" | "static", health}, or a SiteError. */
export async function detectSite(base) {
  const live = await getJson(api(base, "health"));
  if (live.status === 200 && live.body?.status === "ok" && live.body.mode !== "static") {
    return { mode: "live", health: live.body };
  }
  if (live.status === 503 && live.body?.mode === "live") {
    throw new SiteError("no-index", `The server at ${base} is running but has no search index.`, "Run `sitegen build`, then try again.");
  }
  const fixed = await getJson(api(base, "health.json"));
  if (fixed.status === 200 && fixed.body?.status === "ok" && fixed.body.mode === "static") {
    return { mode: "static", health: fixed.body };
  }
  if (live.status === 0 && fixed.status === 0) {
    if (await answersOpaquely(base)) {
      throw new SiteError("no-access", `${base} answers, but does not let the extension read it (no CORS headers).`,
        "Allow the extension to read this site from its options page, or serve the site with `sitegen serve`, which allows extensions.");
    }
    throw new SiteError("unreachable", `No answer from ${base}: is the site running?`, START_HINT);
  }
  throw new SiteError("not-sitegen", `${base} answers, but not as a sitegen site (no /api/v1/health or /api/v1/health.json).`,
    "Check the address in the extension's options: it is the site's root, where its home page is.");
}

function failed(what, answer, base) {
  if (answer.status === 0) return new SiteError("unreachable", `No answer from ${base} while asking for ${what}.`, START_HINT);
  const detail = typeof answer.body?.error === "string" ? `: ${answer.body.error.slice(0, 300)}` : "";
  return new SiteError("bad-response", `The site answered ${answer.status} to ${what}${detail}`);
}

export class LiveSite {
  constructor(base) {
    this.base = base;
    this.mode = "live";
  }

  async search(query, { tag = null, limit = 10 } = {}) {
    const params = new URLSearchParams({ q: query, limit: String(limit) });
    if (tag) params.set("tag", tag);
    const answer = await getJson(api(this.base, `search?${params}`));
    if (answer.status === 200 && answer.body) return answer.body;
    if (answer.status === 400) throw new SiteError("bad-query", answer.body?.error ?? "The site could not run this query.");
    throw failed("a search", answer, this.base);
  }

  /** The paper record for an arXiv id, or null when it is not in the collection. */
  async lookup(arxivId) {
    const answer = await getJson(api(this.base, `lookup?${new URLSearchParams({ arxiv: arxivId })}`));
    if (answer.status === 200 && answer.body) return answer.body;
    if (answer.status === 404 || answer.status === 400) return null;
    throw failed("a lookup", answer, this.base);
  }

  /** The server's inbox state ({building, last_error, …}) for a paired extension, else null. */
  async inboxState(token) {
    if (!token) return null;
    const answer = await getJson(api(this.base, "inbox"), { cache: "no-store", headers: { [TOKEN_HEADER]: token } });
    return answer.status === 200 && answer.body?.paired ? answer.body : null;
  }

  /** Whether the server takes this pairing token: its inbox state, or a SiteError saying what is wrong. */
  async pair(token) {
    const answer = await getJson(api(this.base, "inbox"), { cache: "no-store", headers: { [TOKEN_HEADER]: token } });
    if (answer.status === 200 && answer.body?.paired) return answer.body;
    throw inboxRefusal(answer, this.base);
  }

  /** Save a paper (a draft from the panel): the server's answer, {status: "added" | "waiting" | "exists", …}. */
  async add(draft, token) {
    if (!token) throw new SiteError("not-paired", "The extension is not paired with sitegen serve yet.", PAIR_HINT);
    const answer = await getJson(api(this.base, "inbox"), {
      method: "POST",
      cache: "no-store",
      headers: { "Content-Type": "application/json", [TOKEN_HEADER]: token },
      body: JSON.stringify(inboxRecord(draft)),
    });
    if ((answer.status === 200 || answer.status === 202) && typeof answer.body?.status === "string") return answer.body;
    throw inboxRefusal(answer, this.base);
  }

  /** {arXiv id: {id, title, url, tags}} for the ids in the collection: one request per 200 ids. */
  async lookupMany(arxivIds) {
    const found = {};
    for (let start = 0; start < arxivIds.length; start += BATCH) {
      // A comma makes the request a batch, of one id too.
      const listed = `${arxivIds.slice(start, start + BATCH).join(",")},`;
      const answer = await getJson(api(this.base, `lookup?${new URLSearchParams({ arxiv: listed })}`));
      if (answer.status !== 200 || !answer.body?.papers) throw failed("a lookup of a list of papers", answer, this.base);
      Object.assign(found, answer.body.papers);
    }
    return found;
  }
}

// One parsed search file per site and build: kept while the worker lives, fetched again when
// health.json says the site was built again.
const staticIndexes = new Map();

export class StaticSite {
  constructor(base, health) {
    this.base = base;
    this.mode = "static";
    this.built = String(health?.built ?? "");
    this.searchFile = typeof health?.search_file === "string" && /^[\w.-]+\.json$/.test(health.search_file) ? health.search_file : "search.json";
  }

  async _cached(name, load) {
    const key = `${this.base} ${this.built} ${name}`;
    if (!staticIndexes.has(key)) {
      for (const old of staticIndexes.keys()) if (old.startsWith(`${this.base} `) && old.endsWith(` ${name}`)) staticIndexes.delete(old);
      staticIndexes.set(key, load().catch((error) => {
        staticIndexes.delete(key);
        throw error;
      }));
    }
    return staticIndexes.get(key);
  }

  async _file(name) {
    const answer = await getJson(api(this.base, name));
    if (answer.status === 200 && answer.body) return answer.body;
    throw failed(name, answer, this.base);
  }

  index() {
    return this._cached(this.searchFile, async () => {
      try {
        return buildIndex(await this._file(this.searchFile));
      } catch (error) {
        throw error instanceof SiteError ? error : new SiteError("bad-response", `${this.searchFile}: ${error.message}`, "Rebuild the site with `sitegen build`.");
      }
    });
  }

  async search(query, { tag = null, limit = 10 } = {}) {
    return searchIndex(await this.index(), query, { tag, limit });
  }

  lookupTable() {
    return this._cached("lookup.json", () => this._file("lookup.json"));
  }

  async lookup(arxivId) {
    const table = await this.lookupTable();
    const paperId = Object.hasOwn(table, arxivId) ? table[arxivId] : null;
    if (typeof paperId !== "string") return null;
    const answer = await getJson(api(this.base, `papers/${encodeURIComponent(paperId)}.json`));
    if (answer.status === 200 && answer.body) return answer.body;
    if (answer.status === 404) return null;
    throw failed(`papers/${paperId}.json`, answer, this.base);
  }

  pair() {
    throw new SiteError("static", `${this.base} is a static site: there is no server to pair with.`,
      "Pairing is for `sitegen serve`. With a static site, \"Add\" gives the paper's record to copy into your sources.");
  }

  async inboxState() {
    return null;
  }

  /** No server to write to: the record, as a line of a .jsonl file of the sources, for the user to copy. */
  async add(draft) {
    return { status: "copy", record: JSON.stringify(inboxRecord(draft)) };
  }

  /** As LiveSite's, from lookup.json and search.json: each fetched once per build and kept. */
  async lookupMany(arxivIds) {
    const table = await this.lookupTable();
    const wanted = new Map();
    for (const arxivId of arxivIds) {
      if (Object.hasOwn(table, arxivId) && typeof table[arxivId] === "string") wanted.set(table[arxivId], arxivId);
    }
    const found = {};
    if (!wanted.size) return found;
    for (const paper of (await this.index()).papers) {
      if (!wanted.has(paper.id)) continue;
      const tags = paper.tags.map(({ slug, name }) => ({ slug, name, url: `tags/${encodeURIComponent(slug)}/` }));
      found[wanted.get(paper.id)] = { id: paper.id, title: paper.title, url: `papers/${encodeURIComponent(paper.id)}/`, tags };
    }
    return found;
  }
}

function inboxRefusal(answer, base) {
  if (answer.status === 403) {
    return new SiteError("bad-token", `The server at ${base} did not accept the extension's pairing: ${answer.body?.error ?? "refused"}.`, PAIR_HINT);
  }
  if (answer.status === 404 || answer.status === 405) {
    return new SiteError("no-inbox", `The server at ${base} cannot save papers (an older sitegen?).`, "Update sitegen and restart `sitegen serve`.");
  }
  return failed("saving a paper", answer, base);
}

export function openSite(base, detected) {
  return detected.mode === "live" ? new LiveSite(base) : new StaticSite(base, detected.health);
}

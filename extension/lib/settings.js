// The settings: the site's base URL, checked before use, and the token that pairs the extension
// with `sitegen serve` to save papers; both kept in chrome.storage.local.

export const DEFAULT_SITE = "http://127.0.0.1:8000/";
const KEY = "site";
const TOKEN_KEY = "token";

export class SettingsError extends Error {}

/** A site URL as typed by a person -> a canonical base URL ending in "/", or a SettingsError. */
export function normalizeSiteUrl(text) {
  const raw = String(text ?? "").trim();
  if (!raw) throw new SettingsError("Enter the site's address, for example http://127.0.0.1:8000");
  let url;
  try {
    // People type "localhost:8000"; give them http:// rather than an error.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new SettingsError(`"${raw}" is not a web address`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SettingsError(`The address must start with http:// or https:// (got ${url.protocol})`);
  }
  // Chromium's parser lets "not a host" through as "not%20a%20host"; a real host name has no such thing.
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) throw new SettingsError(`"${raw}" is not a web address`);
  if (url.username || url.password) throw new SettingsError("The address must not contain a user name or password");
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url.href;
}

/** The saved site: {url, mode, checked} (mode is "live", "static" or null when never checked). */
export async function loadSite() {
  const stored = (await chrome.storage.local.get(KEY))[KEY];
  if (!stored || typeof stored.url !== "string") return { url: DEFAULT_SITE, mode: null, checked: null };
  try {
    return { url: normalizeSiteUrl(stored.url), mode: stored.mode ?? null, checked: stored.checked ?? null };
  } catch {
    return { url: DEFAULT_SITE, mode: null, checked: null };
  }
}

export async function saveSite(url, mode) {
  await chrome.storage.local.set({ [KEY]: { url, mode, checked: new Date().toISOString() } });
}

export function onSiteChanged(callback) {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && KEY in changes) callback();
  });
}

/** The pairing token saved in the options, or "" before any. */
export async function loadToken() {
  const stored = (await chrome.storage.local.get(TOKEN_KEY))[TOKEN_KEY];
  return typeof stored === "string" ? stored : "";
}

export async function saveToken(token) {
  await chrome.storage.local.set({ [TOKEN_KEY]: token });
}

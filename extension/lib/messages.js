// The messages the popup, the options page and the content script send to the service worker,
// and their checks: a known `type`, arguments of the expected shape, and a sender allowed to send it.

import "./arxiv_ids.js"; // sets globalThis.arxivIds (the content script loads it as a classic script)
import { isDraft } from "./inbox.js";

const { isBare: isBareArxivId } = globalThis.arxivIds;

const MAX_QUERY = 500;
const MAX_URL = 2000;
const MAX_TOKEN = 200;

const isText = (max) => (value) => typeof value === "string" && value.trim().length > 0 && value.length <= max;
// As many as arXiv's longest list page shows (content/badges.js stops there too).
const MAX_LOOKUP_IDS = 2000;
const isIdList = (value) => Array.isArray(value) && value.length >= 1 && value.length <= MAX_LOOKUP_IDS && value.every(isBareArxivId);
const isLimit = (value) => value === undefined || (Number.isInteger(value) && value >= 1 && value <= 50);

// type -> {args: {name: check}, from: who may send it}. "page" = an extension page (popup,
// options); "content" = the content script in a tab. Content scripts run beside untrusted pages,
// so they may only ask whether papers are in the collection, and offer one to save (which the user
// asked for by a click in the panel, and which the worker checks like everything else).
export const MESSAGES = {
  search: { args: { query: isText(MAX_QUERY), limit: isLimit }, from: ["page"] },
  lookup: { args: { arxivId: isBareArxivId }, from: ["page", "content"] },
  lookupMany: { args: { arxivIds: isIdList }, from: ["page", "content"] },
  addPaper: { args: { draft: isDraft }, from: ["content"] },
  savedPaper: { args: { arxivId: isBareArxivId }, from: ["content"] },
  pair: { args: { token: isText(MAX_TOKEN) }, from: ["page"] },
  status: { args: {}, from: ["page"] },
  setSite: { args: { url: isText(MAX_URL) }, from: ["page"] },
};

/** Who sent it: "page", "content" or null (another extension, a web page, anything else). */
export function senderKind(sender, extensionId, extensionOrigin) {
  if (!sender || sender.id !== extensionId || typeof sender.url !== "string") return null;
  // Extension pages may be in a tab too (the options page): their URL is what tells them apart.
  if (sender.url.startsWith(extensionOrigin)) return "page";
  return sender.tab ? "content" : null;
}

/** null when the message may be handled, else why not. */
export function checkMessage(message, kind) {
  if (!message || typeof message !== "object" || Array.isArray(message)) return "a message must be an object";
  const spec = Object.hasOwn(MESSAGES, message.type) ? MESSAGES[message.type] : null;
  if (!spec) return `unknown message type ${JSON.stringify(String(message.type)).slice(0, 60)}`;
  if (!kind || !spec.from.includes(kind)) return `"${message.type}" may not be sent from here`;
  for (const key of Object.keys(message)) {
    if (key !== "type" && !Object.hasOwn(spec.args, key)) return `"${message.type}" takes no argument "${key}"`;
  }
  for (const [name, check] of Object.entries(spec.args)) {
    if (!check(message[name])) return `"${message.type}": bad or missing "${name}"`;
  }
  return null;
}

/** Send a message to the service worker; resolves to its data or rejects with {code, message, hint}. */
export async function ask(message) {
  const reply = await chrome.runtime.sendMessage(message);
  if (reply?.ok) return reply.data;
  const error = new Error(reply?.error?.message ?? "The extension's background worker did not answer.");
  error.code = reply?.error?.code ?? "internal";
  error.hint = reply?.error?.hint ?? "";
  throw error;
}

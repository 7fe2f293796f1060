// A paper to save, as the panel sends it: checked here, and turned into a record of sitegen's
// records format, the shape POST /api/v1/inbox takes and the line a static site's user copies.

import "./arxiv_ids.js"; // sets globalThis.arxivIds

const { isBare: isBareArxivId } = globalThis.arxivIds;

// The server's bounds (sitegen/serve/inbox.py): a draft past them is refused before it is sent.
const LIMITS = { title: 500, abstract: 5000, note: 2000, author: 200, tag: 60 };
const MAX_AUTHORS = 100;
const MAX_TAGS = 10;
const FIELDS = new Set(["arxivId", "title", "authors", "abstract", "date", "tags", "note"]);

const isText = (max, required = false) => (value) => typeof value === "string" && value.length <= max && (!required || value.trim().length > 0);
const isNames = (max, most) => (value) => Array.isArray(value) && value.length <= most && value.every(isText(max));
const CHECKS = {
  arxivId: isBareArxivId,
  title: isText(LIMITS.title, true),
  authors: isNames(LIMITS.author, MAX_AUTHORS),
  abstract: isText(LIMITS.abstract),
  date: (value) => value === "" || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)),
  tags: isNames(LIMITS.tag, MAX_TAGS),
  note: isText(LIMITS.note),
};

/** Whether a draft from the panel has every field, of the expected kind and size, and no other. */
export function isDraft(draft) {
  if (!draft || typeof draft !== "object" || Array.isArray(draft)) return false;
  return Object.keys(draft).every((key) => FIELDS.has(key)) && Object.entries(CHECKS).every(([name, check]) => check(draft[name]));
}

/** The draft as a record of the records format; empty fields left out. */
export function inboxRecord(draft) {
  const record = {
    arxiv_id: draft.arxivId,
    title: draft.title.trim(),
    authors: draft.authors,
    abstract: draft.abstract,
    date: draft.date,
    tags: draft.tags,
    notes: draft.note.trim(),
    url: `https://arxiv.org/abs/${draft.arxivId}`,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value.length > 0));
}

// Network answers -> the small, checked objects the pages show: only known fields, only http(s) links.
//
// Everything from the site is data: strings are kept as strings (shown later with textContent),
// and every link is resolved against the site's base URL and dropped unless it is http(s).

const MAX_TEXT = 2000;

function text(value, max = MAX_TEXT) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** An absolute http(s) URL for `relative` on the site, or null. */
export function siteLink(relative, base) {
  if (typeof relative !== "string" || !relative) return null;
  let url;
  try {
    url = new URL(relative, base);
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

export function cleanTag(tag, base) {
  if (!tag || typeof tag !== "object") return null;
  const slug = text(tag.slug, 200);
  if (!slug) return null;
  return { slug, name: text(tag.name, 200) || slug, url: siteLink(tag.url || `tags/${encodeURIComponent(slug)}/`, base) };
}

function count(value) {
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

// What helps a reader choose (the daily list's upvotes, its machine-written TL;DR), when the site has them.
function readerFields(record) {
  return { upvotes: count(record.upvotes), tldr: text(record.tldr, 600) };
}

function cleanList(items, clean, base, max) {
  return (Array.isArray(items) ? items : []).slice(0, max).map((item) => clean(item, base)).filter(Boolean);
}

function cleanSummary(item, base) {
  if (!item || typeof item !== "object" || typeof item.id !== "string") return null;
  const url = siteLink(item.url, base);
  return url ? { id: item.id, title: text(item.title, 500) || item.id, url } : null;
}

export function cleanHit(hit, base) {
  const summary = cleanSummary(hit, base);
  if (!summary) return null;
  return {
    ...summary,
    tags: cleanList(hit.tags, cleanTag, base, 20),
    snippet: text(hit.snippet),
    date: text(hit.date, 20),
    ...readerFields(hit),
  };
}

/** A search answer (live API or static search) in one checked shape. */
export function cleanSearch(answer, base) {
  const body = answer && typeof answer === "object" ? answer : {};
  return {
    query: text(body.query, 500),
    total: Number.isFinite(body.total) ? body.total : 0,
    hits: cleanList(body.hits, cleanHit, base, 100),
    suggestion: text(body.suggestion, 500) || null,
    corrected: body.corrected === true,
  };
}

/** A paper record (paper_record() on the Python side) cut down to what the panel shows. */
export function cleanPaper(record, base) {
  const summary = cleanSummary(record, base);
  if (!summary) return null;
  return {
    ...summary,
    shortName: text(record.short_name, 200),
    arxivId: text(record.arxiv_id, 40),
    tags: cleanList(record.tags, cleanTag, base, 20),
    related: cleanList(record.related, cleanSummary, base, 10),
    ...readerFields(record),
  };
}

/** A batch lookup's answer ({arXiv id: {id, title, url, tags}}) with each entry checked; bad ones dropped. */
export function cleanBriefs(papers, base) {
  const clean = {};
  for (const [arxivId, brief] of Object.entries(papers && typeof papers === "object" ? papers : {})) {
    const summary = cleanSummary(brief, base);
    if (summary) clean[arxivId] = { ...summary, tags: cleanList(brief.tags, cleanTag, base, 20) };
  }
  return clean;
}

// Search in the extension over the static API's compact search file (titles, short names, tags, first
// authors' surnames and the words that tell each abstract from the others).
//
// Used when only static files answer (a site on GitHub Pages). It answers in the live API's
// shape, so the popup and the omnibox do not care which mode is in use. Ranking: papers with
// every query word first, then by weight (short name > title > tag), words matched exactly or
// by a light stem, the last word also as a prefix (people are still typing it), and a word
// that matches nothing is corrected to the closest word of the collection (one or two edits).

export const SEARCH_FILE_VERSION = 1;
const WEIGHT = { short: 6, title: 3, tag: 2, author: 2, term: 1 };
const SUFFIXES = ["ations", "ation", "ates", "ated", "ate", "ings", "ing", "ies", "ers", "er", "es", "ed", "s"];
const PHRASE_BONUS = 4; // the query's words in this order in the title or short name
// A short name weighs more only while it is a name ("COLEP", "Quiet-STaR"), not a title's first half.
const MAX_NAME_WORDS = 2;
// Words that say nothing about a paper: dropped from a query that has other words.
const STOPWORDS = new Set("a an and are as at be by can do for from how in is it of on or the to via vs what when why with".split(" "));

export function fold(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

export function words(text) {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A crude English stem: enough for "quantizing"/"quantization"/"quantized" to meet. */
export function stem(word) {
  let w = word;
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.replace(/(iz|is)$/, "").replace(/e$/, "");
}

/** The compact file -> an index; throws on a file of another shape or version. */
export function buildIndex(file) {
  if (!file || file.version !== SEARCH_FILE_VERSION || !Array.isArray(file.papers) || !Array.isArray(file.tags)) {
    throw new Error(`search file: expected version ${SEARCH_FILE_VERSION} with "papers" and "tags"`);
  }
  const tags = file.tags.map(([slug, name]) => ({ slug: String(slug), name: String(name ?? slug) }));
  const papers = [];
  const stems = new Map(); // stem -> Map(paper index -> best field weight)
  const vocabulary = new Set();
  for (const row of file.papers) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") continue;
    const [id, title, shortName = "", tagIndexes = [], date = "", authors = [], terms = []] = row;
    const paperTags = (Array.isArray(tagIndexes) ? tagIndexes : []).map((i) => tags[i]).filter(Boolean);
    const folded = ` ${words(`${shortName} ${title}`).join(" ")} `;
    const index = papers.push({ id, title, shortName: String(shortName), tags: paperTags, date: String(date || ""), folded }) - 1;
    const nameWords = words(shortName);
    const fields = [[nameWords, nameWords.length <= MAX_NAME_WORDS ? WEIGHT.short : WEIGHT.title], [words(title), WEIGHT.title]];
    for (const tag of paperTags) fields.push([[...words(tag.name), ...words(tag.slug)], WEIGHT.tag]);
    // Files of older sites have no authors or terms.
    if (Array.isArray(authors)) fields.push([authors.flatMap((name) => words(name)), WEIGHT.author]);
    if (Array.isArray(terms)) fields.push([terms.flatMap((term) => words(term)), WEIGHT.term]);
    for (const [list, weight] of fields) {
      for (const word of list) {
        vocabulary.add(word);
        const key = stem(word);
        if (!stems.has(key)) stems.set(key, new Map());
        const postings = stems.get(key);
        postings.set(index, Math.max(postings.get(index) ?? 0, weight));
      }
    }
  }
  return { papers, tags, stems, vocabulary: [...vocabulary].sort() };
}

/** Edit distance between a and b, or max + 1 as soon as it must exceed max. */
export function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    previous = row;
  }
  return previous[b.length];
}

function closestWord(index, term) {
  const max = term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0;
  let found = null;
  let distance = max + 1;
  for (const word of index.vocabulary) {
    const d = editDistance(term, word, Math.min(max, distance - 1));
    if (d < distance) [found, distance] = [word, d];
  }
  return found;
}

/** Paper index -> weight for one query word (exact or stem; prefix too when `prefix`). */
function postingsFor(index, term, prefix) {
  const found = new Map(index.stems.get(stem(term)) ?? []);
  if (prefix && term.length >= 2) {
    // Words of the collection starting with the typed prefix sit together in the sorted vocabulary.
    let i = lowerBound(index.vocabulary, term);
    for (; i < index.vocabulary.length && index.vocabulary[i].startsWith(term); i++) {
      for (const [paper, weight] of index.stems.get(stem(index.vocabulary[i])) ?? []) {
        found.set(paper, Math.max(found.get(paper) ?? 0, weight - 1));
      }
    }
  }
  return found;
}

function lowerBound(sorted, value) {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseQuery(query) {
  const terms = [];
  const tags = [];
  for (const token of String(query).trim().split(/\s+/).filter(Boolean)) {
    const tagMatch = /^tag:(.+)$/i.exec(token);
    if (tagMatch) tags.push(fold(tagMatch[1]));
    else terms.push(...words(token));
  }
  const meaningful = terms.filter((t) => !STOPWORDS.has(t));
  return { terms: meaningful.length ? meaningful : terms, phrase: ` ${terms.join(" ")}`, tags };
}

function scorePapers(index, terms, endsTyping) {
  const scores = new Map(); // paper index -> {score, matched}
  const corrected = [];
  terms.forEach((term, position) => {
    let postings = postingsFor(index, term, endsTyping && position === terms.length - 1);
    let used = term;
    if (postings.size === 0) {
      const near = closestWord(index, term);
      if (near) [postings, used] = [postingsFor(index, near, false), near];
    }
    corrected.push(used);
    // A rare word says more about a paper than a common one (BM25's idf).
    const rarity = Math.log(1 + index.papers.length / Math.max(postings.size, 1));
    for (const [paper, weight] of postings) {
      const entry = scores.get(paper) ?? { score: 0, matched: 0 };
      entry.score += weight * rarity;
      entry.matched += 1;
      scores.set(paper, entry);
    }
  });
  return { scores, corrected };
}

/** Ranked hits in the live API's shape: {query, total, page, hits, facets, suggestion, corrected}. */
export function searchIndex(index, query, { tag = null, limit = 10, page = 1 } = {}) {
  const { terms, phrase, tags } = parseQuery(query);
  if (tag) tags.push(fold(tag));
  // A query that ends in a letter is still being typed: its last word counts as a prefix too.
  const { scores, corrected } = scorePapers(index, terms, /[\p{L}\p{N}]$/u.test(String(query)));
  const candidates = terms.length ? [...scores.entries()] : index.papers.map((_, i) => [i, { score: 0, matched: 0 }]);
  if (terms.length > 1) {
    for (const [i, entry] of candidates) if (index.papers[i].folded.includes(phrase)) entry.score += PHRASE_BONUS;
  }
  const ranked = candidates
    .filter(([i]) => tags.every((t) => index.papers[i].tags.some((pt) => pt.slug === t)))
    .sort(([ia, a], [ib, b]) => b.matched - a.matched || b.score - a.score || index.papers[ib].date.localeCompare(index.papers[ia].date));
  const facets = {};
  for (const [i] of ranked) for (const t of index.papers[i].tags) facets[t.slug] = (facets[t.slug] ?? 0) + 1;
  const start = (page - 1) * limit;
  const changed = corrected.some((word, i) => word !== terms[i]);
  return {
    query: String(query),
    total: ranked.length,
    page,
    hits: ranked.slice(start, start + limit).map(([i, entry]) => hitOf(index.papers[i], entry.score)),
    facets: { tags: facets },
    suggestion: changed ? corrected.join(" ") : null,
    corrected: changed,
  };
}

function hitOf(paper, score) {
  return {
    id: paper.id,
    title: paper.title,
    url: `papers/${encodeURIComponent(paper.id)}/`,
    tags: paper.tags.map((t) => ({ slug: t.slug, name: t.name, url: `tags/${encodeURIComponent(t.slug)}/` })),
    score,
    snippet: "",
    date: paper.date || null,
  };
}

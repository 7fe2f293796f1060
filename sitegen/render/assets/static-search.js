// Search in the extension over the static API's compact search file (titles, short names, tags, first
// authors' surnames and the words that tell each abstract from the others, strongest first).
//
// Used when only static files answer (a site on GitHub Pages). It answers in the live API's
// shape, so the popup and the omnibox do not care which mode is in use. Ranking: BM25's way, each
// query word's weight in a paper (summed over the fields that hold it, a word's place in the paper's
// strongest words counting too) times how rare the word is in the file; no word is required, so a
// question or a description finds the paper that matches most of it. Words meet by a light stem,
// joined and hyphenated forms meet ("multi-agent", "multiagent"), the last word counts as a prefix
// too (people are still typing it), and a word the file lacks is also looked for among the closest
// words of the file (one or two edits), at a discount: a real word the file lacks (a surname past the
// first authors, an abstract's word) is not rewritten into another.

export const SEARCH_FILE_VERSION = 1;
const WEIGHT = { short: 6, title: 3, tag: 2, author: 3, term: 3 };
// BM25's saturation: a word's weight w in a paper counts w (k + 1) / (w + k). So small a k makes a word
// in the title and the tags count little more than a word once among the paper's strongest: the
// papers that hold more of the query's rare words come first.
const SATURATION = 0.5;
// A paper's strongest word counts WEIGHT.term fully, its last one (1 - TERM_FALL) of it.
const TERM_FALL = 0.6;
// "y" too, so that "library" meets "libraries" ("librar").
const SUFFIXES = ["ations", "ation", "ates", "ated", "ate", "ings", "ing", "ies", "ers", "er", "es", "ed", "s", "y"];
const PHRASE_BONUS = 0.5; // times the query's best word score: its words in this order in the title or short name
const PREFIX_SHARE = 0.6; // a word the typed prefix starts counts this much of a whole word
const NEAR_SHARE = 0.5; // a word one or two edits away counts this much
// A short name weighs more only while it is a name ("COLEP", "Quiet-STaR"), not a title's first half.
const MAX_NAME_WORDS = 2;
// Words that say nothing about a paper: dropped from a query that has other words.
const STOPWORDS = new Set(
  ("a an and are as at be by can could do does did for from has have how i in into is it its of on or paper papers " +
    "show showed shows study studies that the their them this those to use uses used using via vs was we were what " +
    "when where which who whose why will with would").split(" "),
);
const MIN_PART = 3; // a joined word splits into two words of the file this long at least

export function fold(text) {
  return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

export function words(text) {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The joined forms of a text's hyphenated words ("multi-agent" -> "multiagent"). */
function joinedForms(text) {
  return fold(text)
    .split(/[^\p{L}\p{N}-]+/u)
    .filter((token) => /[\p{L}\p{N}]-[\p{L}\p{N}]/u.test(token))
    .map((token) => token.replace(/-/g, ""));
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
  // "modelling"/"modeling", "planning"/"plan": a doubled last consonant is one.
  return w.replace(/(iz|is)$/, "").replace(/e$/, "").replace(/([bcdfghjklmnpqrtvwxz])\1$/, "$1");
}

/** The compact file -> an index; throws on a file of another shape or version. */
export function buildIndex(file) {
  if (!file || file.version !== SEARCH_FILE_VERSION || !Array.isArray(file.papers) || !Array.isArray(file.tags)) {
    throw new Error(`search file: expected version ${SEARCH_FILE_VERSION} with "papers" and "tags"`);
  }
  const tags = file.tags.map(([slug, name]) => ({ slug: String(slug), name: String(name ?? slug) }));
  const papers = [];
  const stems = new Map(); // stem -> Map(paper index -> the word's weight in the paper)
  const vocabulary = new Set();
  const memo = new Map(); // a text -> the stems of its words: terms, tags and surnames recur
  const stemsOf = (text) => {
    let found = memo.get(text);
    if (!found) {
      found = [...words(text), ...joinedForms(text)].map((word) => (vocabulary.add(word), stem(word)));
      memo.set(text, found);
    }
    return found;
  };
  for (const row of file.papers) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") continue;
    const [id, title, shortName = "", tagIndexes = [], date = "", authors = [], terms = []] = row;
    const paperTags = (Array.isArray(tagIndexes) ? tagIndexes : []).map((i) => tags[i]).filter(Boolean);
    const folded = ` ${words(`${shortName} ${title}`).join(" ")} `;
    const index = papers.push({ id, title, shortName: String(shortName), tags: paperTags, date: String(date || ""), folded }) - 1;
    const nameStems = stemsOf(String(shortName));
    const fields = [
      [nameStems, nameStems.length <= MAX_NAME_WORDS ? WEIGHT.short : WEIGHT.title],
      [stemsOf(title), WEIGHT.title],
    ];
    for (const tag of paperTags) fields.push([[...stemsOf(tag.name), ...stemsOf(tag.slug)], WEIGHT.tag]);
    // Files of older sites have no authors or terms.
    if (Array.isArray(authors)) fields.push([authors.flatMap((name) => stemsOf(String(name))), WEIGHT.author]);
    const weights = new Map(); // stem -> its weight in this paper, summed over the fields
    for (const [list, weight] of fields) {
      for (const key of new Set(list)) weights.set(key, (weights.get(key) ?? 0) + weight);
    }
    if (Array.isArray(terms)) {
      const seen = new Set();
      terms.forEach((term, place) => {
        const weight = WEIGHT.term * (1 - (TERM_FALL * place) / Math.max(terms.length, 1));
        for (const key of stemsOf(String(term))) {
          if (seen.has(key)) continue;
          seen.add(key);
          weights.set(key, (weights.get(key) ?? 0) + weight);
        }
      });
    }
    for (const [key, weight] of weights) {
      if (!stems.has(key)) stems.set(key, new Map());
      stems.get(key).set(index, (weight * (SATURATION + 1)) / (weight + SATURATION));
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

function lowerBound(sorted, value) {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Paper index -> weight for a word of the file, or of a joined word the file holds in two ("realtime"). */
function exactPostings(index, term) {
  const found = index.stems.get(stem(term));
  if (found) return new Map(found);
  for (let cut = MIN_PART; cut <= term.length - MIN_PART; cut++) {
    const left = index.stems.get(stem(term.slice(0, cut)));
    const right = left && index.stems.get(stem(term.slice(cut)));
    if (!right) continue;
    const both = new Map();
    for (const [paper, weight] of left) if (right.has(paper)) both.set(paper, Math.min(weight, right.get(paper)));
    if (both.size) return both;
  }
  return new Map();
}

/** Paper index -> weight for one query word, and the word it was read as (the closest word of the file
 * for one the file lacks). */
function postingsFor(index, term, prefix) {
  const found = exactPostings(index, term);
  if (prefix && term.length >= 2) {
    // Words of the collection starting with the typed prefix sit together in the sorted vocabulary.
    for (let i = lowerBound(index.vocabulary, term); i < index.vocabulary.length && index.vocabulary[i].startsWith(term); i++) {
      for (const [paper, weight] of index.stems.get(stem(index.vocabulary[i])) ?? []) {
        found.set(paper, Math.max(found.get(paper) ?? 0, weight * PREFIX_SHARE));
      }
    }
  }
  if (found.size) return { postings: found, used: term };
  const near = closestWord(index, term);
  if (!near) return { postings: found, used: term };
  const postings = new Map([...exactPostings(index, near)].map(([paper, weight]) => [paper, weight * NEAR_SHARE]));
  return { postings, used: near };
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
  return { terms: [...new Set(meaningful.length ? meaningful : terms)], phrase: ` ${terms.join(" ")}`, joined: joinedForms(query), tags };
}

function scorePapers(index, terms, joined, endsTyping) {
  const scores = new Map(); // paper index -> score
  const corrected = [];
  const looked = terms.map((term, position) => postingsFor(index, term, endsTyping && position === terms.length - 1));
  // A hyphenated query word also finds the papers that write it joined, as each of its parts.
  for (const word of joined) {
    const postings = exactPostings(index, word);
    for (const part of looked) {
      if (!word.includes(part.used)) continue;
      for (const [paper, weight] of postings) part.postings.set(paper, Math.max(part.postings.get(paper) ?? 0, weight));
    }
  }
  let best = 0;
  for (const { postings, used } of looked) {
    corrected.push(used);
    // A rare word says more about a paper than a common one (BM25's idf).
    const rarity = Math.log(1 + (index.papers.length - postings.size + 0.5) / (postings.size + 0.5));
    let top = 0;
    for (const [paper, weight] of postings) {
      scores.set(paper, (scores.get(paper) ?? 0) + weight * rarity);
      top = Math.max(top, weight * rarity);
    }
    best = Math.max(best, top);
  }
  return { scores, corrected, best };
}

/** Ranked hits in the live API's shape: {query, total, page, hits, facets, suggestion, corrected}. */
export function searchIndex(index, query, { tag = null, limit = 10, page = 1 } = {}) {
  const { terms, phrase, joined, tags } = parseQuery(query);
  if (tag) tags.push(fold(tag));
  // A query that ends in a letter is still being typed: its last word counts as a prefix too.
  const { scores, corrected, best } = scorePapers(index, terms, joined, /[\p{L}\p{N}]$/u.test(String(query)));
  const candidates = terms.length ? [...scores.entries()] : index.papers.map((_, i) => [i, 0]);
  if (terms.length > 1) {
    for (const entry of candidates) if (index.papers[entry[0]].folded.includes(phrase)) entry[1] += PHRASE_BONUS * best;
  }
  const ranked = candidates
    .filter(([i]) => tags.every((t) => index.papers[i].tags.some((pt) => pt.slug === t)))
    .sort(([ia, a], [ib, b]) => b - a || index.papers[ib].date.localeCompare(index.papers[ia].date));
  const facets = {};
  for (const [i] of ranked) for (const t of index.papers[i].tags) facets[t.slug] = (facets[t.slug] ?? 0) + 1;
  const start = (page - 1) * limit;
  const changed = corrected.some((word, i) => word !== terms[i]);
  return {
    query: String(query),
    total: ranked.length,
    page,
    hits: ranked.slice(start, start + limit).map(([i, score]) => hitOf(index.papers[i], score)),
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

// arXiv ids: the one reading of an id, an "arXiv:" id, or an arXiv or Hugging Face paper URL. The
// same rule as sitegen/arxiv_ids.py, tested against the same cases (tests/fixtures/arxiv_ids.json).
//
// The content script loads this file as a classic script before content/panel.js (a content
// script cannot import modules) and the service worker and pages import it as a module, so it
// hands its functions over as one global of the world it runs in, not by `export`.
globalThis.arxivIds = (() => {
  // New style (from April 2007): YYMM.NNNN, with five digits from January 2015 on.
  // Old style (until March 2007): the archive, in some references a subject class, and YYMMNNN.
  const ID =
    /^(?<id>(?<new>\d\d(?:0[1-9]|1[0-2])\.\d{4,5})|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d\d(?:0[1-9]|1[0-2])\d{3})(?:v[1-9]\d*)?$/;
  const PREFIX = /^arxiv:\s*/i;
  const URL_START = /^https?:\/\//i;
  const PAPER_PATHS = {
    "arxiv.org": /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?$/,
    "huggingface.co": /^\/papers\/([^/]+)\/?$/,
  };
  const HOSTS = {
    "arxiv.org": "arxiv.org",
    "www.arxiv.org": "arxiv.org",
    "export.arxiv.org": "arxiv.org",
    "huggingface.co": "huggingface.co",
    "www.huggingface.co": "huggingface.co",
    "hf.co": "huggingface.co",
  };

  /** The bare id (no version) of "2403.09629v2", "arXiv:hep-th/9901001" or a paper URL; else null. */
  function parse(text) {
    if (typeof text !== "string") return null;
    const trimmed = text.trim();
    return URL_START.test(trimmed) ? idInUrl(trimmed) : bare(trimmed.replace(PREFIX, ""));
  }

  function bare(text) {
    const match = ID.exec(text);
    if (!match || (match.groups.new && !newStyleFits(match.groups.new))) return null;
    return match.groups.id;
  }

  // New ids began in 0704 and have 4 digits until 1412, 5 from 1501.
  function newStyleFits(newId) {
    const [yymm, number] = newId.split(".");
    return yymm >= "0704" && number.length === (yymm >= "1501" ? 5 : 4);
  }

  function idInUrl(text) {
    let url;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    const site = Object.hasOwn(HOSTS, url.hostname) ? HOSTS[url.hostname] : null;
    const match = site ? PAPER_PATHS[site].exec(decoded(url.pathname)) : null;
    return match ? bare(match[1]) : null;
  }

  // A malformed escape ("/abs/%E0%A4%A") is read as written: it must not throw on someone else's
  // page, and the raw text is then no arXiv id.
  function decoded(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  }

  /** Whether the text is an id exactly as the collection keeps it: no prefix, no version. */
  const isBare = (text) => parse(text) === text;

  return Object.freeze({ parse, isBare });
})();

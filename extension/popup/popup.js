// The toolbar popup: search as you type, arrow keys and Enter to open a paper on the site.

import { ask } from "../lib/messages.js";
import { snippetFragment } from "../lib/snippet.js";

const TYPING_PAUSE_MS = 120;
const MODE_NAMES = { live: "live server", static: "static site" };

const query = document.getElementById("query");
const results = document.getElementById("results");
const status = document.getElementById("status");
const allResults = document.getElementById("all-results");
const mode = document.getElementById("mode");

let hits = [];
let active = -1;
let asked = 0; // only the answer to the latest question is shown
let timer = null;
let pending = Promise.resolve(); // the search in flight, so Enter typed quickly opens its first hit

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showStatus(message, problem = null) {
  status.replaceChildren();
  status.classList.toggle("problem", Boolean(problem));
  if (problem) {
    status.append(element("span", "message", problem.message));
    if (problem.hint) status.append(element("span", "hint", problem.hint));
  } else if (message) {
    status.textContent = message;
  }
}

function showMode(name, site) {
  mode.textContent = name ? `${MODE_NAMES[name] ?? name} · ${new URL(site).host}` : "";
}

function resultItem(hit, index) {
  const item = element("li");
  item.id = `hit-${index}`;
  item.setAttribute("role", "option");
  item.dataset.url = hit.url;
  item.append(element("span", "title", hit.title));
  if (hit.tags.length) {
    const tags = element("span", "tags");
    for (const tag of hit.tags) tags.append(element("span", "tag", tag.name));
    item.append(tags);
  }
  if (hit.upvotes !== null) item.append(element("span", "upvotes", `▲ ${hit.upvotes} upvotes`));
  if (hit.snippet) {
    const snippet = element("span", "snippet");
    snippet.append(snippetFragment(hit.snippet));
    item.append(snippet);
  }
  if (hit.tldr) {
    const tldr = element("span", "tldr");
    tldr.append(element("span", "label", "TL;DR (machine-written): "), hit.tldr);
    item.append(tldr);
  }
  item.addEventListener("click", () => openPaper(index));
  item.addEventListener("mousemove", () => select(index));
  return item;
}

function select(index) {
  if (!hits.length) return;
  active = (index + hits.length) % hits.length;
  for (const [i, item] of [...results.children].entries()) item.setAttribute("aria-selected", String(i === active));
  query.setAttribute("aria-activedescendant", `hit-${active}`);
  results.children[active].scrollIntoView({ block: "nearest" });
}

function openPaper(index) {
  const hit = hits[index];
  if (!hit) return;
  chrome.tabs.create({ url: hit.url });
  window.close();
}

function showAnswer(text, answer) {
  hits = answer.hits;
  results.replaceChildren(...hits.map(resultItem));
  active = -1;
  if (hits.length) select(0);
  else query.removeAttribute("aria-activedescendant");
  const corrected = answer.corrected && answer.suggestion ? `Showing results for “${answer.suggestion}”. ` : "";
  showStatus(hits.length ? corrected : `No papers match “${text}”.`);
  allResults.href = answer.resultsUrl;
  allResults.hidden = false;
  showMode(answer.mode, answer.site);
}

async function search(text) {
  const question = ++asked;
  try {
    const answer = await ask({ type: "search", query: text, limit: 10 });
    if (question === asked) showAnswer(text, answer);
  } catch (error) {
    if (question !== asked) return;
    hits = [];
    results.replaceChildren();
    allResults.hidden = true;
    showStatus("", error);
  }
}

query.addEventListener("input", () => {
  clearTimeout(timer);
  const text = query.value.trim();
  if (!text) {
    asked++;
    hits = [];
    results.replaceChildren();
    allResults.hidden = true;
    showStatus("");
    return;
  }
  timer = setTimeout(() => {
    timer = null;
    pending = search(text);
  }, TYPING_PAUSE_MS);
});

async function openWhenAnswered() {
  if (timer) {
    clearTimeout(timer);
    timer = null;
    pending = search(query.value.trim());
  }
  await pending;
  openPaper(active);
}

query.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    select(active + (event.key === "ArrowDown" ? 1 : -1));
  } else if (event.key === "Enter") {
    event.preventDefault();
    if (query.value.trim()) openWhenAnswered();
  }
});

document.getElementById("search-form").addEventListener("submit", (event) => event.preventDefault());
document.getElementById("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());

// Say at once when the site cannot be used, before anyone types.
ask({ type: "status" }).then(({ url, mode: name, problem }) => {
  if (problem && !query.value.trim()) showStatus("", problem);
  showMode(name, url);
}, (error) => showStatus("", error));

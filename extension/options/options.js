// The options page: the site's address, checked by the service worker before it is saved.

import { ask } from "../lib/messages.js";
import { normalizeSiteUrl } from "../lib/settings.js";

const MODE_NAMES = { live: "live server (sitegen serve)", static: "static site (search runs in the extension)" };

const form = document.getElementById("site-form");
const input = document.getElementById("site-url");
const save = document.getElementById("save");
const message = document.getElementById("message");
const grantRow = document.getElementById("grant-row");

function say(kind, text, hint = "", where = message) {
  where.className = kind;
  where.replaceChildren(document.createTextNode(text));
  if (hint) {
    const small = document.createElement("span");
    small.className = "hint";
    small.textContent = hint;
    where.append(small);
  }
}

function showInUse(url, mode) {
  document.getElementById("current-site").textContent = url || "–";
  document.getElementById("current-mode").textContent = mode ? MODE_NAMES[mode] ?? mode : "not reachable";
}

// Set once the user types or saves: the answer to the page's opening status question (which can
// come late, the worker probes the site) is then older than what the page shows, and is dropped.
let userActed = false;
input.addEventListener("input", () => { userActed = true; });

async function saveSite() {
  userActed = true;
  save.disabled = true;
  grantRow.hidden = true;
  say("", "Checking the site…");
  try {
    // Typing mistakes are caught here; whether a sitegen site answers is the worker's to find out.
    const saved = await ask({ type: "setSite", url: normalizeSiteUrl(input.value) });
    input.value = saved.url;
    const count = saved.papers === null ? "" : ` with ${saved.papers} papers`;
    say("ok", `Saved: ${MODE_NAMES[saved.mode]}${count}.`);
    showInUse(saved.url, saved.mode);
  } catch (error) {
    say("error", error.message, error.hint);
    grantRow.hidden = error.code !== "no-access";
  } finally {
    save.disabled = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  saveSite();
});
document.getElementById("site-fields").disabled = false;

// The site is an optional host permission: asked for only when the site does not send CORS
// headers itself, and only on a click (Chrome requires a user gesture for the prompt).
document.getElementById("grant").addEventListener("click", async () => {
  let origin;
  try {
    const url = new URL(normalizeSiteUrl(input.value));
    origin = `${url.protocol}//${url.hostname}/*`;
  } catch (error) {
    say("error", error.message);
    return;
  }
  if (await chrome.permissions.request({ origins: [origin] })) saveSite();
  else say("error", `Access to ${origin} was not granted.`, "Without it the extension cannot read this site.");
});

ask({ type: "status" }).then(({ url, mode, problem }) => {
  if (userActed) return;
  showInUse(url, mode);
  // Not into a field the user is in: typing replaces a selection, and a value set between the two
  // would be kept in front of what is typed.
  if (document.activeElement !== input) input.value = url;
  if (problem) say("error", problem.message, problem.hint);
}, (error) => { if (!userActed) say("error", error.message); });

// Pairing: the worker checks the token with the server before it keeps it.
const pairMessage = document.getElementById("pair-message");
const pairButton = document.getElementById("pair");

async function pair() {
  const token = document.getElementById("token").value.trim();
  if (!token) {
    say("error", "Paste the token first.", "`sitegen serve` prints it when it starts; `sitegen token` prints it too.", pairMessage);
    return;
  }
  pairButton.disabled = true;
  say("", "Checking the token with the server…", "", pairMessage);
  try {
    const paired = await ask({ type: "pair", token });
    const warning = paired.readsInbox ? "" : `But the build does not read ${paired.inbox}: add its folder to \`sources\` in sitegen.yml.`;
    say("ok", `Paired with ${paired.site}: papers you add go to ${paired.inbox}.`, warning, pairMessage);
  } catch (error) {
    say("error", error.message, error.hint, pairMessage);
  } finally {
    pairButton.disabled = false;
  }
}

document.getElementById("pair-form").addEventListener("submit", (event) => {
  event.preventDefault();
  pair();
});
document.getElementById("pair-fields").disabled = false;

// "Add to collection" in the panel, for a paper the collection does not have: the title (as the
// page gives it, editable), optional tags and a note, sent to the worker on a click; then "added,
// building…" and, once the site has it, the link to its page. With a static site, the record to
// copy or download into the sources instead.
//
// The page's metadata is read only when the user opens the form; it is the page's word (its
// <meta> tags), checked again by the worker and by the server. Loaded before content/panel.js.
globalThis.paperSaving = (() => {
  const { element, link } = globalThis.contentDom;
  const POLL_MS = 2000;
  const POLL_TRIES = 150; // five minutes: a large collection's build
  // The worker's and the server's bounds (lib/inbox.js): a page's text is cut to them.
  const LIMITS = { title: 500, abstract: 5000, note: 2000, author: 200, tag: 60, authors: 100, tags: 10 };

  function meta(name) {
    const node = document.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
    return (node?.getAttribute("content") ?? "").trim();
  }

  // arXiv writes citation_author as "Surname, Given names".
  function authorName(text) {
    const [surname, given] = text.split(/,\s*/, 2);
    return (given ? `${given} ${surname}` : surname).trim().slice(0, LIMITS.author);
  }

  function pageTitle() {
    const title = meta("citation_title") || meta("og:title").replace(/^Paper page - /, "");
    return title.replace(/\s+/g, " ").trim().slice(0, LIMITS.title);
  }

  function pageDraft(arxivId, form) {
    const authors = [...document.querySelectorAll('meta[name="citation_author"]')]
      .map((node) => authorName(node.getAttribute("content") ?? "")).filter(Boolean).slice(0, LIMITS.authors);
    const day = (meta("citation_date") || meta("citation_online_date")).replace(/\//g, "-");
    const value = (name) => form.elements.namedItem(name).value;
    const tags = value("tags").split(",").map((tag) => tag.trim().slice(0, LIMITS.tag)).filter(Boolean);
    return {
      arxivId,
      title: value("title").trim().slice(0, LIMITS.title),
      authors,
      abstract: (meta("citation_abstract") || meta("og:description")).slice(0, LIMITS.abstract),
      date: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "",
      tags: [...new Set(tags)].slice(0, LIMITS.tags),
      note: value("note").slice(0, LIMITS.note),
    };
  }

  function field(labelText, control) {
    const label = element("label", "field");
    label.append(element("span", "", labelText), control);
    return label;
  }

  function saveForm(arxivId) {
    const form = element("form", "save");
    const title = element("input");
    title.name = "title";
    title.required = true;
    title.maxLength = LIMITS.title;
    title.value = pageTitle();
    const tags = element("input");
    tags.name = "tags";
    tags.placeholder = "comma-separated";
    const note = element("textarea");
    note.name = "note";
    note.rows = 2;
    note.maxLength = LIMITS.note;
    const submit = element("button", "add", "Add");
    submit.type = "submit";
    form.append(field("Title", title), field("Tags (optional)", tags), field("Note (optional)", note), submit);
    form.dataset.arxivId = arxivId;
    return form;
  }

  function say(status, text, kind = "") {
    status.className = `status ${kind}`.trim();
    status.replaceChildren(text);
  }

  async function waitForPage(arxivId, ask, status) {
    for (let tries = 0; tries < POLL_TRIES; tries++) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const reply = await ask({ type: "savedPaper", arxivId });
      if (reply?.ok && reply.data?.paper) {
        say(status, "Added: ");
        status.append(link("open its page on your site", reply.data.paper.url, "done"));
        return;
      }
      // A failure seen while no build runs is the build that was to show this paper.
      if (reply?.ok && !reply.data.building && reply.data.failure) {
        say(status, `Added to your sources, but the build failed: ${reply.data.failure} Run \`sitegen build\` to see why.`, "problem");
        return;
      }
    }
    say(status, "Added to your sources; the site has not shown it yet. Run `sitegen build` if no build is running.");
  }

  function showRecord(body, status, record, arxivId) {
    say(status, "Your site is static: put this line in a .jsonl file of your sources, then build.");
    const text = element("textarea", "record");
    text.readOnly = true;
    text.rows = 4;
    text.value = record;
    text.setAttribute("aria-label", "The paper's record");
    const download = element("a", "download", "Download it as a .jsonl file");
    download.href = URL.createObjectURL(new Blob([`${record}\n`], { type: "application/jsonl" }));
    download.download = `inbox-${arxivId.replace(/\//g, "-")}.jsonl`;
    body.append(text, download);
    text.select();
  }

  async function submit(body, form, status, ask) {
    const arxivId = form.dataset.arxivId;
    form.querySelector("button").disabled = true;
    say(status, "Adding…");
    const reply = await ask({ type: "addPaper", draft: pageDraft(arxivId, form) });
    if (!reply?.ok) {
      form.querySelector("button").disabled = false;
      say(status, [reply?.error?.message, reply?.error?.hint].filter(Boolean).join(" ") || "The extension did not answer.", "problem");
      return;
    }
    form.remove();
    const { status: outcome, url, record } = reply.data;
    if (outcome === "copy" && record) return showRecord(body, status, record, arxivId);
    if (outcome === "exists") {
      say(status, "Already in your collection: ");
      status.append(link("open its page", url, "done"));
      return;
    }
    say(status, "Added, building…");
    await waitForPage(arxivId, ask, status);
  }

  /** Append the "Add to collection" button to the panel `body`; `ask` sends a message to the worker. */
  function offerSaving(body, arxivId, ask) {
    const open = element("button", "add", "Add to collection");
    open.type = "button";
    const status = element("p", "status");
    status.setAttribute("role", "status");
    open.addEventListener("click", (event) => {
      if (!event.isTrusted) return; // only the user's own click
      const form = saveForm(arxivId);
      form.addEventListener("submit", (submitted) => {
        submitted.preventDefault();
        if (submitted.isTrusted) submit(body, form, status, ask).catch(() => say(status, "The extension did not answer.", "problem"));
      });
      open.replaceWith(form);
      form.querySelector("input").focus();
    });
    body.append(open, status);
  }

  return Object.freeze({ offerSaving });
})();

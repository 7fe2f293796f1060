// Search snippets arrive as HTML: escaped text with <mark> around matches. They are shown by
// building DOM nodes, never by handing the string to innerHTML.

const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&apos;": "'" };

/** Undo the server's HTML escaping; any other entity stays as it is, as text. */
export function decodeEntities(text) {
  return text.replace(/&(?:lt|gt|amp|quot|apos|#39|#x27);/g, (entity) => ENTITIES[entity]);
}

/** "a <mark>b</mark> c" -> [{text: "a ", mark: false}, {text: "b", mark: true}, {text: " c", mark: false}]. */
export function snippetParts(snippet) {
  const parts = [];
  let marked = false;
  for (const piece of String(snippet).split(/(<\/?mark>)/)) {
    if (piece === "<mark>") marked = true;
    else if (piece === "</mark>") marked = false;
    else if (piece) parts.push({ text: decodeEntities(piece), mark: marked });
  }
  return parts;
}

/** The snippet as a DocumentFragment of text nodes and <mark> elements. */
export function snippetFragment(snippet, doc = document) {
  const fragment = doc.createDocumentFragment();
  for (const { text, mark } of snippetParts(snippet)) {
    if (mark) {
      const element = doc.createElement("mark");
      element.textContent = text;
      fragment.append(element);
    } else {
      fragment.append(doc.createTextNode(text));
    }
  }
  return fragment;
}

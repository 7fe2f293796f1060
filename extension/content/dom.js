// What the content scripts share: DOM nodes from data (textContent only, http(s) links only), and a
// host element with a closed shadow root that the page's CSS and scripts cannot reach into.
//
// A content script cannot import modules: the manifest loads this file before the scripts that
// use it, and it hands its functions over as one global of the content scripts' own world.
globalThis.contentDom = (() => {
  function safeHref(value) {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href, className) {
    const a = element("a", className, text);
    const url = safeHref(href);
    if (url) a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function styleShadow(shadow, css) {
    // A constructed stylesheet is not inline style, so a strict page CSP does not block it.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(element("style", "", css));
    }
  }

  /** A new `tag` element whose closed shadow root holds `css` and `content`; returns the host. */
  function shadowHost(tag, hostStyle, css, content) {
    const host = document.createElement(tag);
    // Inline !important styles on the host element: page rules cannot move or hide it by accident.
    for (const [name, value] of Object.entries({ all: "initial", ...hostStyle })) {
      host.style.setProperty(name, value, "important");
    }
    const shadow = host.attachShadow({ mode: "closed" });
    styleShadow(shadow, css);
    shadow.append(content);
    return host;
  }

  return Object.freeze({ safeHref, element, link, shadowHost });
})();

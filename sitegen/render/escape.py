"""The one place where paper text is made safe for Markdown, HTML attributes and link targets.

Paper text is data, never markup: every title, abstract, author or note goes through one of
these filters before it reaches a page, so `<script>`, `[x](javascript:…)` or `---` show as written.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

# The characters Python-Markdown (with the extensions in mkdocs.yml) accepts backslash escapes for,
# besides the backslash itself (escaped first, so the escapes added after it stay single).
_MARKDOWN_SPECIAL = "`*_{}[]()#+-.!|"
# An http(s) URL of letters, digits and "._~/-" alone: urlsplit accepts it and quote leaves it as it is.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?")


def md_text(text: str) -> str:
    """Inline Markdown that renders exactly as `text`: Markdown-escaped, then HTML-escaped.

    One str.replace per character, skipped when the character is absent: each is a fast scan of the
    text, where str.translate looks every character up in its table and a regex substitution tries
    every position.
    """
    text = text.replace("\\", "\\\\")
    for char in _MARKDOWN_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_text(text: str) -> str:
    """Text for HTML attributes and for front matter values that themes print without escaping."""
    return html.escape(text, quote=True)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None for anything else (javascript:, data:, …)."""
    if not url:
        return None
    url = url.strip()
    if _PLAIN_URL.fullmatch(
        url
    ):  # most links (arXiv's, code hosts'): nothing to refuse or encode in them
        return url
    return checked_url(url)


def image_url(url: str | None) -> str | None:
    """safe_url of an https URL, for an image on another host; None for any other (a page that
    loads a picture over plain http is a mixed-content page, and its picture can be swapped)."""
    safe = safe_url(url)
    return safe if safe and safe.startswith("https://") else None


def checked_url(url: str) -> str | None:
    """safe_url of any stripped URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode what could end or break a Markdown link target; keep URL syntax as is.
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")

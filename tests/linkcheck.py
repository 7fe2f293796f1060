"""Every internal link of a built site must resolve to a file: a small crawler over site/."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "href" or (name == "src" and tag in ("img", "script"))):
                self.links.append(value)


def target_file(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


def broken_links(site: Path) -> list[str]:
    """'page -> link' for every internal link (href, img/script src) that does not resolve."""
    broken = []
    for page in site.rglob("*.html"):
        base = "/" + page.relative_to(site).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(urljoin(base, link))
            if parts.scheme or parts.netloc:
                continue  # external or other-scheme links are not ours to check
            if not target_file(site, parts.path).is_file():
                broken.append(f"{base} -> {link}")
    return broken

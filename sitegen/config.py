"""One Config, loaded from sitegen.yml and validated once, then passed down to every stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import ConfigError
from sitegen.saved_searches import SavedSearch, read_saved_searches

CONFIG_FILE = "sitegen.yml"
EXTENSION_ID = re.compile(r"[a-p]{32}")  # Chromium's extension ids, unpacked ones too


@dataclass(frozen=True)
class Config:
    root: Path  # the collection's folder; relative paths below are resolved against it
    # files, globs or folders; empty = the bundled sample
    sources: list[str] = field(default_factory=list)
    mkdocs_config: str = "mkdocs.yml"
    docs_dir: str = "docs"
    site_dir: str = "site"
    state_dir: str = ".sitegen"  # id registry, caches and the search index
    sources_dir: str = "sources"  # where `sitegen pull` writes
    taxonomy: str | None = None  # a YAML taxonomy file
    taxonomy_mode: str = "extend"  # "extend" the built-in taxonomy, or "replace" it
    # hand-made tags: paper id -> tag names
    tags: dict[str, list[str]] = field(default_factory=dict)
    max_tags: int = 8
    # Authors with this many papers or more get a page of their own (0: none does); the rest are
    # found by searching their name.
    author_pages_min: int = 5
    related_count: int = 5
    related_threshold: float = 0.0  # the least cosine a related paper has; 0: any shared word
    # Rank related papers with sentence embeddings too (enrich/embeddings.py; the `embeddings` extra):
    # better lists, at the cost of running a small model once per new paper.
    related_embeddings: bool = False
    site_url: str = ""
    hf_api_url: str = "https://huggingface.co/api/daily_papers"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    # "auto": Whoosh for small collections, tantivy for large ones (search/backends.py)
    search_backend: str = "auto"
    max_source_mb: int = 1024  # one source file, gzip undone: a larger one is refused, not read
    # `sitegen serve` answers only requests for these host names (a page elsewhere that points its own
    # name at 127.0.0.1, DNS rebinding, gets 400); the address it listens on is added.
    allowed_hosts: list[str] = field(default_factory=lambda: ["localhost", "127.0.0.1"])
    # Browser extensions (Chromium ids) that may read the API; empty: any extension.
    extension_ids: list[str] = field(default_factory=list)
    # Show thumbnails and organizations' avatars, which are on other hosts: off, a page asks no other
    # host for anything.
    remote_images: bool = False
    # Saved searches (saved_searches.py): each a listing page and Atom and JSON feeds.
    feeds: tuple[SavedSearch, ...] = ()
    # Processes that render the site's generated pages in `sitegen build` (render/page_loop.py):
    # forked ones, a share each; 1 renders them all in the build's process.
    render_processes: int = 2

    def path(self, relative: str) -> Path:
        return (self.root / relative).resolve()

    @property
    def site_path(self) -> Path:
        return self.path(self.site_dir)

    @property
    def docs_path(self) -> Path:
        return self.path(self.docs_dir)

    @property
    def state_path(self) -> Path:
        return self.path(self.state_dir)


_EXPECTED: dict[str, type | tuple[type, ...]] = {
    "sources": list,
    "mkdocs_config": str,
    "docs_dir": str,
    "site_dir": str,
    "state_dir": str,
    "sources_dir": str,
    "taxonomy": (str, type(None)),
    "taxonomy_mode": str,
    "tags": dict,
    "max_tags": int,
    "author_pages_min": int,
    "related_count": int,
    "related_threshold": (float, int),
    "related_embeddings": bool,
    "site_url": str,
    "hf_api_url": str,
    "arxiv_api_url": str,
    "search_backend": str,
    "max_source_mb": int,
    "allowed_hosts": list,
    "extension_ids": list,
    "remote_images": bool,
    "feeds": list,
    "render_processes": int,
}
_CHOICES = {"taxonomy_mode": ("extend", "replace"), "search_backend": ("auto", "whoosh", "tantivy")}


def load_config(path: Path | None = None, root: Path | None = None) -> Config:
    """Read sitegen.yml (if there is one) and check every option's kind and range."""
    root = Path(root or Path.cwd()).resolve()
    if path is None:
        candidate = root / CONFIG_FILE
        path = candidate if candidate.exists() else None
    if path is None:
        return Config(root=root)
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of options, got {type(raw).__name__}")
    return Config(root=path.resolve().parent, **_checked(raw, path))


def _checked(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    known = {f.name for f in fields(Config)} - {"root"}
    options: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown option {key!r} (known: {', '.join(sorted(known))})")
        expected = _EXPECTED[key]
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            names = (
                expected.__name__
                if isinstance(expected, type)
                else " or ".join(t.__name__ for t in expected)
            )
            raise ConfigError(f"{path}: option {key!r} must be a {names}, got {value!r}")
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(
                f"{path}: option {key!r} must be one of {', '.join(_CHOICES[key])}, got {value!r}"
            )
        options[key] = value
    if not 1 <= options.get("max_tags", 8) <= 8:
        raise ConfigError(f"{path}: option 'max_tags' must be between 1 and 8")
    if options.get("author_pages_min", 0) < 0:
        raise ConfigError(f"{path}: option 'author_pages_min' must be 0 (no author pages) or more")
    if options.get("max_source_mb", 1) < 1:
        raise ConfigError(f"{path}: option 'max_source_mb' must be at least 1")
    if options.get("render_processes", 1) < 1:
        raise ConfigError(f"{path}: option 'render_processes' must be at least 1")
    for key in ("allowed_hosts", "extension_ids"):
        if not all(isinstance(item, str) and item for item in options.get(key, [])):
            raise ConfigError(f"{path}: option {key!r} must be a list of names")
    if not all(EXTENSION_ID.fullmatch(item) for item in options.get("extension_ids", [])):
        raise ConfigError(
            f"{path}: option 'extension_ids' takes Chromium extension ids (32 letters a-p)"
        )
    for paper_id, tags in options.get("tags", {}).items():
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ConfigError(f"{path}: tags for {paper_id!r} must be a list of tag names")
    if "feeds" in options:
        options["feeds"] = read_saved_searches(options["feeds"], path)
    return options

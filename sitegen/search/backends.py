"""The search backends by name: Whoosh (pure Python, for small collections) and tantivy (Rust, fast at any size).

A backend module has NAME, write_index(collection, generation), optionally update_index(collection,
previous, generation, changed, removed) (sitegen/search/build.py), and Engine(generation) with
analysis, doc_count(), knows(terms) and matches(plan, required, limit, page) -> Matches. The
generation's meta.json names the backend that wrote it, so readers open it with the right one.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from sitegen.errors import ConfigError

BACKENDS = {"whoosh": "sitegen.search.whoosh_engine", "tantivy": "sitegen.search.tantivy_engine"}
AUTO = "auto"  # the default: chosen by the collection's size
DEFAULT = AUTO
# From this many papers `auto` indexes with tantivy. Below it Whoosh answers within the API's
# goal (p50 under 10 ms, p99 under 50 ms, 1 client) with room to spare on a busy 2-core machine;
# in larger collections its slowest queries come close to the goal, then miss it (bench/README.md,
# "Which search backend").
TANTIVY_FROM = 3000
# A generation whose meta.json names no backend is Whoosh's: it was the only one then.
UNNAMED = "whoosh"


def chosen(name: str, papers: int) -> str:
    """The backend a collection of `papers` papers is indexed with: `name`, or for `auto` Whoosh
    below TANTIVY_FROM papers and tantivy from there on."""
    if name != AUTO:
        return name
    return "tantivy" if papers >= TANTIVY_FROM else "whoosh"


def backend(name: str) -> ModuleType:
    """The backend module; tantivy is imported only when used, and its absence is said plainly."""
    if name not in BACKENDS:
        raise ConfigError(
            f"unknown search backend {name!r}; choose one of {', '.join([AUTO, *BACKENDS])}"
        )
    try:
        return importlib.import_module(BACKENDS[name])
    except ImportError as exc:
        raise ConfigError(
            f"search backend {name!r} needs a package that is not installed ({exc.name}); "
            f"install it with pip install {exc.name}"
        ) from exc

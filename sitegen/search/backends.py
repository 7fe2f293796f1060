"""The search backends by name: Whoosh (the default, pure Python) and tantivy (optional, for large collections).

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
DEFAULT = "whoosh"


def backend(name: str) -> ModuleType:
    """The backend module; tantivy is imported only when asked for, and its absence is said plainly."""
    if name not in BACKENDS:
        raise ConfigError(f"unknown search backend {name!r}; choose one of {', '.join(BACKENDS)}")
    try:
        return importlib.import_module(BACKENDS[name])
    except ImportError as exc:
        raise ConfigError(
            f"search backend {name!r} needs a package that is not installed ({exc.name}); "
            f"install it with pip install 'sitegen[{name}]'"
        ) from exc

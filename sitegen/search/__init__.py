"""The search index: a backend (Whoosh for small collections, tantivy for large ones) behind a small interface: build a generation, open it, query it."""

from sitegen.search.build import build_index
from sitegen.search.query import QueryError
from sitegen.search.searcher import IndexMissing, SearchIndex

__all__ = ["IndexMissing", "QueryError", "SearchIndex", "build_index"]

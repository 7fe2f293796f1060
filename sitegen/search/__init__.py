"""The search index: a backend (Whoosh by default, tantivy as an option) behind a small interface: build a generation, open it, query it."""

from sitegen.search.build import build_index
from sitegen.search.query import QueryError
from sitegen.search.searcher import IndexMissing, SearchIndex

__all__ = ["IndexMissing", "QueryError", "SearchIndex", "build_index"]

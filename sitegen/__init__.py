"""sitegen: research papers in, a tagged, cross-linked, searchable MkDocs Material site out."""

__version__ = "0.1.0"

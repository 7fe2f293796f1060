"""Rendering: the collection as Markdown pages for MkDocs, plus the files published beside them."""

"""The Whoosh backend (the default): writes a generation's index and answers planned queries from it."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

from whoosh import index
from whoosh.collectors import TopCollector, WrappingCollector
from whoosh.searching import Searcher

from sitegen.hardlinks import link_or_copy
from sitegen.model import Collection
from sitegen.search.order import KEY_FIELDS
from sitegen.search.query import WHOOSH_ANALYSIS, Plan
from sitegen.search.results import Matches
from sitegen.search.schema import TEXT_FIELD, make_schema, paper_document

NAME = "whoosh"
ANALYSIS = WHOOSH_ANALYSIS
# Below this many papers one writer is faster than starting a second process.
PARALLEL_FROM = 5000


def write_index(collection: Collection, generation: Path) -> None:
    ix = index.create_in(str(generation), make_schema())
    parallel = len(collection.papers) >= PARALLEL_FROM
    # multisegment: each process writes its own segment instead of merging at the end (much faster).
    options = {"procs": 2, "multisegment": True, "limitmb": 256} if parallel else {"limitmb": 128}
    writer = ix.writer(**options)
    try:
        for paper in collection.papers.values():
            writer.add_document(**paper_document(paper))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def update_index(
    collection: Collection, previous: Path, generation: Path, changed: list[str], removed: list[str]
) -> None:
    """A new generation made from `previous` with the papers in `changed` indexed again and those in `removed` dropped.

    Whoosh never writes into a file it has written (a commit adds segment files and a new TOC;
    deletions are kept in the TOC), so the previous generation's files are hard-linked in and it
    stays intact for the readers still on it.
    """
    for path in previous.iterdir():
        if path.name.endswith((".toc", ".seg")):
            link_or_copy(path, generation / path.name)
    ix = index.open_dir(str(generation))
    writer = ix.writer(limitmb=128)
    try:
        for paper_id in [*changed, *removed]:
            writer.delete_by_term("id", paper_id)
        for paper_id in changed:
            writer.add_document(**paper_document(collection.papers[paper_id]))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


class TagCollector(WrappingCollector):
    """Drops excluded matches and those without the required tags, and counts the tags of the rest.

    Every match goes through here, so totals and tag counts are exact (the child skips nothing).
    """

    def __init__(
        self,
        child,
        doc_tags: list[frozenset[str]],
        required: frozenset[str],
        excluded: frozenset[int],
    ):
        super().__init__(child)
        self.doc_tags = doc_tags
        self.required = required
        self.excluded = excluded
        self.counts: Counter[str] = Counter()

    def collect_matches(self) -> None:
        doc_tags, required, excluded, counts = (
            self.doc_tags,
            self.required,
            self.excluded,
            self.counts,
        )
        collect, offset = self.child.collect, self.offset
        for sub_docnum in self.child.matches():
            docnum = offset + sub_docnum
            tags = doc_tags[docnum]
            if required <= tags and docnum not in excluded:
                counts.update(tags)
                collect(sub_docnum)


def doc_tags_of(searcher: Searcher) -> list[frozenset[str]]:
    """The tag slugs of every document, by document number (read once per index generation)."""
    reader = searcher.reader()
    tags: list[set[str]] = [set() for _ in range(reader.doc_count_all())]
    for slug in reader.field_terms("tags"):
        for docnum in reader.postings("tags", slug).all_ids():
            tags[docnum].add(slug)
    return [frozenset(t) for t in tags]


class Engine:
    """One open Whoosh index. Whoosh searchers are not made for concurrent use: queries take turns."""

    analysis = ANALYSIS

    def __init__(self, generation: Path):
        self.searcher = index.open_dir(str(generation)).searcher()
        self.doc_tags = doc_tags_of(self.searcher)
        self._lock = threading.Lock()

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def knows(self, terms: list[str]) -> bool:
        """Whether any of these terms is in the field a plain word is looked up in."""
        reader = self.searcher.reader()
        return any(reader.doc_frequency(TEXT_FIELD, t) for t in terms)

    def matches(self, plan: Plan, required: frozenset[str], limit: int, page: int) -> Matches:
        with self._lock:
            return self._matches(plan, required, limit, page)

    def _matches(self, plan: Plan, required: frozenset[str], limit: int, page: int) -> Matches:
        searcher = self.searcher
        if plan.ranked:
            # No block quality and no matcher replacement: both skip documents that cannot reach the
            # top, and every match must be counted for an exact total and tag counts.
            child = TopCollector(limit=page * limit, usequality=False, replace=0)
        else:
            child = searcher.collector(
                limit=page * limit, sortedby=KEY_FIELDS[plan.order], reverse=True
            )
        excluded = (
            frozenset(searcher.docs_for_query(plan.excluded)) if plan.excluded else frozenset()
        )
        collector = TagCollector(child, self.doc_tags, required, excluded)
        searcher.search_with_collector(plan.query, collector)
        results = collector.results()
        top = [
            (score if plan.ranked else 0.0, searcher.stored_fields(docnum))
            for score, docnum in results.top_n[(page - 1) * limit : page * limit]
        ]
        return Matches(total=len(results), top=top, facets=collector.counts)

"""The tantivy backend (installed with sitegen; `auto` picks it for large collections): Whoosh's fields, terms and query tree, run in Rust.

The text is analyzed in Python into exactly the terms Whoosh's analyzer gives (schema.text_terms)
and handed to tantivy joined by spaces: both backends match the same papers for the same query,
so totals, tag counts and corrections agree; only the scores (BM25 variants) differ a little.
"""

from __future__ import annotations

import json
from pathlib import Path

import tantivy
from tantivy import Occur, Query
from whoosh import query as wq

from sitegen.compact_json import compact_json
from sitegen.hardlinks import link_or_copy
from sitegen.model import Collection, Paper
from sitegen.search.order import KEY_FIELDS, sort_keys
from sitegen.search.query import WHOOSH_ANALYSIS, Plan
from sitegen.search.results import Matches
from sitegen.search.schema import CODE_FIELD, CODE_TERM, TEXT_FIELD, name_terms, search_terms

NAME = "tantivy"
ANALYSIS = WHOOSH_ANALYSIS
SUBDIR = (
    "tantivy"  # tantivy writes its own meta.json: it must not share a folder with the generation's
)
TERMS = "whitespace"  # the fields hold terms already analyzed, one space between them
PARALLEL_FROM = 5000
HEAP_BYTES = 200_000_000


def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("arxiv_id", tokenizer_name="raw", index_option="basic")
    for name in (TEXT_FIELD, "authors"):
        builder.add_text_field(name, tokenizer_name=TERMS)
    builder.add_text_field("tags", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field(CODE_FIELD, tokenizer_name="raw", index_option="basic")
    for name in KEY_FIELDS.values():  # what the orders other than relevance sort by (order.py)
        builder.add_integer_field(name, indexed=False, fast=True)
    builder.add_bytes_field("stored", stored=True, indexed=False)  # what a hit shows, as JSON
    return builder.build()


def _document(paper: Paper) -> tantivy.Document:
    stored = {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "tags": " ".join(paper.tags),
        "date": paper.date or "",
    }
    code = {CODE_FIELD: CODE_TERM} if paper.code_url else {}
    return tantivy.Document(
        id=paper.id,
        arxiv_id=paper.arxiv_id or "",
        text=search_terms(paper),
        authors=name_terms(" ; ".join(paper.authors)),
        tags=list(paper.tags),
        stored=compact_json(stored),
        **code,
        **sort_keys(paper),
    )


def write_index(collection: Collection, generation: Path) -> None:
    path = generation / SUBDIR
    path.mkdir()
    ix = tantivy.Index(make_schema(), path=str(path))
    threads = 2 if len(collection.papers) >= PARALLEL_FROM else 1
    writer = ix.writer(HEAP_BYTES, threads)
    try:
        for paper in collection.papers.values():
            writer.add_document(_document(paper))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise


def update_index(
    collection: Collection, previous: Path, generation: Path, changed: list[str], removed: list[str]
) -> None:
    """A new generation made from `previous` with the papers in `changed` indexed again and those in `removed` dropped.

    tantivy never writes into a segment file it has written (a commit adds segment and deletion
    files) and replaces meta.json by a rename, so the previous generation's files are hard-linked
    in and it stays intact for the readers still on it (its lock files are its own, not linked).
    """
    path = generation / SUBDIR
    path.mkdir()
    for file in (previous / SUBDIR).iterdir():
        if file.is_file() and not file.name.startswith(".tantivy-"):
            link_or_copy(file, path / file.name)
    writer = tantivy.Index.open(str(path)).writer(HEAP_BYTES, 1)
    try:
        for paper_id in [*changed, *removed]:
            writer.delete_documents_by_term("id", paper_id)
        for paper_id in changed:
            writer.add_document(_document(collection.papers[paper_id]))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise


def translate(schema: tantivy.Schema, node: wq.Query) -> Query:
    """The planned Whoosh query tree as a tantivy query (Or sums, And requires all, boosts multiply)."""
    if isinstance(node, wq.Term):
        query = Query.term_query(schema, node.fieldname, node.text)
    elif isinstance(node, wq.Phrase):
        query = Query.phrase_query(schema, node.fieldname, list(node.words))
    elif isinstance(node, (wq.Or, wq.And)):
        occur = Occur.Should if isinstance(node, wq.Or) else Occur.Must
        query = Query.boolean_query([(occur, translate(schema, sub)) for sub in node.subqueries])
    elif isinstance(node, wq.Every):
        return Query.all_query()
    else:
        raise TypeError(f"the tantivy backend cannot run a {type(node).__name__} query")
    return query if node.boost == 1 else Query.boost_query(query, node.boost)


class Engine:
    """One open tantivy index; its searcher is safe to share between threads."""

    analysis = ANALYSIS

    def __init__(self, generation: Path):
        self.index = tantivy.Index.open(str(generation / SUBDIR))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.tag_buckets = {"tags": {"terms": {"field": "tags", "size": 1 << 16}}}

    def doc_count(self) -> int:
        return self.searcher.num_docs

    def knows(self, terms: list[str]) -> bool:
        return any(self.searcher.doc_freq(TEXT_FIELD, t) for t in terms)

    def _query(self, plan: Plan, required: frozenset[str]) -> Query:
        clauses = [(Occur.Must, translate(self.schema, plan.query))]
        # Tag filters narrow the matches without changing scores.
        clauses += [
            (Occur.Must, Query.const_score_query(Query.term_query(self.schema, "tags", slug), 0.0))
            for slug in sorted(required)
        ]
        if plan.excluded is not None:
            clauses.append((Occur.MustNot, translate(self.schema, plan.excluded)))
        return Query.boolean_query(clauses)

    def matches(self, plan: Plan, required: frozenset[str], limit: int, page: int) -> Matches:
        query = self._query(plan, required)
        order = {} if plan.ranked else {"order_by_field": KEY_FIELDS[plan.order]}
        found = self.searcher.search(query, limit, count=True, offset=(page - 1) * limit, **order)
        if not found.count:
            return Matches()
        top = [
            (score if plan.ranked else 0.0, self._stored(address)) for score, address in found.hits
        ]
        buckets = self.searcher.aggregate(query, self.tag_buckets)["tags"]["buckets"]
        return Matches(
            total=found.count, top=top, facets={b["key"]: b["doc_count"] for b in buckets}
        )

    def _stored(self, address) -> dict:
        return json.loads(self.searcher.doc(address)["stored"][0])

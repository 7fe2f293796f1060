"""sort=relevance|date|upvotes and has_code: the same papers in the same order on both backends."""

from __future__ import annotations

import dataclasses

import pytest

from sitegen.model import Collection, Paper, Tag
from sitegen.search import QueryError, SearchIndex, build_index
from sitegen.search.generations import read_meta
from sitegen.search.order import KEY_FIELDS, sort_keys

BACKENDS = pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
CODE = "https://github.com/example/{}"

# (id, date, upvotes, has code); every abstract says "retrieval", those in AGENTS also "agents".
KNOWN = [
    ("old-popular", "2023-05-01", 250, True),
    ("new-unvoted", "2025-02-10", None, False),
    ("new-zero", "2025-02-10", 0, True),
    ("new-voted", "2025-02-10", 12, False),
    ("mid", "2024-07-19", 12, True),
    ("undated", None, 40, False),
    ("undated-code", None, None, True),
    ("ancient", "1991-08-14", 3, False),
]
AGENTS = {"new-zero", "new-voted", "undated"}
BY_DATE = ["new-voted", "new-zero", "new-unvoted", "mid", "old-popular", "ancient", "undated"]
BY_UPVOTES = ["old-popular", "undated", "new-voted", "mid", "ancient", "new-zero", "new-unvoted"]


def known_collection() -> Collection:
    papers = {}
    for paper_id, date, upvotes, code in KNOWN:
        agents = paper_id in AGENTS
        papers[paper_id] = Paper(
            id=paper_id,
            title=f"Paper {paper_id}",
            abstract="Dense retrieval" + (" for agents" if agents else "") + ".",
            date=date,
            upvotes=upvotes,
            code_url=CODE.format(paper_id) if code else None,
            tags=["retrieval"] + (["agents"] if agents else []),
        )
    tags = {"retrieval": Tag("retrieval", "Retrieval"), "agents": Tag("agents", "Agents")}
    return Collection(papers=papers, tags=tags)


def with_undated_code_last(ids: list[str]) -> list[str]:
    """The expected order with the paper that has neither date nor upvotes, which sorts last."""
    return ids + ["undated-code"]


@pytest.fixture(scope="module")
def known_indexes(tmp_path_factory) -> dict[str, SearchIndex]:
    indexes = {}
    for name in ("whoosh", "tantivy"):
        root = tmp_path_factory.mktemp(f"known-{name}")
        build_index(known_collection(), root, name)
        indexes[name] = SearchIndex(root)
    return indexes


def ids(answer: dict) -> list[str]:
    return [hit["id"] for hit in answer["hits"]]


def test_a_key_orders_by_its_value_then_the_other_then_the_id():
    papers = {p.id: p for p in known_collection().papers.values()}
    for sort, expected in (("date", BY_DATE), ("upvotes", BY_UPVOTES)):
        field = KEY_FIELDS[sort]
        ordered = sorted(papers, key=lambda i: sort_keys(papers[i])[field], reverse=True)
        assert ordered == with_undated_code_last(expected)
    twin = dataclasses.replace(papers["mid"], id="mid-twin")
    assert sort_keys(twin) != sort_keys(papers["mid"])  # no ties, whatever the fields
    assert all(0 <= key < 2**63 for key in sort_keys(Paper(title="x", upvotes=10**9)).values())


@BACKENDS
@pytest.mark.parametrize(
    "sort, expected", [("date", BY_DATE), ("upvotes", BY_UPVOTES)], ids=["date", "upvotes"]
)
def test_sort_lists_every_match_in_the_key_order(known_indexes, backend, sort, expected):
    answer = known_indexes[backend].search("retrieval", sort=sort, limit=100)
    assert ids(answer) == with_undated_code_last(expected)
    assert answer["total"] == len(KNOWN)
    assert {hit["score"] for hit in answer["hits"]} == {0.0}


@BACKENDS
@pytest.mark.parametrize("sort", ["relevance", "date", "upvotes"])
def test_pages_follow_on_and_the_total_stays_exact(known_indexes, backend, sort):
    index = known_indexes[backend]
    everything = index.search("retrieval agents", sort=sort, limit=100)
    pages = [index.search("retrieval agents", sort=sort, limit=3, page=p) for p in (1, 2, 3)]
    assert [i for page in pages for i in ids(page)] == ids(everything)
    assert {page["total"] for page in pages} == {everything["total"]} == {len(KNOWN)}


@BACKENDS
def test_has_code_keeps_only_papers_with_a_code_link(known_indexes, backend):
    index = known_indexes[backend]
    with_code = [paper_id for paper_id, *_, code in KNOWN if code]
    answer = index.search("retrieval", has_code=True, limit=100)
    assert sorted(ids(answer)) == sorted(with_code) and answer["total"] == len(with_code)
    # Tag counts are those of the papers with code.
    assert answer["facets"]["tags"] == {"retrieval": 4, "agents": 1}
    agents = index.search("agents", has_code=True, sort="upvotes")
    assert ids(agents) == ["new-zero"]
    filtered = index.search("retrieval", tag="agents", has_code=True)
    assert ids(filtered) == ["new-zero"]


@BACKENDS
def test_has_code_alone_lists_the_papers_with_code_newest_first(known_indexes, backend):
    answer = known_indexes[backend].search("", has_code=True)
    assert ids(answer) == ["new-zero", "mid", "old-popular", "undated-code"]
    by_votes = known_indexes[backend].search("", has_code=True, sort="upvotes")
    assert ids(by_votes) == ["old-popular", "mid", "new-zero", "undated-code"]


def test_an_unknown_sort_is_refused(known_indexes):
    with pytest.raises(QueryError, match="sort must be one of relevance, date, upvotes"):
        known_indexes["whoosh"].search("retrieval", sort="stars")


@pytest.mark.parametrize(
    "query", ["language models", "reasoning", "tag:language-models", "author:wang"]
)
@pytest.mark.parametrize("sort", ["date", "upvotes"])
def test_both_backends_list_the_sample_alike(sample, sample_indexes, query, sort):
    answers = []
    for index in sample_indexes.values():
        first = index.search(query, sort=sort, limit=100)
        pages = [index.search(query, sort=sort, limit=7, page=p) for p in (1, 2)]
        assert [i for page in pages for i in ids(page)] == ids(first)[:14]
        answers.append((first["total"], ids(first), first["facets"]))
    assert answers[0] == answers[1]
    dates = [sample.papers[i].date or "" for i in answers[0][1]]
    if sort == "date":
        assert dates == sorted(dates, reverse=True)


@BACKENDS
def test_changed_upvotes_are_indexed_again(sample, tmp_path, backend):
    known = known_collection()
    collection = Collection({**sample.papers, **known.papers}, {**sample.tags, **known.tags})
    build_index(collection, tmp_path, backend)
    papers = dict(collection.papers)
    papers["ancient"] = dataclasses.replace(papers["ancient"], upvotes=1000)
    generation = build_index(dataclasses.replace(collection, papers=papers), tmp_path, backend)
    assert read_meta(generation)["updated"] == 1  # the one paper, not a whole index
    top = SearchIndex(tmp_path).search("retrieval", sort="upvotes", limit=1)
    assert ids(top) == ["ancient"]

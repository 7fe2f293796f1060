"""Incremental rebuilds: only changed pages are rendered again, and the docs equal a clean build's
(one that scores related papers with the same kept weights, as the rebuild does)."""

from __future__ import annotations

import dataclasses
import shutil

from site_builder import FIXTURES, build_collection, clean_build_scored_like, make_collection

from sitegen.model import Mention
from sitegen.pipeline import build, load_collection
from sitegen.render.pages import (
    SHOWN,
    Rendered,
    generated_pages,
    pages_after,
    paper_key,
    render_pages,
    write_pages,
)
from sitegen.sources import bundled_sources
from sitegen.state.paths import StatePaths
from sitegen.state.related_weights import load_weights

EXTRA = str(FIXTURES / "site" / "extra-day.yaml")


def generated_docs(docs):
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for p in docs.rglob("*.md")
        if p.name != "about.md"
    }


def test_incremental_rebuild_equals_clean_build(tmp_path):
    sample = [str(p) for p in bundled_sources()]
    config, first = build_collection(tmp_path / "incremental", sample)
    before = {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in config.docs_path.rglob("*.md")
    }
    config = make_collection(tmp_path / "incremental", sample + [EXTRA])
    second = build(config)
    clean_config, _ = clean_build_scored_like(config, tmp_path / "clean", sample + [EXTRA])
    assert len(second.collection.papers) == len(first.collection.papers) + 2
    assert generated_docs(config.docs_path) == generated_docs(clean_config.docs_path)
    # A page whose text did not change was not written again; the others were.
    after = {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in config.docs_path.rglob("*.md")
    }
    unchanged = [path for path in before if path in after and before[path][0] == after[path][0]]
    assert unchanged, "adding two papers must leave some pages as they were"
    assert all(before[path][1] == after[path][1] for path in unchanged)
    changed = [path for path in after if path not in before or before[path][0] != after[path][0]]
    assert second.pages_written == len(changed)


def test_unchanged_rebuild_writes_nothing(tmp_path):
    config, _ = build_collection(tmp_path / "c")
    again = build(config)
    assert again.pages_written == 0 and again.pages_removed == 0


def test_stale_cache_is_ignored_when_pages_are_deleted(tmp_path):
    config, first = build_collection(tmp_path / "c")
    shutil.rmtree(config.docs_path / "papers")
    again = build(config)
    # every paper page and papers/index.md
    assert again.pages_written == len(first.collection.papers) + 1


def test_a_page_deleted_by_hand_is_written_again(tmp_path):
    config, first = build_collection(tmp_path / "c")
    gone = config.docs_path / "papers" / f"{next(iter(first.collection.papers))}.md"
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    assert build(config).pages_written == 1
    assert gone.read_text(encoding="utf-8") == text


def test_paper_pages_whose_key_is_known_are_not_rendered_again(tmp_path):
    collection = load_collection(make_collection(tmp_path / "c")).collection
    first = render_pages(collection)
    drawn = dict(first.pages)  # keys and kept fill as the pages are drawn
    paper_pages = {f"papers/{paper_id}.md" for paper_id in collection.papers}
    assert set(first.keys) == paper_pages <= set(drawn) and first.kept == set()
    again = render_pages(collection, known=first.keys)
    assert not paper_pages & set(dict(again.pages))
    assert again.kept == paper_pages and again.keys == first.keys


def test_a_rebuild_scores_with_the_kept_weights_until_the_collection_grows_by_a_tenth(tmp_path):
    sample = [str(p) for p in bundled_sources()]
    config, first = build_collection(tmp_path / "c", sample)
    fitted_on = sorted(first.collection.papers)
    kept = StatePaths(config.state_path).related_weights
    assert sorted(load_weights(kept).ids) == fitted_on
    build(make_collection(tmp_path / "c", sample + [EXTRA]))
    # two more papers: the weights are kept
    assert sorted(load_weights(kept).ids) == fitted_on


def rendered_again(collection, known, **changes) -> dict[str, str]:
    """The paper pages rendered when the collection is changed so, given the keys of its first render."""
    pages = dict(render_pages(dataclasses.replace(collection, **changes), known=known).pages)
    return {
        path: text
        for path, text in pages.items()
        if path.startswith("papers/") and path != "papers/index.md"
    }


def test_a_page_is_rendered_again_when_a_paper_it_links_to_is_retitled(tmp_path):
    collection = load_collection(make_collection(tmp_path / "c")).collection
    first = render_pages(collection)
    before = dict(first.pages)
    lister = next(p for p in collection.papers.values() if p.related)
    listed = collection.papers[lister.related[0].id]
    retitled = dataclasses.replace(listed, title=listed.title + " Revised Edition")
    again = rendered_again(
        collection, first.keys, papers={**collection.papers, listed.id: retitled}
    )
    assert (
        "Revised Edition" in again[f"papers/{listed.id}.md"]
        and "Revised Edition" in again[f"papers/{lister.id}.md"]
    )
    # only pages whose text changed
    assert all(text != before[path] for path, text in again.items())


def test_a_page_is_rendered_again_when_a_tag_it_shows_is_renamed(tmp_path):
    collection = load_collection(make_collection(tmp_path / "c")).collection
    first = render_pages(collection)
    dict(first.pages)
    slug = max(collection.tags, key=lambda s: sum(s in p.tags for p in collection.papers.values()))
    renamed = {
        **collection.tags,
        slug: dataclasses.replace(collection.tags[slug], name="Renamed Tag"),
    }
    again = rendered_again(collection, first.keys, tags=renamed)
    with_tag = {f"papers/{p.id}.md" for p in collection.papers.values() if slug in p.tags}
    assert set(again) == with_tag
    assert all(f'href="../../tags/{slug}/">Renamed Tag</a>' in again[path] for path in with_tag)


def test_fields_no_page_shows_leave_the_page_kept(tmp_path):
    collection = load_collection(make_collection(tmp_path / "c")).collection
    first = render_pages(collection)
    dict(first.pages)
    paper = next(iter(collection.papers.values()))
    quiet = dataclasses.replace(
        paper,
        sources=["elsewhere.yaml:1"],
        keywords=["unshown"],
        thumbnail_url="https://example.org/t.png",
        organization_avatar="https://example.org/a.png",
    )
    assert (
        rendered_again(collection, first.keys, papers={**collection.papers, paper.id: quiet}) == {}
    )


def test_a_page_key_changes_with_every_part_the_page_shows(tmp_path):
    collection = load_collection(make_collection(tmp_path / "c")).collection
    paper = next(p for p in collection.papers.values() if p.related)
    paper = dataclasses.replace(paper, mentions=[Mention(paper.related[0].id, "its name")])
    key = paper_key(paper, collection, "key2024", "")
    related = dataclasses.replace(paper.related[0], reason=paper.related[0].reason + " and more")
    changes = [
        {
            name: "x"
            if isinstance(getattr(paper, name), str) or getattr(paper, name) is None
            else ["x"]
        }
        for name in SHOWN
    ]
    changes += [
        {"related": [related, *paper.related[1:]]},
        {"related": paper.related[::-1]},
        {"mentions": [dataclasses.replace(paper.mentions[0], name="other words")]},
    ]
    for change in changes:
        assert paper_key(dataclasses.replace(paper, **change), collection, "key2024", "") != key, (
            change
        )
    assert (
        paper_key(paper, collection, "other2024", "") != key
        and paper_key(paper, collection, "key2024", "https://x.org/") != key
    )
    assert (
        paper_key(
            dataclasses.replace(
                paper, thumbnail_url="https://t.org/", keywords=["k"], sources=["s"]
            ),
            collection,
            "key2024",
            "",
        )
        == key
    )


def test_removing_a_listings_last_page_below_it_leaves_no_empty_folder(tmp_path):
    """As a clean build of the same pages would: an author whose only upvoted paper went loses the
    most-upvoted order under authors/<slug>/top/, and the folder goes with it."""
    docs = tmp_path / "docs"
    for page in ("authors/ann.md", "authors/ann/top.md", "authors/bo/2.md", "authors/bo/3.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("old", encoding="utf-8")
    rendered = Rendered(
        pages=iter([("authors/ann.md", "new"), ("authors/bo/2.md", "new")]),
        kept=set(),
        keys={},
        listed={},
    )
    write_pages(rendered, docs)
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")) == [
        "authors",
        "authors/ann.md",
        "authors/bo",
        "authors/bo/2.md",
    ]


def test_the_pages_after_writing_are_those_on_disk_with_the_written_ones_untimed(tmp_path):
    """What the site's making goes by instead of walking the docs folder again (reuse.py): every
    generated page on disk after write_pages, its time as listed before (unwritten) or None (written)."""
    docs = tmp_path / "docs"
    for page in ("papers/a.md", "papers/b.md", "tags/x.md", "tags/x/2.md", "index.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("old", encoding="utf-8")
    before = generated_pages(docs)
    rendered = Rendered(
        pages=iter(
            [
                ("papers/a.md", "old"),  # the same: not written
                ("papers/c.md", "new"),
                ("tags/x.md", "changed"),
                ("index.md", "changed"),  # not in a generated folder
            ]
        ),
        kept={"papers/b.md"},
        keys={},
        listed={},
    )
    written, gone, _ = write_pages(rendered, docs, before)
    assert written == {"papers/c.md", "tags/x.md", "index.md"}
    assert gone == {"tags/x/2.md"}
    after = pages_after(before, written, gone)
    assert after.keys() == generated_pages(docs).keys()
    assert after == {
        "papers/a.md": before["papers/a.md"],
        "papers/b.md": before["papers/b.md"],
        "papers/c.md": None,
        "tags/x.md": None,
    }

"""A rebuild keeps the live site's Pagefind index and indexes only the papers added since, which
the search box merges in; anything that would leave a stale record makes the whole index again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import FIXTURES, build_collection, make_collection
from static_server import static_server

from sitegen.pipeline import build
from sitegen.render.site_search import SearchPlan, plan_search
from sitegen.sources import bundled_sources

EXTRA = str(FIXTURES / "site" / "extra-day.yaml")
SAMPLE = [str(p) for p in bundled_sources()]
ANOTHER = {
    "title": "Sparse Autoencoders Read Protein Language Models",
    "abstract": "Dictionary learning on protein models.",
    "date": "2026-11-22",
}


def bundle(site, name="pagefind"):
    """A Pagefind bundle's files with their inodes, and how many pages it indexed."""
    folder = site / name
    if not folder.is_dir():
        return {}, 0
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    files = {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }
    return files, sum(language["page_count"] for language in entry["languages"].values())


def merged(site):
    script = (site / "assets" / "sitegen-search.js").read_text(encoding="utf-8")
    return json.loads(script.split("const MERGED = ", 1)[1].split(";", 1)[0])


def search(page: Page, words: str):
    page.locator("input.md-search__input").fill(words)
    return page.locator(".md-search-result__item").first


@pytest.mark.browser
def test_a_rebuild_indexes_only_added_papers_and_finds_old_and_new(page: Page, tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    main, indexed = bundle(config.site_path)
    another = tmp_path / "another.yaml"
    another.write_text(yaml.safe_dump([ANOTHER]), encoding="utf-8")
    grown = make_collection(tmp_path / "c", SAMPLE + [EXTRA])
    build(grown)
    report = build(make_collection(tmp_path / "c", SAMPLE + [EXTRA, str(another)]))
    another_id = next(
        p.id for p in report.collection.papers.values() if p.title == ANOTHER["title"]
    )
    site = config.site_path
    assert bundle(site) == (main, indexed)  # the same files: linked from the live site, twice
    assert bundle(site, "pagefind-added")[1] == 3  # every paper added since the main index was made
    assert merged(site) == ["pagefind-added/"]
    with static_server(site) as url:
        page.goto(url)
        expect(search(page, "LowBit")).to_contain_text("LowBit: Post-Training Quantization")
        expect(search(page, "protein dictionary")).to_contain_text(ANOTHER["title"])
        search(page, "protein dictionary").locator(
            "a"
        ).first.click()  # an added page's record leads to it
        expect(page).to_have_url(f"{url}papers/{another_id}/")
        result = search(page, "Osteoarthritis")
        expect(result).to_contain_text("Knee Osteoarthritis")
        result.locator("a").first.click()
        expect(page.locator("article h1")).to_contain_text("Active Sensing of Knee Osteoarthritis")


@pytest.mark.browser
def test_without_the_added_index_the_main_one_still_answers(page: Page, tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    build(make_collection(tmp_path / "c", SAMPLE + [EXTRA]))
    shutil.rmtree(config.site_path / "pagefind-added")  # deployed without it
    with static_server(config.site_path) as url:
        page.goto(url)
        expect(search(page, "Osteoarthritis")).to_contain_text("Knee Osteoarthritis")


def test_a_changed_paper_makes_the_whole_index_again(tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE + [EXTRA])
    main, _ = bundle(config.site_path)
    changed = yaml.safe_load(Path(EXTRA).read_text(encoding="utf-8"))
    changed[1]["title"] = "Verifier Limits, Revisited Once More"
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(changed), encoding="utf-8")
    report = build(make_collection(tmp_path / "c", SAMPLE + [str(edited)]))
    files, indexed = bundle(config.site_path)
    assert indexed == len(report.collection.papers) + 2  # the papers and the two hand-written pages
    assert not set(files.items()) & set(main.items())
    assert not (config.site_path / "pagefind-added").exists() and merged(config.site_path) == []


def test_many_added_papers_make_the_whole_index_again(tmp_path):
    config, _ = build_collection(tmp_path / "c", [EXTRA])
    report = build(make_collection(tmp_path / "c", SAMPLE + [EXTRA]))
    assert bundle(config.site_path)[1] == len(report.collection.papers) + 2
    assert not (config.site_path / "pagefind-added").exists()


def test_the_plan_reuses_the_live_index_only_when_no_record_in_it_is_stale(tmp_path):
    live = {f"papers/{i}/index.html": f"k{i}" for i in range(20)}
    bundle_dir = tmp_path / "site"  # the live site, with its main index
    (bundle_dir / "pagefind").mkdir(parents=True)
    added = {**live, "papers/new/index.html": "n", "papers/newer/index.html": "m"}
    assert plan_search(bundle_dir, live, added) == SearchPlan(
        main=live, reuse=bundle_dir, added=["papers/new/index.html", "papers/newer/index.html"]
    )
    assert plan_search(bundle_dir, live, live) == SearchPlan(main=live, reuse=bundle_dir, added=[])
    changed = {**added, "papers/3/index.html": "edited"}
    assert plan_search(bundle_dir, live, changed) == SearchPlan(main=changed)
    removed = {page: key for page, key in added.items() if page != "papers/3/index.html"}
    assert plan_search(bundle_dir, live, removed) == SearchPlan(main=removed)
    many = {**live, **{f"papers/n{i}/index.html": "n" for i in range(3)}}  # over a tenth of 20
    assert plan_search(bundle_dir, live, many) == SearchPlan(main=many)
    long_paths = {**{f"papers/{i:0>200}/index.html": "k" for i in range(5000)}, **live}
    # Under a tenth, with names that make a glob of 101 KB (the old cap, under Linux's 128 KiB an argument): they
    # reach Pagefind staged, not named in an argument.
    grown = {**long_paths, **{f"papers/{i:0>200}x/index.html": "n" for i in range(460)}}
    assert plan_search(bundle_dir, long_paths, grown).reuse == bundle_dir
    assert plan_search(tmp_path / "gone", live, added) == SearchPlan(main=added)
    (bundle_dir / "pagefind").rmdir()
    (bundle_dir / "pagefind-2").mkdir()  # not a whole main index
    assert plan_search(bundle_dir, live, added) == SearchPlan(main=added)
    assert plan_search(bundle_dir, {}, added) == SearchPlan(main=added)


def test_an_author_getting_a_page_keeps_the_live_index(tmp_path):
    """A name becoming a link changes no word Pagefind reads: no record of the index is stale."""
    config, _ = build_collection(tmp_path / "c", SAMPLE, author_pages_min=100)
    main, _ = bundle(config.site_path)
    report = build(make_collection(tmp_path / "c", SAMPLE, author_pages_min=1))
    assert list((config.site_path / "authors").glob("*/index.html"))  # some have a page now
    assert report.pages_written > 0 and report.search_added == 0
    assert bundle(config.site_path)[0] == main

"""Author and organization pages on a real build: who gets one, what it lists, and the links from
every paper that names them."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect
from site_builder import build_collection
from static_server import static_server

from sitegen.model import Paper
from sitegen.render.people import people_of

RECORDS = [
    {
        "title": "Graph Retrieval One",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "organization": "Example <b>Lab</b>",
        "organization_id": "example-lab",
        "date": "2025-01-01",
    },
    {
        "title": "Graph Retrieval Two",
        "authors": ["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        "organization": "Example <b>Lab</b>",
        "organization_id": "example-lab",
        "date": "2025-02-01",
    },
    {
        "title": "Graph Retrieval Three",
        "authors": ["Ada  Lovelace", "Solo Writer"],
        "date": "2025-03-01",
    },
]


def test_authors_with_enough_papers_get_pages_and_spellings_share_one():
    papers = [Paper(**r, id=str(n)) for n, r in enumerate(RECORDS)]
    people = people_of(papers, 2)
    assert people.authors == {
        "Ada Lovelace": "ada-lovelace",
        "Ada  Lovelace": "ada-lovelace",  # the same author as far as a reader can tell
        "Alan Turing": "alan-turing",
    }
    assert people.orgs == {"example-lab": "example-lab"}
    assert people_of(papers, 0).authors == {}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("people")
    source = root / "records.yaml"
    records = [{**r, "abstract": f"{r['title']} over graphs."} for r in RECORDS]
    source.write_text(yaml.safe_dump(records), encoding="utf-8")
    config, report = build_collection(root / "c", [str(source)], author_pages_min=2)
    assert not report.errors, report.problems
    with static_server(config.site_path) as base:
        yield base, report.collection


@pytest.mark.browser
def test_a_reader_goes_from_a_paper_to_its_authors_and_organization(page: Page, site):
    base, collection = site
    ids = {p.title: p.id for p in collection.papers.values()}
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{base}papers/{ids['Graph Retrieval Two']}/")
    byline = page.locator(".sg-byline")
    assert byline.locator("a").all_inner_texts() == ["Ada Lovelace", "Alan Turing"]
    assert "Grace Hopper" in byline.inner_text()  # one paper: no page, still named
    page.locator(".sg-facts a", has_text="Example <b>Lab</b>").click()
    expect(page.locator("h1")).to_contain_text("Example <b>Lab</b>")
    listed = page.locator("article ul li > a").all_inner_texts()
    assert listed == ["Graph Retrieval Two", "Graph Retrieval One"]  # newest first
    page.goto(f"{base}papers/{ids['Graph Retrieval Three']}/")
    page.get_by_role("link", name="Ada  Lovelace").click()
    expect(page.locator("h1")).to_contain_text("Ada Lovelace")
    assert page.locator("article ul li > a").count() == 3
    assert page.locator(".sg-coauthors a").all_inner_texts() == ["Alan Turing"]
    page.locator(".sg-coauthors a").click()
    expect(page.locator("h1")).to_contain_text("Alan Turing")
    assert page.locator("article ul li > a").count() == 2
    page.get_by_role("link", name="All authors").click()
    expect(page.locator("h1")).to_contain_text("Authors")
    assert page.locator("ul.sg-people li > a").all_inner_texts() == ["Ada Lovelace", "Alan Turing"]
    page.goto(f"{base}orgs/")
    assert page.locator("ul.sg-people li > a").all_inner_texts() == ["Example <b>Lab</b>"]
    assert missing == []

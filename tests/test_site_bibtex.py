"""BibTeX on paper pages, in Chromium: the copy button puts the exact entry on the clipboard, and hostile titles stay text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pybtex.database import parse_string
from site_builder import FIXTURES, build_collection, build_hostile
from static_server import static_server

from sitegen.render.bibtex import bibtex_entry, citation_keys

pytestmark = pytest.mark.browser


def copy_entry(page: Page) -> str:
    """Click the copy button of the paper page's BibTeX block; returns what the clipboard then holds."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    block = page.locator("#cite ~ pre").first
    block.hover()  # Material shows the button on hover
    block.locator("button[data-md-type=copy]").click()
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_button_copies_the_exact_entry(page: Page, sample_build):
    config, report = sample_build
    papers = report.collection.papers
    keys = citation_keys(papers.values())
    with_arxiv = next(p for p in papers.values() if p.arxiv_id and p.authors)
    with static_server(config.site_path) as url:
        page.goto(f"{url}papers/{with_arxiv.id}/")
        copied = copy_entry(page)
    assert copied.rstrip("\n") == bibtex_entry(with_arxiv, keys[with_arxiv.id]).rstrip("\n")
    entry = parse_string(copied, "bibtex").entries[keys[with_arxiv.id]]
    assert entry.type == "misc" and entry.fields["eprint"] == with_arxiv.arxiv_id
    assert len(entry.persons["author"]) == len(with_arxiv.authors)


def test_every_paper_page_shows_its_entry_once(sample_build):
    config, report = sample_build
    keys = citation_keys(report.collection.papers.values())
    for paper in report.collection.papers.values():
        markdown = (config.docs_path / "papers" / f"{paper.id}.md").read_text(encoding="utf-8")
        block = "\n".join(
            "    " + line for line in bibtex_entry(paper, keys[paper.id]).rstrip("\n").splitlines()
        )
        assert markdown.count(block) == 1 and markdown.count("@misc{") == 1, paper.id


def test_entries_carry_the_page_url_when_the_site_url_is_known(tmp_path):
    config, report = build_collection(
        tmp_path / "c",
        [str(FIXTURES / "site" / "hostile.yaml")],
        site_url="https://example.org/papers/",
    )
    plain = next(p for p in report.collection.papers.values() if p.title.startswith("Plain"))
    markdown = (config.docs_path / "papers" / f"{plain.id}.md").read_text(encoding="utf-8")
    assert f"url = {{https://example.org/papers/papers/{plain.id}/}}" in markdown


def test_a_hostile_title_is_copied_as_escaped_bibtex_and_never_runs(page: Page, tmp_path):
    config, report, hostile = build_hostile(tmp_path / "c")
    keys = citation_keys(report.collection.papers.values())
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with static_server(config.site_path) as url:
        page.goto(f"{url}papers/{hostile.id}/")
        block = page.locator("#cite ~ pre").first
        expect(block).to_contain_text(r"\textless{}script\textgreater{}alert(1)")
        # The entry is one code block's text: no element of the title made it into the page.
        assert page.locator("article script, article img").count() == 0
        assert page.locator("article pre").count() == 1
        copied = copy_entry(page)
    assert dialogs == []
    assert copied.rstrip("\n") == bibtex_entry(hostile, keys[hostile.id]).rstrip("\n")
    entry = parse_string(copied, "bibtex").entries[keys[hostile.id]]
    assert "alert(1)" in entry.fields["title"] and "Mallory" in str(entry.persons["author"][0])

"""The project's own documentation: the README's links and paths, and the user guide on the demo site."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from linkcheck import broken_links
from site_builder import REPO, build_collection

from sitegen.config import Config

GUIDE = REPO / "docs" / "guide"
READMES = [REPO / "README.md", REPO / "bench" / "README.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# Paths in code spans that name a file or folder of the repository: `sitegen/reuse.py`, `extension/`.
REPO_PATH = re.compile(r"`((?:sitegen|extension|tests|bench|docs)/[\w./-]*)`")


def heading_ids(markdown: Path) -> set[str]:
    """The ids Python-Markdown's toc and GitHub give the headings of a Markdown file (plain text ones)."""
    headings = re.findall(r"^#+ (.+)$", markdown.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", h).strip().lower()) for h in headings}


@pytest.mark.parametrize("readme", READMES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_in_a_readme_resolves(readme):
    broken = []
    for link in LINK.findall(readme.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", link):
            continue  # an address on the web: not ours to check
        path, _, anchor = link.partition("#")
        target = (readme.parent / path).resolve() if path else readme
        found = target.exists() and not (
            anchor and target.suffix == ".md" and anchor not in heading_ids(target)
        )
        if not found:
            broken.append(link)
    assert broken == []


def test_every_repository_path_the_readme_names_exists():
    named = REPO_PATH.findall((REPO / "README.md").read_text(encoding="utf-8"))
    assert named
    assert [path for path in named if not (REPO / path).exists()] == []


def nav_pages(nav: list) -> list[str]:
    pages = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages += nav_pages(value) if isinstance(value, list) else [value]
    return pages


def test_every_guide_page_is_in_the_demo_sites_navigation():
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    listed = {page for page in nav_pages(nav) if page.startswith("guide/")}
    assert listed == {f"guide/{page.name}" for page in GUIDE.glob("*.md")}


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    """The site `make demo` builds: the bundled sample with the repo's mkdocs.yml and docs."""
    return build_collection(tmp_path_factory.mktemp("demo"), demo=True)


def test_the_demo_site_has_the_guide_and_no_broken_link(demo_build):
    config, report = demo_build
    site = config.site_path
    for page in GUIDE.glob("*.md"):
        folder = site / "guide" / ("" if page.stem == "index" else page.stem)
        assert (folder / "index.html").is_file(), page.name
    assert 'href="guide/"' in (site / "index.html").read_text(encoding="utf-8")
    assert broken_links(site) == []
    # MkDocs warns about a link to a missing page or anchor in the guide's Markdown.
    assert report.mkdocs_warnings == []


def test_the_guide_documents_every_config_option_and_no_other():
    page = (GUIDE / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", page, re.MULTILINE))
    assert documented == {f.name for f in fields(Config)} - {"root"}

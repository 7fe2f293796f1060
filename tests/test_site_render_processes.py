"""The generated pages rendered in two processes make the same site as in one, and what MkDocs
says about a page rendered in the other process is reported as if it had rendered it itself."""

from __future__ import annotations

import multiprocessing
import time

import pytest
from mkdocs.commands import build as mkdocs_build
from site_builder import make_collection

from sitegen.errors import BuildError
from sitegen.pipeline import build
from sitegen.render import page_loop

# Written at each build: the build's id and time.
STAMPED = {".sitegen-build.json", "api/v1/health.json"}


def site_files(site):
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in site.rglob("*")
        if path.is_file() and path.relative_to(site).as_posix() not in STAMPED
    }


def with_site_url(config):
    """The collection with a site_url in mkdocs.yml, without which the sitemap lists no page."""
    mkdocs_yml = config.root / "mkdocs.yml"
    mkdocs_yml.write_text("site_url: https://example.org/\n" + mkdocs_yml.read_text("utf-8"))
    return config


def test_two_processes_make_the_same_site_as_one(tmp_path):
    one = with_site_url(make_collection(tmp_path / "one", render_processes=1))
    build(one)
    two = with_site_url(make_collection(tmp_path / "two", render_processes=2))
    report = build(two)
    assert report.pages_written > 100
    assert site_files(two.site_path) == site_files(one.site_path)
    sitemap = (two.site_path / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"https://example.org/papers/{id_}/" in sitemap for id_ in report.collection.papers)


def test_each_process_holds_the_text_of_the_page_it_renders_only(tmp_path, monkeypatch):
    """MkDocs' own loop holds every page's Markdown and HTML until its last page is written, and the
    build's process would keep them while site search indexes the site (gigabytes at 100,000
    papers): the generated pages are rendered in the forked processes alone, each page let go of
    once written, and MkDocs' loop renders the navigation's pages."""
    config = make_collection(tmp_path / "c", render_processes=2)
    held = tmp_path / "held.txt"
    render_beside, render_own = page_loop._build_page, mkdocs_build._build_page

    def counting(page, config, doc_files, *args, **kwargs):
        texts = sum(f.page is not None and f.page.content is not None for f in doc_files)
        with held.open("a", encoding="utf-8") as out:  # the forked processes write it too
            out.write(f"{texts}\n")
        render_beside(page, config, doc_files, *args, **kwargs)

    own = []

    def recording(page, *args, **kwargs):
        own.append(page.file.src_uri)
        render_own(page, *args, **kwargs)

    monkeypatch.setattr(page_loop, "_build_page", counting)
    monkeypatch.setattr(mkdocs_build, "_build_page", recording)
    report = build(config)
    counts = [int(line) for line in held.read_text(encoding="utf-8").split()]
    assert len(counts) > 100 and max(counts) == 1  # the page being rendered
    papers = {f"papers/{id_}.md" for id_ in report.collection.papers}
    assert own and papers.isdisjoint(own)
    assert len(counts) >= len(papers)


def with_broken_links(config, strict: bool):
    """Two pages the navigation does not list, one after the other, each with a link to nothing:
    one is rendered in each process."""
    for name in ("zz-first", "zz-second"):
        (config.docs_path / f"{name}.md").write_text(f"# {name}\n\n[gone](gone-{name}.md)\n")
    if strict:
        mkdocs_yml = config.root / "mkdocs.yml"
        mkdocs_yml.write_text("strict: true\n" + mkdocs_yml.read_text(encoding="utf-8"))
    return config


def test_warnings_from_either_process_are_reported(tmp_path):
    config = with_broken_links(make_collection(tmp_path / "c", render_processes=2), strict=False)
    report = build(config)
    broken = sorted(w for w in report.mkdocs_warnings if "gone-zz-" in w)
    assert len(broken) == 2 and "zz-first.md" in broken[0] and "zz-second.md" in broken[1]


def test_strict_mode_counts_the_other_processes_warnings(tmp_path):
    config = with_broken_links(make_collection(tmp_path / "c", render_processes=2), strict=True)
    with pytest.raises(BuildError, match="gone-zz-second.md"):
        build(config)
    assert not config.site_path.exists()


def test_an_interrupted_build_leaves_no_process_rendering_pages(tmp_path, monkeypatch):
    """The other process would go on writing into the site being made, which the next build makes."""
    config = make_collection(tmp_path / "c", render_processes=2)
    render_page = page_loop._build_page

    def slowly(*args, **kwargs):
        time.sleep(0.5)
        render_page(*args, **kwargs)

    def interrupted(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr(page_loop, "_build_page", slowly)  # the other process's
    monkeypatch.setattr(mkdocs_build, "_build_page", interrupted)  # MkDocs' own loop
    with pytest.raises(KeyboardInterrupt):
        build(config)
    assert multiprocessing.active_children() == []
    assert not config.site_path.exists()

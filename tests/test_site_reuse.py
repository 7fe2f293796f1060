"""A rebuild renders with MkDocs only the pages that changed; the rest are the live site's files, and
the site is the one a clean build makes."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from site_builder import FIXTURES, build_collection, clean_build_scored_like, make_collection

from sitegen import publish
from sitegen.errors import BuildError
from sitegen.pipeline import build
from sitegen.publish import recover_swap, spare_path
from sitegen.render.pages import GENERATED_DIRS
from sitegen.reuse import html_path, list_sites
from sitegen.search.generations import current_generation, read_meta
from sitegen.sources import bundled_sources
from sitegen.state.paths import STAMP, StatePaths
from sitegen.state.related_weights import load_weights

EXTRA = str(FIXTURES / "site" / "extra-day.yaml")
SAMPLE = [str(p) for p in bundled_sources()]


def pages(site):
    """Every page of a site with its inode: the inode tells a page reused from one rendered again."""
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in site.rglob("*.html")
    }


def test_a_rebuild_reuses_unchanged_pages_and_equals_a_clean_build(tmp_path):
    config, _ = build_collection(tmp_path / "incremental", SAMPLE)
    before = pages(config.site_path)
    grown = make_collection(tmp_path / "incremental", SAMPLE + [EXTRA])
    report = build(grown)
    after = pages(grown.site_path)
    clean, _ = clean_build_scored_like(grown, tmp_path / "clean", SAMPLE + [EXTRA])

    assert {path: text for path, (text, _) in after.items()} == {
        path: text for path, (text, _) in pages(clean.site_path).items()
    }
    # MkDocs' notice about its dirty mode is not the user's concern
    assert report.mkdocs_warnings == []
    reused = {path for path in after if path in before and after[path][1] == before[path][1]}
    assert report.pages_reused == len(reused)
    changed = {path for path in after if before.get(path, (None,))[0] != after[path][0]}
    assert reused and changed
    assert all(path.startswith(tuple(f"{top}/" for top in GENERATED_DIRS)) for path in reused)
    assert not reused & changed
    # Pages whose Markdown was written again were rendered again, even when their HTML came out the same.
    assert "papers/2611.00001/index.html" in changed  # a new paper


def with_site_url(config):
    mkdocs_yml = config.root / "mkdocs.yml"
    mkdocs_yml.write_text(
        "site_url: https://example.org/reading/\n" + mkdocs_yml.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return config


def test_pages_left_out_of_mkdocs_are_in_the_sitemap_a_clean_build_writes(tmp_path, monkeypatch):
    # both builds on one day, whenever the test runs
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    config = with_site_url(make_collection(tmp_path / "c", SAMPLE))
    build(config)
    given = set()  # the pages MkDocs made a Page of
    make_page = Page.__init__
    monkeypatch.setattr(
        Page,
        "__init__",
        lambda page, title, file, *a, **k: (
            given.add(file.src_uri),
            make_page(page, title, file, *a, **k),
        )[1],
    )
    report = build(with_site_url(make_collection(tmp_path / "c", SAMPLE + [EXTRA])))
    monkeypatch.setattr(Page, "__init__", make_page)
    clean = with_site_url(make_collection(tmp_path / "clean", SAMPLE + [EXTRA]))
    StatePaths(clean.state_path).related_weights.parent.mkdir(parents=True)
    # as clean_build_scored_like
    shutil.copy(
        StatePaths(config.state_path).related_weights, StatePaths(clean.state_path).related_weights
    )
    build(clean)

    assert report.pages_reused + report.pages_patched > 0
    # the reused were left out
    assert len(given) < len(list(config.docs_path.rglob("*.md"))) - report.pages_reused
    sitemap = (config.site_path / "sitemap.xml").read_bytes()
    assert sitemap == (clean.site_path / "sitemap.xml").read_bytes()
    assert sitemap.count(b"<loc>") == len([p for p in config.site_path.rglob("index.html")])
    assert b"<loc>https://example.org/reading/papers/2611.00001/</loc>" in sitemap
    assert (config.site_path / "sitemap.xml.gz").read_bytes() == (
        clean.site_path / "sitemap.xml.gz"
    ).read_bytes()
    assert gzip.decompress((config.site_path / "sitemap.xml.gz").read_bytes()) == sitemap


def test_pages_whose_lists_alone_changed_are_made_from_their_live_html(tmp_path, monkeypatch):
    # in the build's process alone, where the spy on Page.render sees every page rendered
    config, _ = build_collection(tmp_path / "c", SAMPLE, render_processes=1)
    before = pages(config.site_path)
    rendered = set()
    render = Page.render
    monkeypatch.setattr(
        Page,
        "render",
        lambda page, *a, **k: (rendered.add(page.file.dest_uri), render(page, *a, **k))[1],
    )
    report = build(make_collection(tmp_path / "c", SAMPLE + [EXTRA], render_processes=1))
    after = pages(config.site_path)
    generated = {path for path in after if path.startswith(("papers/", "tags/", "archive/"))}
    made = {
        path for path in generated - rendered if after[path][1] != before.get(path, (None, None))[1]
    }
    clean, _ = clean_build_scored_like(config, tmp_path / "clean", SAMPLE + [EXTRA])

    assert {path: text for path, (text, _) in after.items()} == {
        path: text for path, (text, _) in pages(clean.site_path).items()
    }
    assert len(made) == report.pages_patched > 0
    assert all(after[path][0] != before[path][0] for path in made)  # new lists, without MkDocs
    # A tag's page holds its count in the list's block: new papers with the tag change only that block.
    assert any(path.startswith("tags/") and path != "tags/index.html" for path in made)


@pytest.mark.parametrize("surroundings", ["a plugin", "a custom_dir"])
def test_with_other_plugins_or_templates_pages_are_rendered_not_edited(tmp_path, surroundings):
    config = make_collection(tmp_path / "c", SAMPLE)
    mkdocs_yml = config.root / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    if surroundings == "a plugin":
        text = text.replace("  - sitegen\n", "  - sitegen\n  - tags\n")
    else:
        (config.root / "overrides").mkdir()
        text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    mkdocs_yml.write_text(text, encoding="utf-8")
    build(config)
    report = build(config, SAMPLE + [EXTRA])
    assert report.pages_patched == 0 and report.pages_reused > 0


def test_a_page_edited_by_hand_is_rendered_again(tmp_path):
    config, report = build_collection(tmp_path / "c", SAMPLE)
    paper = next(iter(report.collection.papers))
    markdown = config.docs_path / "papers" / f"{paper}.md"
    markdown.write_text(
        markdown.read_text(encoding="utf-8") + "\nEdited by hand.\n", encoding="utf-8"
    )
    build(config)
    assert "Edited by hand." in (config.site_path / "papers" / paper / "index.html").read_text(
        encoding="utf-8"
    )


def test_other_surroundings_reuse_nothing(tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    before = pages(config.site_path)
    mkdocs_yml = config.root / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text(encoding="utf-8").replace(
            "site_name: sitegen papers", "site_name: Renamed Reading List"
        ),
        encoding="utf-8",
    )
    build(config)
    after = pages(config.site_path)
    assert before.keys() == after.keys()
    assert all(after[path][1] != before[path][1] for path in after)
    assert all(b"Renamed Reading List" in text for text, _ in after.values())


def test_a_fresh_checkout_of_the_same_hand_written_pages_reuses_pages(tmp_path):
    """In CI the last build comes back from a cache while the checkout gives every file a new time."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    before = pages(config.site_path)
    for path in (config.docs_path / "about.md", config.root / "mkdocs.yml"):
        path.write_bytes(path.read_bytes())
    build(config)
    after = pages(config.site_path)
    assert any(after[path][1] == before[path][1] for path in after)


def test_a_hand_written_page_changes_every_page(tmp_path):
    """Every page's navigation can show a hand-written page's title, so editing one renders all."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    before = pages(config.site_path)
    about = config.docs_path / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nMore about us.\n", encoding="utf-8")
    build(config)
    after = pages(config.site_path)
    assert all(after[path][1] != before[path][1] for path in after)


def test_without_hard_links_unchanged_pages_are_copied(tmp_path, monkeypatch):
    """Some file systems (FAT, exFAT) have no hard links: the rebuild copies instead, with the same result."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)

    def no_hard_links(source, target):
        raise PermissionError(1, "Operation not permitted", str(target))

    monkeypatch.setattr(os, "link", no_hard_links)
    report = build(make_collection(tmp_path / "c", SAMPLE + [EXTRA]))
    clean, _ = clean_build_scored_like(config, tmp_path / "clean", SAMPLE + [EXTRA])
    assert report.pages_reused and report.search_added == 2
    texts = {path: text for path, (text, _) in pages(config.site_path).items()}
    assert texts == {path: text for path, (text, _) in pages(clean.site_path).items()}


def test_a_full_build_reuses_nothing(tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    before = pages(config.site_path)
    report = build(make_collection(tmp_path / "c", SAMPLE + [EXTRA]), full=True)
    after = pages(config.site_path)
    assert report.pages_reused == 0 and report.search_added is None
    assert all(after[path][1] != before[path][1] for path in after if path in before)
    # Two more papers would keep the weights; a full build fits them again, on every paper.
    weights = load_weights(StatePaths(config.state_path).related_weights)
    assert sorted(weights.ids) == sorted(report.collection.papers)
    # And it indexes every paper for the search API, where a rebuild would update the index.
    assert read_meta(current_generation(config.state_path / "index"))["updated"] is None
    rebuilt = build(make_collection(tmp_path / "c", SAMPLE))
    assert read_meta(current_generation(config.state_path / "index"))["updated"] == 2
    assert rebuilt.pages_reused > 0


@pytest.mark.parametrize(
    "page",
    [
        "papers/2403.09629.md",
        "tags/index.md",
        "tags/README.md",
        "index.md",
        "archive/2026-11.md",
        "a/b/c.md",
    ],
)
def test_html_paths_are_where_mkdocs_writes_pages(page):
    assert html_path(page) == File(page, "/docs", "/site", use_directory_urls=True).dest_uri


def test_the_spares_pages_that_are_not_the_live_ones_go_as_the_sites_are_listed(tmp_path):
    """What linking the live pages would remove anyway (reuse.list_sites): a page of the spare that
    is another file than the live site's, or that the live site does not have. Links to the live
    pages stay, and so do files that are not pages."""
    live, spare = tmp_path / "site", tmp_path / "spare"
    for name in ("kept", "changed"):
        (live / "papers" / name).mkdir(parents=True)
        (live / "papers" / name / "index.html").write_text(name, encoding="utf-8")
    for name in ("kept", "changed", "gone"):
        (spare / "papers" / name).mkdir(parents=True)
    os.link(live / "papers" / "kept" / "index.html", spare / "papers" / "kept" / "index.html")
    (spare / "papers" / "changed" / "index.html").write_text("older", encoding="utf-8")
    (spare / "papers" / "gone" / "index.html").write_text("gone", encoding="utf-8")
    (spare / "papers" / "gone" / "data.json").write_text("{}", encoding="utf-8")
    listed = list_sites(spare, live)
    assert sorted(p.relative_to(spare).as_posix() for p in spare.rglob("*") if p.is_file()) == [
        "papers/gone/data.json",
        "papers/kept/index.html",
    ]
    assert {folder: files for folder, (_, files) in listed.spare["papers"].items()} == {
        "": {},
        "kept": {"index.html": (live / "papers" / "kept" / "index.html").stat().st_ino},
        "changed": {},
        "gone": {"data.json": (spare / "papers" / "gone" / "data.json").stat().st_ino},
    }
    assert listed.live == {
        f"papers/{name}/index.html": (html.stat().st_mtime, html.stat().st_ino)
        for name in ("kept", "changed")
        for html in [live / "papers" / name / "index.html"]
    }


def files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_each_build_updates_the_site_it_replaced_last_time_and_never_writes_into_the_live_one(
    tmp_path,
):
    """The spare (publish.py) shares its unchanged pages with the live site by hard links: a build that
    wrote through one would change the live site. After each build the spare is the site it replaced,
    byte for byte, and the new site is the one a clean build makes."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    spare = spare_path(config.site_path)
    for sources in (SAMPLE + [EXTRA], SAMPLE, SAMPLE + [EXTRA]):
        live = files(config.site_path)
        config = make_collection(config.root, sources)
        report = build(config)
        assert files(spare) == live
        clean, _ = clean_build_scored_like(config, tmp_path / f"clean-{len(sources)}", sources)
        assert {path: text for path, (text, _) in pages(config.site_path).items()} == {
            path: text for path, (text, _) in pages(clean.site_path).items()
        }
        assert report.pages_reused > 0


def test_files_mkdocs_copies_are_linked_from_the_live_site_unless_their_source_is_newer(tmp_path):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    css = next(config.site_path.glob("assets/stylesheets/main.*.min.css")).relative_to(
        config.site_path
    )
    before = {
        path: (config.site_path / path).stat().st_ino
        for path in (css, Path("feeds/atom.xml"), Path("assets/sitegen.css"))
    }
    build(make_collection(tmp_path / "c", SAMPLE + [EXTRA]))
    after = {path: (config.site_path / path).stat().st_ino for path in before}
    assert (
        after[css] == before[css]
        and after[Path("assets/sitegen.css")] == before[Path("assets/sitegen.css")]
    )
    # new papers: a new feed, copied
    assert after[Path("feeds/atom.xml")] != before[Path("feeds/atom.xml")]
    assert (config.site_path / "feeds" / "atom.xml").read_bytes() == (
        config.docs_path / "feeds" / "atom.xml"
    ).read_bytes()


def test_a_build_stopped_in_mkdocs_leaves_a_spare_the_next_build_sets_right(tmp_path, monkeypatch):
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    # now there is a spare, sharing pages with the site
    build(make_collection(config.root, SAMPLE + [EXTRA]))
    live = files(config.site_path)

    built = []

    def stop_after_a_few_pages(page, *args, **kwargs):
        if len(built) == 5:
            raise KeyboardInterrupt
        build_page(page, *args, **kwargs)
        built.append(page)

    build_page = mkdocs_build_module._build_page
    monkeypatch.setattr(mkdocs_build_module, "_build_page", stop_after_a_few_pages)
    with pytest.raises(KeyboardInterrupt):
        # renders every page: the spare is half made
        build(make_collection(config.root, SAMPLE), full=True)
    monkeypatch.undo()
    # All but the stamp, which a full build removes first so that nothing is reused even if it fails.
    assert files(config.site_path) == {path: text for path, text in live.items() if path != STAMP}
    build(make_collection(config.root, SAMPLE))
    clean, _ = clean_build_scored_like(config, tmp_path / "clean", SAMPLE)
    assert files(config.site_path).keys() == files(clean.site_path).keys()
    assert {path: text for path, (text, _) in pages(config.site_path).items()} == {
        path: text for path, (text, _) in pages(clean.site_path).items()
    }


def test_a_failure_taking_the_live_pages_says_so_and_keeps_the_site(tmp_path):
    """The live site's pages are taken into the spare by a forked process while MkDocs runs
    (publish.py): its failure is the build's, named, and the live site stays as it was."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    build(make_collection(config.root, SAMPLE + [EXTRA]))  # now there is a spare
    live = files(config.site_path)
    spare_papers = spare_path(config.site_path) / "papers"
    shutil.rmtree(spare_papers)
    spare_papers.write_text("not a folder")  # kept by the spare's clearing, as its papers/ is
    with pytest.raises(BuildError, match="taking the live site's pages failed: .*papers"):
        build(make_collection(config.root, SAMPLE))
    assert files(config.site_path) == live
    spare_papers.unlink()
    build(make_collection(config.root, SAMPLE))
    clean, _ = clean_build_scored_like(config, tmp_path / "clean", SAMPLE)
    assert {path: text for path, (text, _) in pages(config.site_path).items()} == {
        path: text for path, (text, _) in pages(clean.site_path).items()
    }


@pytest.mark.parametrize("renames", [1, 2])
def test_a_build_stopped_between_the_renames_of_the_swap_is_undone_by_the_next(
    tmp_path, monkeypatch, renames
):
    """Where two names cannot be exchanged in one step, the swap is three renames. One done: site/ is
    missing until the next build puts the old site back; two: the new site is live and the replaced
    one waits beside it. Either way the next build ends as usual."""
    config, _ = build_collection(tmp_path / "c", SAMPLE)
    monkeypatch.setattr(publish, "exchanged", lambda *_: False)
    before = files(config.site_path)
    done = []
    replace = os.replace

    def stop_after(source, target):
        if (
            Path(target).parent == config.root
        ):  # the swap's renames, not those of the index or caches
            if len(done) == renames:
                raise KeyboardInterrupt
            done.append(target)
        replace(source, target)

    monkeypatch.setattr(os, "replace", stop_after)
    with pytest.raises(KeyboardInterrupt):
        build(make_collection(config.root, SAMPLE + [EXTRA]))
    monkeypatch.undo()
    assert config.site_path.exists() == (renames == 2)
    recover_swap(config.site_path)
    recovered = files(config.site_path)
    if renames == 1:
        assert recovered == before
    else:
        assert "papers/2611.00001/index.html" in recovered
    report = build(make_collection(config.root, SAMPLE + [EXTRA]))
    assert report.pages_reused > 0
    assert [p.name for p in config.root.glob(".site.*")] == [".site.spare"]

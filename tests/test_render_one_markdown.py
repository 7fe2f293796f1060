"""One Python-Markdown instance for every page a rendering process converts gives each page what
MkDocs' own Page.render (a new instance per page) gives it."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from sitegen.render.page_loop import OneMarkdown

PAGES = {
    # Footnotes and abbreviations keep state between documents until Markdown's reset.
    "a.md": "# First\n\nText[^1] with HTML.\n\n[^1]: A note.\n\n*[HTML]: Hyper Text\n\n## Part\n",
    "b.md": "# Second\n\nA [link](a.md#part) and one to [nowhere](a.md#none).\n\n## Part\n\n## Part\n",
    "c.md": '<div id="raw">raw</div>\n\nHTML is not abbreviated here[^1].\n\n[^1]: Its own.\n',
}


def rendered(tmp_path, render):
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for name, text in PAGES.items():
        (docs / name).write_text(text, encoding="utf-8")
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text(
        "site_name: t\nmarkdown_extensions: [footnotes, abbr, toc, attr_list, md_in_html]\n",
        encoding="utf-8",
    )
    config = load_config(str(mkdocs_yml))
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in PAGES])
    seen = []
    for file in files:
        page = Page(None, file, config)
        page.read_source(config)
        render(page, config, files)
        seen.append(
            (
                page.content,
                [(item.id, item.title, len(item.children)) for item in page.toc],
                page.title,
                page.present_anchor_ids,
                {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()},
            )
        )
    return seen


def test_pages_converted_by_one_instance_are_what_mkdocs_makes_of_each(tmp_path):
    own = rendered(tmp_path / "own", lambda page, config, files: page.render(config, files))
    converter = None

    def shared(page, config, files):
        nonlocal converter
        converter = converter or OneMarkdown(config)
        converter.render(page, config, files)

    assert rendered(tmp_path / "shared", shared) == own
    assert 'id="fn:1"' in own[2][0] and "<abbr" not in own[2][0]  # the pages' state is their own
    assert own[1][4] == {"a.md": {"part": "a.md#part", "none": "a.md#none"}}

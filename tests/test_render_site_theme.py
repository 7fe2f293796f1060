"""The sitegen MkDocs plugin: the page squeezer keeps what renders and what must stay verbatim; HTML blocks skip Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown import Markdown
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from sitegen.render.html_blocks import CLOSE, OPEN, Stash
from sitegen.render.site_theme import SiteThemePlugin
from sitegen.render.squeeze import VERBATIM, squeeze_indentation


def test_indentation_goes_but_pre_text_and_references_stay():
    html = "<div>\n    <p>a &lt;b&gt;   c</p>\n\n  </div>\n<pre><code>  @misc{x,\n    title = {y}\n}</code></pre>\n  <textarea>\n  keep\n</textarea>"
    squeezed = squeeze_indentation(html)
    assert (
        squeezed
        == "<div>\n<p>a &lt;b&gt;   c</p>\n</div>\n<pre><code>  @misc{x,\n    title = {y}\n}</code></pre>\n<textarea>\n  keep\n</textarea>"
    )


@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x1c\xa0\u2003ab<>/pre"), max_size=80))
def test_squeezing_is_the_pattern_it_stands_for(html):
    """Each run of white space holding a line break becomes one line break, outside <pre> and <textarea>."""
    parts = VERBATIM.split(html)
    expected = "".join(
        part if i % 2 else re.sub(r"[ \t]*\n\s*", "\n", part) for i, part in enumerate(parts)
    )
    assert squeeze_indentation(html) == expected


def test_html_blocks_skip_markdown_and_come_back_in_place():
    stash = Stash()
    markdown = f"# Title\n\n{OPEN}\n<ul>\n<li>*not emphasis* \\. [x](y.md)</li>\n</ul>\n{CLOSE}\n\nAfter *this*.\n"
    lifted = stash.lift(markdown)
    assert "<li>" not in lifted
    html = stash.put_back(Markdown().convert(lifted))
    assert (
        html
        == "<h1>Title</h1>\n<ul>\n<li>*not emphasis* \\. [x](y.md)</li>\n</ul>\n\n<p>After <em>this</em>.</p>"
    )


def test_a_placeholder_written_in_page_text_stays_text():
    """Paper text naming a placeholder cannot pull a block in: the token is new with every build."""
    stash = Stash()
    forged = "sitegen-html-0000000000000000-0"
    html = stash.put_back(
        Markdown().convert(stash.lift(f"{forged}\n\n{OPEN}\n<p>block</p>\n{CLOSE}\n"))
    )
    assert html == f"<p>{forged}</p>\n<p>block</p>\n"


def test_the_plugin_refuses_file_urls(tmp_path):
    """The HTML blocks link papers/<id>/: with use_directory_urls off, every one of them would break."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nuse_directory_urls: false\nplugins:\n  - sitegen\n"
    )
    with pytest.raises(PluginError, match="use_directory_urls"):
        SiteThemePlugin().on_config(load_config(str(tmp_path / "mkdocs.yml")))

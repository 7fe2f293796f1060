"""The page squeezer keeps what renders and what must stay verbatim."""

from __future__ import annotations

from sitegen.render.site_theme import squeeze_indentation


def test_indentation_goes_but_pre_text_and_references_stay():
    html = "<div>\n    <p>a &lt;b&gt;   c</p>\n\n  </div>\n<pre><code>  @misc{x,\n    title = {y}\n}</code></pre>\n  <textarea>\n  keep\n</textarea>"
    squeezed = squeeze_indentation(html)
    assert squeezed == "<div>\n<p>a &lt;b&gt;   c</p>\n</div>\n<pre><code>  @misc{x,\n    title = {y}\n}</code></pre>\n<textarea>\n  keep\n</textarea>"

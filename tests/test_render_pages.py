"""Golden tests of rendered pages: the Markdown a paper page is made of, compared byte for byte.

After an intended change to the templates, run `pytest tests/test_render_pages.py --update-golden`
and review the diff of tests/fixtures/render/golden/ before committing it.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from site_builder import FIXTURES, make_collection

from sitegen.pipeline import load_collection
from sitegen.render import pages as pages_module
from sitegen.render.html_blocks import block_changes
from sitegen.render.pages import front_matter, render_pages, summary

GOLDEN = FIXTURES / "render" / "golden"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    config = make_collection(
        tmp_path_factory.mktemp("golden"), [str(FIXTURES / "render" / "golden-papers.yaml")]
    )
    report = load_collection(config)
    assert not report.errors, report.problems
    return report.collection, dict(render_pages(report.collection).pages)


@pytest.mark.parametrize(
    "paper_id",
    ["2611.00001", "four-bits-are-enough-revisiting-weight-quantization", "robots-that-read-maps"],
)
def test_paper_page_matches_golden(rendered, paper_id, update_golden):
    _, pages = rendered
    text = pages[f"papers/{paper_id}.md"]
    golden = GOLDEN / f"{paper_id}.md"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_golden_pages_show_every_part(rendered):
    """What the golden files are meant to pin down, said once in words."""
    collection, pages = rendered
    lowbit = pages["papers/2611.00001.md"]
    meta = yaml.safe_load(lowbit.split("---\n")[1])
    assert meta["title"].startswith("LowBit: Post-Training") and meta["arxiv_id"] == "2611.00001"
    assert "Reading group" in meta["tags"]
    # its tag chips
    assert '<a class="md-tag" href="../../tags/reading-group/">Reading group</a>' in lowbit
    assert (
        'href="https://arxiv.org/abs/2611.00001"' in lowbit
        and 'href="https://github.com/example/lowbit"' in lowbit
    )
    assert "Ada Lovelace, Alan Turing" in lowbit
    assert r"Discussed on \*Friday\*; see &lt;b&gt;slides&lt;/b&gt;\." in lowbit
    follower = pages["papers/four-bits-are-enough-revisiting-weight-quantization.md"]
    assert '<a href="../2611.00001/">LowBit</a>' in follower  # the mention became a link
    assert "&lt;EOS&gt;" in follower
    assert (
        "## Linked from" in lowbit
        and 'href="../four-bits-are-enough-revisiting-weight-quantization/"' in lowbit
    )
    robots = collection.papers["robots-that-read-maps"]
    assert (
        robots.related == [] and "## Related papers" not in pages["papers/robots-that-read-maps.md"]
    )


def test_a_paper_joining_a_tag_or_a_month_changes_only_the_html_blocks_of_their_pages(rendered):
    """So that a rebuild makes those pages from their live HTML (sitegen/reuse.py) instead of rendering them."""
    collection, pages = rendered
    lowbit = collection.papers["2611.00001"]
    joining = dataclasses.replace(
        lowbit,
        id="2611.00009",
        arxiv_id="2611.00009",
        title="LowBit Again",
        related=[],
        backlinks=[],
    )
    grown = dataclasses.replace(collection, papers={**collection.papers, joining.id: joining})
    after = dict(render_pages(grown).pages)
    month = f"archive/{lowbit.date[:7]}.md"
    for page in (f"tags/{lowbit.tags[0]}.md", month):
        assert after[page] != pages[page]
        assert block_changes(pages[page], after[page]), page


def test_pages_are_rendered_as_they_are_drawn(rendered, monkeypatch):
    """Not all at once: at 100,000 papers the tag and month pages alone are 63 MB of text."""
    collection, pages = rendered
    # more than the first tag page to hold back
    assert len(collection.tags) > 1 and sum(1 for path in pages if path.startswith("tags/")) > 2
    drawn = []
    monkeypatch.setattr(
        pages_module,
        "render_tag",
        lambda tag, *_: drawn.append(tag.slug) or iter([(f"tags/{tag.slug}.md", tag.slug)]),
    )
    lazy = render_pages(collection).pages
    assert drawn == []
    first_path, _ = next(lazy)
    assert drawn == [first_path.removeprefix("tags/").removesuffix(".md")]


def test_a_paper_linked_for_the_first_time_changes_only_the_html_blocks_of_its_page(rendered):
    """Its "Linked from" section is there before, saying no paper links to it: a rebuild makes the page
    from its live HTML with the new list (sitegen/reuse.py) instead of rendering it."""
    collection, pages = rendered
    robots = collection.papers["robots-that-read-maps"]
    assert (
        robots.backlinks == []
        and "No other paper in this collection links here yet."
        in pages["papers/robots-that-read-maps.md"]
    )
    linked = dataclasses.replace(robots, backlinks=["2611.00001"])
    grown = dataclasses.replace(collection, papers={**collection.papers, robots.id: linked})
    after = dict(render_pages(grown).pages)["papers/robots-that-read-maps.md"]
    changes = block_changes(pages["papers/robots-that-read-maps.md"], after)
    assert changes and '<li><a href="../2611.00001/">' in changes[-1][1]


@given(
    st.text(alphabet=st.sampled_from("ab -–\n\t\u00e9\U0001f600"), max_size=120),
    st.integers(min_value=4, max_value=40),
)
def test_summary_is_as_many_whole_words_as_fit(text, width):
    words = " ".join(text.split())
    short = summary(text, width)
    assert len(short) <= width
    if len(words) <= width:
        assert short == words
        return
    assert short.endswith(" …")
    kept = short[: -len(" …")]
    assert words.startswith(kept)
    room, first = width - len(" …"), words.split(" ")[0]
    if len(first) > room:
        assert kept == first[:room]
        return
    # Whole words only, and no room for the next one.
    assert words[len(kept)] == " "
    after = words.find(" ", len(kept) + 1)
    assert (len(words) if after < 0 else after) > room


def test_a_long_abstract_is_summarised_at_a_word_boundary():
    abstract = "We study  state-of-the-art\nmodels. " * 20
    assert summary(abstract, 60) == "We study state-of-the-art models. We study …"


def test_a_summary_reads_past_a_long_run_of_whitespace():
    # summary cleans only the text's start when that is enough: here it is not.
    assert summary("Few" + " " * 1000 + "words after a long gap", 20) == "Few words after a …"


# any character a page can hold
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    st.dictionaries(
        _TEXT,
        st.one_of(
            _TEXT,
            st.booleans(),
            st.lists(_TEXT, max_size=3),
            st.dictionaries(st.sampled_from(["slug", "title"]), _TEXT),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_front_matter_reads_back_in_mkdocs_as_written(meta):
    # MkDocs' own reader: it drops front matter it cannot parse without a word.
    assert get_data(front_matter(meta) + "Body\n") == ("Body\n", meta)


def test_front_matter_keeps_yaml_line_breaks_and_refused_characters_as_text():
    title = "A\u2028B\u2029C\x85D\x7fE\ufffeF: ---\n... 'yes' # no"
    text = front_matter({"title": title, "hide": ["navigation"]})
    assert text.count("\n") == 4 and "\u2028" not in text and "\x85" not in text
    assert get_data(text)[1] == {"title": title, "hide": ["navigation"]}

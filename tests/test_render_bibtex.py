"""BibTeX entries read back by pybtex (structure, authors) and pylatexenc (the text LaTeX would print)."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from slugify import slugify

from sitegen.config import load_config
from sitegen.model import Collection, Paper
from sitegen.pipeline import load_collection
from sitegen.render.bibtex import (
    base_key,
    bibtex,
    bibtex_entry,
    citation_keys,
    escape,
    word_slug,
    year_of,
)

# What LaTeX prints for the text commands the escaping uses (pylatexenc does not know all of them).
LATEX = get_default_latex_context_db()
LATEX.add_context_category(
    "sitegen-bibtex",
    prepend=True,
    macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("textasciitilde", "~"),
        MacroTextSpec("textbackslash", "\\"),
        MacroTextSpec("textless", "<"),
        MacroTextSpec("textgreater", ">"),
    ],
)


def printed(field: str) -> str:
    return LatexNodes2Text(latex_context=LATEX).latex_to_text(field)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Collection:
    return load_collection(load_config(root=tmp_path_factory.mktemp("bib"))).collection


def test_every_paper_of_the_sample_is_one_parseable_entry(sample):
    papers = list(sample.papers.values())
    keys = citation_keys(papers)
    database = parse_string(bibtex(papers, keys), "bibtex")
    assert list(database.entries) == [keys[p.id] for p in papers]  # unique keys, in order
    for paper in papers:
        entry = database.entries[keys[paper.id]]
        assert entry.type == "misc"
        assert " ".join(printed(entry.fields["title"]).split()) == " ".join(paper.title.split())
        assert len(entry.persons.get("author", [])) == len(paper.authors)
        if paper.arxiv_id:
            assert (
                entry.fields["eprint"] == paper.arxiv_id
                and entry.fields["archivePrefix"] == "arXiv"
            )
            assert entry.fields["url"] == f"https://arxiv.org/abs/{paper.arxiv_id}"


def test_an_arxiv_paper_gets_the_familiar_key_and_fields(sample):
    quiet = next(p for p in sample.papers.values() if p.arxiv_id == "2403.09629")
    entry = bibtex_entry(quiet, base_key(quiet))
    assert entry.startswith("@misc{zelikman2024quietstar,\n")
    assert (
        "  title = {{Quiet-STaR:} Language Models Can Teach Themselves to Think Before Speaking},\n"
        in entry
    )
    assert "  author = {Eric Zelikman and " in entry and "  year = {2024},\n" in entry


@pytest.mark.parametrize(
    "arxiv_id, date, year",
    [
        ("2403.09629", "2025-01-02", "2024"),  # the first version's year, not a later date's
        ("hep-th/9901001", "2003-05-06", "1999"),
        (None, "2003-05-06", "2003"),
    ],
)
def test_the_year_is_the_arxiv_ids_where_there_is_one(arxiv_id, date, year):
    assert year_of(Paper(title="T", id="t", arxiv_id=arxiv_id, date=date)) == year


HOSTILE = r'<script>alert(1)</script> {x} } 100% $1 & #1 _a ~ ^ \back "q" @misc{y,'


def test_latex_specials_are_escaped_and_print_as_written():
    paper = Paper(
        title=HOSTILE,
        id="hostile",
        authors=["Ada {Lovelace}", "R & D and Testing Team", "Müller, Jörg"],
    )
    database = parse_string(bibtex([paper]), "bibtex")
    (entry,) = database.entries.values()
    assert printed(entry.fields["title"]) == HOSTILE
    assert [str(person) for person in entry.persons["author"]] == [
        r"\textbraceleft{}Lovelace\textbraceright{}, Ada",
        r"{R \& D and Testing Team}",
        "Müller, Jörg",
    ]
    assert "url" not in entry.fields and "eprint" not in entry.fields


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_title_stays_one_balanced_field(title):
    paper = Paper(title=title, id="p", authors=[title], date="2025-01-01")
    (entry,) = parse_string(bibtex([paper]), "bibtex").entries.values()
    assert entry.fields["year"] == "2025"
    assert printed(entry.fields["title"]).split() == printed(escape(title)).split()


def test_keys_are_stable_and_clashes_get_suffixes_from_their_own_ids():
    one = Paper(
        title="Scaling Laws Again", id="2501.00001", arxiv_id="2501.00001", authors=["Jane Doe"]
    )
    two = Paper(
        title="Scaling up everything", id="2501.00002", arxiv_id="2501.00002", authors=["John Doe"]
    )
    other = Paper(title="The Survey", id="the-survey", date="2023-05-01")
    assert citation_keys([one, other]) == {
        "2501.00001": "doe2025scaling",
        "the-survey": "anon2023survey",
    }
    keys = citation_keys([one, two, other])
    assert keys["2501.00001"] != keys["2501.00002"]
    assert (
        keys["2501.00001"].startswith("doe2025scaling-") and keys["the-survey"] == "anon2023survey"
    )
    assert citation_keys([two, one, other]) == keys


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.sampled_from(string.ascii_letters + string.digits + "-'&;:.,é ßΩ\u0301"),
        max_size=12,
    )
)
def test_a_word_slug_is_slugify_without_separators(word):
    assert word_slug(word) == slugify(word, separator="")


def test_doi_category_and_journal_reference_become_their_fields():
    paper = Paper(
        title="T",
        arxiv_id="2401.00001",
        categories=["cs.CL", "cs.LG"],
        doi="10.18653/v1/2025.acl-long.1",
        journal_ref="Proc. ACL 2025, 10--20 & more",
    )
    (entry,) = parse_string(bibtex([paper]), "bibtex").entries.values()
    assert entry.fields["primaryClass"] == "cs.CL"
    assert entry.fields["doi"] == "10.18653/v1/2025.acl-long.1"
    assert entry.fields["note"] == r"Proc. ACL 2025, 10--20 \& more"
    (bare,) = parse_string(bibtex([Paper(title="T")]), "bibtex").entries.values()
    assert not {"primaryClass", "doi", "note"} & set(bare.fields)

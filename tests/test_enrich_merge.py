"""Merging the same paper from several sources, on seed papers and the bundled HF/arXiv samples."""

from __future__ import annotations

from sitegen.enrich.merge import bare_arxiv_id, merge_duplicates, title_key
from sitegen.enrich.normalize import clean_text, normalize_papers
from sitegen.model import Paper
from sitegen.sources import bundled_sources, read_sources


def seed_paper(title_start: str) -> Paper:
    seed = read_sources(bundled_sources()[:1]).papers
    return next(p for p in seed if p.title.startswith(title_start))


def test_title_key_ignores_case_punctuation_and_accents():
    assert title_key("Quiet-STaR: Language Models Can Teach") == title_key(
        "quiet star  language models can teach"
    )
    assert title_key("Café Models") == title_key("cafe models")
    assert bare_arxiv_id("2403.09629v2") == "2403.09629"
    assert bare_arxiv_id("arXiv:hep-th/9901001v1") == "hep-th/9901001"


def test_three_records_of_one_paper_merge_keeping_the_richest_fields():
    seed = seed_paper("Quiet-STaR")
    hf = Paper(
        title=seed.title.replace(
            "Think Before", "Think\n  Before"
        ),  # hard-wrapped, as HF titles are
        abstract=seed.abstract[:300],
        arxiv_id="2403.09629",
        authors=["Eric Zelikman", "Georges Harik"],
        date="2024-03-15",
        upvotes=7,
        keywords=["Quiet-STaR", "rationales"],
        sources=["hf-daily-papers-sample.json record 4"],
    )
    atom = Paper(
        title=seed.title,
        abstract=seed.abstract,
        arxiv_id="2403.09629v1",
        authors=[
            "Eric Zelikman",
            "Georges Harik",
            "Yijia Shao",
            "Varuna Jayasiri",
            "Nick Haber",
            "Noah D. Goodman",
        ],
        date="2024-03-14",
        tags=["cs.CL"],
        sources=["arxiv-sample.xml entry 1"],
    )
    papers, report = merge_duplicates(normalize_papers([seed, hf, atom])[0])
    assert len(papers) == 1
    merged = papers[0]
    assert merged.title == seed.title
    assert merged.arxiv_id == "2403.09629"
    assert merged.authors == atom.authors
    assert merged.date == "2024-03-14"
    assert merged.abstract == clean_text(seed.abstract)
    assert merged.upvotes == 7 and merged.keywords == hf.keywords and merged.tags == ["cs.CL"]
    assert merged.sources == [seed.sources[0], *hf.sources, *atom.sources]
    assert len(report) == 1
    line = report[0]
    assert line.startswith("merged 2403.09629: 3 records, daily-papers-seed.txt:")
    assert "hf-daily-papers-sample.json record 4 + arxiv-sample.xml entry 1" in line
    assert (
        "authors from arxiv-sample.xml entry 1" in line
        and "date from arxiv-sample.xml entry 1" in line
    )


def test_same_title_with_different_arxiv_ids_stays_two_papers():
    a = Paper(title="A Survey on Agents", abstract="one", arxiv_id="2401.00001")
    b = Paper(title="A survey on agents", abstract="two", arxiv_id="2402.00002")
    c = Paper(title="A Survey on Agents.", abstract="three, the longest abstract")
    papers, report = merge_duplicates([a, b, c])
    assert [p.arxiv_id for p in papers] == ["2401.00001", "2402.00002"]
    assert papers[0].abstract == "three, the longest abstract"  # the id-less record joins the first
    assert len(report) == 1


def test_same_arxiv_id_listed_twice_merges_even_if_titles_differ():
    a = Paper(title="Old title", arxiv_id="2604.07429", sources=["hf.jsonl record 7577"])
    b = Paper(title="New title", arxiv_id="2604.07429v2", sources=["hf.jsonl record 7664"])
    papers, report = merge_duplicates([a, b])
    assert len(papers) == 1 and papers[0].title == "Old title"
    assert report[0].startswith("merged 2604.07429: hf.jsonl record 7577 + hf.jsonl record 7664")


def test_bundled_sources_give_73_papers_and_five_seed_papers_gain_ids_authors_dates():
    read = read_sources(bundled_sources())
    papers, report = merge_duplicates(normalize_papers(read.papers)[0])
    assert len(papers) == 73
    seed_titles = {title_key(p.title) for p in read_sources(bundled_sources()[:1]).papers}
    enriched = [p for p in papers if title_key(p.title) in seed_titles and p.arxiv_id]
    assert len(enriched) == 5
    assert all(p.authors and p.date for p in enriched)
    assert len(report) == 5


def test_a_flood_of_one_title_is_one_short_line_with_its_count():
    """100,000 records with one title: one paper, and a merge line that names a few, not all."""
    flood = [
        Paper(id="", title="A Survey", abstract="Text.", sources=[f"flood.jsonl:{n}"])
        for n in range(1, 20_001)
    ]
    papers, report = merge_duplicates(flood)
    assert len(papers) == 1 and len(report) == 1
    assert report[0].startswith(
        "merged 'A Survey': 20000 records, flood.jsonl:1 + flood.jsonl:2 + flood.jsonl:3 + 19997 more"
    )
    assert len(report[0]) < 200


def test_what_each_source_alone_gives_survives_a_merge():
    """HF gives the TL;DR, stars and organization, arXiv the categories and DOI: one paper keeps both."""
    arxiv = Paper(
        title="Shared Title",
        arxiv_id="2401.00001",
        categories=["cs.CL"],
        doi="10.1/x",
        arxiv_comment="9 pages",
        comments=1,
        sources=["a.xml:1"],
    )
    hf = Paper(
        title="Shared Title",
        arxiv_id="2401.00001",
        tldr="One line.",
        code_url="https://github.com/a/b",
        code_stars=5,
        organization="Lab",
        organization_id="lab",
        upvotes=7,
        comments=3,
        daily_date="2024-01-03",
        categories=["cs.LG", "cs.CL"],
        sources=["b.json record 1"],
    )
    (merged,), _ = merge_duplicates([arxiv, hf])
    assert (merged.tldr, merged.code_stars, merged.upvotes) == ("One line.", 5, 7)
    assert (merged.organization, merged.organization_id) == ("Lab", "lab")
    assert (merged.doi, merged.arxiv_comment, merged.daily_date) == (
        "10.1/x",
        "9 pages",
        "2024-01-03",
    )
    assert merged.comments == 3 and merged.categories == ["cs.CL", "cs.LG"]


def test_accents_inside_a_word_do_not_keep_two_records_apart():
    assert title_key("A Naïve Approach to Façade Parsing") == "a naive approach to facade parsing"
    papers, _ = merge_duplicates(
        [
            Paper(title="A Naïve Approach to Façade Parsing"),
            Paper(title="A naive approach to facade parsing"),
        ]
    )
    assert [p.title for p in papers] == ["A Naïve Approach to Façade Parsing"]


def test_an_arxiv_prefix_in_any_case_and_a_version_are_the_same_arxiv_id():
    papers, _ = merge_duplicates(
        [
            Paper(title="Old title", arxiv_id="arxiv:2403.09629"),
            Paper(title="New title", arxiv_id="arXiv:2403.09629v3"),
            Paper(title="Newer title", arxiv_id=" 2403.09629v2 "),
        ]
    )
    assert [(p.title, p.arxiv_id) for p in papers] == [("Old title", "2403.09629")]


def test_links_given_id_and_notes_of_merged_records_come_from_the_first_record_that_has_them():
    records = [
        Paper(title="Quiet-STaR", notes="Read twice.", sources=["seed.txt:1"]),
        Paper(
            title="Quiet-STaR",
            code_url="https://github.com/first/quiet",
            url="https://example.org/first",
            notes="Compare with STaR.",
            sources=["hf.jsonl:4"],
        ),
        Paper(
            title="Quiet-STaR",
            id="quiet",
            code_url="https://github.com/second/quiet",
            url="https://example.org/second",
            notes="Read twice.",
            sources=["mine.jsonl:2"],
        ),
        Paper(title="Quiet-STaR", id="later", sources=["mine.jsonl:9"]),
    ]
    (merged,), (line,) = merge_duplicates(records)
    assert merged.code_url == "https://github.com/first/quiet"
    assert merged.url == "https://example.org/first"
    assert merged.id == "quiet"
    assert merged.notes == "Read twice.\n\nCompare with STaR."  # each note once, in record order
    assert line.endswith("(kept: code_url from hf.jsonl:4)")


def test_merged_records_without_links_ids_or_notes_have_none():
    (merged,), _ = merge_duplicates([Paper(title="Quiet-STaR"), Paper(title="Quiet STaR")])
    assert (merged.code_url, merged.url, merged.id, merged.notes) == (None, None, "", "")


def test_on_a_tie_the_first_record_that_has_the_field_is_kept():
    records = [
        Paper(title="Tie", sources=["a.jsonl:1"]),
        Paper(
            title="Tie",
            abstract="First abstract.",
            authors=["Ada", "Ben"],
            date="2024-03-14",
            arxiv_id="2403.09629",
            sources=["b.jsonl:1"],
        ),
        Paper(
            title="Tie",
            abstract="Other abstract.",
            authors=["Cy", "Di"],
            date="2024-03-14",
            arxiv_id="2403.09629v2",
            sources=["c.jsonl:1"],
        ),
    ]
    (merged,), (line,) = merge_duplicates(records)
    assert (merged.abstract, merged.authors) == ("First abstract.", ["Ada", "Ben"])
    assert line == (
        "merged 2403.09629: 3 records, a.jsonl:1 + b.jsonl:1 + c.jsonl:1 (kept: authors from"
        " b.jsonl:1, abstract from b.jsonl:1, date from b.jsonl:1, arxiv_id from b.jsonl:1)"
    )


def test_a_merge_line_names_each_record_once_by_its_first_source_and_counts_the_rest():
    records = [
        Paper(title="Four", sources=["a.jsonl:1", "a.jsonl:7"]),
        Paper(title="Four", sources=["b.jsonl:1"]),
        Paper(title="Four", sources=["c.jsonl:1"]),
        Paper(title="Four", sources=["d.jsonl:1"]),
    ]
    _, (line,) = merge_duplicates(records)
    assert line == (
        "merged 'Four': 4 records, a.jsonl:1 + b.jsonl:1 + c.jsonl:1 + 1 more (kept: title only)"
    )


def test_a_merge_of_records_that_name_no_file_says_how_many_and_what_was_kept():
    long_title = "A Very Long Title About Records That Came From No File At All, Not Even One"
    _, (three,) = merge_duplicates([Paper(title=long_title) for _ in range(3)])
    assert three == f"merged {long_title[:60]!r}: 3 records (kept: title only)"
    _, (two,) = merge_duplicates([Paper(title="Two"), Paper(title="Two", authors=["Ada"])])
    assert two == "merged 'Two': 2 (kept: authors from (no source))"


def test_records_that_add_nothing_merge_into_the_first_as_it_was_with_every_source():
    first = Paper(title="Quiet-STaR", abstract="Text.", sources=["a.jsonl:1"])
    (merged,), _ = merge_duplicates([first, Paper(title="Quiet STaR", sources=["b.jsonl:1"])])
    assert merged == first.evolve(sources=["a.jsonl:1", "b.jsonl:1"])


def test_an_organization_comes_whole_from_the_first_record_that_names_one():
    records = [
        Paper(title="Seed"),
        Paper(
            title="Seed",
            organization="ByteDance Seed",
            organization_id="ByteDance-Seed",
            organization_avatar="https://example.org/seed.png",
        ),
        Paper(
            title="Seed",
            organization="Other Lab",
            organization_id="other",
            organization_avatar="https://example.org/other.png",
        ),
    ]
    (merged,), _ = merge_duplicates(records)
    assert (merged.organization, merged.organization_id, merged.organization_avatar) == (
        "ByteDance Seed",
        "ByteDance-Seed",
        "https://example.org/seed.png",
    )

"""The Daily Papers page-as-text reader on the bundled dump and on hand-made malformed pages."""

from __future__ import annotations

from sources_helpers import FIXTURES, errors, read, shared, warnings

from sitegen.sources import bundled_sources, hf_text

SEED = bundled_sources()[0]


def test_seed_gives_72_papers_and_no_problems():
    papers, problems = read(SEED)
    assert len(papers) == 72
    assert problems == []
    first = papers[0]
    assert (
        first.title
        == "Disentangling Shape and Pose for Object-Centric Deep Active Inference Models"
    )
    assert first.abstract.startswith("Active inference is a first principles approach")
    # The page chrome (lines 1-9) is skipped; the first title is on line 11.
    assert first.sources == [f"{SEED}:11"]
    assert all(p.title and p.abstract for p in papers)
    assert all("\n" not in p.title + p.abstract for p in papers)


def test_seed_keeps_the_tex_leftover_for_enrichment_to_clean():
    titles = [p.title for p in read(SEED)[0]]
    assert (
        "Inference Scaling scriptsizeFLaws: The Limits of LLM Resampling with Imperfect Verifiers"
        in titles
    )


def test_bundled_seed_is_the_shared_one():
    assert SEED.read_bytes() == shared("daily-papers-seed.txt").read_bytes()


def test_crlf_blank_runs_trailing_spaces_and_chrome():
    papers, problems = read(FIXTURES / "hf_text_crlf.txt")
    assert problems == []
    assert [p.title for p in papers] == [
        "Thinking Before Speaking at Test Time",
        "Memory-Augmented Replanning for Robot Manipulation",
    ]
    assert papers[0].abstract.startswith("We study how language models")
    assert not papers[0].abstract.endswith(" ")
    # Line numbers are those of the file as written (CRLF counts as one line end).
    assert papers[0].sources == [f"{FIXTURES / 'hf_text_crlf.txt'}:6"]


def test_title_without_abstract_is_kept_with_a_warning_naming_its_line():
    path = FIXTURES / "hf_text_no_abstract.txt"
    papers, problems = read(path)
    assert [p.title for p in papers] == [
        "Thinking Before Speaking at Test Time",
        "A Title Whose Abstract Went Missing",
        "Memory-Augmented Replanning for Robot Manipulation",
        "Another Lonely Title At The End",
    ]
    assert papers[1].abstract == "" and papers[3].abstract == ""
    assert errors(problems) == []
    assert [w.where for w in warnings(problems)] == [f"{path}:5", f"{path}:11"]
    assert "no abstract" in warnings(problems)[0].message


def test_paragraph_without_title_is_an_error_and_reading_goes_on(tmp_path):
    seed_lines = SEED.read_text(encoding="utf-8").split("\n")
    # Drop the first title (line 11): its abstract moves up to line 12 and has no title before it.
    path = tmp_path / "page.txt"
    path.write_text("\n".join(seed_lines[:10] + seed_lines[11:]), encoding="utf-8")
    papers, problems = read(path)
    assert len(papers) == 71
    assert [(p.where, p.severity) for p in problems] == [(f"{path}:12", "error")]
    assert "no title" in problems[0].message


def test_markdown_is_not_taken_for_a_page_dump(tmp_path):
    digest = shared("raw/original/gabrielchua_digest_2025-10-30.md")
    assert not hf_text.READER.can_read(digest, digest.read_text(encoding="utf-8"))
    # Even a page dump saved as .md is Markdown, not the Daily Papers text format.
    as_markdown = tmp_path / "seed.md"
    as_markdown.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    papers, problems = read(as_markdown)
    assert papers == [] and "unknown format" in problems[0].message


def test_prose_text_is_not_taken_for_a_page_dump(tmp_path):
    notes = tmp_path / "notes.txt"
    sentence = "This paragraph is ordinary prose about nothing in particular, long enough to look like an abstract. "
    notes.write_text("Notes\n\n" + "\n\n".join(sentence * 3 for _ in range(5)), encoding="utf-8")
    assert not hf_text.READER.can_read(notes, notes.read_text(encoding="utf-8"))


def test_format_can_be_forced_on_any_suffix(tmp_path):
    path = tmp_path / "seed.md"
    path.write_bytes(SEED.read_bytes())
    papers, problems = read(path, fmt="hf-text")
    assert len(papers) == 72 and problems == []


def test_reader_name_matches_its_registry_key():
    assert hf_text.READER.name == "hf-text"


def test_paragraphs_numbers_lines_from_one():
    assert list(hf_text.paragraphs("a\nb\n\n\nc\n")) == [(1, "a b"), (5, "c")]


def test_chrome_is_only_skipped_at_the_top():
    # "New" is also a word a title could be; after the first title it is kept.
    assert hf_text.without_chrome("Subscribe\n\nA title\n\nNew\n") == "\n\nA title\n\nNew\n"

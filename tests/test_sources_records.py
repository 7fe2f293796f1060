"""sitegen's own records in YAML, JSON and JSONL: good files, and every kind of bad record."""

from __future__ import annotations

import json

import yaml
from sources_helpers import FIXTURES, errors, read, warnings

from sitegen.sources import records


def test_yaml_records_fill_every_field():
    path = FIXTURES / "records_good.yaml"
    papers, problems = read(path)
    assert problems == []
    first, second = papers
    assert (
        first.title == "Quiet-STaR: Language Models Can Teach Themselves to Think Before Speaking"
    )
    assert first.abstract.startswith("Language models can learn to generate rationales")
    assert "\n" not in first.abstract
    assert first.id == "quiet-star"  # kept for the identity stage, which keeps a pre-set id
    assert first.arxiv_id == "2403.09629"
    assert first.authors == ["Eric Zelikman", "Georges Harik", "Noah D. Goodman"]
    assert first.date == "2024-03-14"
    assert first.tags == ["Reasoning", "Test-time compute"]
    assert first.url == "https://arxiv.org/abs/2403.09629"
    assert first.code_url == "https://github.com/ezelikman/quiet-star"
    assert first.notes == "Read for the reading group."
    assert first.sources == [f"{path}:3"]
    # text stays as written
    assert second.title == "Pricing the Unpriceable: $1 Million <EOS> Agents"
    assert second.authors == ["Ada Lovelace", "Charles Babbage"]
    assert second.sources == [f"{path}:17"]


def test_unquoted_arxiv_id_keeps_its_trailing_zero(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(
        "- title: T\n  abstract: A\n  arxiv_id: 2403.10100\n  date: 2024-03-15\n", encoding="utf-8"
    )
    [paper], problems = read(path)
    assert problems == [] and paper.arxiv_id == "2403.10100" and paper.date == "2024-03-15"


def test_yaml_bad_records_name_their_line_and_number():
    path = FIXTURES / "records_bad.yaml"
    papers, problems = read(path)
    assert [p.title for p in papers] == ["A paper that is fine", "Odd but kept"]
    missing, wrong = errors(problems)
    assert (missing.where, missing.message) == (f"{path}:4", "record 2: missing title")
    assert wrong.where == f"{path}:7"
    assert wrong.message.startswith("record 3: ")
    for text in (
        "title must be text, got a list",
        "abstract must be text, got a number",
        "authors must be a list",
    ):
        assert text in wrong.message
    [odd] = warnings(problems)
    assert odd.where == f"{path}:11" and odd.message.startswith("record 4: ")
    for text in (
        "unknown keys ignored: citations, venue",
        "date '2024-13-45'",
        "javascript:alert(1)",
        "arxiv_id '2403.101'",
    ):
        assert text in odd.message
    kept = papers[1]
    assert kept.date is None and kept.url is None and kept.arxiv_id is None


def test_malformed_yaml_is_one_error_naming_the_line():
    path = FIXTURES / "records_malformed.yaml"
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.severity == "error" and problem.message.startswith("malformed YAML")
    # Where PyYAML gave up (the end of the file) and where the unclosed quote began (line 3).
    assert problem.where == f"{path}:{yaml_error_line(path)}"
    assert "while scanning a quoted scalar on line 3" in problem.message


def yaml_error_line(path) -> int:
    try:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        return exc.problem_mark.line + 1
    raise AssertionError("the fixture was meant to be malformed")


def test_invalid_utf8_names_the_file_and_line():
    path = FIXTURES / "records_invalid_utf8.yaml"
    papers, problems = read(path)
    assert papers == []
    [problem] = problems
    assert problem.where == f"{path}:3" and "invalid UTF-8" in problem.message


def test_json_records_with_a_missing_title_go_on():
    path = FIXTURES / "records_good.json"
    papers, problems = read(path)
    assert [p.title for p in papers] == [
        "ProcBench: Benchmark for Multi-Step Reasoning and Following Procedure",
        "Third record, fine",
    ]
    assert papers[1].upvotes == 7
    assert [(p.where, p.message) for p in errors(problems)] == [
        (f"{path} record 2", "missing title")
    ]


def test_jsonl_records_name_their_lines():
    path = FIXTURES / "records_lines.jsonl"
    papers, problems = read(path)
    assert [p.title for p in papers] == ["First line record", "Last line record"]
    assert papers[0].arxiv_id == "hep-th/9901001"
    assert papers[1].code_url == "https://github.com/owner/repo"
    assert [p.where for p in errors(problems)] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "malformed JSON" in errors(problems)[0].message
    assert "missing title" in errors(problems)[1].message
    assert "expected a mapping" in errors(problems)[2].message


def test_a_single_mapping_is_one_record_and_other_shapes_are_refused(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "Alone", "abstract": "Just one."}), encoding="utf-8")
    assert [p.title for p in read(one)[0]] == ["Alone"]
    other = tmp_path / "other.yaml"
    other.write_text("papers: just a string\n", encoding="utf-8")
    papers, problems = read(other)
    assert papers == [] and [p.where for p in problems] == [str(other)]
    assert "expected a list of records" in problems[0].message


def test_record_without_abstract_is_kept_with_a_warning(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("- title: Only a title\n", encoding="utf-8")
    [paper], [warning] = read(path)
    assert (
        paper.title == "Only a title"
        and warning.severity == "warning"
        and "no abstract" in warning.message
    )


def test_detection(tmp_path):
    reader = records.READER
    assert reader.can_read(
        FIXTURES / "records_good.yaml", (FIXTURES / "records_good.yaml").read_text(encoding="utf-8")
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme: material\n", encoding="utf-8")
    assert not reader.can_read(config, config.read_text(encoding="utf-8"))
    papers, problems = read(config)
    assert papers == [] and "unknown format" in problems[0].message


def test_unknown_format_names_the_file():
    path = FIXTURES / "papers.csv"
    papers, problems = read(path)
    assert papers == []
    assert [(p.where, p.severity) for p in problems] == [(str(path), "error")]
    assert "unknown format" in problems[0].message and "--format" in problems[0].message


def test_a_lone_surrogate_escape_becomes_a_replacement_character_with_a_warning(tmp_path):
    # "\ud83d\ude00" is a whole pair (an emoji); "\ud800" alone is no character a UTF-8 file can hold.
    lines = [
        '{"title": "Pair \\ud83d\\ude00 kept"}',
        '{"title": "Lone \\ud800 half", "abstract": "x \\udc00"}',
        "{broken",
        '{"title": "After"}',
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers, problems = read(path)
    assert [p.title for p in papers] == ["Pair \U0001f600 kept", "Lone \ufffd half", "After"]
    assert papers[1].abstract == "x \ufffd"
    assert [
        (p.where, p.severity) for p in problems if "surrogate" in p.message or p.severity == "error"
    ] == [(f"{path}:2", "warning"), (f"{path}:3", "error")]
    # the line cut short is a record, the warning is not
    assert problems[-1].message == "record 4: no abstract"
    document = tmp_path / "papers.json"
    document.write_text(
        json.dumps(
            [{"title": "Lone \ud800 half", "abstract": "a"}, {"title": "Fine", "abstract": "b"}]
        ),
        encoding="utf-8",
    )
    papers, problems = read(document)
    assert [p.title for p in papers] == ["Lone \ufffd half", "Fine"]
    assert [(p.where, p.severity) for p in problems] == [(str(document), "warning")]

"""The reader registry: detection, gzip, folders and globs, whole-file failures, and `sitegen validate` as a process."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sources_helpers import FIXTURES, read, shared

from sitegen.errors import SourceError
from sitegen.sources import (
    READERS,
    bundled_sources,
    detect_reader,
    expand_sources,
    read_sources,
    read_text,
)


def test_bundled_sources_read_79_papers_without_problems():
    result = read_sources(bundled_sources())
    assert len(result.papers) == 72 + 4 + 3
    assert result.problems == []
    assert result.files == bundled_sources()


@pytest.mark.parametrize(
    ("path", "reader"),
    [
        (bundled_sources()[0], "hf-text"),
        (bundled_sources()[1], "hf-api"),
        (bundled_sources()[2], "arxiv-atom"),
        (FIXTURES / "records_good.yaml", "records"),
        (FIXTURES / "records_good.json", "records"),
        (FIXTURES / "records_lines.jsonl", "records"),
        (FIXTURES / "hf_api_bad_lines.jsonl", "hf-api"),
        (FIXTURES / "real" / "arxiv_api_atom_au_del_maestro_2016.xml", "arxiv-atom"),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_each_format_is_detected(path, reader):
    assert detect_reader(path, read_text(path)).name == reader


def test_reader_names_are_their_registry_keys():
    assert {key: reader.name for key, reader in READERS.items()} == {key: key for key in READERS}


def test_unknown_forced_format_is_a_source_error():
    with pytest.raises(SourceError, match="unknown format 'csv'"):
        detect_reader(FIXTURES / "papers.csv", "", "csv")


def test_gzip_is_undone_before_detection(tmp_path):
    path = tmp_path / "papers.yaml.gz"
    path.write_bytes(gzip.compress((FIXTURES / "records_good.yaml").read_bytes()))
    papers, problems = read(path)
    assert problems == [] and len(papers) == 2
    assert papers[0].sources == [f"{path}:3"]


def test_broken_gzip_is_one_error_naming_the_file(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "x"}\n' * 50)[:30])
    papers, problems = read(path)
    assert papers == [] and [p.where for p in problems] == [str(path)]
    assert "gzip" in problems[0].message


def test_unreadable_file_is_one_error(tmp_path):
    papers, problems = read(tmp_path)  # a folder handed over as a file
    assert (
        papers == [] and problems[0].where == str(tmp_path) and "cannot read" in problems[0].message
    )


def test_crlf_and_lone_cr_become_newlines(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert read_text(path) == "a\nb\nc\n"  # the byte-order mark goes too


def test_folders_and_globs_expand_to_source_files(tmp_path):
    (tmp_path / "day.jsonl.gz").write_bytes(
        gzip.compress((FIXTURES / "hf_api_bad_lines.jsonl").read_bytes())
    )
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "papers.yaml").write_bytes((FIXTURES / "records_good.yaml").read_bytes())
    (tmp_path / "README.md").write_text("# not a source\n", encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n", encoding="utf-8")
    files, problems = expand_sources(
        [str(tmp_path), "more/*.yaml", "nothing-here/*.json", "missing.yaml"], tmp_path
    )
    assert files == [
        (tmp_path / "day.jsonl.gz").resolve(),
        (tmp_path / "more" / "papers.yaml").resolve(),
    ]
    assert [p.where for p in problems] == ["nothing-here/*.json", "missing.yaml"]


def test_a_bad_file_does_not_stop_the_batch():
    paths = [FIXTURES / "hf_api_truncated.json", FIXTURES / "papers.csv", bundled_sources()[2]]
    result = read_sources(paths)
    assert len(result.papers) == 3
    assert [p.where.split(":")[0].split(" ")[0] for p in result.problems] == [
        str(paths[0]),
        str(paths[1]),
    ]


def sitegen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_validate_exits_1_and_names_the_file_and_record(tmp_path):
    bad = FIXTURES / "records_bad.yaml"
    done = sitegen("validate", str(bad), str(FIXTURES / "records_invalid_utf8.yaml"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"error: {bad}:4: record 2: missing title" in done.stderr
    assert f"error: {FIXTURES / 'records_invalid_utf8.yaml'}:3: invalid UTF-8" in done.stderr
    assert f"warning: {bad}:11: record 4:" in done.stderr
    assert "2 paper(s) read, 3 error(s)" in done.stdout


def test_validate_of_the_bundled_sample_passes(tmp_path):
    done = sitegen("validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 file(s), 79 paper(s) read, 0 error(s)" in done.stdout


def test_validate_of_the_original_samples_reports_the_two_foreign_files(tmp_path):
    folder = shared("raw/original/hf_api_daily_papers_2024-05-27.json").parent
    done = sitegen("validate", str(folder), cwd=tmp_path)
    assert done.returncode == 1
    refused = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert (
        len(refused) == 1 and "arxiv_py_fixture_q_testing_s0_m10.json: unknown format" in refused[0]
    )
    # The Markdown digest is not a source suffix, so a folder scan passes it by.
    assert "gabrielchua" not in done.stderr


def test_broken_json_no_reader_claims_still_names_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"name": "x",\n  "other": ]\n', encoding="utf-8")
    [problem] = read(path)[1]
    assert (
        problem.where == str(path)
        and "unknown format" in problem.message
        and "line 3" in problem.message
    )


def test_a_bad_byte_in_a_json_lines_file_costs_only_its_line():
    result = read_sources([FIXTURES / "records_bad_byte_line.jsonl"])
    assert [p.title for p in result.papers] == ["Good one", "Good two"]
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.where.endswith("records_bad_byte_line.jsonl:2")
    assert "invalid UTF-8" in problem.message and "skipped" in problem.message


def test_a_link_out_of_a_source_folder_is_named_in_a_warning(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("- title: A paper\n  abstract: Text.\n", encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "inside.yaml").write_text(
        "- title: Another paper\n  abstract: Text.\n", encoding="utf-8"
    )
    (folder / "linked.yaml").symlink_to(outside)
    # a link inside the folder says nothing
    (folder / "alias.yaml").symlink_to(folder / "inside.yaml")
    files, problems = expand_sources([str(folder)], tmp_path)
    assert outside.resolve() in files
    assert [(p.severity, str(outside.resolve()) in p.message) for p in problems] == [
        ("warning", True)
    ]
    assert problems[0].where.endswith("linked.yaml")

"""`sitegen export` of the bundled sample: BibTeX, JSON and CSV, whole or one tag, as a library call and a process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.export import CSV_COLUMNS, export
from sitegen.model import Collection, Paper, Tag, paper_record
from sitegen.pipeline import load_collection

SITEGEN = Path(sys.executable).with_name("sitegen")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Collection:
    return load_collection(load_config(root=tmp_path_factory.mktemp("export"))).collection


def busiest_tag(collection: Collection) -> str:
    counts = collection.tag_counts()
    return max(counts, key=counts.get)


def test_json_is_paper_record_of_every_paper(sample):
    records = json.loads(export(sample, "json"))
    assert records == [paper_record(p, sample) for p in sample.papers.values()]


def test_a_tag_by_slug_or_name_selects_its_papers(sample):
    slug = busiest_tag(sample)
    by_slug = json.loads(export(sample, "json", slug))
    by_name = json.loads(export(sample, "json", sample.tags[slug].name.upper()))
    assert by_slug == by_name and 0 < len(by_slug) < len(sample.papers)
    assert all(slug in [t["slug"] for t in record["tags"]] for record in by_slug)


def test_an_unknown_tag_names_the_known_ones(sample):
    with pytest.raises(SitegenError, match="no tag 'nope' in the collection"):
        export(sample, "csv", "nope")


def test_csv_is_a_flat_table_with_one_row_per_paper(sample):
    rows = list(csv.DictReader(io.StringIO(export(sample, "csv"))))
    assert len(rows) == len(sample.papers) and tuple(rows[0]) == CSV_COLUMNS
    for row, paper in zip(rows, sample.papers.values()):
        assert (
            row["id"] == paper.id
            and row["title"] == paper.title
            and row["abstract"] == paper.abstract
        )
        assert row["authors"] == "; ".join(paper.authors)
        assert row["page"] == f"papers/{paper.id}/"


def test_csv_keeps_commas_quotes_and_newlines_in_cells():
    paper = Paper(title='A, "quoted"\ntitle', id="odd", abstract="x,y", tags=["t"])
    collection = Collection(papers={"odd": paper}, tags={"t": Tag("t", "Tag, with comma")})
    (row,) = csv.DictReader(io.StringIO(export(collection, "csv")))
    assert row["title"] == 'A, "quoted"\ntitle' and row["tags"] == "Tag, with comma"


def test_csv_cells_never_start_a_spreadsheet_formula():
    paper = Paper(
        title='=HYPERLINK("http://evil.example","click")',
        id="formula",
        abstract="+1+cmd|' /C calc'!A0",
        authors=["@SUM(1,1)", "Ada Lovelace"],
        tags=["t"],
    )
    collection = Collection(papers={"formula": paper}, tags={"t": Tag("t", "-Dash tag")})
    (row,) = csv.DictReader(io.StringIO(export(collection, "csv")))
    assert row["title"] == "'" + paper.title and row["abstract"] == "'" + paper.abstract
    assert row["authors"] == "'@SUM(1,1); Ada Lovelace" and row["tags"] == "'-Dash tag"
    assert row["id"] == "formula"


def test_bibtex_of_a_tag_uses_the_collection_keys(sample):
    slug = busiest_tag(sample)
    whole = parse_string(export(sample, "bibtex"), "bibtex").entries
    part = parse_string(export(sample, "bibtex", slug), "bibtex").entries
    assert len(whole) == len(sample.papers) and set(part) < set(whole)


def test_the_command_writes_a_file_or_standard_output(tmp_path):
    out = tmp_path / "papers.bib"
    done = subprocess.run(
        [str(SITEGEN), "export", "--format", "bibtex", "--output", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(parse_string(out.read_text(encoding="utf-8"), "bibtex").entries) == 73
    shown = subprocess.run(
        [str(SITEGEN), "export", "--format", "json", "--tag", "no-such-tag"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 1 and "error: no tag 'no-such-tag'" in shown.stderr
